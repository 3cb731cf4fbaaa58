#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice: a normal build (with
# -Werror) and one with AddressSanitizer and UndefinedBehaviorSanitizer. Ends with one line
# "N passed, N failed[, N skipped]" over both runs.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

bash build-aux/deps.sh || exit 1

export LF_REQUIRE_SIGV4_SUITE=1
export PYTHONDONTWRITEBYTECODE=1

status=0

configure () {
  local dir=$1; shift
  if [[ -f "$dir/build.ninja" ]]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

run_suite () {
  local dir=$1; shift
  if ! meson compile -C "$dir"; then
    echo "Build in $dir failed" >&2
    status=1
    return
  fi
  # The GUI tests need a display: Xvfb when there is none.
  local runner=()
  if [[ -z "${DISPLAY:-}" ]] && command -v xvfb-run >/dev/null; then
    runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
  fi
  "${runner[@]}" meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || status=1
}

configure build --werror -Dbuildtype=debugoptimized
run_suite build

# Sanitizers: leak checking stays on; the sandbox's Python children are not instrumented.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:print_summary=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$top/build-aux/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
configure build-asan --werror -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
run_suite build-asan --timeout-multiplier 3

# libFuzzer: the form loader and the template parser, about 30 s each.
bash build-aux/fuzz.sh || status=1

python3 build-aux/count-results.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
  || status=1
exit $status
