#!/usr/bin/env bash
# bench/startup: exec to first frame and idle memory of lambda-forms (the binary that ships,
# opening no form) beside a minimal libadwaita window, measured alike in one run (see
# bench-startup.c and first-frame-hook.c). Needs a display and a session bus: runs under
# xvfb-run and dbus-run-session unless DISPLAY is set. Not for ASan builds (the hook is
# preloaded).
# Usage: bench/startup.sh [BUILD_DIR] [RUNS]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
runs=${2:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Settings in memory and no accounts or forms from $HOME. The uncounted warm-up start is the
# app's first start (it sets up the sandbox account, opens an example and starts the sandbox);
# the counted ones are the starts that follow, as on any other day.
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSETTINGS_BACKEND=memory
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export XDG_STATE_HOME="$work/state"
export NO_AT_BRIDGE=1
export GDK_BACKEND=x11
# Xvfb has no GPU: GL would be llvmpipe, a cost no desktop pays.
export GSK_RENDERER=${GSK_RENDERER:-cairo}

cmd=("$build/bench/bench-startup" "$build/bench/libfirst-frame-hook.so" "$runs"
     lambda-forms "$build/src/ui/lambda-forms"
     "minimal libadwaita window" "$build/bench/minimal-window")
if [[ -z ${DISPLAY:-} ]]; then
  cmd=(xvfb-run -a -s "-screen 0 1280x1024x24" "${cmd[@]}")
fi
if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  cmd=(dbus-run-session -- "${cmd[@]}")
fi
"${cmd[@]}"
