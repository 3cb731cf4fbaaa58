#!/usr/bin/python3
"""End to end: `lambda-forms-cli run` on the sample forms against the local sandbox.

TAP output.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile

CLI = os.environ["LF_CLI"]
SANDBOX = os.environ["LF_SANDBOX"]
EXAMPLES = os.path.join(os.environ["LF_SOURCE_ROOT"], "data", "examples")

results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(f"{'ok' if condition else 'not ok'} {len(results)} - {name}")
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def run(args, env):
    proc = subprocess.run([CLI, "run"] + args, env=env, capture_output=True, text=True,
                          timeout=120)
    try:
        parsed = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        parsed = None
    return proc.returncode, parsed, proc.stderr


def main():
    work = tempfile.mkdtemp(prefix="lf-cli-run-")
    sandbox = subprocess.Popen([SANDBOX, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    url = sandbox.stdout.readline().strip()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work,
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    for _ in range(4):
        key, _, value = sandbox.stdout.readline().strip().partition("=")
        env[key] = value
    greeter = os.path.join(EXAMPLES, "greeter.lambdaform")
    g = ["--endpoint-url", url]
    try:
        code, out, err = run([greeter, "--set", "name=Ada", "--action", "greet"] + g, env)
        check("Greeter with --set name=Ada succeeds", code == 0, err)
        check("it prints the greeting", (out or {}).get("greeting") == "Hello, Ada!", out)
        check("it prints every control", list(out or {}) ==
              ["name", "greetButton", "greeting", "status"], out)
        check("the status is succeeded", (out or {}).get("status") == "succeeded", out)

        code, out, err = run([greeter] + g, env)
        check("without --action only load actions run (none here)",
              code == 0 and out["greeting"] == "" and out["status"] == "idle", (code, out, err))

        invoke = os.path.join(EXAMPLES, "invoke-function.lambdaform")
        code, out, err = run([invoke, "--set", "functionPicker=fail", "--action", "invoke"] + g,
                             env)
        check("a failing action exits non-zero (5: the function failed)", code == 5, (code, err))
        check("its values are still printed", (out or {}).get("status") == "failed", out)
        check("the error is explained on stderr",
              "action “invoke”" in err and "The order was rejected" in err, err)

        code, out, err = run([invoke, "--set", "payloadArea={\"k\": \"v\"}", "--set",
                              "functionPicker=echo", "--action", "invoke"] + g, env)
        check("Invoke echo with a payload", code == 0 and out["response"] == {"k": "v"},
              (code, out, err))

        code, out, err = run([invoke, "--set", "payloadArea={oops", "--set",
                              "functionPicker=echo", "--action", "invoke"] + g, env)
        check("a payload that is not JSON exits 2 naming the expression",
              code == 2 and "{{ payloadArea.value }}" in err, (code, err))

        details = os.path.join(EXAMPLES, "function-details.lambdaform")
        code, out, err = run([details] + g, env)
        check("Function details runs its load action and the change it causes",
              code == 0 and out["status"] == "succeeded" and
              out["configuration"]["FunctionName"] == out["functionPicker"], (code, out, err))

        code, out, err = run([greeter, "--set", "nam=Ada"] + g, env)
        check("an unknown control is a usage error with a suggestion",
              code == 2 and "did you mean “name”?" in err, (code, err))
        code, out, err = run([greeter, "--action", "nothing"] + g, env)
        check("an unknown action is a usage error", code == 2 and "nothing" in err, (code, err))

        broken = os.path.join(work, "broken.lambdaform")
        with open(broken, "w", encoding="utf-8") as f:
            f.write('{"format_version": 1, "controls": [{"kind": "slider", "name": "s"}]}')
        code, out, err = run([broken] + g, env)
        check("an invalid form exits 2 with the JSON path", code == 2 and
              "$.controls[0]" in err and "slider" in err, (code, err))
        code, out, err = run([os.path.join(work, "missing.lambdaform")] + g, env)
        check("a missing file exits 2", code == 2, (code, err))

        wrong = dict(env, AWS_SECRET_ACCESS_KEY="not-the-secret")
        code, out, err = run([greeter, "--action", "greet"] + g, wrong)
        check("a refused request exits 4", code == 4 and "403" in err, (code, err))
    finally:
        sandbox.send_signal(signal.SIGTERM)
        try:
            sandbox.wait(timeout=20)
        except subprocess.TimeoutExpired:
            sandbox.kill()
        subprocess.run(["rm", "-rf", work], check=False)

    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
