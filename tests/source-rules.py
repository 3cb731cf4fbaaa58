#!/usr/bin/env python3
# source-rules.py: rules of the code base that a compiler does not check, as a TAP stream
#
# Each rule names the files that break it. They keep the project's shared mechanisms the
# only way to do what they do.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys


def sources(root, top="src"):
    for directory, dirs, files in os.walk(os.path.join(root, top)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
                yield os.path.relpath(path, root), text


# json-glib has no nesting limit and takes strings that are not Unicode: every parse goes
# through lf_json_parse() and friends.
JSON_PARSE = re.compile(r"\b(json_parser_load_from_\w+|json_from_string|json_parser_new\w*|"
                        r"json_gvariant_deserialize\w*|json_gobject_from_data)\s*\(")
JSON_HOME = os.path.join("src", "common", "lf-json-util.c")


def rule_json_entry_point(root):
    return [path for path, text in sources(root)
            if path != JSON_HOME and JSON_PARSE.search(text)]


RULES = [
    ("every JSON parse in src/ goes through lf-json-util.c", rule_json_entry_point),
]


def main():
    root = os.environ.get("LF_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    failed = 0
    print("1..%d" % len(RULES))
    for number, (what, rule) in enumerate(RULES, 1):
        offenders = rule(root)
        if offenders:
            failed += 1
            print("not ok %d - %s" % (number, what))
            for path in offenders:
                print("# breaks it: %s" % path)
        else:
            print("ok %d - %s" % (number, what))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
