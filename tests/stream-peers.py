#!/usr/bin/python3
"""Streamed answers as other clients and people meet them: boto3's own
invoke_with_response_stream against the sandbox (the AWS CLI has no streaming command), and
lambda-forms-cli invoke-with-response-stream printing each piece as it comes. The real
programs on loopback. TAP.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lftest import Sandbox, Tap, cli_env  # noqa: E402

CLI = os.environ["LF_CLI"]

tap = Tap()


def cases_boto3(sandbox, work):
    import boto3
    client = boto3.client("lambda", region_name=sandbox.region, endpoint_url=sandbox.url,
                          aws_access_key_id=sandbox.key_id,
                          aws_secret_access_key=sandbox.secret,
                          aws_session_token=sandbox.token)
    answer = client.invoke_with_response_stream(
        FunctionName="stream", Payload=json.dumps({"lines": 3, "interval": 0.01}), LogType="Tail")
    events = list(answer["EventStream"])
    chunks = [e["PayloadChunk"]["Payload"] for e in events if "PayloadChunk" in e]
    complete = [e["InvokeComplete"] for e in events if "InvokeComplete" in e]
    tap.check("boto3 reads the sandbox's stream: three chunks, then InvokeComplete with the log",
              chunks == [b"line 1 of 3\n", b"line 2 of 3\n", b"line 3 of 3\n"] and
              len(complete) == 1 and "LogResult" in complete[0] and
              answer["ExecutedVersion"] == "$LATEST", events)
    answer = client.invoke_with_response_stream(
        FunctionName="stream", Payload=json.dumps({"lines": 3, "interval": 0.01,
                                                   "fail_after": 1}))
    events = list(answer["EventStream"])
    tap.check("an error after the first line is in InvokeComplete's ErrorCode and ErrorDetails",
              events[-1].get("InvokeComplete", {}).get("ErrorCode") == "RuntimeError" and
              "stopped after 1 lines" in events[-1]["InvokeComplete"].get("ErrorDetails", ""),
              events)
    try:
        client.invoke_with_response_stream(FunctionName="nobody", Payload=b"{}")
        refused = False
    except client.exceptions.ResourceNotFoundException:
        refused = True
    tap.check("an unknown function is a plain error, before any stream", refused)


def cases_cli(sandbox, env, work):
    marker = os.path.join(work, "first-line-read")
    payload = json.dumps({"lines": 2, "interval": 0.01, "wait_for": marker})
    proc = subprocess.Popen([CLI, "invoke-with-response-stream", "--function-name", "stream",
                             "--payload", payload], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # The function waits after its first line until this file exists: a CLI that printed only
    # at the end would never get there.
    first = proc.stdout.readline()
    with open(marker, "w", encoding="utf-8"):
        pass
    rest, err = proc.communicate(timeout=60)
    figures = json.loads(err.decode()) if proc.returncode == 0 else {}
    tap.check("the CLI prints each piece as it arrives",
              first == b"line 1 of 2\n" and rest == b"line 2 of 2\n" and proc.returncode == 0,
              (first, rest, err))
    tap.check("then the run's figures on standard error, with the stream's",
              figures.get("Stream", {}).get("Chunks") == 2 and
              figures["Stream"].get("FirstChunkMs", 0) > 0, figures)
    code = subprocess.run([CLI, "invoke-with-response-stream", "--function-name", "stream",
                           "--payload", json.dumps({"lines": 2, "interval": 0.01,
                                                    "fail_after": 1})],
                          env=env, capture_output=True, timeout=60)
    tap.check("a function that fails mid-stream: what came is printed, exit status 5",
              code.returncode == 5 and code.stdout == b"line 1 of 2\n" and
              b"stopped after 1 lines" in code.stderr, (code.returncode, code.stdout, code.stderr))
    history = subprocess.run([CLI, "history", "list", "--function", "stream"], env=env,
                             capture_output=True, timeout=60)
    runs = json.loads(history.stdout) if history.returncode == 0 else []
    tap.check("streamed runs are in the run history", len(runs) >= 2 and
              runs[0]["operation"] == "InvokeWithResponseStream", runs[:2])


def main():
    work = tempfile.mkdtemp(prefix="lf-stream-")
    sandbox = Sandbox("--functions", os.path.join(os.environ["LF_SOURCE_ROOT"], "data",
                                                  "sandbox", "functions"))
    try:
        env = cli_env(sandbox, work, endpoint=True)
        for group in (lambda: cases_boto3(sandbox, work), lambda: cases_cli(sandbox, env, work)):
            try:
                group()
            except Exception as error:  # one broken group must not hide the others
                tap.check(f"a group of cases ran to its end ({error!r})", False)
    finally:
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
