#!/usr/bin/env python3
"""The loopback guard: a process that connects beyond loopback is stopped, one that stays
on loopback is not. Nothing is sent anywhere: the guard aborts before the connection is made
(192.0.2.1 is a documentation address, reserved and never routed). TAP output.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import Tap  # noqa: E402

PROGRAM = """
import socket, sys
s = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
except OSError as error:
    print("refused:", error)
"""


def main():
    tap = Tap()
    if "lf-loopback-guard" not in os.environ.get("LD_PRELOAD", ""):
        print("1..0 # SKIP the guard is not preloaded (a sanitizer build)")
        return 0

    # A closed port on loopback: connect() is made, and refused by the kernel.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()

    with tempfile.TemporaryDirectory() as work:
        log = os.path.join(work, "guard.log")
        env = dict(os.environ, LF_LOOPBACK_GUARD_LOG=log)
        near = subprocess.run([sys.executable, "-c", PROGRAM, "127.0.0.1", str(port)], env=env,
                              capture_output=True, text=True, timeout=60)
        tap.check("a connection to loopback goes through", near.returncode == 0 and
                  "refused" in near.stdout, near.stderr)
        near6 = subprocess.run([sys.executable, "-c", PROGRAM, "::1", str(port)], env=env,
                               capture_output=True, text=True, timeout=60)
        tap.check("and to ::1", near6.returncode == 0, near6.stderr)
        for address in ("192.0.2.1", "2001:db8::1"):
            far = subprocess.run([sys.executable, "-c", PROGRAM, address, "80"], env=env,
                                 capture_output=True, text=True, timeout=60)
            tap.check(f"a connection to {address} ends the process",
                      far.returncode == -signal.SIGABRT and
                      "tests never leave loopback" in far.stderr, (far.returncode, far.stderr))
        logged = open(log).read() if os.path.exists(log) else ""
        tap.check("and is written to the guard's log", "192.0.2.1" in logged and
                  "2001:db8::1" in logged, logged)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
