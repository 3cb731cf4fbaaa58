# SPDX-License-Identifier: GPL-3.0-or-later
"""env: shows what a function sees, to prove the runtime contract."""

import os

SHOWN_PREFIXES = ("AWS_", "LAMBDA_", "APP_", "_HANDLER", "_X_AMZN_TRACE_ID", "TZ", "LANG", "PATH")


def handler(event, context):
    client_context = None
    if context.client_context is not None:
        client_context = {"custom": context.client_context.custom,
                          "env": context.client_context.env}
    return {
        "environment": {key: value for key, value in sorted(os.environ.items())
                        if key.startswith(SHOWN_PREFIXES)
                        and key not in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")},
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining_time_in_millis": context.get_remaining_time_in_millis(),
            "client_context": client_context,
        },
        "pid": os.getpid(),
        "cwd": os.getcwd(),
        "event": event,
    }
