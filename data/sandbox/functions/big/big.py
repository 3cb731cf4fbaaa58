# SPDX-License-Identifier: GPL-3.0-or-later
"""big: returns a response of the requested size, to probe payload limits."""


def handler(event, context):
    size = 1024
    if isinstance(event, dict) and isinstance(event.get("size"), int):
        size = event["size"]
    # A JSON string: two quotes around size - 2 letters is exactly size bytes.
    return "x" * max(0, size - 2)
