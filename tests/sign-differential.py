#!/usr/bin/env python3
# sign-differential.py: our SigV4 signer against botocore's, on random Lambda requests
#
# Makes LF_DIFF_COUNT (default 1000) requests from the seed LF_DIFF_SEED, signs them all in one
# run of `$LF_CLI sign`, signs them again with botocore's SigV4Auth and compares the canonical
# request, the string to sign, the signed headers and the Authorization header byte for byte,
# and the headers to send.
#
# The wire form the generator writes is already canonical (paths and queries percent-encoded
# with upper-case hex, everything but A-Za-z0-9-_.~ encoded), because botocore copies the raw
# query as it is while our signer re-encodes it. Exit status: 0 all agree, 1 a disagreement,
# 77 botocore missing (1 when CI is set).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import datetime
import difflib
import json
import os
import random
import string
import subprocess
import sys
from urllib.parse import quote

DEFAULT_SEED = 20150331
MAX_DUMPS = 5
FIELDS = ("canonical_request", "string_to_sign", "signed_headers", "authorization")

try:
    import botocore
    from botocore.auth import SigV4Auth, _host_from_url
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:
    print(f"botocore is not importable from {sys.executable} ({error}): "
          "set the meson option botocore_python to a Python that has it", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") else 77)

# Partitions differ in endpoint suffix; the signer only sees the region, but the host header
# is signed too.
PARTITIONS = {
    "aws": ("amazonaws.com", ["us-east-1", "us-east-2", "us-west-2", "eu-central-1",
                              "eu-west-3", "ap-northeast-1", "ap-southeast-2", "sa-east-1",
                              "af-south-1", "il-central-1"]),
    "aws-cn": ("amazonaws.com.cn", ["cn-north-1", "cn-northwest-1"]),
    "aws-us-gov": ("amazonaws.com", ["us-gov-west-1", "us-gov-east-1"]),
    "aws-iso": ("c2s.ic.gov", ["us-iso-east-1"]),
    "aws-iso-b": ("sc2s.sgov.gov", ["us-isob-east-1"]),
}

# (methods, path template): {fn} is a function name, ARN or qualified name as the API takes it.
ROUTES = [
    ("GET POST", "/2015-03-31/functions"),
    ("GET POST", "/2015-03-31/functions/"),
    ("GET DELETE", "/2015-03-31/functions/{fn}"),
    ("POST", "/2015-03-31/functions/{fn}/invocations"),
    ("GET", "/2015-03-31/functions/{fn}/configuration"),
    ("GET POST", "/2015-03-31/functions/{fn}/versions"),
    ("GET POST", "/2015-03-31/functions/{fn}/aliases"),
    ("GET DELETE", "/2015-03-31/functions/{fn}/aliases/{alias}"),
    ("GET POST", "/2015-03-31/functions/{fn}/policy"),
    ("DELETE", "/2015-03-31/functions/{fn}/policy/{sid}"),
    ("GET", "/2015-03-31/event-source-mappings/"),
    ("GET DELETE", "/2015-03-31/event-source-mappings/{uuid}"),
    ("POST", "/2014-11-13/functions/{fn}/invoke-async/"),
    ("GET DELETE", "/2017-03-31/functions/{fn}/concurrency"),
    ("GET POST DELETE", "/2017-03-31/tags/{arn}"),
    ("GET DELETE", "/2017-10-31/functions/{fn}/concurrency"),
    ("GET", "/2018-10-31/layers"),
    ("GET POST", "/2018-10-31/layers/{layer}/versions"),
    ("GET DELETE", "/2018-10-31/layers/{layer}/versions/{version}"),
    ("GET DELETE", "/2019-09-25/functions/{fn}/event-invoke-config"),
    ("GET DELETE", "/2019-09-30/functions/{fn}/provisioned-concurrency"),
    ("GET POST DELETE", "/2021-10-31/functions/{fn}/url"),
    ("GET", "/2016-08-19/account-settings/"),
]

NAME_CHARS = string.ascii_letters + string.digits + "-_"
RESERVED = " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}"
NON_ASCII = ["é", "ü", "ñ", "λ", "Ω", "函数", "ß", "ø", "🚀", "\u00ad", "日本"]
B64_CHARS = string.ascii_letters + string.digits + "+/"


def wire(text):
    """Percent-encodes every byte that is not unreserved, with upper-case hex."""
    return quote(text, safe="")


def random_name(rng, lo=1, hi=64):
    return "".join(rng.choice(NAME_CHARS) for _ in range(rng.randint(lo, hi)))


def odd_text(rng, n):
    """Text mixing name characters, reserved ASCII and non-ASCII."""
    pool = [NAME_CHARS, RESERVED, "~."]
    out = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.5:
            out.append(rng.choice(pool[0]))
        elif pick < 0.8:
            out.append(rng.choice(pool[1]))
        elif pick < 0.9:
            out.append(rng.choice(pool[2]))
        else:
            out.append(rng.choice(NON_ASCII))
    return "".join(out)


def random_account(rng):
    return "".join(rng.choice(string.digits) for _ in range(12))


def random_function(rng, partition, region):
    """A function as the API's FunctionName takes it, not yet encoded."""
    name = random_name(rng)
    kind = rng.random()
    if kind < 0.35:
        return name
    if kind < 0.50:
        arn = f"arn:{partition}:lambda:{region}:{random_account(rng)}:function:{name}"
        return arn + rng.choice(["", "", ":$LATEST", ":prod", ":7"])
    if kind < 0.60:
        return f"{random_account(rng)}:function:{name}"
    if kind < 0.70:
        return f"{name}:{random_name(rng, 1, 20)}"
    if kind < 0.78:
        return f"{name}:$LATEST"
    return odd_text(rng, rng.randint(1, 24))


def random_path(rng, template, partition, region):
    fields = {
        "fn": lambda: random_function(rng, partition, region),
        "alias": lambda: rng.choice(["prod", "$LATEST", random_name(rng, 1, 20),
                                     odd_text(rng, 6)]),
        "sid": lambda: rng.choice([random_name(rng, 1, 30), odd_text(rng, 8)]),
        "uuid": lambda: "%08x-%04x-%04x-%04x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16),
            rng.getrandbits(16), rng.getrandbits(48)),
        "arn": lambda: (f"arn:{partition}:lambda:{region}:{random_account(rng)}"
                        f":function:{random_name(rng)}"),
        "layer": lambda: rng.choice([random_name(rng), odd_text(rng, 10)]),
        "version": lambda: str(rng.randint(1, 999)),
    }
    path = template
    for field, make in fields.items():
        token = "{" + field + "}"
        while token in path:
            path = path.replace(token, wire(make()), 1)

    # A few paths a proxy or a careless caller could send: both signers normalise them.
    odd = rng.random()
    if odd < 0.02:
        path = path.replace("/", "//", 1)
    elif odd < 0.04:
        path = "/2015-03-31/./functions/../functions/" + path.rsplit("/", 1)[-1]
    elif odd < 0.05:
        path = "/" + "/".join(random_name(rng, 1, 3) for _ in range(rng.randint(60, 90))) + "/"
    elif odd < 0.06:
        path = ""
    return path


def random_query(rng):
    pairs = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
        kind = rng.random()
        if kind < 0.2:
            pairs.append(("Qualifier", rng.choice(["$LATEST", "prod", str(rng.randint(1, 99)),
                                                   random_name(rng, 1, 20)])))
        elif kind < 0.35:
            marker = "".join(rng.choice(B64_CHARS) for _ in range(rng.randint(8, 60)))
            pairs.append(("Marker", marker + "=" * rng.randint(0, 2)))
        elif kind < 0.5:
            pairs.append(("MaxItems", str(rng.randint(1, 10000))))
        elif kind < 0.6:
            pairs.append(("FunctionVersion", "ALL"))
        elif kind < 0.65:
            pairs.append(("MasterRegion", rng.choice(["ALL", "us-east-1", "eu-west-1"])))
        elif kind < 0.75:
            # Repeated keys sort by value.
            key = rng.choice(["Tag", "Marker", "x"])
            for _ in range(rng.randint(2, 4)):
                pairs.append((key, rng.choice(["", "b", "a", random_name(rng, 1, 5)])))
        elif kind < 0.85:
            pairs.append((rng.choice(["Marker", "Qualifier", "Empty"]), ""))
        else:
            pairs.append((odd_text(rng, rng.randint(1, 8)), odd_text(rng, rng.randint(0, 16))))
    if rng.random() < 0.02:
        # More pairs than the signer keeps on its stack.
        pairs += [("Tag", str(i)) for i in range(rng.randint(17, 40))]
    rng.shuffle(pairs)

    parts = []
    for key, value in pairs:
        if value == "" and rng.random() < 0.3:
            parts.append(wire(key))     # "key" and "key=" are one and the same
        else:
            parts.append(f"{wire(key)}={wire(value)}")
    query = "&".join(parts)
    if not query:
        return "?" if rng.random() < 0.03 else ""
    return "?" + query


def random_host(rng, partition, region):
    suffix = PARTITIONS[partition][0]
    host = f"lambda.{region}.{suffix}"
    kind = rng.random()
    if kind < 0.6:
        return "https://" + host
    if kind < 0.68:
        return "https://" + host + ":443"
    if kind < 0.74:
        return "https://" + "".join(c.upper() if rng.random() < 0.5 else c for c in host)
    if kind < 0.8:
        return "http://" + host + rng.choice(["", ":80"])
    if kind < 0.85:
        return "https://" + host + ":8443"
    if kind < 0.9 and partition == "aws-us-gov":
        return f"https://lambda-fips.{region}.{suffix}"
    return rng.choice(["http://localhost:9001", "http://127.0.0.1:3001",
                       "http://[::1]:9001", "http://LocalHost:9001"])


def spaced(rng, text):
    """The value with leading, trailing and inner runs of spaces."""
    words = text.split(" ")
    out = " " * rng.randint(0, 3)
    for i, word in enumerate(words):
        if i > 0:
            out += " " * rng.randint(1, 4)
        out += word
    return out + " " * rng.randint(0, 3)


def random_headers(rng, host_url, body):
    headers = []
    if body or rng.random() < 0.3:
        headers.append(("Content-Type", rng.choice([
            "application/json", "application/x-amz-json-1.1", "application/octet-stream",
            "application/json; charset=utf-8", "text/plain"])))
    if rng.random() < 0.4:
        headers.append(("X-Amz-Invocation-Type",
                        rng.choice(["RequestResponse", "Event", "DryRun"])))
    if rng.random() < 0.3:
        headers.append(("X-Amz-Log-Type", rng.choice(["None", "Tail"])))
    if rng.random() < 0.2:
        context = {"custom": {"app": "LambdaForms", "n": rng.randint(0, 9)},
                   "env": {"locale": "en_GB"}}
        headers.append(("X-Amz-Client-Context",
                        base64.b64encode(json.dumps(context).encode()).decode()))
    for _ in range(rng.randint(0, 3)):
        words = [rng.choice([random_name(rng, 1, 8), "λ", "café", "a,b", "x=y;z", "\"q\""])
                 for _ in range(rng.randint(0, 4))]
        headers.append((f"X-Test-{random_name(rng, 1, 10)}", spaced(rng, " ".join(words))))
    if rng.random() < 0.2:
        # Repeated names, in varied case: one canonical line, values in the order sent.
        name = "X-Test-Repeat"
        for _ in range(rng.randint(2, 4)):
            headers.append((rng.choice([name, name.lower(), name.upper()]),
                            spaced(rng, random_name(rng, 0, 6))))
    if rng.random() < 0.05:
        headers.append(("X-Test-Tchars!#$%&'*+.^_`|~", "odd but legal name"))
    if rng.random() < 0.1:
        headers.append(("Accept", "application/json"))
    if rng.random() < 0.1:
        headers.append(("Content-Length", str(len(body))))
    if rng.random() < 0.05:
        headers.append(("Host", host_url.split("://", 1)[1]))
    # Stale ones from a retry: both signers drop them (the token only when signing with one).
    if rng.random() < 0.05:
        headers.append(("X-Amz-Date", "20000101T000000Z"))
    if rng.random() < 0.05:
        headers.append(("Authorization", "AWS4-HMAC-SHA256 stale"))
    if rng.random() < 0.05:
        headers.append(("X-Amz-Security-Token", "stale-token"))
    rng.shuffle(headers)
    return headers


def random_body(rng):
    kind = rng.random()
    if kind < 0.45:
        return b""
    if kind < 0.8:
        payload = {"name": random_name(rng, 1, 12), "n": rng.randint(-5, 10 ** 6),
                   "text": odd_text(rng, rng.randint(0, 30)), "ok": rng.random() < 0.5}
        return json.dumps(payload, ensure_ascii=rng.random() < 0.5).encode()
    return rng.randbytes(rng.randint(1, 4096))


def random_credentials(rng):
    key_id = "AKIDTEST" + "".join(rng.choice(string.ascii_uppercase + string.digits)
                                  for _ in range(12))
    secret = "TESTSECRET" + "".join(rng.choice(B64_CHARS + "!#-_.~")
                                    for _ in range(30))
    kind = rng.random()
    if kind < 0.45:
        token = None
    elif kind < 0.5:
        token = ""      # an empty token is no token
    else:
        token = "FAKETOKEN" + "".join(rng.choice(B64_CHARS) for _ in range(rng.randint(40, 400)))
    return key_id, secret, token


def random_date(rng):
    start = datetime.datetime(1970, 1, 1)
    end = datetime.datetime(2099, 12, 31, 23, 59, 59)
    if rng.random() < 0.1:
        moment = rng.choice([start, end, datetime.datetime(2024, 2, 29, 12, 0, 0),
                             datetime.datetime(2015, 8, 30, 12, 36, 0)])
    else:
        moment = start + datetime.timedelta(
            seconds=rng.randint(0, int((end - start).total_seconds())))
    return moment.strftime("%Y%m%dT%H%M%SZ")


def generate(rng, count):
    # Small pools reused now and then, so that the signer's key cache hits and evicts.
    credential_pool = [random_credentials(rng) for _ in range(6)]
    date_pool = [random_date(rng) for _ in range(3)]

    requests = []
    for _ in range(count):
        partition = rng.choice(list(PARTITIONS))
        region = rng.choice(PARTITIONS[partition][1])
        methods, template = rng.choice(ROUTES)
        method = rng.choice(methods.split())
        host_url = random_host(rng, partition, region)
        url = host_url + random_path(rng, template, partition, region) + random_query(rng)
        body = random_body(rng) if method == "POST" or rng.random() < 0.1 else b""
        key_id, secret, token = (rng.choice(credential_pool) if rng.random() < 0.3
                                 else random_credentials(rng))
        request = {
            "method": method,
            "url": url,
            "headers": [list(h) for h in random_headers(rng, host_url, body)],
            "region": region,
            "service": "lambda",
            "access_key_id": key_id,
            "secret_access_key": secret,
            "amz_date": rng.choice(date_pool) if rng.random() < 0.3 else random_date(rng),
        }
        # The CLI takes a missing member and null alike; try both.
        if body or rng.random() < 0.5:
            request["body_base64"] = base64.b64encode(body).decode()
        if token is not None:
            request["session_token"] = token
        elif rng.random() < 0.5:
            request["session_token"] = None
        requests.append(request)
    return requests


def botocore_sign(request):
    body = base64.b64decode(request.get("body_base64") or "")
    credentials = Credentials(request["access_key_id"], request["secret_access_key"],
                              request.get("session_token") or None)
    aws_request = AWSRequest(method=request["method"], url=request["url"], data=body)
    for name, value in request["headers"]:
        # HTTPHeaders appends on assignment, so repeated names stay repeated.
        aws_request.headers[name] = value
    auth = SigV4Auth(credentials, request["service"], request["region"])

    # add_auth() reads the clock; this is the rest of it, with the request's date.
    aws_request.context["timestamp"] = request["amz_date"]
    auth._modify_request_before_signing(aws_request)
    canonical_request = auth.canonical_request(aws_request)
    string_to_sign = auth.string_to_sign(aws_request, canonical_request)
    signed_headers = auth.signed_headers(auth.headers_to_sign(aws_request))
    signature = auth.signature(string_to_sign, aws_request)
    auth._inject_signature_to_request(aws_request, signature)

    return {
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signed_headers": signed_headers,
        "authorization": aws_request.headers["Authorization"],
        "headers": [[name, value] for name, value in aws_request.headers.items()],
    }


def sent_headers(request, ours):
    """Our wire headers as botocore would have them: it leaves Host to the HTTP client."""
    sent = ours.get("headers", [])
    if any(name.lower() == "host" for name, _ in request["headers"]):
        return sent
    added = [h for h in sent if h[0] == "Host"]
    if added != [["Host", _host_from_url(request["url"])]]:
        return sent     # a missing or wrong Host shows up in the comparison
    return [h for h in sent if h[0] != "Host"]


def dump(index, line, request, ours, theirs):
    print(f"--- request {index + 1} disagrees with botocore:")
    print(line)
    for field in FIELDS:
        a = ours.get(field)
        b = theirs[field]
        if a == b:
            continue
        print(f"  {field}: ours {a!r}")
        print(f"  {field}: botocore {b!r}")
        if isinstance(a, str) and "\n" in b:
            for diff_line in difflib.unified_diff(b.splitlines(), a.splitlines(),
                                                  "botocore", "ours", lineterm="", n=1):
                print("    " + diff_line)
    if sent_headers(request, ours) != theirs["headers"]:
        print(f"  headers sent: ours {ours.get('headers')!r}")
        print(f"  headers sent: botocore (less Host) {theirs['headers']!r}")
    if "error" in ours:
        print(f"  ours failed: {ours['error']}")


def main():
    cli = os.environ.get("LF_CLI")
    if not cli:
        print("LF_CLI is not set: run this through `meson test`", file=sys.stderr)
        return 1

    seed = int(os.environ.get("LF_DIFF_SEED", DEFAULT_SEED))
    count = int(os.environ.get("LF_DIFF_COUNT", 1000))
    print(f"seed {seed} (set LF_DIFF_SEED to change it), botocore {botocore.__version__}")

    rng = random.Random(seed)
    requests = generate(rng, count)
    # Alternate escaped and raw UTF-8 so both reach the CLI's JSON parser.
    lines = [json.dumps(r, ensure_ascii=rng.random() < 0.5) for r in requests]

    result = subprocess.run([cli, "sign"], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    if result.returncode < 0:
        print(f"{cli} sign died of signal {-result.returncode}")
        return 1
    # Every line is good, so anything on stderr (a warning, a sanitizer's report) is wrong.
    if result.stderr:
        print(f"{cli} sign wrote to stderr:\n{result.stderr[:4000]}")

    outputs = result.stdout.splitlines()
    if len(outputs) != len(lines):
        print(f"{cli} sign gave {len(outputs)} lines for {len(lines)} requests")
        return 1

    agree = 0
    dumps = 0
    for index, (line, request, output) in enumerate(zip(lines, requests, outputs)):
        ours = json.loads(output)
        theirs = botocore_sign(request)
        # What goes on the wire must match too, not only what is signed.
        same = (all(ours.get(field) == theirs[field] for field in FIELDS)
                and sent_headers(request, ours) == theirs["headers"])
        if same:
            agree += 1
        elif dumps < MAX_DUMPS:
            dump(index, line, request, ours, theirs)
            dumps += 1

    print(f"{count} requests: {agree} agree with botocore")
    if agree != count or result.returncode != 0 or result.stderr:
        if result.returncode != 0:
            print(f"{cli} sign exited with status {result.returncode}")
        print(f"to reproduce: LF_DIFF_SEED={seed} LF_DIFF_COUNT={count}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
