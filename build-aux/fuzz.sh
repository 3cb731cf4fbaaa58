#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (AddressSanitizer and UndefinedBehaviorSanitizer)
# in build-fuzz, then runs each for LF_FUZZ_SECONDS (30) seconds from its seed corpus, with inputs
# up to 1 MB (deep enough for the JSON nesting limit and large bodies). Exits
# non-zero when a target crashes or does not build; a crashing input is kept in build-fuzz/fuzz/.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

seconds=${LF_FUZZ_SECONDS:-30}
dir=build-fuzz

if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang is not installed (see build-aux/packages.txt)" >&2
  exit 1
fi

if [[ ! -f "$dir/build.ninja" ]]; then
  CC=clang meson setup "$dir" -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
ninja -C "$dir" fuzz/fuzz-form-loader fuzz/fuzz-template fuzz/fuzz-sandbox-request \
  fuzz/fuzz-event-stream || exit 1

status=0
for target in form-loader template sandbox-request event-stream; do
  work=$(mktemp -d)
  seeds=("fuzz/corpus/$target")
  if [[ $target == form-loader ]]; then
    seeds+=(data/examples)
  fi
  echo "fuzz.sh: fuzz-$target for ${seconds}s"
  # The first folder takes what the run finds; the seeds are only read. Leaks are left to the
  # sanitizer build of the unit tests: GLib's one-time allocations (types, quarks) made during
  # an input look like leaks of that input to libFuzzer.
  if ! ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       G_SLICE=always-malloc \
       "$dir/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
         -max_len=1048576 \
         -detect_leaks=0 \
         -print_final_stats=1 -artifact_prefix="$dir/fuzz/crash-$target-" \
         "$work" "${seeds[@]}" 2> "$dir/fuzz/fuzz-$target.log"; then
    echo "fuzz.sh: fuzz-$target crashed; see $dir/fuzz/fuzz-$target.log" >&2
    tail -n 40 "$dir/fuzz/fuzz-$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$dir/fuzz/fuzz-$target.log"
  fi
  rm -rf "$work"
done
exit $status
