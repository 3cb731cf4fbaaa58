#!/usr/bin/env python3
# potfiles.py: po/POTFILES.in lists every file with translatable strings, as a TAP stream
#
# It scans src/ (C sources and GtkBuilder .ui files) and data/ for strings marked for
# translation and fails naming each such file missing from po/POTFILES.in, and each listed
# file that no longer exists.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), Q_(…), ngettext; translatable="yes" in .ui files.
C_MARKS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dngettext|ngettext)\s*\(\s*"')
UI_MARKS = re.compile(r'translatable\s*=\s*["\']yes["\']')
# data/: desktop files (Name=, Comment=, Keywords= are merged), metainfo and schemas.
DATA_MARKS = re.compile(r'^(?:Name|GenericName|Comment|Keywords)=|<(?:summary|description|p|li|name)\b'
                        r'|translatable\s*=\s*["\']yes["\']', re.M)


def has_translatable_strings(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith((".c", ".h")):
        # Comments may mention _("…") without marking anything.
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return C_MARKS.search(text) is not None
    if path.endswith(".ui"):
        return UI_MARKS.search(text) is not None
    return DATA_MARKS.search(text) is not None


def candidates(root):
    for top in ("src", "data"):
        for directory, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                rel = os.path.relpath(os.path.join(directory, name), root)
                if top == "src" and name.endswith((".c", ".h", ".ui")):
                    yield rel
                elif top == "data" and name.endswith((".desktop.in", ".desktop.in.in",
                                                      ".metainfo.xml.in", ".metainfo.xml.in.in",
                                                      ".appdata.xml.in", ".gschema.xml")):
                    yield rel


def main():
    root = os.environ.get("LF_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith("#")]

    missing = [p for p in candidates(root)
               if has_translatable_strings(os.path.join(root, p)) and p not in listed]
    gone = [p for p in listed if not os.path.exists(os.path.join(root, p))]

    print("1..3")
    for n, (ok, what, names) in enumerate([
            (not missing, "every file with translatable strings is in po/POTFILES.in", missing),
            (not gone, "every file po/POTFILES.in lists exists", gone),
            (listed == sorted(listed), "po/POTFILES.in is sorted", [])], 1):
        print(("ok" if ok else "not ok"), n, "-", what)
        for name in names:
            print("#  ", name)
    return 0 if not (missing or gone) and listed == sorted(listed) else 1


if __name__ == "__main__":
    sys.exit(main())
