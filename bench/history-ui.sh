#!/usr/bin/env bash
# bench/history-ui: the longest main-loop stall while the Run History window opens over
# 100,000 runs and is scrolled, beside a plain list of as many rows (see bench-history-ui.c).
# Needs a display: runs under xvfb-run unless DISPLAY is set.
# Usage: bench/history-ui.sh [BUILD_DIR] [RUNS]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
runs=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GSETTINGS_SCHEMA_DIR="$build/data"
export GSETTINGS_BACKEND=memory
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export AWS_EC2_METADATA_DISABLED=true
export NO_AT_BRIDGE=1 GDK_BACKEND=x11
export GSK_RENDERER=${GSK_RENDERER:-cairo}

mkdir -p "$XDG_DATA_HOME/lambda-forms"
"$build/bench/bench-history" --fill "$XDG_DATA_HOME/lambda-forms/history.sqlite3" "$runs"
if [[ -n ${DISPLAY:-} ]]; then
  "$build/bench/bench-history-ui"
else
  xvfb-run -a -s "-screen 0 1280x1024x24" "$build/bench/bench-history-ui"
fi
