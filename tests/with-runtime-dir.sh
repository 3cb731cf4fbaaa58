#!/bin/sh
# with-runtime-dir.sh COMMAND [ARG…]: runs COMMAND with an XDG_RUNTIME_DIR of its own (mode
# 0700), removed afterwards, so that what programs leave there for their user stays in the test.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

runtime_dir=$(mktemp -d "${TMPDIR:-/tmp}/lf-runtime-XXXXXX")
chmod 700 "$runtime_dir"
trap 'rm -rf "$runtime_dir"' EXIT INT TERM
export XDG_RUNTIME_DIR="$runtime_dir"
"$@"
