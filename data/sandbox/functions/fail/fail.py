# SPDX-License-Identifier: GPL-3.0-or-later
"""fail: raises an error the runtime reports (errorType, errorMessage, stackTrace)."""


class OrderRejected(Exception):
    pass


def handler(event, context):
    message = "The order was rejected"
    if isinstance(event, dict) and isinstance(event.get("message"), str):
        message = event["message"]
    raise OrderRejected(message)
