#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds, and runs every test. Arguments go to
# `meson test`, e.g. build-aux/test.sh --suite data. The exit status is that
# of the test runs: 0 only when everything passed.
#
# Environment:
#   PL_BUILD_DIR      build directory (default _build)
#   PL_WITHOUT_WINDOW 1: test a build without the window as well
#                     (_build-nogui, -Dgui=false; default: 0)
#   PL_SANITIZE       space-separated sanitizer builds to test as well:
#                     "address" and/or "thread" (default: none)
#   PL_FUZZ_SECONDS   run each fuzzer for this many seconds in a clang
#                     build as well (default: 0, no fuzzing)
#   PL_TESTED_BUILDS  a file to which each tested build directory is appended
#                     (the CI summary reads the test logs of those)
set -eu

cd "$(dirname "$0")/.."

builddir=${PL_BUILD_DIR:-_build}

build-aux/deps.sh

# Window tests need a display and GLib wants a session bus. Without a
# display, a virtual X server is started for the length of the run.
with_session () {
  if command -v dbus-run-session > /dev/null 2>&1; then
    set -- dbus-run-session -- "$@"
  fi
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] &&
     command -v xvfb-run > /dev/null 2>&1; then
    set -- xvfb-run -a -s "-screen 0 1920x1200x24" "$@"
  fi
  "$@"
}

# test_build BUILDDIR SETUP_OPTIONS -- TEST_OPTIONS
test_build () {
  dir=$1
  shift
  setup_options=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    setup_options="$setup_options $1"
    shift
  done
  [ $# -gt 0 ] && shift

  # Setup options never contain spaces, so splitting them on words is safe.
  build-aux/build.sh "$dir" $setup_options || return

  # A stale log must never be mistaken for this run's results.
  rm -f "$dir/meson-logs/testlog.json"
  if [ -n "${PL_TESTED_BUILDS:-}" ]; then
    echo "$dir" >> "$PL_TESTED_BUILDS"
  fi

  with_session meson test -C "$dir" --print-errorlogs "$@"
}

status=0
test_build "$builddir" -- "$@" || status=$?

# ---------------------------------------------------------------------------
# The build without the window.
# PL_WITHOUT_WINDOW=1 also configures _build-nogui with -Dgui=false, where
# GTK is never looked up, and runs the suites whose programs differ there:
# scene (the scene library, its exports and the charts' history, built on
# cairo and Pango alone, and --export run as a user runs it) and app (the
# command line, --screenshot refused). The engine's suites are the same
# code in both builds; the sanitizer builds run them without the window.
# ---------------------------------------------------------------------------
case ${PL_WITHOUT_WINDOW:-0} in
  0) ;;
  1)
    test_build _build-nogui -Dgui=false -- --suite scene --suite app || status=$?
    ;;
  *)
    echo "test.sh: PL_WITHOUT_WINDOW is 0 or 1, not \"$PL_WITHOUT_WINDOW\"" >&2
    exit 2
    ;;
esac

# ---------------------------------------------------------------------------
# Sanitizer and fuzzing builds.
# Each kind named in PL_SANITIZE ("address", "thread") gets its own build
# directory (_build-address, _build-thread), configured by
# build-aux/sanitize.sh with -Dsanitize=KIND and without the window, which
# runs the engine's suites there: core, app and reliability. The sanitizers'
# runtime options are set in tests/meson.build. The address build's one
# suppression lives in build-aux/lsan.supp with its reason; the thread
# build has none, and shows the sanitizer GLib's locks and queues through
# tests/reliability/tsan/pl-tsan-glib.c instead.
# PL_FUZZ_SECONDS=N (N > 0) also builds the libFuzzer targets with clang
# (_build-fuzz) and runs each for N seconds as the meson suite "fuzz"
# (build-aux/fuzz.sh); without clang that step is skipped with a message.
# ---------------------------------------------------------------------------
for kind in ${PL_SANITIZE:-}; do
  case $kind in
    address | thread) ;;
    *)
      echo "test.sh: PL_SANITIZE accepts \"address\" and \"thread\", not \"$kind\"" >&2
      exit 2
      ;;
  esac
  build-aux/sanitize.sh "$kind" || status=$?
done

if [ "${PL_FUZZ_SECONDS:-0}" -gt 0 ] 2> /dev/null; then
  fuzz_status=0
  build-aux/fuzz.sh "$PL_FUZZ_SECONDS" || fuzz_status=$?
  case $fuzz_status in
    0) ;;
    77) echo "test.sh: fuzzing skipped: clang is not installed" >&2 ;;
    *) status=$fuzz_status ;;
  esac
fi

exit "$status"
