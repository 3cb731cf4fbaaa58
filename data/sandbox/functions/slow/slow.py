# SPDX-License-Identifier: GPL-3.0-or-later
"""slow: sleeps as long as asked, to show timeouts and concurrency."""

import time


def handler(event, context):
    seconds = 1.0
    if isinstance(event, dict) and isinstance(event.get("seconds"), (int, float)):
        seconds = float(event["seconds"])
    print("sleeping %.2f s, %d ms left" % (seconds, context.get_remaining_time_in_millis()))
    time.sleep(seconds)
    return {"slept": seconds}
