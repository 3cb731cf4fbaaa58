#!/usr/bin/env bash
# Installs what is missing, builds, and starts LambdaForms. Extra arguments go to the program.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

bash build-aux/deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build -Dbuildtype=debugoptimized
fi
meson compile -C build

# Until the window exists, the command-line front end is what there is to run.
exec build/src/cli/lambda-forms-cli "${@:---help}"
