#!/usr/bin/env python3
# cli-sign-errors.py: `lambda-forms-cli sign` on bad lines, as a TAP stream
#
# One run gets bad lines between good ones. Each bad line must give an error object on its own
# output line (so the lines stay aligned) naming the problem, and a sentence on stderr; the good
# lines must still be signed right; the run must end with status 1, not a signal; and no secret
# may show up in either stream.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys

# AWS's get-vanilla case from the SigV4 test suite: a known answer that needs no botocore.
VANILLA = {
    "method": "GET",
    "url": "https://example.amazonaws.com/",
    "headers": [],
    "body_base64": "",
    "region": "us-east-1",
    "service": "service",
    "access_key_id": "AKIDEXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "amz_date": "20150830T123600Z",
}
VANILLA_AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    "SignedHeaders=host;x-amz-date, "
    "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")

# Fake, but distinctive enough to find if it leaks.
SECRET = "TESTSECRETmustNeverBePrinted/7Qx+Zw9"
SECRET_WITH_SPACE = "TESTSECRET must Never Be Printed"

GOOD = {
    "method": "POST",
    "url": "https://lambda.eu-west-3.amazonaws.com/2015-03-31/functions/my-fn/invocations",
    "headers": [["Content-Type", "application/json"]],
    "body_base64": "e30=",
    "region": "eu-west-3",
    "service": "lambda",
    "access_key_id": "AKIDTESTERRORS000001",
    "secret_access_key": SECRET,
    "amz_date": "20240229T120000Z",
}

# What botocore 1.29 gives for GOOD, so that this test runs without it.
GOOD_AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIDTESTERRORS000001/20240229/eu-west-3/lambda/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=39d32228572a40eccf8bca179fb4bd3d1b8d93069f2204502558a8f30cd937dd")


def with_(**changes):
    request = dict(GOOD)
    for key, value in changes.items():
        if value is None:
            del request[key]
        else:
            request[key] = value
    return json.dumps(request)


def without(member):
    return with_(**{member: None})


# (what is wrong, the line, words its error must hold)
BAD = [
    ("invalid JSON", with_()[:-20], ["not valid JSON"]),
    ("a JSON array, not an object", json.dumps(["GET", GOOD["url"], SECRET]),
     ["JSON object"]),
    ("a JSON string, not an object", json.dumps(SECRET), ["JSON object"]),
    ("the member region missing", without("region"), ["“region”", "missing"]),
    ("the member secret_access_key missing", without("secret_access_key"),
     ["“secret_access_key”", "missing"]),
    ("a method that is a number", with_(method=5), ["“method”", "must be a string"]),
    ("a URL without scheme",
     with_(url="lambda.eu-west-3.amazonaws.com/2015-03-31/functions"), ["no scheme"]),
    ("a URL without host", with_(url="https:///2015-03-31/functions"), ["no host"]),
    ("a URL with only a port", with_(url="https://:443/2015-03-31/functions"), ["no host"]),
    ("an invalid date", with_(amz_date="20150230T000000Z"), ["20150230T000000Z", "date"]),
    ("a date in the wrong form", with_(amz_date="2015-08-30T12:36:00Z"), ["date"]),
    ("a header name with a space", with_(headers=[["X Test", "1"]]),
     ["header name", "X Test"]),
    ("a header name with a control character", with_(headers=[["X-Test\u0001", "1"]]),
     ["header name", "control character"]),
    ("a header value with a line break", with_(headers=[["X-Test", "a\r\nX-Evil: 1"]]),
     ["X-Test", "control character"]),
    ("a header that is not a pair", with_(headers=[["X-Test"]]), ["headers[0]"]),
    ("invalid base64", with_(body_base64="e30*"), ["base64"]),
    ("base64 of a bad length", with_(body_base64="e30"), ["base64"]),
    ("a secret key with spaces", with_(secret_access_key=SECRET_WITH_SPACE),
     ["secret access key"]),
    ("an access key ID with a slash", with_(access_key_id="AKIDTEST/1"), ["access key ID"]),
    ("a region with a slash", with_(region="eu-west-3/x"), ["region"]),
]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, detail=None):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {what}")
        if not ok:
            self.failed += 1
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}")


def main():
    cli = os.environ.get("LF_CLI")
    if not cli:
        print("Bail out! LF_CLI is not set: run this through `meson test`")
        return 1

    # Good lines first, in the middle and last, and a blank line the numbering must count.
    lines = [json.dumps(VANILLA), json.dumps(GOOD)]
    lines += [line for _, line, _ in BAD[: len(BAD) // 2]]
    lines += ["", json.dumps(VANILLA)]
    lines += [line for _, line, _ in BAD[len(BAD) // 2:]]
    lines += [json.dumps(VANILLA)]

    known = {json.dumps(VANILLA): ("AWS's get-vanilla", VANILLA_AUTHORIZATION),
             json.dumps(GOOD): ("a Lambda invocation", GOOD_AUTHORIZATION)}

    result = subprocess.run([cli, "sign"], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    tap = Tap()
    print(f"1..{4 + 3 * len(BAD) + sum(line in known for line in lines)}")

    tap.check(result.returncode >= 0, "no crash", f"killed by signal {-result.returncode}")
    tap.check(result.returncode == 1, "exit status 1 when a line is bad",
              f"exit status {result.returncode}")
    tap.check(all(s not in result.stdout + result.stderr
                  for s in (SECRET, SECRET_WITH_SPACE, VANILLA["secret_access_key"])),
              "no secret key on stdout or stderr")

    outputs = result.stdout.splitlines()
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line]
    tap.check(len(outputs) == len(numbered), "one output line per non-blank input line",
              f"{len(outputs)} output lines for {len(numbered)} input lines")
    by_line = {}
    for (number, line), output in zip(numbered, outputs):
        by_line[number] = (line, output)

    stderr_lines = result.stderr.splitlines()
    for what, bad, words in BAD:
        number = next(n for n, line in numbered if line == bad)
        output = by_line.get(number, (None, "{}"))[1]
        try:
            answer = json.loads(output)
        except ValueError:
            answer = {}
        tap.check(set(answer) == {"line", "error"} and answer["line"] == number,
                  f"{what}: line {number} gives an error object", output)
        error = answer.get("error", "")
        tap.check(all(word in error for word in words),
                  f"{what}: the error names the problem", f"error: {error!r}, wants {words}")
        prefix = f"lambda-forms-cli sign: line {number}: "
        tap.check(any(s.startswith(prefix) for s in stderr_lines),
                  f"{what}: a line on stderr", result.stderr)

    for number, line in numbered:
        if line in known:
            what, authorization = known[line]
            answer = json.loads(by_line.get(number, (None, "{}"))[1])
            tap.check(answer.get("authorization") == authorization,
                      f"line {number}, {what}, is still signed right", answer)

    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
