#!/usr/bin/python3
"""Test events as their users meet them through lambda-forms-cli: saved on this computer,
shared through the sandbox's Schemas registry and read back by another client (botocore, as
SAM CLI uses it, written the way SAM CLI writes), sent with invoke --event, and forms made
with new-form and run. The real CLI against the real sandbox, on loopback. TAP.

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
REGISTRY = "lambda-testevent-schemas"

tap = Tap()


def run(args, env, timeout=120):
    proc = subprocess.run([CLI] + args, env=env, capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), \
        proc.stderr.decode("utf-8", "replace")


def events(env, *args):
    code, out, err = run(["events", *args], env)
    if code != 0:
        raise AssertionError(f"events {' '.join(args)} exited {code}: {err}")
    return json.loads(out) if out.strip().startswith("{") else out


def schemas_client(sandbox):
    """botocore's own Schemas client: its signer, serializer and error parser."""
    import botocore.session
    session = botocore.session.get_session()
    return session.create_client(
        "schemas", region_name=sandbox.region, endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.key_id, aws_secret_access_key=sandbox.secret,
        aws_session_token=sandbox.token)


def cases_saved(env, work):
    base = ["--function-name", "greet"]
    events(env, "save", *base, "ada", "--payload", '{"name": "Ada"}')
    events(env, "save", *base, "grace", "--payload", '{"name": "Grace"}',
           "--invocation-type", "Event")
    listed = events(env, "list", *base)
    tap.check("saved events are listed by name",
              [e["Name"] for e in listed["Events"]] == ["ada", "grace"] and
              listed["Events"][1].get("InvocationType") == "Event", listed)
    code, _, err = run(["events", "save", *base, "ada", "--payload", "{}"], env)
    tap.check("saving over an event needs --force (exit 2, the name said)",
              code == 2 and "ada" in err, (code, err))
    code, _, err = run(["events", "save", *base, "no spaces", "--payload", "{}"], env)
    tap.check("a name the console would refuse is refused here (exit 2)",
              code == 2 and "no spaces" in err, (code, err))
    path = os.path.join(env["XDG_DATA_HOME"], "lambda-forms", "events", "default", "greet.json")
    with open(path, encoding="utf-8") as f:
        on_disk = json.load(f)
    tap.check("they are kept as readable JSON, one file per account and function",
              list(on_disk["events"]) == ["ada", "grace"] and
              on_disk["events"]["ada"]["payload"] == {"name": "Ada"}, on_disk)

    code, out, err = run(["invoke", *base, "--event", "ada"], env)
    answer = json.loads(out) if code == 0 else {}
    tap.check("invoke --event sends the saved event",
              code == 0 and answer.get("Payload") == {"greeting": "Hello, Ada!"},
              (code, out, err))
    code, out, err = run(["invoke", *base, "--event", "grace"], env)
    tap.check("and the way it was saved to be sent (Event: 202, no payload back)",
              code == 0 and json.loads(out).get("StatusCode") == 202, (code, out, err))
    code, _, err = run(["invoke", *base, "--event", "nobody"], env)
    tap.check("an event that is nowhere is named (exit 2)", code == 2 and "nobody" in err,
              (code, err))
    code, _, err = run(["invoke", *base, "--event", "ada", "--payload", "{}"], env)
    tap.check("--event with --payload is a usage error", code == 2, (code, err))

    exported = os.path.join(work, "greet-events.json")
    events(env, "export", *base, "--outfile", exported)
    other = dict(env, AWS_PROFILE="other")
    out = events(other, "import", *base, exported)
    listed = events(other, "list", *base)
    tap.check("an exported collection imports into another account",
              "2" in out and [e["Name"] for e in listed["Events"]] == ["ada", "grace"],
              (out, listed))
    events(env, "delete", *base, "grace")
    tap.check("a deleted event is gone",
              [e["Name"] for e in events(env, "list", *base)["Events"]] == ["ada"])


def cases_shared(env, sandbox):
    base = ["--function-name", "greet", "--shared"]
    client = schemas_client(sandbox)
    listed = events(env, "list", *base)
    tap.check("no registry yet: no shared events, no error", listed == {"Events": []}, listed)

    # What SAM CLI stores: the document as Python's json.dumps writes it.
    document = {
        "openapi": "3.0.0", "info": {"version": "1.0.0", "title": "Event"}, "paths": {},
        "components": {
            "schemas": {"Event": {"type": "object", "required": ["name"],
                                  "properties": {"name": {"type": "string"}}}},
            "examples": {"from-sam": {"value": {"name": "Sam"},
                                      "x-metadata": {"invocationType": "RequestResponse"}}}}}
    client.create_registry(RegistryName=REGISTRY)
    client.create_schema(RegistryName=REGISTRY, SchemaName="_greet-schema", Type="OpenApi3",
                         Content=json.dumps(document))
    listed = events(env, "list", *base)
    tap.check("an event SAM CLI shared is listed",
              [e["Name"] for e in listed["Events"]] == ["from-sam"], listed)

    events(env, "save", *base, "from-app", "--payload", '{"name": "App"}',
           "--invocation-type", "Event")
    described = client.describe_schema(RegistryName=REGISTRY, SchemaName="_greet-schema")
    content = json.loads(described["Content"])
    examples = content["components"]["examples"]
    tap.check("an event shared here reads as SAM CLI reads it (components.examples, x-metadata)",
              examples.get("from-app", {}).get("value") == {"name": "App"} and
              examples["from-app"].get("x-metadata") == {"invocationType": "Event"} and
              examples.get("from-sam", {}).get("value") == {"name": "Sam"} and
              content["components"]["schemas"] == document["components"]["schemas"],
              content)
    tap.check("and is a new version of the schema", described["SchemaVersion"] == "2",
              described.get("SchemaVersion"))

    code, out, err = run(["invoke", "--function-name", "greet", "--event", "from-sam"], env)
    tap.check("invoke --event finds a shared event when none is saved here",
              code == 0 and json.loads(out).get("Payload") == {"greeting": "Hello, Sam!"},
              (code, out, err))
    shown = events(env, "show", *base, "from-app")
    tap.check("events show --shared prints the payload",
              shown.get("Payload") == {"name": "App"} and shown.get("Origin") == "shared", shown)

    events(env, "delete", *base, "from-app")
    events(env, "delete", *base, "from-sam")
    try:
        client.describe_schema(RegistryName=REGISTRY, SchemaName="_greet-schema")
        gone = False
    except client.exceptions.NotFoundException:
        gone = True
    tap.check("deleting the last shared event deletes the schema, as SAM CLI does", gone)
    try:
        client.create_registry(RegistryName=REGISTRY)
        conflict = False
    except client.exceptions.ConflictException:
        conflict = True
    tap.check("the sandbox's registry answers errors botocore understands", conflict)


def cases_new_form(env, work):
    form = os.path.join(work, "greet.lambdaform")
    code, _, err = run(["new-form", "--function-name", "greet", "--event", "ada",
                        "-o", form], env)
    tap.check("new-form makes a form from a saved event", code == 0 and os.path.isfile(form),
              (code, err))
    code, out, err = run(["run", form, "--set", "name=Linus", "--action", "invoke"], env)
    values = json.loads(out) if code == 0 else {}
    tap.check("the form runs: the field's value goes out, the greeting comes back",
              values.get("answer") == {"greeting": "Hello, Linus!"} and
              values.get("status") == "succeeded", (code, out, err))

    schema = os.path.join(work, "schema.json")
    with open(schema, "w", encoding="utf-8") as f:
        json.dump({"type": "object", "required": ["name"],
                   "properties": {"name": {"type": "string", "default": "Hedy"},
                                  "polite": {"type": "boolean"}}}, f)
    code, _, err = run(["new-form", "--function-name", "greet", "--schema", schema,
                        "--outfile", form], env)
    code2, out, err2 = run(["run", form, "--action", "invoke"], env)
    values = json.loads(out) if code2 == 0 else {}
    tap.check("new-form makes a form from a JSON Schema, with its defaults",
              code == 0 and values.get("answer") == {"greeting": "Hello, Hedy!"},
              (code, err, code2, out, err2))
    code, _, err = run(["new-form", "--function-name", "greet", "--template", "s3-put",
                        "-o", form], env)
    tap.check("and from a template", code == 0, (code, err))
    code, _, err = run(["new-form", "--function-name", "greet", "-o", form], env)
    tap.check("without an event or a schema it says which to give (exit 2)",
              code == 2 and "--event" in err, (code, err))
    code, _, err = run(["new-form", "--function-name", "greet", "--schema", "/nonexistent",
                        "-o", form], env)
    tap.check("a schema file that is not there is a usage error", code == 2, (code, err))
    templates = events(env, "templates")
    tap.check("events templates lists the event sources",
              len(templates["Events"]) >= 12 and
              all(e["Origin"] == "template" and e["Title"] for e in templates["Events"]),
              templates)


def main():
    work = tempfile.mkdtemp(prefix="lf-events-")
    sandbox = Sandbox("--functions", os.path.join(os.environ["LF_SOURCE_ROOT"], "data",
                                                  "sandbox", "functions"))
    try:
        env = cli_env(sandbox, work, endpoint=True)
        for group in (lambda: cases_saved(env, work), lambda: cases_shared(env, sandbox),
                      lambda: cases_new_form(env, work)):
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
