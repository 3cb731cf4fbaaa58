#!/usr/bin/python3
"""End to end: lambda-forms-cli's Lambda commands against the local sandbox.

Starts lambda-forms-sandbox on a free loopback port with its sample functions, then runs
every command, invocation type and error class through the CLI and checks its JSON, its
stderr and its exit status. TAP output.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile

CLI = os.environ["LF_CLI"]
SANDBOX = os.environ["LF_SANDBOX"]

EXIT_OK, EXIT_USAGE, EXIT_CREDENTIALS, EXIT_SERVICE, EXIT_FUNCTION, EXIT_TRANSPORT = 0, 2, 3, 4, 5, 6

results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    status = "ok" if condition else "not ok"
    print(f"{status} {len(results)} - {name}")
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def start_sandbox(functions_dir):
    proc = subprocess.Popen(
        [SANDBOX, "--port", "0", "--functions", functions_dir],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    env = {}
    for _ in range(4):
        key, _, value = proc.stdout.readline().strip().partition("=")
        env[key] = value
    return proc, url, env


def run(args, env, stdin=None):
    proc = subprocess.run([CLI] + args, env=env, capture_output=True, text=True, timeout=120,
                          input=stdin)
    parsed = None
    try:
        parsed = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        pass
    return proc.returncode, parsed, proc.stdout, proc.stderr


def main():
    sample_functions = os.path.join(os.environ["LF_SOURCE_ROOT"], "data", "sandbox", "functions")
    work = tempfile.mkdtemp(prefix="lf-cli-lambda-")
    # A copy, so that delete-function leaves the source tree's samples alone either way.
    functions = os.path.join(work, "functions")
    subprocess.run(["cp", "-r", sample_functions, functions], check=True)

    sandbox, url, creds = start_sandbox(functions)
    try:
        check("sandbox prints its endpoint first", url.startswith("http://127.0.0.1:"), url)
        secret = creds.get("AWS_SECRET_ACCESS_KEY", "")
        base_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": work,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_ACCESS_KEY_ID": creds.get("AWS_ACCESS_KEY_ID", ""),
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_REGION": creds.get("AWS_REGION", "us-east-1"),
        }
        g = ["--endpoint-url", url]

        code, out, _, err = run(["list-functions"] + g, base_env)
        names = sorted(f["FunctionName"] for f in (out or {}).get("Functions", []))
        check("list-functions succeeds", code == EXIT_OK, err)
        check("list-functions lists the samples",
              {"echo", "greet", "fail", "slow", "big", "env"} <= set(names), names)

        code, out, _, err = run(["list-functions", "--max-items", "2"] + g, base_env)
        check("--max-items stops early", code == EXIT_OK and len(out["Functions"]) == 2, err)

        code, out, _, err = run(["get-function", "--function-name", "echo"] + g, base_env)
        check("get-function echo", code == EXIT_OK and
              out["Configuration"]["FunctionName"] == "echo", err or out)

        code, out, _, err = run(["invoke", "--function-name", "echo", "--payload",
                                 '{"hello": "world", "n": 3}'] + g, base_env)
        check("invoke echo returns its event", code == EXIT_OK and out["StatusCode"] == 200 and
              out["Payload"] == {"hello": "world", "n": 3} and out["PayloadEncoding"] == "json",
              err or out)
        check("invoke reports the executed version",
              (out or {}).get("ExecutedVersion") == "$LATEST", out)

        code, out, _, err = run(["invoke", "--function-name", "greet", "--payload",
                                 '{"name": "Ada"}', "--log-type", "Tail"] + g, base_env)
        check("invoke greet", code == EXIT_OK and "Ada" in json.dumps(out["Payload"]), err or out)
        log = (out or {}).get("LogResult", "")
        check("log tail has START, END and REPORT",
              "START RequestId" in log and "END RequestId" in log and "REPORT RequestId" in log, log)
        check("REPORT figures are parsed", "DurationMs" in (out or {}).get("Report", {}), out)

        payload_file = os.path.join(work, "payload.json")
        with open(payload_file, "w", encoding="utf-8") as f:
            f.write('{"from": "file"}')
        code, out, _, err = run(["invoke", "--function-name", "echo", "--payload",
                                 "file://" + payload_file] + g, base_env)
        check("--payload file://", code == EXIT_OK and out["Payload"] == {"from": "file"}, err)

        code, out, _, err = run(["invoke", "--function-name", "fail", "--payload", "{}"] + g,
                                base_env)
        check("a function error exits 5", code == EXIT_FUNCTION, (code, err))
        check("a function error still prints the answer",
              out is not None and out.get("FunctionError") in ("Unhandled", "Handled"), out)
        check("a function error is explained on stderr", "function failed" in err, err)

        code, out, _, err = run(["invoke", "--function-name", "echo", "--invocation-type",
                                 "Event", "--payload", "{}"] + g, base_env)
        check("Event gives 202", code == EXIT_OK and out["StatusCode"] == 202, err or out)

        code, out, _, err = run(["invoke", "--function-name", "echo", "--invocation-type",
                                 "DryRun"] + g, base_env)
        check("DryRun gives 204", code == EXIT_OK and out["StatusCode"] == 204, err or out)

        code, out, _, err = run(["invoke", "--function-name", "no-such-function"] + g, base_env)
        check("an unknown function exits 4 with the AWS code",
              code == EXIT_SERVICE and "ResourceNotFoundException" in err, (code, err))

        wrong = dict(base_env, AWS_SECRET_ACCESS_KEY="not-the-sandbox-secret")
        code, out, _, err = run(["list-functions"] + g, wrong)
        check("a wrong secret is refused", code == EXIT_SERVICE and "HTTP status: 403" in err,
              (code, err))
        check("the refusal never prints the secret", "not-the-sandbox-secret" not in err)

        code, out, stdout, err = run(["invoke", "--function-name", "echo", "--payload", "{}",
                                      "--debug"] + g, base_env)
        check("--debug works", code == EXIT_OK, err)
        check("--debug never prints the secret", secret not in err and secret not in stdout)

        code, _, _, err = run(["invoke", "--function-name", "echo", "--payload", "{oops"] + g,
                              base_env)
        check("a payload that is not JSON exits 2", code == EXIT_USAGE and "JSON" in err, err)

        code, _, _, err = run(["invoke", "--function-name", "bad name"] + g, base_env)
        check("a bad function name exits 2", code == EXIT_USAGE and "bad name" in err, err)

        big = '{"a": "' + "x" * (1024 * 1024 + 10) + '"}'
        big_file = os.path.join(work, "big.json")
        with open(big_file, "w", encoding="utf-8") as f:
            f.write(big)
        code, _, _, err = run(["invoke", "--function-name", "echo", "--invocation-type", "Event",
                               "--payload", "file://" + big_file] + g, base_env)
        check("an Event payload over 1 MB is refused before sending", code == EXIT_USAGE and
              "1 MB" in err, err)

        no_creds = {k: v for k, v in base_env.items() if not k.startswith("AWS_ACCESS") and
                    not k.startswith("AWS_SECRET")}
        code, _, _, err = run(["list-functions"] + g, no_creds)
        check("no credentials exits 3", code == EXIT_CREDENTIALS and "credentials" in err, err)

        code, _, _, err = run(["list-functions", "--region", "mars-north-1"], base_env)
        check("an unknown region exits 2", code == EXIT_USAGE and "mars-north-1" in err, err)

        code, _, _, err = run(["list-functions", "--endpoint-url", "127.0.0.1:9"], base_env)
        check("an endpoint without scheme exits 2", code == EXIT_USAGE and "scheme" in err, err)

        code, _, _, err = run(["delete-function", "--function-name", "greet"] + g, base_env)
        check("delete-function succeeds", code == EXIT_OK, err)
        code, _, _, err = run(["get-function", "--function-name", "greet"] + g, base_env)
        check("a deleted function is gone", code == EXIT_SERVICE and
              "ResourceNotFoundException" in err, err)
        check("its folder is left on disk", os.path.isdir(os.path.join(functions, "greet")))
    finally:
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=20)
        except subprocess.TimeoutExpired:
            sandbox.kill()
        subprocess.run(["rm", "-rf", work], check=False)

    # A closed port: no answer at all.
    closed_env = {"PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent",
                  "AWS_ACCESS_KEY_ID": "AKIDTESTCLOSED", "AWS_SECRET_ACCESS_KEY": "closed-secret",
                  "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    code, _, _, err = run(["get-function", "--function-name", "echo", "--region", "us-east-1",
                           "--endpoint-url", url], closed_env)
    check("a closed endpoint exits 6", code == EXIT_TRANSPORT, (code, err))

    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
