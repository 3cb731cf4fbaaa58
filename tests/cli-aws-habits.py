#!/usr/bin/python3
"""lambda-forms-cli as a long-time AWS CLI user drives it: global options anywhere, any
locale, the AWS CLI's invoke forms, --debug on stderr, figures, no secret in any message, and
answers from servers that are not Lambda (XML, HTML, a 504 after a delay, an endless chunked
body, a depth bomb). Real binary, the sandbox and a stand-in server, all on loopback. TAP.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import base64
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import Sandbox, Tap, cli_env  # noqa: E402

CLI = os.environ["LF_CLI"]
EXIT_OK, EXIT_USAGE, EXIT_SERVICE, EXIT_TRANSPORT = 0, 2, 4, 6

tap = Tap()

# A custom runtime that answers every call with 100,000 opening brackets, raw: what a parser
# without a nesting limit does not survive.
DEEP_BOOTSTRAP = """#!/usr/bin/python3
import os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
while True:
    with urllib.request.urlopen(api + "/invocation/next") as answer:
        request_id = answer.headers["Lambda-Runtime-Aws-Request-Id"]
        answer.read()
    post = urllib.request.Request(api + "/invocation/" + request_id + "/response",
                                  data=b"[" * 100000, method="POST")
    urllib.request.urlopen(post).read()
"""


def write_deep_function(functions):
    folder = os.path.join(functions, "deep")
    os.makedirs(folder)
    with open(os.path.join(folder, "function.json"), "w") as f:
        json.dump({"name": "deep", "runtime": "provided", "handler": "none", "timeout": 10}, f)
    with open(os.path.join(folder, "bootstrap"), "w") as f:
        f.write(DEEP_BOOTSTRAP)
    os.chmod(os.path.join(folder, "bootstrap"), 0o755)


def run(args, env, timeout=120, cwd=None):
    proc = subprocess.run([CLI] + args, env=env, capture_output=True, timeout=timeout, cwd=cwd)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


class StandIn(http.server.BaseHTTPRequestHandler):
    """Answers every request from the scripted reply the test put in place."""
    protocol_version = "HTTP/1.1"
    reply = None
    requests = 0
    streamed = 0

    def log_message(self, *args):
        pass

    def handle_any(self):
        StandIn.requests += 1
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        kind, status, content_type, body, delay = StandIn.reply
        if delay:
            time.sleep(delay)
        if kind == "stream":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b"x" * 65536
            try:
                for _ in range(int(body / len(piece))):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    StandIn.streamed += len(piece)
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "standin-req-7")
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = handle_any


def start_stand_in():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def cases_with_sandbox(env, sandbox, work):
    url = sandbox.url

    code, out, err = run(["--region", "us-east-1", "--endpoint-url", url, "get-function",
                          "--function-name", "echo"], env)
    tap.check("global options before the command", code == EXIT_OK and
              parse(out)["Configuration"]["FunctionName"] == "echo", err)
    code, out, err = run(["--debug", "--endpoint-url=" + url, "list-functions", "--max-items",
                          "1", "--no-cli-pager"], env)
    tap.check("flags before and after, --name=value too", code == EXIT_OK and
              len(parse(out)["Functions"]) == 1, err)
    tap.check("--debug goes to stderr; stdout is the JSON alone",
              parse(out) is not None and "GET" in err, out[:200])
    code, out, err = run(["--colour", "list-functions"], env)
    tap.check("an unknown option before the command names it (exit 2)",
              code == EXIT_USAGE and "--colour" in err, (code, err))
    code, out, err = run(["list-functions", "--colour"] + ["--endpoint-url", url], env)
    tap.check("and after it", code == EXIT_USAGE and "--colour" in err, (code, err))

    bare = {"PATH": "/usr/bin:/bin", "HOME": work, "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": sandbox.key_id, "AWS_SECRET_ACCESS_KEY": sandbox.secret,
            "AWS_REGION": sandbox.region}
    if "LD_PRELOAD" in os.environ:
        bare["LD_PRELOAD"] = os.environ["LD_PRELOAD"]
    code, out, err = run(["invoke", "--function-name", "echo", "--endpoint-url", url,
                          "--payload", '{"name": "Zoë 漢字"}'], bare)
    tap.check("non-ASCII arguments work with no locale at all (env -i)",
              code == EXIT_OK and parse(out)["Payload"] == {"name": "Zoë 漢字"}, (code, err))

    outfile = os.path.join(work, "out.json")
    code, out, err = run(["invoke", "--function-name", "greet", "--cli-binary-format",
                          "raw-in-base64-out", "--payload", '{"name": "Ada"}', "--log-type",
                          "Tail", outfile, "--endpoint-url", url], env)
    printed = parse(out) or {}
    tap.check("invoke OUTFILE writes the payload there", code == EXIT_OK and
              "Ada" in open(outfile).read(), (code, err))
    tap.check("and prints what the AWS CLI prints", printed.get("StatusCode") == 200 and
              printed.get("ExecutedVersion") == "$LATEST" and "Payload" not in printed and
              "START RequestId" in base64.b64decode(printed.get("LogResult", "")).decode(),
              printed)
    encoded = base64.b64encode(b'{"from": "base64"}').decode()
    code, out, err = run(["invoke", "--function-name", "echo", "--cli-binary-format", "base64",
                          "--payload", encoded, "--endpoint-url", url], env)
    tap.check("--cli-binary-format base64 decodes the payload", code == EXIT_OK and
              parse(out)["Payload"] == {"from": "base64"}, err)
    binary = os.path.join(work, "payload.bin")
    with open(binary, "wb") as f:
        f.write('{"bytes": "é"}'.encode())
    code, out, err = run(["invoke", "--function-name", "echo", "--payload", "fileb://" + binary,
                          "--endpoint-url", url], bare)
    tap.check("fileb:// is read as bytes", code == EXIT_OK and
              parse(out)["Payload"] == {"bytes": "é"}, err)

    code, out, err = run(["invoke", "--function-name", "echo", "--payload", "{}",
                          "--endpoint-url", url], env)
    figure = re.search(r'"RoundTripMs": ([0-9.e+-]+)', out)
    tap.check("figures have at most 3 decimals", figure is not None and
              len(figure.group(1).partition(".")[2]) <= 3, out)
    tap.check("an empty object prints as {}", '"Payload": {}' in out, out)

    code, out, err = run(["invoke", "--function-name", "deep", "--endpoint-url", url], env)
    answer = parse(out) or {}
    tap.check("a function answering a depth bomb is shown as text, nothing crashes",
              code == EXIT_OK and answer.get("PayloadEncoding") == "text", (code, err[:300]))

    code, out, err = run(["accounts", "add", "local", "--type", "sandbox", "--endpoint-url", url],
                         env)
    code2, out2, err2 = run(["accounts", "show", "local"], env)
    tap.check("accounts add takes --endpoint-url", code == EXIT_OK and
              (parse(out2) or {}).get("endpoint_url") == url, (err, out2, err2))


def cases_secrets(env):
    secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETTEST"
    line = ('{"method":"GET","url":"https://lambda.us-east-1.amazonaws.com/","headers":[],'
            '"region":"us-east-1","service":"lambda","access_key_id":"AKIDEXAMPLE",'
            '"amz_date":"20150830T123600Z","secret_access_key": ' + secret + '}')
    proc = subprocess.run([CLI, "sign"], input=line, capture_output=True, text=True, env=env,
                          timeout=60)
    tap.check("a malformed secret is not quoted by sign",
              proc.returncode != 0 and secret not in proc.stderr and secret not in proc.stdout
              and "not valid JSON" in proc.stderr, proc.stderr)
    pasted = dict(env, AWS_ACCESS_KEY_ID=secret, AWS_SECRET_ACCESS_KEY="x" * 40)
    code, out, err = run(["list-functions", "--endpoint-url", "http://127.0.0.1:9"], pasted)
    tap.check("a secret pasted as the key id is shown as its ends only",
              secret not in err and "wJal" in err and "TEST" in err, err)


def cases_other_servers(env, work):
    server, url = start_stand_in()
    try:
        StandIn.reply = ("answer", 403, "text/xml",
                         "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch"
                         "</Code><Message>The request signature we calculated does not match."
                         "</Message></Error><RequestId>x1</RequestId></ErrorResponse>", 0)
        code, out, err = run(["list-functions", "--endpoint-url", url], env)
        tap.check("an XML error gives its code and sentence", code == EXIT_SERVICE and
                  "SignatureDoesNotMatch" in err and "calculated does not match" in err, err)

        StandIn.reply = ("answer", 502, "text/html",
                         "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad "
                         "Gateway</h1><p>upstream connect error</p></body></html>", 0)
        code, out, err = run(["get-function", "--function-name", "f", "--endpoint-url", url],
                             env)
        tap.check("an HTML page gives its status line and text", code == EXIT_SERVICE and
                  "502" in err and "upstream connect error" in err and "<" not in err, err)

        StandIn.requests = 0
        StandIn.reply = ("answer", 504, "text/html", "<h1>Gateway Time-out</h1>", 1)
        code, out, err = run(["invoke", "--function-name", "f", "--payload", "{}",
                              "--cli-read-timeout", "30", "--endpoint-url", url], env)
        tap.check("a 504 after an invocation is not sent again", code == EXIT_SERVICE and
                  StandIn.requests == 1, (code, StandIn.requests, err))
        tap.check("and the error says the function may have run, with its request id",
                  "may have run" in err and "standin-req-7" in err, err)

        StandIn.streamed = 0
        StandIn.reply = ("stream", 200, "", 600 * 1024 * 1024, 0)
        start = time.monotonic()
        code, out, err = run(["invoke", "--function-name", "f", "--payload", "{}",
                              "--cli-read-timeout", "30", "--endpoint-url", url], env)
        tap.check("an endless chunked answer stops at the limit, named",
                  code == EXIT_SERVICE and "larger than" in err and
                  StandIn.streamed < 200 * 1024 * 1024, (code, StandIn.streamed, err))
        # The AWS CLI's settings, from the environment and from the profile.
        StandIn.requests = 0
        StandIn.reply = ("answer", 503, "application/json",
                         '{"__type": "ServiceException", "message": "busy"}', 0)
        code, out, err = run(["list-functions", "--endpoint-url", url],
                             dict(env, AWS_MAX_ATTEMPTS="1"))
        tap.check("AWS_MAX_ATTEMPTS=1: one attempt", code == EXIT_SERVICE and
                  StandIn.requests == 1, (StandIn.requests, err))
        config = os.path.join(work, "aws-config")
        with open(config, "w") as f:
            f.write("[default]\nmax_attempts = 2\n\n[profile slow]\ncli_read_timeout = 1\n"
                    "retry_mode = standard\naws_access_key_id = AKIDSLOWPROFILE\n"
                    "aws_secret_access_key = slow-profile-secret-test\n")
        StandIn.requests = 0
        code, out, err = run(["list-functions", "--endpoint-url", url],
                             dict(env, AWS_CONFIG_FILE=config))
        tap.check("max_attempts from the profile", StandIn.requests == 2, StandIn.requests)
        StandIn.requests = 0
        code, out, err = run(["list-functions", "--endpoint-url", url],
                             dict(env, AWS_RETRY_MODE="legacy"))
        tap.check("retry_mode legacy allows 5 attempts", StandIn.requests == 5,
                  StandIn.requests)
        code, out, err = run(["list-functions", "--endpoint-url", url],
                             dict(env, AWS_RETRY_MODE="sometimes"))
        tap.check("an unknown retry_mode is refused before any request", code == EXIT_USAGE and
                  "retry_mode" in err, err)
        StandIn.reply = ("answer", 200, "application/json", '{"Functions": []}', 3)
        code, out, err = run(["list-functions", "--endpoint-url", url, "--profile", "slow",
                              "--region", "us-east-1"],
                             dict(env, AWS_CONFIG_FILE=config, AWS_MAX_ATTEMPTS="1"))
        tap.check("cli_read_timeout from the profile", code == EXIT_TRANSPORT and
                  "within 1 seconds" in err, (code, err))
        code, out, err = run(["list-functions", "--endpoint-url", url.replace("http", "https")],
                             dict(env, AWS_CA_BUNDLE=os.path.join(work, "no-such-bundle.pem")))
        tap.check("AWS_CA_BUNDLE is used (a missing bundle is named)", code == EXIT_USAGE and
                  "no-such-bundle.pem" in err, err)
    finally:
        server.shutdown()


def main():
    work = tempfile.mkdtemp(prefix="lf-cli-habits-")
    functions = os.path.join(work, "functions")
    samples = os.path.join(os.environ["LF_SOURCE_ROOT"], "data", "sandbox", "functions")
    shutil.copytree(samples, functions)
    write_deep_function(functions)
    sandbox = Sandbox("--functions", functions)
    try:
        env = cli_env(sandbox, work)
        for group in (lambda: cases_with_sandbox(env, sandbox, work),
                      lambda: cases_secrets(env), lambda: cases_other_servers(env, work)):
            try:
                group()
            except Exception as error:  # a group that breaks is a failure, not the end
                tap.check("a group of cases ran to its end", False, repr(error))
    finally:
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
