#!/bin/sh
# with-keyring.sh COMMAND [ARG…]: runs COMMAND in a private D-Bus session whose gnome-keyring
# is unlocked with a test password, so that libsecret meets a real Secret Service and the
# user's own keyring is never touched. The keyring's files go to a temporary home.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/lf-keyring-XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT INT TERM

export XDG_DATA_HOME="$keyring_home/data"
export XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

dbus-run-session -- sh -c '
  printf %s testpass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
