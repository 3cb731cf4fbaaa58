#!/usr/bin/python3
"""The run history as its users meet it through lambda-forms-cli: runs recorded with their
request and answer and never a secret, found by words, eight processes writing at once, a
process killed mid-run, a damaged file kept aside, a file of the older schema brought up to
date. The real CLI against the real sandbox, on loopback. TAP.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import Sandbox, Tap, cli_env, wait_until  # noqa: E402

CLI = os.environ["LF_CLI"]

tap = Tap()

# The first schema, as the first build that had a history wrote it: a file of that age must
# open, keep its runs and become searchable.
SCHEMA_1 = """
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER,
  state TEXT NOT NULL, source TEXT NOT NULL, form_path TEXT, form_title TEXT, action TEXT,
  operation TEXT NOT NULL, account TEXT, region TEXT, endpoint TEXT, function TEXT,
  qualifier TEXT, invocation_type TEXT, request TEXT NOT NULL, payload TEXT,
  control_values TEXT, status INTEGER, function_error TEXT, error_code TEXT,
  error_message TEXT, request_id TEXT, round_trip_ms REAL, duration_ms REAL, billed_ms REAL,
  memory_used_mb REAL, init_duration_ms REAL, response TEXT, response_bytes INTEGER,
  response_truncated INTEGER NOT NULL DEFAULT 0, log_tail TEXT);
CREATE INDEX runs_started ON runs (started_at);
CREATE INDEX runs_function ON runs (function, id);
PRAGMA user_version = 1;
"""


def run(args, env, timeout=120):
    proc = subprocess.run([CLI] + args, env=env, capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def history(env, *args):
    code, out, err = run(["history", *args], env)
    if code != 0:
        raise AssertionError(f"history {' '.join(args)} exited {code}: {err}")
    return out if args[0] in ("export", "clear") else json.loads(out)


def history_file(env):
    return os.path.join(env["XDG_DATA_HOME"], "lambda-forms", "history.sqlite3")


def cases_recording(env, sandbox):
    url = sandbox.url
    code, _, err = run(["invoke", "--function-name", "greet", "--payload", '{"name": "Ada"}',
                        "--log-type", "Tail", "--endpoint-url", url, "/dev/null"], env)
    tap.check("an OUTFILE that is not a file (/dev/null) is written to, not replaced",
              code == 0 and not os.path.isfile("/dev/null") and os.path.exists("/dev/null"),
              (code, err))
    runs = history(env, "list")
    tap.check("an invoke is recorded, newest first, as succeeded",
              code == 0 and len(runs) == 1 and runs[0]["function"] == "greet" and
              runs[0]["state"] == "succeeded" and runs[0]["operation"] == "Invoke" and
              runs[0]["source"] == "cli", (code, err, runs))
    whole = history(env, "show", str(runs[0]["id"]))
    request = whole.get("request", {})
    tap.check("its record holds the payload sent and the answer",
              request.get("payload") == {"name": "Ada"} and
              json.loads(whole.get("response", "{}")) == {"greeting": "Hello, Ada!"} and
              whole.get("status") == 200 and whole.get("request_id"), whole)
    headers = {name.lower() for name in request.get("headers", {})}
    tap.check("and the request's headers, without Authorization or a token",
              "x-amz-invocation-type" in headers and "authorization" not in headers and
              "x-amz-security-token" not in headers, headers)
    tap.check("and the REPORT figures and the log", whole.get("duration_ms") is not None and
              whole.get("billed_ms") is not None and "greeting Ada" in whole.get("log_tail", ""),
              whole)

    code, _, _ = run(["--no-history", "list-functions", "--endpoint-url", url], env)
    tap.check("--no-history records nothing", code == 0 and len(history(env, "list")) == 1)
    code, _, _ = run(["get-function", "--function-name", "nope", "--endpoint-url", url], env)
    failed = history(env, "list", "--status", "failed")
    tap.check("a failure is recorded with AWS's code",
              code != 0 and len(failed) == 1 and
              failed[0]["error_code"] == "ResourceNotFoundException", failed)

    # Eight processes at once: nothing lost, every row complete.
    procs = [subprocess.Popen([CLI, "invoke", "--function-name", "echo", "--payload",
                               json.dumps({"writer": i}), "--endpoint-url", url, "/dev/null"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for i in range(8)]
    codes = [p.wait(timeout=120) for p in procs]
    echoes = history(env, "list", "--function", "echo", "--limit", "100")
    writers = sorted(json.loads(history(env, "show", str(r["id"]))["payload"])["writer"]
                     for r in echoes)
    tap.check("eight CLI processes write at once and no run is lost",
              codes == [0] * 8 and writers == list(range(8)) and
              all(r["state"] == "succeeded" for r in echoes), (codes, writers))

    found = history(env, "list", "--search", "Ada")
    tap.check("words are found in payloads and answers",
              [r["function"] for r in found] == ["greet"], found)
    found = history(env, "list", "--search", 'Ada" OR "x')
    tap.check("and search text can hold quotes and operators without breaking the query",
              found == [], found)
    form = os.path.join(os.environ["LF_SOURCE_ROOT"], "data", "examples", "greeter.lambdaform")
    code, _, err = run(["run", form, "--set", "name=Grace", "--action", "greet",
                        "--endpoint-url", url], env)
    latest = history(env, "list", "--limit", "1")[0]
    whole = history(env, "show", str(latest["id"]))
    tap.check("a form run from the CLI is recorded with its form, action and values",
              code == 0 and latest["form_title"] == "Greeter" and latest["action"] == "greet" and
              latest["form_path"] == form and whole["control_values"].get("name") == "Grace" and
              json.loads(whole["response"]) == {"greeting": "Hello, Grace!"},
              (code, err, whole))

    cases_commands(env, greet_id=runs[0]["id"], grace_id=latest["id"])

    lines = history(env, "export").strip().splitlines()
    every = history(env, "list", "--limit", "1000")
    tap.check("export prints every run, a JSON object a line, oldest first",
              len(lines) == len(every) > 10 and json.loads(lines[0])["function"] == "greet" and
              json.loads(lines[-1])["id"] == every[0]["id"], len(lines))

    # No secret anywhere in the file, whatever page it sits on.
    blobs = b""
    for suffix in ("", "-wal"):
        path = history_file(env) + suffix
        if os.path.exists(path):
            with open(path, "rb") as f:
                blobs += f.read()
    tap.check("the file holds neither the secret key nor the key id",
              sandbox.secret.encode() not in blobs and sandbox.key_id.encode() not in blobs and
              len(blobs) > 0, len(blobs))


def shell(command, env, cwd):
    proc = subprocess.run(["bash", "-c", command], env=env, cwd=cwd, capture_output=True,
                          timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def cases_commands(env, greet_id, grace_id):
    """Copy as command: what the AWS CLI, curl and lambda-forms-cli send is the same call."""
    recorded = json.loads(history(env, "show", str(greet_id))["response"])
    work = tempfile.mkdtemp(prefix="lf-history-commands-")
    shell_env = dict(env, PATH=os.path.dirname(CLI) + ":" + env["PATH"])
    try:
        code, aws, err = run(["history", "show", str(greet_id), "--as", "aws"], env)
        tap.check("as an AWS CLI command, with the payload as JSON and no secret",
                  code == 0 and aws.startswith("aws lambda invoke") and
                  "raw-in-base64-out" in aws and env["AWS_SECRET_ACCESS_KEY"] not in aws, aws)
        # Debian's AWS CLI is version 1: it reads --payload as the raw text already and knows no
        # --cli-binary-format, which version 2 needs for the same call.
        code, version, _ = shell("aws --version", shell_env, work)
        if (version or _).startswith("aws-cli/1."):
            aws = aws.replace(" --cli-binary-format raw-in-base64-out", "")
        code, _, err = shell(aws, shell_env, work)
        answered = None
        if os.path.exists(os.path.join(work, "response.json")):
            with open(os.path.join(work, "response.json")) as f:
                answered = json.load(f)
        tap.check("which the AWS CLI runs to the same answer",
                  code == 0 and answered == recorded, (code, err, answered))

        code, curl, err = run(["history", "show", str(greet_id), "--as", "curl"], env)
        tap.check("as curl --aws-sigv4, credentials from the environment",
                  code == 0 and "--aws-sigv4" in curl and "$AWS_SECRET_ACCESS_KEY" in curl and
                  env["AWS_SECRET_ACCESS_KEY"] not in curl, curl)
        code, out, err = shell(curl, shell_env, work)
        tap.check("which curl runs to the same answer",
                  code == 0 and json.loads(out or "null") == recorded, (code, out, err))

        code, line, err = run(["history", "show", str(greet_id), "--as", "cli"], env)
        code, out, err = shell(line, shell_env, work)
        tap.check("and as lambda-forms-cli, to the same answer",
                  code == 0 and json.loads(out)["Payload"] == recorded, (line, code, err))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    before = len(history(env, "list", "--limit", "1000"))
    code, out, err = run(["history", "rerun", str(grace_id)], env)
    rerun = history(env, "list", "--limit", "1")[0]
    tap.check("rerun sends the recorded call again and records it anew",
              code == 0 and json.loads(out)["Payload"] == {"greeting": "Hello, Grace!"} and
              len(history(env, "list", "--limit", "1000")) == before + 1 and
              rerun["function"] == "greet" and rerun["id"] > grace_id, (code, out, err))
    code, out, err = run(["history", "rerun", str(grace_id), "--profile", "production"], env)
    tap.check("with another account it asks first (--yes), sending nothing",
              code == 2 and "--yes" in err and
              len(history(env, "list", "--limit", "1000")) == before + 1, (code, err))

    diff = history(env, "diff", str(greet_id), str(grace_id))
    tap.check("diff names what changed between two answers, by path",
              diff["changes"] == [{"path": "$.greeting", "change": "changed",
                                   "before": "Hello, Ada!", "after": "Hello, Grace!"}], diff)
    diff = history(env, "diff", "--request", str(greet_id), str(greet_id))
    tap.check("and a run compared with itself has no change", diff["changes"] == [], diff)


def cases_killed(env, sandbox):
    proc = subprocess.Popen([CLI, "invoke", "--function-name", "slow", "--payload",
                             '{"seconds": 5}', "--endpoint-url", sandbox.url, "/dev/null"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: history(env, "list", "--status", "running"), "the run's first row")
    finally:
        proc.kill()
        proc.wait()
    running = history(env, "list", "--status", "running")
    tap.check("a CLI killed mid-run leaves its run as running",
              len(running) == 1 and running[0]["function"] == "slow", running)
    with sqlite3.connect(history_file(env)) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
    tap.check("and the file whole", check == "ok", check)


def cases_damaged(env):
    path = history_file(env)
    with open(path, "wb") as f:
        f.write(b"this is not a database, but somebody's notes\n" * 100)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    code, out, err = run(["history", "list"], env)
    aside = [name for name in os.listdir(os.path.dirname(path)) if ".damaged-" in name and
             not name.endswith(("-wal", "-shm"))]
    kept = b""
    if aside:
        with open(os.path.join(os.path.dirname(path), aside[0]), "rb") as f:
            kept = f.read()
    tap.check("a damaged file is moved aside, kept whole, and a new one started",
              code == 0 and json.loads(out) == [] and len(aside) == 1 and
              kept.startswith(b"this is not a database"), (code, err, aside))
    tap.check("and the message says where it went", aside and aside[0] in err, err)


def cases_migration(env):
    path = history_file(env)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA_1)
        db.execute("INSERT INTO runs (started_at, state, source, operation, function, request,"
                   " payload, response) VALUES (1700000000000000, 'succeeded', 'cli', 'Invoke',"
                   " 'old-fn', '{}', '{\"needle\": 1}', '{\"ok\": true}')")
    found = history(env, "list", "--search", "needle")
    with sqlite3.connect(path) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    tap.check("a file of the first schema keeps its runs and becomes searchable",
              [r["function"] for r in found] == ["old-fn"] and version == 2, (found, version))
    history(env, "clear")
    tap.check("history clear forgets every run", history(env, "list") == [])


def main():
    work = tempfile.mkdtemp(prefix="lf-history-")
    sandbox = Sandbox("--functions", os.path.join(os.environ["LF_SOURCE_ROOT"], "data",
                                                  "sandbox", "functions"))
    try:
        env = cli_env(sandbox, work)
        for group in (lambda: cases_recording(env, sandbox), lambda: cases_killed(env, sandbox),
                      lambda: cases_damaged(env), lambda: cases_migration(env)):
            try:
                group()
            except Exception as error:  # one broken group must not hide the others
                tap.check(f"a group of cases ran to its end ({error})", False)
    finally:
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
