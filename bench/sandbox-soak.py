#!/usr/bin/python3
"""bench/sandbox-soak: a bounded soak of lambda-forms-sandbox on loopback.

The sandbox runs with a descriptor limit of 1024 (soft and hard). Phase 1 opens CONNECTIONS
connections, one signed ListFunctions each, closed by the client; phase 2 makes INVOKES
signed Invoke calls of the sample "echo" function at concurrency 8, each thread on one
kept-alive connection. Printed for each phase: calls per second, p50 and p99 latency; for the
sandbox: its open descriptors and resident memory before and after. The same client loops run
against nginx answering the same paths with a fixed body: the floor of loopback HTTP with this
client. It stops by itself: the counts are fixed, and every call has a timeout.

Usage: bench/sandbox-soak.py [BUILD_DIR] [CONNECTIONS] [INVOKES]

SPDX-License-Identifier: GPL-3.0-or-later
"""
import http.client
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
from lftest import Sandbox, sign_headers  # noqa: E402

CONCURRENCY = 8
TIMEOUT = 60


def low_descriptor_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Target:
    """Where requests go, and how they are signed (nginx ignores the signature)."""

    def __init__(self, port, key_id, secret, region):
        self.port, self.key_id, self.secret, self.region = port, key_id, secret, region

    def send(self, connection, method, path, body=b""):
        host = f"127.0.0.1:{self.port}"
        headers = {"Host": host}
        if body:
            headers["Content-Type"] = "application/json"
            headers["Content-Length"] = str(len(body))
        headers = sign_headers(method, f"http://{host}{path}", body, headers, self.key_id,
                               self.secret, None, self.region)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body or None)
        response = connection.getresponse()
        response.read()
        return response.status


def run_threads(count, work):
    """@work(n, latencies, failures) in CONCURRENCY threads sharing @count calls."""
    latencies, failures = [], []
    per_thread = [count // CONCURRENCY + (1 if i < count % CONCURRENCY else 0)
                  for i in range(CONCURRENCY)]
    threads = [threading.Thread(target=work, args=(n, latencies, failures))
               for n in per_thread]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.monotonic() - start), latencies, failures


def phase_connections(target, count):
    def work(n, latencies, failures):
        for _ in range(n):
            start = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=TIMEOUT)
            try:
                if target.send(connection, "GET", "/2015-03-31/functions/?MaxItems=1") != 200:
                    failures.append(1)
            except OSError:
                failures.append(1)
            finally:
                connection.close()
            latencies.append(time.monotonic() - start)
    return run_threads(count, work)


def phase_invokes(target, count):
    def work(n, latencies, failures):
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=TIMEOUT)
        for i in range(n):
            start = time.monotonic()
            try:
                if target.send(connection, "POST", "/2015-03-31/functions/echo/invocations",
                               b'{"n": %d}' % i) != 200:
                    failures.append(1)
            except (OSError, http.client.HTTPException):
                failures.append(1)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", target.port,
                                                        timeout=TIMEOUT)
            latencies.append(time.monotonic() - start)
        connection.close()
    return run_threads(count, work)


def start_nginx(work):
    port_probe = __import__("socket").socket()
    port_probe.bind(("127.0.0.1", 0))
    port = port_probe.getsockname()[1]
    port_probe.close()
    os.makedirs(os.path.join(work, "logs"))
    os.makedirs(os.path.join(work, "body"))
    os.chmod(work, 0o777)
    for sub in ("logs", "body"):
        os.chmod(os.path.join(work, sub), 0o777)
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(f"""daemon on; worker_processes 1; pid {work}/nginx.pid;
error_log {work}/logs/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; keepalive_requests 1000000; client_body_temp_path {work}/body;
  server {{ listen 127.0.0.1:{port};
    location / {{ default_type application/json; return 200 '{{"Functions":[]}}'; }} }} }}
""")
    subprocess.run(["/usr/sbin/nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work],
                   check=True)
    for _ in range(50):
        if os.path.exists(os.path.join(work, "nginx.pid")):
            break
        time.sleep(0.1)
    return port


def row(name, rate, latencies, failures):
    ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(ms) if ms else 0
    p99 = ms[int(len(ms) * 0.99) - 1] if ms else 0
    print(f"  {name:34s} {rate:9.0f} {p50:9.2f} {p99:9.2f} {len(failures):9d}", flush=True)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build")
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    invokes = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    os.environ.setdefault("LF_SANDBOX",
                          os.path.join(build, "src", "sandbox", "bin", "lambda-forms-sandbox"))
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    import lftest
    lftest.SANDBOX = os.environ["LF_SANDBOX"]

    work = tempfile.mkdtemp(prefix="lf-soak-")
    nginx_pid_file = os.path.join(work, "nginx", "nginx.pid")
    sandbox = Sandbox("--max-concurrency", str(CONCURRENCY), preexec_fn=low_descriptor_limit)
    try:
        pid = sandbox.proc.pid
        target = Target(sandbox.port, sandbox.key_id, sandbox.secret, sandbox.region)
        phase_invokes(target, CONCURRENCY)  # warm environments, so startup is not measured
        fds_start, rss_start = fds(pid), rss_mib(pid)

        print(f"Sandbox soak on loopback: {connections} connections, then {invokes} Invoke "
              f"calls at concurrency {CONCURRENCY}; the sandbox's descriptor limit is 1024")
        print(f"  {'':34s} {'calls/s':>9s} {'p50 ms':>9s} {'p99 ms':>9s} {'failed':>9s}")
        row("sandbox: connection per call", *phase_connections(target, connections))
        row("sandbox: Invoke, kept-alive", *phase_invokes(target, invokes))
        time.sleep(1)  # connections the clients closed last are noticed
        fds_end, rss_end = fds(pid), rss_mib(pid)

        os.makedirs(os.path.join(work, "nginx"))
        port = start_nginx(os.path.join(work, "nginx"))
        floor = Target(port, sandbox.key_id, sandbox.secret, sandbox.region)
        row("floor, nginx: connection per call", *phase_connections(floor, connections))
        row("floor, nginx: POST, kept-alive", *phase_invokes(floor, invokes))

        print(f"\nSandbox descriptors: {fds_start} before, {fds_end} after "
              f"({'back where they were' if fds_end <= fds_start + 2 else 'NOT released'})")
        print(f"Sandbox resident memory: {rss_start:.1f} MiB before, {rss_end:.1f} MiB after")
        print(f"Still answering: {sandbox.invoke('echo', b'{}')[0] == 200}")
    finally:
        sandbox.stop()
        if os.path.exists(nginx_pid_file):
            with open(nginx_pid_file) as f:
                try:
                    os.kill(int(f.read()), 15)
                except (OSError, ValueError):
                    pass
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
