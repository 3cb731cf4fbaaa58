#!/bin/bash
# sandbox-awscli.sh: the AWS CLI v2 against lambda-forms-sandbox
#
# A real client with its own signer, paginator and error parser: if it works against the
# sandbox, the sandbox speaks Lambda's API. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

AWS=${LF_AWS_CLI:-/usr/bin/aws}
SANDBOX=${LF_SANDBOX:?LF_SANDBOX must name the lambda-forms-sandbox program}
SAMPLES=${LF_SANDBOX_FUNCTIONS_DIR:?LF_SANDBOX_FUNCTIONS_DIR must name the sample functions}
PY=/usr/bin/python3

if [ ! -x "$AWS" ] || ! "$AWS" --version 2>/dev/null | grep -q '^aws-cli/2'; then
  echo "1..0 # SKIP the AWS CLI v2 is not installed at $AWS"
  exit 0
fi

tmp=$(mktemp -d)
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid"
    wait "$sandbox_pid"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# More functions than one page holds, so the CLI has to follow NextMarker: 60 and the samples.
total=$((60 + $(ls "$SAMPLES"/*/function.json | wc -l)))
mkdir -p "$tmp/many"
for i in $(seq -w 1 60); do
  mkdir "$tmp/many/page-$i"
  printf '{"name":"page-%s","runtime":"python3","handler":"h.handler"}\n' "$i" \
    > "$tmp/many/page-$i/function.json"
  printf 'def handler(event, context):\n    return event\n' > "$tmp/many/page-$i/h.py"
done

mkfifo "$tmp/out"
"$SANDBOX" --port 0 --functions "$SAMPLES" --functions "$tmp/many" > "$tmp/out" 2> "$tmp/err" &
sandbox_pid=$!
exec 3< "$tmp/out"
if ! read -r -t 60 -u 3 url; then
  echo "Bail out! the sandbox printed no URL: $(cat "$tmp/err")"
  exit 1
fi
read -r -t 10 -u 3 key_line
read -r -t 10 -u 3 secret_line

export HOME="$tmp" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=
export AWS_EC2_METADATA_DISABLED=true AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=1
export AWS_ACCESS_KEY_ID=${key_line#AWS_ACCESS_KEY_ID=}
export AWS_SECRET_ACCESS_KEY=${secret_line#AWS_SECRET_ACCESS_KEY=}
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE

lambda() {
  "$AWS" lambda "$@" --endpoint-url "$url" --region us-east-1
}

n=0
failed=0
check() {
  local description=$1
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    failed=$((failed + 1))
  fi
}

json_get() {
  # json_get FILE EXPRESSION: prints a Python expression over the parsed document "d".
  "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

t_url() {
  # A key of its own, shaped like AWS's: never the published development pair.
  [[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] &&
    [[ "$AWS_ACCESS_KEY_ID" =~ ^LFSB[A-Z2-7]{16}$ ]] &&
    [[ "$AWS_SECRET_ACCESS_KEY" =~ ^[A-Za-z0-9+/]{40}$ ]]
}

t_list() {
  lambda list-functions > "$tmp/list.json" || return 1
  [ "$(json_get "$tmp/list.json" 'len(d["Functions"])')" = "$total" ] &&
    [ "$(json_get "$tmp/list.json" 'sorted(set(f["FunctionName"] for f in d["Functions"])) == sorted(f["FunctionName"] for f in d["Functions"])')" = True ] &&
    [ "$(json_get "$tmp/list.json" '"hello-bash" in [f["FunctionName"] for f in d["Functions"]]')" = True ]
}

t_list_page() {
  # One call of the API, no CLI pagination: at most 50 and a NextMarker.
  "$AWS" lambda list-functions --endpoint-url "$url" --region us-east-1 --no-paginate \
    > "$tmp/page.json" || return 1
  [ "$(json_get "$tmp/page.json" 'len(d["Functions"])')" = 50 ] &&
    [ -n "$(json_get "$tmp/page.json" 'd["NextMarker"]')" ]
}

t_get() {
  lambda get-function --function-name greet > "$tmp/get.json" || return 1
  [ "$(json_get "$tmp/get.json" 'd["Configuration"]["FunctionArn"]')" = \
    arn:aws:lambda:us-east-1:123456789012:function:greet ] &&
    [ "$(json_get "$tmp/get.json" 'd["Configuration"]["Environment"]["Variables"]["GREETING"]')" = Hello ]
}

t_get_by_arn() {
  [ "$(lambda get-function-configuration \
        --function-name arn:aws:lambda:us-east-1:123456789012:function:echo \
        --query FunctionName --output text)" = echo ]
}

t_invoke() {
  lambda invoke --function-name greet --cli-binary-format raw-in-base64-out \
    --payload '{"name": "CLI"}' --log-type Tail "$tmp/greet.out" > "$tmp/greet.json" || return 1
  [ "$(json_get "$tmp/greet.out" 'd["greeting"]')" = "Hello, CLI!" ] &&
    [ "$(json_get "$tmp/greet.json" 'd["StatusCode"]')" = 200 ] &&
    [ "$(json_get "$tmp/greet.json" 'd["ExecutedVersion"]')" = '$LATEST' ] &&
    json_get "$tmp/greet.json" 'd["LogResult"]' | base64 -d > "$tmp/greet.log" &&
    grep -q '^START RequestId: ' "$tmp/greet.log" &&
    grep -q '^greeting CLI$' "$tmp/greet.log" &&
    grep -q '^END RequestId: ' "$tmp/greet.log" &&
    grep -qP '^REPORT RequestId: \S+\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms' "$tmp/greet.log"
}

t_invoke_bash() {
  lambda invoke --function-name hello-bash --cli-binary-format raw-in-base64-out \
    --payload '{"from": "cli"}' "$tmp/bash.out" > /dev/null || return 1
  [ "$(json_get "$tmp/bash.out" 'd["event"]["from"]')" = cli ]
}

t_function_error() {
  lambda invoke --function-name fail "$tmp/fail.out" > "$tmp/fail.json" || return 1
  [ "$(json_get "$tmp/fail.json" 'd["FunctionError"]')" = Unhandled ] &&
    [ "$(json_get "$tmp/fail.out" 'd["errorType"]')" = OrderRejected ]
}

t_event_and_dry_run() {
  [ "$(lambda invoke --function-name echo --invocation-type Event \
        --cli-binary-format raw-in-base64-out --payload '{}' "$tmp/event.out" \
        --query StatusCode --output text)" = 202 ] &&
    [ "$(lambda invoke --function-name echo --invocation-type DryRun "$tmp/dry.out" \
          --query StatusCode --output text)" = 204 ]
}

t_not_found() {
  ! lambda get-function --function-name no-such-function 2> "$tmp/nf.err" > /dev/null &&
    grep -q 'ResourceNotFoundException' "$tmp/nf.err"
}

t_bad_payload() {
  ! lambda invoke --function-name echo --cli-binary-format raw-in-base64-out \
      --payload 'not json' "$tmp/bad.out" 2> "$tmp/bad.err" > /dev/null &&
    grep -q 'InvalidRequestContentException' "$tmp/bad.err"
}

t_delete() {
  lambda delete-function --function-name page-01 || return 1
  ! lambda get-function --function-name page-01 2> "$tmp/del.err" > /dev/null &&
    grep -q 'ResourceNotFoundException' "$tmp/del.err" &&
    lambda list-functions > "$tmp/after.json" &&
    [ "$(json_get "$tmp/after.json" 'len(d["Functions"])')" = "$((total - 1))" ] &&
    [ -f "$tmp/many/page-01/function.json" ]
}

t_wrong_secret() {
  ! AWS_SECRET_ACCESS_KEY=not-the-secret lambda list-functions 2> "$tmp/sig.err" > /dev/null &&
    grep -q 'InvalidSignatureException' "$tmp/sig.err"
}

t_unknown_key() {
  ! AWS_ACCESS_KEY_ID=AKIDNOTTHESANDBOX lambda list-functions 2> "$tmp/key.err" > /dev/null &&
    grep -q 'UnrecognizedClientException' "$tmp/key.err"
}

t_shutdown() {
  local pgids
  # The process groups of the warm environments (each one's leader is a child of the sandbox).
  pgids=$(ps -o pgid= --ppid "$sandbox_pid" | tr -d ' ')
  [ -n "$pgids" ] || return 1
  kill -TERM "$sandbox_pid"
  wait "$sandbox_pid"
  local status=$?
  sandbox_pid=
  [ "$status" -eq 0 ] || return 1
  for pgid in $pgids; do
    if kill -0 -- "-$pgid" 2>/dev/null; then
      return 1
    fi
  done
}

echo "1..15"
check "the first line is the URL, then the credentials" t_url
check "list-functions follows NextMarker over $total functions" t_list
check "one ListFunctions page holds at most 50" t_list_page
check "get-function" t_get
check "get-function-configuration by ARN" t_get_by_arn
check "invoke with a payload and the log tail" t_invoke
check "invoke the bash custom runtime" t_invoke_bash
check "invoke a function that fails" t_function_error
check "invoke as Event (202) and DryRun (204)" t_event_and_dry_run
check "an unknown function is ResourceNotFoundException" t_not_found
check "a payload that is not JSON is refused" t_bad_payload
check "delete-function" t_delete
check "a wrong secret is refused" t_wrong_secret
check "an unknown access key is refused" t_unknown_key
check "SIGTERM stops it cleanly with no function process left" t_shutdown

[ "$failed" -eq 0 ]
