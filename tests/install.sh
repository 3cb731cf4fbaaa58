#!/usr/bin/env bash
# Installs the project into a temporary folder and runs what was installed: the CLI against
# the installed sandbox with its installed runtime and samples, and the CLI in German from the
# installed catalogue. TAP output.
set -uo pipefail

build=${MESON_BUILD_ROOT:?}
prefix=$(meson introspect "$build" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
dest=$(mktemp -d)
sandbox_pid=
trap '[[ -n $sandbox_pid ]] && kill $sandbox_pid 2>/dev/null; rm -rf "$dest"' EXIT
n=0 failed=0
check () {  # name, then a command that must succeed
  local name=$1; shift
  n=$((n + 1))
  if "$@" >/dev/null 2>&1; then echo "ok $n - $name"; else echo "not ok $n - $name"; failed=1; fi
}

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null 2>&1
root=$dest$prefix
share=$root/share

check "meson install into a temporary folder" test -d "$root"
for f in bin/lambda-forms bin/lambda-forms-cli bin/lambda-forms-sandbox; do
  check "installs $f" test -x "$root/$f"
done
for f in applications/org.example.LambdaForms.desktop metainfo/org.example.LambdaForms.metainfo.xml \
         icons/hicolor/scalable/apps/org.example.LambdaForms.svg \
         icons/hicolor/symbolic/apps/org.example.LambdaForms-symbolic.svg \
         mime/packages/org.example.LambdaForms.xml glib-2.0/schemas/org.example.LambdaForms.gschema.xml \
         locale/de/LC_MESSAGES/lambda-forms.mo lambda-forms/examples/invoke-function.lambdaform \
         lambda-forms/sandbox/functions/echo/function.json; do
  check "installs share/$f" test -f "$share/$f"
done
check "installs the sandbox's Python runtime" test -n "$(ls -A "$share/lambda-forms/sandbox/runtime")"

# The installed programs, pointed at the installed data (the build's prefix is not the folder).
export LF_SANDBOX_RUNTIME_DIR=$share/lambda-forms/sandbox/runtime
export LF_SANDBOX_FUNCTIONS_DIR=$share/lambda-forms/sandbox/functions
out=$dest/sandbox.out
"$root/bin/lambda-forms-sandbox" --port 0 --functions "$LF_SANDBOX_FUNCTIONS_DIR" > "$out" &
sandbox_pid=$!
for _ in $(seq 100); do [[ $(wc -l < "$out") -ge 3 ]] && break; sleep 0.1; done
endpoint=$(head -n 1 "$out")
check "the installed sandbox starts" test -n "$endpoint"
while IFS='=' read -r key value; do
  case "$key" in AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_REGION) export "$key=$value" ;; esac
done < <(tail -n +2 "$out")
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null HOME=$dest

answer=$("$root/bin/lambda-forms-cli" invoke --function-name greet --payload '{"name": "Installed"}' \
  --endpoint-url "$endpoint" 2>&1)
check "the installed CLI invokes greet on the installed sandbox" grep -q "Hello, Installed" <<< "$answer"

german=$(LANGUAGE=de LC_ALL=C.UTF-8 LF_LOCALEDIR=$share/locale "$root/bin/lambda-forms-cli" invoke 2>&1)
check "the installed catalogue speaks German" grep -q "erforderlich" <<< "$german"

kill $sandbox_pid; wait $sandbox_pid 2>/dev/null; sandbox_pid=
echo "1..$n"
exit $failed
