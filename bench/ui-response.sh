#!/usr/bin/env bash
# bench/ui-response: the longest main-loop stall while the app shows a 6 MB response from its
# local sandbox, beside a minimal libadwaita window making the same call (see
# bench-ui-response.c). Needs a display: runs under xvfb-run unless DISPLAY is set.
# Usage: bench/ui-response.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# As the UI tests run: the build's schemas, settings in memory, the build's sandbox, and the
# sandbox's user functions (the bench adds one), accounts and copies of unsaved work kept out
# of $HOME.
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSETTINGS_BACKEND=memory
export LF_SANDBOX_PROGRAM="$build/src/sandbox/bin/lambda-forms-sandbox"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export NO_AT_BRIDGE=1
export GDK_BACKEND=x11
# Xvfb has no GPU: GL would be llvmpipe eating the cores being measured.
export GSK_RENDERER=${GSK_RENDERER:-cairo}

if [[ -n ${DISPLAY:-} ]]; then
  "$build/bench/bench-ui-response" "$rounds"
else
  xvfb-run -a -s "-screen 0 1280x1024x24" "$build/bench/bench-ui-response" "$rounds"
fi
