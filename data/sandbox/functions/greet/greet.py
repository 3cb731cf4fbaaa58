# SPDX-License-Identifier: GPL-3.0-or-later
"""greet: takes {"name": ...} and answers with a greeting."""

import os


def handler(event, context):
    name = event.get("name") if isinstance(event, dict) else None
    if not isinstance(name, str) or not name.strip():
        name = "world"
    greeting = os.environ.get("GREETING", "Hello")
    print("greeting %s" % name)
    return {"greeting": "%s, %s!" % (greeting, name.strip())}
