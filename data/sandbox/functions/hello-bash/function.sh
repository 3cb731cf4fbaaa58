# function.sh: the handler of hello-bash, sourced by its bootstrap
#
# SPDX-License-Identifier: GPL-3.0-or-later

handler() {
  local event="$1"
  echo "hello-bash got: ${event}" >&2
  printf '{"message":"Hello from bash","event":%s}' "${event}"
}
