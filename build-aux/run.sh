#!/usr/bin/env bash
# Installs what is missing, builds, and starts LambdaForms with its local sandbox as the
# default account, on the "Invoke a function" example (or the forms given as arguments).
# Without a display, or with --cli, the command-line front end runs instead: with no more
# arguments it lists the sandbox's functions and invokes "greet"; otherwise it runs
#   lambda-forms-cli ARGS… --endpoint-url SANDBOX
# e.g. build-aux/run.sh --cli invoke --function-name echo --payload '{"hi": 1}' --log-type Tail
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

bash build-aux/deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build -Dbuildtype=debugoptimized
fi
meson compile -C build

if [[ "${1:-}" != "--cli" ]] && [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  # The app starts the sandbox itself when a form needs it, and stops it when it quits.
  export GSETTINGS_SCHEMA_DIR=$top/build/data
  if (($# == 0)); then
    set -- "$top/data/examples/invoke-function.lambdaform"
  fi
  exec build/src/ui/lambda-forms "$@"
fi
[[ "${1:-}" == "--cli" ]] && shift

cli=build/src/cli/lambda-forms-cli
sandbox=build/src/sandbox/bin/lambda-forms-sandbox
if [[ ! -x "$sandbox" ]]; then
  exec "$cli" "${@:---help}"
fi

# The user's own functions sit beside the samples, as they will for the app.
user_functions=${XDG_DATA_HOME:-$HOME/.local/share}/lambda-forms/functions
mkdir -p "$user_functions"

out=$(mktemp)
"$sandbox" --port 0 --functions "$top/data/sandbox/functions" --functions "$user_functions" > "$out" &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do [[ -s "$out" ]] && [[ $(wc -l < "$out") -ge 3 ]] && break; sleep 0.1; done

endpoint=$(head -n 1 "$out")
while IFS='=' read -r key value; do
  case "$key" in AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_REGION) export "$key=$value" ;; esac
done < <(tail -n +2 "$out")
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
echo "Local sandbox at $endpoint (functions: samples and $user_functions)" >&2

if (($# == 0)); then
  "$cli" list-functions --endpoint-url "$endpoint"
  "$cli" invoke --function-name greet --payload '{"name": "LambdaForms"}' --log-type Tail \
    --endpoint-url "$endpoint"
else
  "$cli" "$@" --endpoint-url "$endpoint"
fi
