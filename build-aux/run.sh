#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds, and starts Pipeline Lab from the build
# tree. Arguments go to the program, e.g. build-aux/run.sh --preset=closable.
# Without a display the program prints its headless report instead.
set -eu

cd "$(dirname "$0")/.."

builddir=${PL_BUILD_DIR:-_build}
case $builddir in
  /*) abs_builddir=$builddir ;;
  *) abs_builddir=$PWD/$builddir ;;
esac

# Installing and building report on stderr, so that stdout carries only the
# program's own output (a JSON report can be piped straight on).
build-aux/deps.sh >&2
build-aux/build.sh "$builddir" >&2

# Run uninstalled: the settings schema is compiled into the build tree.
GSETTINGS_SCHEMA_DIR="$abs_builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export GSETTINGS_SCHEMA_DIR
# The translations are compiled into the build tree as well (see app/main.c).
# LANGUAGE=ko picks Korean as long as the locale is not plain C or POSIX.
PL_LOCALEDIR=$abs_builddir/po
export PL_LOCALEDIR
exec "$abs_builddir/app/pipeline-lab" "$@"
