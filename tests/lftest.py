"""What the Python test programs share: TAP lines, the sandbox program, signed requests.

Each test program imports this file from its own folder (tests/). Nothing here leaves
loopback: every address it builds is 127.0.0.1.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import http.client
import json
import os
import signal
import subprocess
import sys
import time

SANDBOX = os.environ.get("LF_SANDBOX")
DEADLINE_SECONDS = 60


class Tap:
    """Numbered TAP lines; the plan is printed at the end."""

    def __init__(self):
        self.results = []

    def check(self, name, condition, detail=""):
        self.results.append(bool(condition))
        print(f"{'ok' if condition else 'not ok'} {len(self.results)} - {name}", flush=True)
        if not condition and detail:
            for line in str(detail).splitlines()[:30]:
                print(f"# {line}", flush=True)
        return bool(condition)

    def finish(self):
        print(f"1..{len(self.results)}", flush=True)
        return 0 if all(self.results) else 1


class Sandbox:
    """lambda-forms-sandbox as a child process: its URL, port and the key it printed."""

    def __init__(self, *args, env=None, preexec_fn=None):
        if SANDBOX is None:
            raise RuntimeError("LF_SANDBOX must name the lambda-forms-sandbox program")
        self.proc = subprocess.Popen([SANDBOX, "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env,
                                     preexec_fn=preexec_fn)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the sandbox printed no URL: {self.proc.stderr.read()}")
        self.port = int(self.url.rsplit(":", 1)[1])
        self.printed = {}
        while "LF_SANDBOX_ACCOUNT_ID" not in self.printed:
            key, _, value = self.proc.stdout.readline().strip().partition("=")
            if not key:
                break
            self.printed[key] = value
        self.key_id = self.printed.get("AWS_ACCESS_KEY_ID")
        self.secret = self.printed.get("AWS_SECRET_ACCESS_KEY")
        self.token = self.printed.get("AWS_SESSION_TOKEN")
        self.region = self.printed.get("AWS_REGION", "us-east-1")

    def stop(self, timeout=30):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode

    def stderr_text(self):
        return self.proc.stderr.read() if self.proc.poll() is not None else ""

    def request(self, method, path, body=b"", headers=None, key_id=None, secret=None,
                token=None, host=None, sign=True, timeout=30):
        """One signed request on a fresh connection: (status, headers dict, body bytes)."""
        headers = dict(headers or {})
        headers["Host"] = host or f"127.0.0.1:{self.port}"
        if body or method in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        if sign:
            headers = sign_headers(method, f"http://{headers['Host']}{path}", body, headers,
                                   key_id or self.key_id, secret or self.secret,
                                   token if token is not None else self.token, self.region)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders(body if body else None)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def invoke(self, name, payload=b"{}", invocation_type=None, **kwargs):
        headers = {"Content-Type": "application/json"}
        if invocation_type:
            headers["X-Amz-Invocation-Type"] = invocation_type
        return self.request("POST", f"/2015-03-31/functions/{name}/invocations", payload,
                            headers, **kwargs)

    def status(self):
        code, _, body = self.request("GET", "/_sandbox/status")
        return json.loads(body) if code == 200 else None


def sign_headers(method, url, body, headers, key_id, secret, token, region, service="lambda"):
    """SigV4 by botocore, an implementation that is not ours."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(Credentials(key_id, secret, token), service, region).add_auth(request)
    return dict(request.headers.items())


def wait_until(condition, what, seconds=DEADLINE_SECONDS, interval=0.05):
    """Polls @condition until it is true; a deadline, not a speed: reaching it fails."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def write_function(root, name, code, **config):
    """A python3 function folder: handler(event, context) in h.py."""
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    config = dict({"name": name, "runtime": "python3", "handler": "h.handler"}, **config)
    with open(os.path.join(folder, "function.json"), "w") as f:
        json.dump(config, f)
    with open(os.path.join(folder, "h.py"), "w") as f:
        f.write(code)
    return folder


def cli_env(sandbox, work, endpoint=False):
    """What lambda-forms-cli runs with in the suites: a home of its own under @work, no AWS
    configuration but the sandbox's credentials (and its URL with @endpoint), the loopback
    guard kept."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": os.path.join(work, "config"),
        "XDG_DATA_HOME": os.path.join(work, "data"),
        "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", work),
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": sandbox.key_id,
        "AWS_SECRET_ACCESS_KEY": sandbox.secret, "AWS_REGION": sandbox.region,
    }
    if endpoint:
        env["AWS_ENDPOINT_URL"] = sandbox.url
    if sandbox.token:
        env["AWS_SESSION_TOKEN"] = sandbox.token
    if "LD_PRELOAD" in os.environ:
        env["LD_PRELOAD"] = os.environ["LD_PRELOAD"]
    return env

