#!/bin/sh
# with-atspi.sh COMMAND [ARG…]: runs COMMAND in a private D-Bus session on the current X
# display, where the app's first accessibility call activates at-spi-bus-launcher and, through
# it, at-spi2-registryd. The bus and what it activates print on their stdout ("SpiRegistry
# daemon is running…"): they get stderr, and COMMAND alone keeps stdout, the TAP stream.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
: "${DISPLAY:?with-atspi.sh needs an X display (xvfb-run)}"
# GTK 4 does not read NO_AT_BRIDGE; GTK_A11Y=none would switch its AT-SPI backend off.
unset NO_AT_BRIDGE GTK_A11Y AT_SPI_BUS_ADDRESS
# A runtime directory of our own, so nothing meets the user's session; TMPDIR inside it, so
# the temporary homes of apps a failed test could not remove go with it.
runtime=$(mktemp -d "${TMPDIR:-/tmp}/lf-atspi-run-XXXXXX")
trap 'rm -rf "$runtime"' EXIT INT TERM
chmod 700 "$runtime"
mkdir "$runtime/tmp"
export XDG_RUNTIME_DIR="$runtime" TMPDIR="$runtime/tmp"
exec 3>&1
dbus-run-session -- sh -c 'exec "$@" 1>&3 3>&-' with-atspi "$@" 1>&2
