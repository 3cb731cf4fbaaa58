#!/usr/bin/env bash
# bench/invoke: signed Invoke calls per second on loopback against nginx answering the Invoke
# path with a fixed JSON body, at concurrency 1 and 16: LambdaForms' client beside boto3, curl
# (one process, --aws-sigv4) and wrk (no signing: the floor). Also counts the TCP connections
# nginx saw for each run: one per request means no reuse.
# Usage: bench/invoke.sh [BUILD_DIR] [CALLS]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
calls=${2:-3000}
work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/logs" "$work/body"
# nginx workers drop root: let them write their logs and bodies here.
chmod -R a+rwx "$work"
cat > "$work/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  log_format conn '\$connection';
  access_log $work/logs/access.log conn;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $work/body;
  server {
    listen 127.0.0.1:$port;
    location ~ ^/2015-03-31/functions/[^/]+/invocations\$ {
      default_type application/json;
      return 200 '{"statusCode":200,"body":"hello from nginx"}';
    }
  }
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do [[ -s "$work/nginx.pid" ]] && break; sleep 0.1; done

endpoint="http://127.0.0.1:$port"
url="$endpoint/2015-03-31/functions/bench-function/invocations"

connections () { sort -u "$work/logs/access.log" | wc -l; }
reset_log () { : > "$work/logs/access.log"; kill -USR1 "$(cat "$work/nginx.pid")"; sleep 0.2; }

measure () {  # name concurrency command...
  local name=$1 c=$2; shift 2
  reset_log
  local rate
  rate=$("$@" | tail -n 1)
  printf '%-28s %6s %12s %12s\n' "$name" "$c" "$rate" "$(connections)"
  eval "rate_${name//[^a-z0-9]/_}_$c=$rate"
}

curl_rate () {  # concurrency
  local c=$1 start end
  local args=(-s --no-progress-meter -X POST --data '{"name":"bench"}' -H 'Content-Type: application/json'
              --aws-sigv4 "aws:amz:us-east-1:lambda" --user "AKIDBENCHEXAMPLE:bench-secret-not-real")
  [[ $c -gt 1 ]] && args+=(--parallel --parallel-max "$c")
  local urls=()
  for _ in $(seq "$calls"); do urls+=("$url"); done
  start=$(date +%s.%N)
  curl "${args[@]}" "${urls[@]}" > /dev/null
  end=$(date +%s.%N)
  /usr/bin/python3 -c "print(round($calls / ($end - $start)))"
}

wrk_rate () {  # concurrency
  cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"bench"}'
wrk.headers["Content-Type"] = "application/json"
LUA
  wrk -t1 -c"$1" -d3s -s "$work/post.lua" "$url" | awk '/Requests\/sec/ { printf "%d\n", $2 }'
}

echo "Signed Invoke calls per second on loopback ($calls calls a run; nginx answers)"
printf '%-28s %6s %12s %12s\n' "client" "conc." "calls/s" "connections"
for c in 1 16; do
  measure "lambda-forms" "$c" "$build/bench/bench-invoke" "$endpoint" "$c" "$calls"
  measure "boto3" "$c" /usr/bin/python3 "$top/bench/boto3-invoke.py" "$endpoint" "$c" "$((calls / 3))"
  measure "curl" "$c" curl_rate "$c"
  measure "wrk (unsigned floor)" "$c" wrk_rate "$c"
done

/usr/bin/python3 - "$rate_lambda_forms_1" "$rate_boto3_1" "$rate_curl_1" "$rate_wrk__unsigned_floor__1" \
  "$rate_lambda_forms_16" "$rate_boto3_16" <<'PY'
import sys
lf1, boto1, curl1, wrk1, lf16, boto16 = map(float, sys.argv[1:])
print()
print(f"concurrency 1:  {lf1 / boto1:5.1f}x boto3 (goal >= 6x), {lf1 / curl1:5.2f}x curl (goal ~1x), "
      f"wrk is {wrk1 / lf1:4.1f}x us (goal <= 4x)")
print(f"concurrency 16: {lf16 / boto16:5.1f}x boto3")
PY
