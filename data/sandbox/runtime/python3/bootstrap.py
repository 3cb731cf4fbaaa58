#!/usr/bin/python3
# bootstrap.py: the sandbox's Python runtime
#
# Runs a Lambda Python handler, handler(event, context), over the Lambda Runtime API
# ($AWS_LAMBDA_RUNTIME_API), so a handler written for Lambda runs here unchanged. Standard
# library only.
#
# A handler that is a generator streams its answer: each value it yields goes to the caller
# as it is made (bytes as they are, text as UTF-8, anything else as a line of JSON), over the
# Runtime API's streaming response; an exception raised after the first value ends the stream
# with the error in its trailers, as Lambda's runtimes do. A function whose function.json says
# "invoke_mode": "RESPONSE_STREAM" streams a plain return value too, as one piece.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import http.client
import inspect
import importlib
import json
import logging
import os
import sys
import time
import traceback

API_VERSION = "/2018-06-01/runtime"


class RuntimeApi:
    """A keep-alive HTTP client for the Runtime API of this environment."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.host = host
        self.port = int(port)
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port)
            try:
                self.connection.request(method, API_VERSION + path, body=body,
                                        headers=headers or {})
                response = self.connection.getresponse()
                return response.status, response.headers, response.read()
            except (OSError, http.client.HTTPException):
                # A kept-alive connection the server closed: one fresh try.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")

    def next_invocation(self):
        status, headers, body = self.call("GET", "/invocation/next")
        if status != 200:
            raise RuntimeError("Runtime API /next answered %d" % status)
        return headers, body

    def post_response(self, request_id, payload):
        self.call("POST", "/invocation/%s/response" % request_id, payload,
                  {"Content-Type": "application/json"})

    def post_stream(self, request_id, pieces):
        """Sends @pieces as one chunked answer, each as soon as it is made."""
        connection = http.client.HTTPConnection(self.host, self.port)
        connection.putrequest("POST", API_VERSION + "/invocation/%s/response" % request_id,
                              skip_accept_encoding=True)
        connection.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
        connection.putheader("Transfer-Encoding", "chunked")
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Trailer", "Lambda-Runtime-Function-Error-Type, "
                                        "Lambda-Runtime-Function-Error-Body")
        connection.endheaders()
        failure = None
        try:
            for piece in pieces:
                data = encode_piece(piece)
                if data:
                    # What the handler printed so far reaches the log first.
                    sys.stdout.flush()
                    connection.send(b"%x\r\n%s\r\n" % (len(data), data))
        except Exception as exc:
            failure = error_document(exc, request_id)
            log_error(failure)
            sys.stdout.flush()
        if failure is None:
            connection.send(b"0\r\n\r\n")
        else:
            body = base64.b64encode(json.dumps(failure).encode()).decode()
            connection.send(("0\r\nLambda-Runtime-Function-Error-Type: %s\r\n"
                             "Lambda-Runtime-Function-Error-Body: %s\r\n\r\n"
                             % (failure["errorType"], body)).encode())
        connection.getresponse().read()
        connection.close()

    def post_error(self, request_id, document):
        self.call("POST", "/invocation/%s/error" % request_id,
                  json.dumps(document).encode(),
                  {"Content-Type": "application/json",
                   "Lambda-Runtime-Function-Error-Type": document["errorType"]})

    def post_init_error(self, document):
        self.call("POST", "/init/error", json.dumps(document).encode(),
                  {"Content-Type": "application/json",
                   "Lambda-Runtime-Function-Error-Type": document["errorType"]})


class CognitoIdentity:
    cognito_identity_id = None
    cognito_identity_pool_id = None


class Client:
    def __init__(self, fields):
        self.installation_id = fields.get("installation_id")
        self.app_title = fields.get("app_title")
        self.app_version_name = fields.get("app_version_name")
        self.app_version_code = fields.get("app_version_code")
        self.app_package_name = fields.get("app_package_name")


class ClientContext:
    def __init__(self, fields):
        self.client = Client(fields.get("client") or {})
        self.custom = fields.get("custom")
        self.env = fields.get("env")


class LambdaContext:
    """What Lambda's Python runtime passes as the handler's second argument."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = CognitoIdentity()
        self.client_context = ClientContext(client_context) if client_context else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


class RequestIdFilter(logging.Filter):
    """Adds the current request id to log records, as Lambda's log format shows it."""

    request_id = ""

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
        "%Y-%m-%dT%H:%M:%S"))
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)


def error_document(exc, request_id=None):
    document = {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "stackTrace": [line.rstrip("\n") for line in traceback.format_tb(exc.__traceback__)],
    }
    if request_id is not None:
        document["requestId"] = request_id
    return document


def log_error(document):
    print("[ERROR] %s: %s" % (document["errorType"], document["errorMessage"]), file=sys.stderr)
    if document.get("stackTrace"):
        print("Traceback (most recent call last):", file=sys.stderr)
        for line in document["stackTrace"]:
            print(line, file=sys.stderr)
    sys.stderr.flush()


def load_handler(spec):
    module_path, _, function_name = spec.rpartition(".")
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as exc:
        return None, {"errorMessage": "Syntax error in module '%s': %s" % (module_name, exc),
                      "errorType": "Runtime.UserCodeSyntaxError", "stackTrace": []}
    except ImportError as exc:
        return None, {"errorMessage": "Unable to import module '%s': %s" % (module_name, exc),
                      "errorType": "Runtime.ImportModuleError", "stackTrace": []}
    except Exception as exc:  # an error raised while the module initialises
        document = error_document(exc)
        return None, document

    handler = getattr(module, function_name, None)
    if not callable(handler):
        return None, {"errorMessage": "Handler '%s' missing on module '%s'"
                                      % (function_name, module_name),
                      "errorType": "Runtime.HandlerNotFound", "stackTrace": []}
    return handler, None


def encode_piece(piece):
    """What one yielded value sends: bytes as they are, text as UTF-8, the rest as JSON."""
    if isinstance(piece, (bytes, bytearray)):
        return bytes(piece)
    if isinstance(piece, str):
        return piece.encode()
    return (json.dumps(piece) + "\n").encode()


def main():
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    setup_logging()

    handler, init_error = load_handler(os.environ.get("_HANDLER", ""))
    if init_error is not None:
        log_error(init_error)
        api.post_init_error(init_error)
        sys.exit(1)

    while True:
        headers, body = api.next_invocation()
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        client_context_text = headers.get("Lambda-Runtime-Client-Context")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        RequestIdFilter.request_id = request_id

        try:
            event = json.loads(body) if body else {}
            client_context = json.loads(client_context_text) if client_context_text else None
            context = LambdaContext(request_id, deadline_ms, function_arn, client_context)
            result = handler(event, context)
            streams = inspect.isgenerator(result)
        except Exception as exc:
            document = error_document(exc, request_id)
            log_error(document)
            sys.stdout.flush()
            api.post_error(request_id, document)
            continue

        if streams:
            api.post_stream(request_id, result)
            continue

        try:
            payload = json.dumps(result).encode()
        except (TypeError, ValueError) as exc:
            document = {"errorMessage": "Unable to marshal response: %s" % exc,
                        "errorType": "Runtime.MarshalError", "requestId": request_id,
                        "stackTrace": []}
            log_error(document)
            sys.stdout.flush()
            api.post_error(request_id, document)
            continue

        # What the handler printed reaches the log before the answer does.
        sys.stdout.flush()
        sys.stderr.flush()
        if os.environ.get("LF_SANDBOX_INVOKE_MODE") == "RESPONSE_STREAM":
            api.post_stream(request_id, [payload])
        else:
            api.post_response(request_id, payload)


if __name__ == "__main__":
    main()
