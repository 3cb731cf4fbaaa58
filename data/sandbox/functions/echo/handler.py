# SPDX-License-Identifier: GPL-3.0-or-later
"""echo: returns its event."""


def handler(event, context):
    print("echo: request %s" % context.aws_request_id)
    return event
