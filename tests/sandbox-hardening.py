#!/usr/bin/python3
"""The sandbox program attacked and worn from outside, as a neighbour or a long day would.

Each case starts lambda-forms-sandbox with functions written for it, then speaks to it only
through sockets, signals and /proc. TAP output.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import Sandbox, Tap, open_fds, pid_alive, wait_until, write_function  # noqa: E402

tap = Tap()

DETACH = """
import os, subprocess, time

def handler(event, context):
    # A grandchild in a session of its own whose parent is gone at once, as
    # `setsid sleep 1234 &` from a shell leaves it: the shell prints the sleep's pid and exits.
    shell = subprocess.run(["sh", "-c", "setsid sleep 1234 >/dev/null 2>&1 & echo $!"],
                           capture_output=True, text=True)
    pid = int(shell.stdout)
    for _ in range(200):
        if os.getsid(pid) == pid:
            break
        time.sleep(0.01)
    with open(event["pid_file"], "w") as f:
        f.write(f"{pid} {os.getsid(pid)}")
    if event.get("wait"):
        time.sleep(30)
    return {"started": shell.stdout.strip()}
"""

HOG = """
def handler(event, context):
    blocks = []
    for _ in range(event["megabytes"]):
        blocks.append(bytearray(1024 * 1024))
    return {"held": len(blocks)}
"""

FAIL = """
def handler(event, context):
    raise RuntimeError("no, " + event.get("why", "never"))
"""

ECHO = """
def handler(event, context):
    return event
"""


def read_pids(path):
    """The grandchild's pid and its session id, as the function saw them."""
    wait_until(lambda: os.path.exists(path) and open(path).read().strip(), "the pid file")
    pid, sid = open(path).read().split()
    return int(pid), int(sid)


def case_fresh_key(work):
    a = Sandbox("--functions", work)
    b = Sandbox("--functions", work)
    try:
        tap.check("each start prints a key of its own",
                  a.key_id != b.key_id and a.secret != b.secret and len(a.secret) == 40,
                  f"{a.key_id} {b.key_id}")
        code, _, _ = a.invoke("echo", key_id="LFSANDBOXKEYEXAMPLE",
                              secret="lambda-forms-local-sandbox-secret")
        tap.check("the published development pair is refused unless given", code == 403, code)
        code, _, _ = a.invoke("echo", key_id=b.key_id, secret=b.secret)
        tap.check("another sandbox's key is refused", code == 403, code)
        code, _, body = a.invoke("echo", b'{"x": 1}')
        tap.check("its own key works", code == 200 and json.loads(body) == {"x": 1}, body)
        path = os.path.join(os.environ.get("XDG_RUNTIME_DIR", ""), "lambda-forms",
                            f"sandbox-{a.port}.json")
        if os.environ.get("XDG_RUNTIME_DIR"):
            mode = os.stat(path).st_mode & 0o777
            tap.check("the key is left for its user alone (0600)", mode == 0o600, oct(mode))
    finally:
        a.stop()
        b.stop()
    if os.environ.get("XDG_RUNTIME_DIR"):
        tap.check("and removed when it stops", not os.path.exists(path), path)


def case_session_token(work):
    sandbox = Sandbox("--functions", work, "--access-key-id", "ASIATESTTEMPORARY000",
                      "--secret-access-key", "temporary-secret-for-tests",
                      "--session-token", "the-token")
    try:
        tap.check("the token is printed with the key", sandbox.token == "the-token",
                  sandbox.printed)
        code, _, _ = sandbox.invoke("echo")
        tap.check("the key with its token is accepted", code == 200, code)
        for label, token in (("no token", ""), ("another token", "not-the-token")):
            code, headers, body = sandbox.invoke("echo", token=token)
            error = json.loads(body) if body else {}
            tap.check(f"the key with {label} gets UnrecognizedClientException",
                      code == 403 and
                      headers.get("x-amzn-ErrorType", "").startswith(
                          "UnrecognizedClientException") and
                      error.get("message", error.get("Message")) ==
                      "The security token included in the request is invalid.",
                      (code, headers, body))
    finally:
        sandbox.stop()


def case_detached_grandchildren(work):
    sandbox = Sandbox("--functions", work)
    try:
        after_timeout = os.path.join(work, "timeout.pid")
        code, headers, body = sandbox.invoke("detach", json.dumps(
            {"pid_file": after_timeout, "wait": True}).encode())
        pid, sid = read_pids(after_timeout)
        tap.check("the grandchild had detached (a session of its own)", sid == pid, (pid, sid))
        tap.check("a call that outlives its timeout fails as Sandbox.Timedout",
                  code == 200 and b"Sandbox.Timedout" in body, body)
        wait_until(lambda: not pid_alive(pid), "the detached grandchild to end")
        tap.check("its detached grandchild is ended with it", not pid_alive(pid), pid)

        at_stop = os.path.join(work, "stop.pid")
        code, _, _ = sandbox.invoke("detach", json.dumps({"pid_file": at_stop}).encode())
        stop_pid, _ = read_pids(at_stop)
        tap.check("a detached grandchild outlives a call that returns", code == 200 and
                  pid_alive(stop_pid), code)
    finally:
        status = sandbox.stop()
    tap.check("the sandbox stops with status 0", status == 0, status)
    tap.check("and leaves nothing of its functions running", not pid_alive(stop_pid), stop_pid)


def case_memory(work):
    sandbox = Sandbox("--functions", work)
    try:
        code, headers, body = sandbox.invoke("hog", b'{"megabytes": 400}')
        error = json.loads(body)
        tap.check("a call over memory_size fails as Runtime.OutOfMemory",
                  code == 200 and headers.get("X-Amz-Function-Error") == "Unhandled" and
                  error.get("errorType") == "Runtime.OutOfMemory" and
                  "signal: killed" in error.get("errorMessage", ""), (code, headers, body))
        code, _, body = sandbox.invoke("hog", b'{"megabytes": 20}')
        tap.check("the next call gets a new environment and runs",
                  code == 200 and json.loads(body) == {"held": 20}, body)
    finally:
        sandbox.stop()


def case_idle(work):
    sandbox = Sandbox("--functions", work, "--idle-timeout", "1")
    try:
        code, _, _ = sandbox.invoke("echo")
        pids = sandbox.status()["functions"]["echo"]["pids"] if code == 200 else []
        tap.check("a call leaves a warm environment", code == 200 and len(pids) == 1, pids)
        wait_until(lambda: sandbox.status()["functions"]["echo"]["environments"] == 0,
                   "the idle environment to stop")
        tap.check("an idle environment is stopped after --idle-timeout",
                  all(not pid_alive(p) for p in pids), pids)
        code, _, body = sandbox.invoke("echo", b'{"again": true}')
        tap.check("and the function still answers", code == 200 and b"again" in body, body)
    finally:
        sandbox.stop()


def case_event_retries(work):
    sandbox = Sandbox("--functions", work, "--event-retry-delays", "100,200")
    try:
        code, _, _ = sandbox.invoke("fail", b'{"why": "retry me"}', invocation_type="Event")
        tap.check("an Event call is accepted", code == 202, code)
        wait_until(lambda: sandbox.status()["functions"]["fail"]["completed_events"] == 3,
                   "three attempts")
        time.sleep(0.5)  # a fourth attempt, if any, would show by now
        fail = sandbox.status()["functions"]["fail"]
        tap.check("a failed Event runs three times in all, then no more",
                  fail["completed_events"] == 3 and fail["retried_events"] == 2 and
                  fail["retries_waiting"] == 0, fail)
        code, _, _ = sandbox.invoke("echo", invocation_type="Event")
        wait_until(lambda: sandbox.status()["functions"]["echo"]["completed_events"] == 1,
                   "the good event")
        echo = sandbox.status()["functions"]["echo"]
        tap.check("a good Event runs once", echo["retried_events"] == 0, echo)
    finally:
        sandbox.stop()
    log = sandbox.stderr_text()
    tap.check("each retry is in the log", "attempt 2 of 3" in log and "attempt 3 of 3" in log
              and "failed 3 times" in log, log)


def case_deep_json(work):
    sandbox = Sandbox("--functions", work)
    try:
        code, headers, body = sandbox.invoke("echo", b"[" * 200000)
        error = json.loads(body) if body else {}
        tap.check("a payload of 200,000 nested brackets is refused, not a crash",
                  code == 400 and headers.get("x-amzn-ErrorType", "").startswith(
                      "InvalidRequestContentException") and "512" in error.get("message", ""),
                  (code, body[:200]))
        code, _, body = sandbox.request("PUT", "/_sandbox/faults/echo", b"{" * 100000,
                                        {"Content-Type": "application/json"})
        tap.check("and so is a deep admin body", code == 400, (code, body[:200]))
        code, _, body = sandbox.invoke("echo", b'{"still": "here"}')
        tap.check("the sandbox still answers", code == 200 and b"still" in body, body)
    finally:
        sandbox.stop()


def main():
    work = tempfile.mkdtemp(prefix="lf-sandbox-hardening-")
    try:
        write_function(work, "detach", DETACH, timeout=1)
        write_function(work, "hog", HOG, memory_size=128, timeout=30)
        write_function(work, "fail", FAIL)
        write_function(work, "echo", ECHO)
        for case in (case_fresh_key, case_session_token, case_detached_grandchildren,
                     case_memory, case_idle, case_event_retries, case_deep_json):
            try:
                case(work)
            except Exception as error:  # a case that breaks is a failure, not the end
                tap.check(f"{case.__name__} ran to its end", False, repr(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
