#!/usr/bin/python3
"""The sandbox program attacked and worn from outside, as a neighbour or a long day would.

Each case starts lambda-forms-sandbox with functions written for it, then speaks to it only
through sockets, signals and /proc. TAP output.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import (Sandbox, Tap, pid_alive, sign_headers, wait_until,  # noqa: E402
                    write_function)

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
        # The pool lets go of the environment as it sends the kill: the process is gone a
        # moment later, not at once.
        try:
            wait_until(lambda: all(not pid_alive(p) for p in pids), "the process to end")
            ended = True
        except TimeoutError:
            ended = False
        tap.check("an idle environment is stopped after --idle-timeout", ended, pids)
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
        code, _, body = sandbox.request("PUT", "/_sandbox/faults/echo", b"{" * 60000,
                                        {"Content-Type": "application/json"})
        tap.check("and so is a deep admin body", code == 400, (code, body[:200]))
        code, _, body = sandbox.invoke("echo", b'{"still": "here"}')
        tap.check("the sandbox still answers", code == 200 and b"still" in body, body)
    finally:
        sandbox.stop()


def raw_exchange(port, data, read=True, timeout=30):
    """Sends raw bytes on a fresh connection; returns what came back before the server closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before all is sent; its answer is still to be read
        if not read:
            return b""
        chunks = []
        try:
            while True:
                piece = sock.recv(65536)
                if not piece:
                    break
                chunks.append(piece)
        except (ConnectionResetError, socket.timeout):
            pass
        return b"".join(chunks)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def case_front_door(work):
    sandbox = Sandbox("--functions", work, "--header-timeout", "1")
    pid = sandbox.proc.pid
    try:
        code, headers, body = sandbox.invoke("echo", host=f"attacker.example:{sandbox.port}")
        tap.check("a signed request with a foreign Host is refused (421)", code == 421 and
                  b"Host" in body, (code, body))
        code, headers, body = sandbox.request("POST", "/2015-03-31/functions/echo/invocations",
                                              b"{}", {"Content-Type": "application/json",
                                                      "Origin": "http://evil.example"})
        tap.check("a request from a web page (Origin) is refused", code == 403, (code, body))
        code, _, _ = sandbox.request("POST", "/2015-03-31/functions/echo/invocations",
                                     b"name=ada", {"Content-Type":
                                                   "application/x-www-form-urlencoded"})
        tap.check("a browser form body is refused", code == 403, code)

        before = rss_kib(pid)
        head = (f"POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{sandbox.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: 1000000000\r\n\r\n").encode()
        started = time.monotonic()
        answer = raw_exchange(sandbox.port, head + b"{" + b" " * 65536)
        tap.check("an unsigned 1 GB upload is answered 403 without its body being read",
                  answer.startswith(b"HTTP/1.1 403") and b"Missing Authentication Token" in answer,
                  answer[:200])
        tap.check("and the sandbox's memory did not grow by the upload",
                  rss_kib(pid) - before < 50 * 1024, (before, rss_kib(pid)))

        code, headers, body = sandbox.invoke("echo", b'{"a": "' + b"x" * (7 * 1024 * 1024) +
                                             b'"}')
        tap.check("a signed 7 MB synchronous payload gets 413 RequestTooLargeException",
                  code == 413 and headers.get("x-amzn-ErrorType") == "RequestTooLargeException"
                  and b"6291456" in body, (code, body[:200]))

        chunked = (f"POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\n"
                   f"Host: 127.0.0.1:{sandbox.port}\r\nTransfer-Encoding: chunked\r\n"
                   f"Content-Type: application/json\r\n\r\n").encode()
        piece = b"%x\r\n%s\r\n" % (1 << 20, b"x" * (1 << 20))
        answer = raw_exchange(sandbox.port, chunked + piece * 2)
        tap.check("an unsigned chunked body is refused before its chunks are kept",
                  answer.startswith(b"HTTP/1.1 403"), answer[:200])

        with socket.create_connection(("127.0.0.1", sandbox.port), timeout=30) as slow:
            slow.sendall(b"GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0")
            started = time.monotonic()
            closed = slow.recv(1) == b""
        tap.check("half-sent headers are cut off (--header-timeout)", closed, closed)

        code, _, body = sandbox.invoke("echo", b'{"after": "attacks"}')
        tap.check("and the sandbox still answers", code == 200 and b"attacks" in body, body)
    finally:
        sandbox.stop()


def signed_get(sandbox, target):
    headers = sign_headers("GET", f"http://127.0.0.1:{sandbox.port}{target}", b"",
                           {"Host": f"127.0.0.1:{sandbox.port}"}, sandbox.key_id, sandbox.secret,
                           None, sandbox.region)
    lines = [f"GET {target} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def open_fds_of(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def case_descriptors(work):
    """Thousands of connections under a low descriptor limit: none left behind."""
    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    sandbox = Sandbox("--functions", work, preexec_fn=low_limit)
    pid = sandbox.proc.pid
    try:
        request = (f"GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1:{sandbox.port}"
                   f"\r\n\r\n").encode()
        code, _, _ = sandbox.request("GET", "/2015-03-31/functions/")
        baseline = open_fds_of(pid)
        for _ in range(1500):
            raw_exchange(sandbox.port, request)          # answered, then closed by the client
        for _ in range(500):
            raw_exchange(sandbox.port, b"", read=False)  # closed without a word
        with socket.create_connection(("127.0.0.1", sandbox.port)) as keep:
            stream = keep.makefile("rb")
            for _ in range(1500):
                keep.sendall(signed_get(sandbox, "/2015-03-31/functions/?MaxItems=1"))
                status = stream.readline()
                length = 0
                while True:
                    line = stream.readline()
                    if line in (b"\r\n", b""):
                        break
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                stream.read(length)
            tap.check("1,500 requests on one kept-alive connection", status.startswith(
                b"HTTP/1.1 200"), status)
        wait_until(lambda: open_fds_of(pid) <= baseline + 2, "the descriptors to be released")
        tap.check("3,500 connections later, with a soft limit of 256, descriptors are back",
                  open_fds_of(pid) <= baseline + 2, (baseline, open_fds_of(pid)))
        code, _, body = sandbox.invoke("echo", b'{"still": 1}')
        tap.check("and it still answers", code == 200, (code, body))
    finally:
        sandbox.stop()


def runtime_api_of(pid):
    with open(f"/proc/{pid}/environ", "rb") as f:
        for entry in f.read().split(b"\0"):
            if entry.startswith(b"AWS_LAMBDA_RUNTIME_API="):
                return entry.split(b"=", 1)[1].decode()
    return None


def case_runtime_api(work):
    sandbox = Sandbox("--functions", work)
    try:
        code, _, _ = sandbox.invoke("echo", b'{"warm": 1}')
        pids = sandbox.status()["functions"]["echo"]["pids"]
        api = runtime_api_of(pids[0])
        tap.check("the environment's Runtime API is known to the test", api is not None, pids)
        host, port = api.split(":")
        answer = raw_exchange(int(port), (f"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n"
                                          f"Host: {api}\r\n\r\n").encode())
        tap.check("another process asking for the next invocation is refused",
                  answer.startswith(b"HTTP/1.1 403") and b"Lambda-Runtime-Aws-Request-Id"
                  not in answer, answer[:300])
        answer = raw_exchange(int(port), (f"POST /2018-06-01/runtime/invocation/x/response "
                                          f"HTTP/1.1\r\nHost: {api}\r\nContent-Length: 2\r\n"
                                          f"\r\n{{}}").encode())
        tap.check("and so is a forged answer", answer.startswith(b"HTTP/1.1 403"), answer[:300])
        code, _, body = sandbox.invoke("echo", b'{"secret": "only for the function"}')
        tap.check("the environment itself still serves calls", code == 200 and
                  b"only for the function" in body, body)
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
                     case_memory, case_idle, case_event_retries, case_deep_json,
                     case_front_door, case_descriptors, case_runtime_api):
            try:
                case(work)
            except Exception as error:  # a case that breaks is a failure, not the end
                tap.check(f"{case.__name__} ran to its end", False, repr(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
