# SPDX-License-Identifier: GPL-3.0-or-later
"""stream: an answer that arrives as it is made, a line at a time (a generator streams)."""

import os
import time

BLOCK = 64 * 1024


def handler(event, context):
    event = event if isinstance(event, dict) else {}
    if isinstance(event.get("bytes"), int):
        left = event["bytes"]
        block = (b"0123456789abcdef" * (BLOCK // 16))[:BLOCK - 1] + b"\n"
        while left > 0:
            yield block[:left]
            left -= BLOCK
        return
    lines = int(event.get("lines", 10))
    interval = float(event.get("interval", 0.2))
    fail_after = event.get("fail_after")
    wait_for = event.get("wait_for")
    for number in range(1, lines + 1):
        if fail_after is not None and number > fail_after:
            raise RuntimeError("stopped after %d lines, as asked" % fail_after)
        print("line %d" % number)
        yield "line %d of %d\n" % (number, lines)
        # Tests prove the stream is live: the rest waits until the first line was read.
        while number == 1 and wait_for and not os.path.exists(wait_for):
            time.sleep(0.02)
        if number < lines:
            time.sleep(interval)
