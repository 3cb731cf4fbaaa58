#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret leaks: runs lambda-forms-cli's account commands with distinctive test secrets
(given on standard input, as a person would pipe them), at full debug output, against the
local sandbox; then scans every file written under the temporary XDG folders and HOME, and
everything printed, for those secrets. Runs inside tests/with-keyring.sh (a private keyring).
TAP output.
"""
import base64
import os
import sqlite3
import subprocess
import sys
import tempfile

CLI = os.environ["LF_CLI"]
SANDBOX = os.environ["LF_SANDBOX"]
SECRETS = {
    "secret access key": "scan-secret-Zq81-unique",
    "session token": "scan-token-Zq82-unique",
    "key passphrase": "scan-pass-Zq83-unique",
}

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def main():
    work = tempfile.mkdtemp(prefix="lf-secret-scan-")
    env = dict(os.environ)
    env.update({
        "XDG_CONFIG_HOME": os.path.join(work, "config"),
        "XDG_DATA_HOME": os.path.join(work, "data"),
        "XDG_CACHE_HOME": os.path.join(work, "cache"),
        "HOME": os.path.join(work, "home"),
        "G_MESSAGES_DEBUG": "all",
        "AWS_CONFIG_FILE": os.path.join(work, "home", "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(work, "home", "aws-credentials"),
    })
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        env.pop(name, None)
    os.makedirs(env["HOME"])

    sandbox = subprocess.Popen([SANDBOX, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    url = sandbox.stdout.readline().strip()
    outputs = []

    def cli(*args, stdin=None):
        proc = subprocess.run([CLI, *args, "--debug"], env=env, capture_output=True, text=True,
                              input=stdin, timeout=120)
        outputs.append((" ".join(args), proc.stdout + proc.stderr))
        return proc

    try:
        check("the sandbox prints its endpoint", url.startswith("http://127.0.0.1:"), url)

        p = cli("accounts", "add", "scanned", "--type", "access-key", "--region", "us-east-1",
                "--endpoint", url, "--access-key-id", "AKIDSCANTEST", "--secret-stdin",
                "--with-session-token",
                stdin=f"{SECRETS['secret access key']}\n{SECRETS['session token']}\n")
        check("add an access-key account, secrets from stdin", p.returncode == 0, p.stderr)

        p = cli("accounts", "add", "local", "--type", "sandbox", "--endpoint", url, "--default")
        check("add the sandbox account", p.returncode == 0, p.stderr)

        p = cli("accounts", "add", "anywhere", "--type", "roles-anywhere", "--region", "us-west-2",
                "--trust-anchor-arn",
                "arn:aws:rolesanywhere:us-west-2:123456789012:trust-anchor/t",
                "--profile-arn", "arn:aws:rolesanywhere:us-west-2:123456789012:profile/p",
                "--role-arn", "arn:aws:iam::123456789012:role/R",
                "--certificate-path", os.path.join(work, "missing.crt"),
                "--private-key-path", os.path.join(work, "missing.key"),
                "--with-passphrase", "--secret-stdin",
                stdin=SECRETS["key passphrase"] + "\n")
        check("add a roles-anywhere account with a key passphrase", p.returncode == 0, p.stderr)

        p = cli("accounts", "add", "bad name", "--type", "sandbox", "--endpoint", url)
        check("a name with a space is refused", p.returncode == 2, p.stderr)

        p = cli("accounts", "list")
        check("list names every account",
              all(n in p.stdout for n in ("scanned", "local", "anywhere")), p.stdout)

        p = cli("accounts", "show", "scanned")
        check("show says the secret is in the keyring",
              p.returncode == 0 and "in the keyring" in p.stdout, p.stdout + p.stderr)

        p = cli("accounts", "test", "local")
        check("test the sandbox account", p.returncode == 0 and "works" in p.stdout,
              p.stdout + p.stderr)

        p = cli("accounts", "test", "scanned")
        check("test reports the refused identity",
              p.returncode == 4 and "identity" in p.stderr, p.stdout + p.stderr)

        p = cli("accounts", "test", "anywhere")
        check("test reports the certificate problem",
              p.returncode == 3 and "missing.crt" in p.stderr, p.stdout + p.stderr)

        p = cli("list-functions", "--account", "local")
        check("--account on a Lambda command", p.returncode == 0 and "Functions" in p.stdout,
              p.stdout + p.stderr)

        p = cli("list-functions", "--account", "local", "--region", "eu-west-1")
        check("--region wins over the account's", p.returncode == 4, p.stdout + p.stderr)

        p = cli("list-functions", "--account", "nobody")
        check("an unknown --account is a usage error", p.returncode == 2, p.stderr)

        p = cli("accounts", "remove", "scanned")
        check("remove", p.returncode == 0, p.stderr)
        p = cli("accounts", "show", "scanned")
        check("a removed account is gone", p.returncode == 2, p.stderr)
    finally:
        sandbox.terminate()
        try:
            sandbox.wait(timeout=20)
        except subprocess.TimeoutExpired:
            sandbox.kill()

    # Every secret, as text and as the base64 a careless log might print.
    needles = {}
    for what, value in SECRETS.items():
        needles[value.encode()] = what
        needles[base64.b64encode(value.encode())] = what + " (base64)"

    leaks = []
    files = 0
    for root, _dirs, names in os.walk(work):
        for name in names:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            files += 1
            for needle, what in needles.items():
                if needle in data:
                    leaks.append(f"{what} in {path}")
    for command, text in outputs:
        for needle, what in needles.items():
            if needle.decode() in text:
                leaks.append(f"{what} in the output of “{command}”")

    check(f"the settings file was written ({files} files scanned)",
          os.path.exists(os.path.join(work, "config", "lambda-forms", "accounts.json")))
    # The run history keeps every call these commands made: its file, and its write-ahead log,
    # are among the files scanned.
    history = os.path.join(work, "data", "lambda-forms", "history.sqlite3")
    with sqlite3.connect(history) as db:
        recorded = db.execute("SELECT count (*) FROM runs").fetchone()[0]
    check(f"the run history was written and scanned ({recorded} runs)", recorded > 0)
    check(f"no test secret in any file or output ({len(outputs)} commands)", not leaks,
          "\n".join(leaks))

    subprocess.run(["rm", "-rf", work])
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
