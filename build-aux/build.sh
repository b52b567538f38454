#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configures (or reconfigures) a build directory and compiles it.
# Usage: build-aux/build.sh BUILDDIR [MESON OPTION]...
# BUILDDIR is absolute or relative to the top of the source tree.
set -eu

cd "$(dirname "$0")/.."

builddir=${1:?usage: build-aux/build.sh BUILDDIR [MESON OPTION]...}
shift

if [ -f "$builddir/meson-private/coredata.dat" ]; then
  meson setup --reconfigure "$builddir" "$@"
else
  meson setup "$builddir" "$@"
fi

meson compile -C "$builddir"
