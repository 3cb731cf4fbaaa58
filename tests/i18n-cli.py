#!/usr/bin/env python3
# i18n-cli.py: lambda-forms-cli speaks German with LANGUAGE=de, as a TAP stream
#
# The catalog is the one built in the build tree (LF_LOCALEDIR); each case runs once in
# German and once in English and looks for words of each.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys

CASES = [
    # name, arguments, expected status, German words, English words
    ("--help", ["--help"], 0,
     ["Aufruf: lambda-forms-cli BEFEHL", "Befehle:", "Eine Funktion ausführen"],
     ["Usage: lambda-forms-cli COMMAND", "Commands:", "Run a function"]),
    ("usage error", ["invoke"], 2,
     ["--function-name ist erforderlich", "Führen Sie „lambda-forms-cli invoke --help“ aus"],
     ["--function-name is required", "Run “lambda-forms-cli invoke --help”"]),
    ("validation error", ["invoke", "--function-name", "bad name", "--region", "us-east-1"], 2,
     ["„bad name“ ist kein Funktionsname", "ohne Leerzeichen"],
     ["“bad name” is not a function name", "without spaces"]),
    ("option help", ["invoke", "--help"], 0,
     ["Der Name oder ARN der Funktion", "Die Optionen anzeigen, die jeder Befehl annimmt"],
     ["The function's name or ARN", "Show the options every command takes"]),
]


def run(cli, args, language, localedir):
    env = dict(os.environ)
    for name in ("LANG", "LC_MESSAGES", "LC_ALL", "LANGUAGE"):
        env.pop(name, None)
    # No request must leave: nothing here needs credentials, and none may be found.
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        env.pop(name, None)
    env.update(LANGUAGE=language, LC_ALL="C.UTF-8", LF_LOCALEDIR=localedir)
    return subprocess.run([cli] + args, env=env, capture_output=True, text=True, timeout=60)


def main():
    cli = os.environ.get("LF_CLI")
    localedir = os.environ.get("LF_LOCALEDIR")
    if not cli or not localedir:
        print("Bail out! LF_CLI and LF_LOCALEDIR must be set: run this through `meson test`")
        return 1
    if not os.path.exists(os.path.join(localedir, "de", "LC_MESSAGES", "lambda-forms.mo")):
        print("Bail out! no German catalog under %s" % localedir)
        return 1

    print("1..%d" % (2 * len(CASES)))
    n = 0
    failed = False
    for name, args, status, german, english in CASES:
        for language, words, absent in (("de", german, english), ("en", english, german)):
            n += 1
            result = run(cli, args, language, localedir)
            output = result.stdout + result.stderr
            problems = []
            if result.returncode != status:
                problems.append("exit status %d, expected %d" % (result.returncode, status))
            problems += ["missing: %s" % w for w in words if w not in output]
            problems += ["unexpected: %s" % w for w in absent if w in output]
            print("%s %d - %s, LANGUAGE=%s" % ("not ok" if problems else "ok", n, name, language))
            for problem in problems:
                print("# " + problem)
            if problems:
                failed = True
                for line in output.splitlines():
                    print("#   | " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
