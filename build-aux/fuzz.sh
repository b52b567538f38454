#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets with clang (_build-fuzz, -Dfuzzing=true,
# without the window) and runs each for a bounded time as the meson suite
# "fuzz" (see fuzz/run-fuzzer.sh). A crash is copied to
# tests/reliability/fuzz-regressions/, where the `fuzz-regressions` test
# replays it in every build from then on.
#
# Usage: build-aux/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60
#   TARGET              options, scenario, recording (default: all three)
#
# Environment:
#   PL_FUZZ_BUILD_DIR  the build directory (default _build-fuzz)
#   PL_TESTED_BUILDS   a file to which the build directory is appended (the
#                      CI summary reads its test log)
# Exits 0 when no target failed, 1 when one found a crash, 2 when the
# targets could not be built, and 77 when clang is not installed.
set -eu

cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-options scenario recording}
builddir=${PL_FUZZ_BUILD_DIR:-_build-fuzz}

case $seconds in
  '' | *[!0-9]*)
    echo "fuzz.sh: SECONDS_PER_TARGET is a whole number, not \"$seconds\"" >&2
    exit 2
    ;;
esac

if ! command -v clang > /dev/null 2>&1; then
  echo "fuzz.sh: clang is needed (apt-get install clang)" >&2
  exit 77
fi

# The compiler is fixed when a build directory is first set up. Only the
# fuzzers are built: the rest of this build is never run.
if [ -f "$builddir/meson-private/coredata.dat" ]; then
  meson setup --reconfigure "$builddir" -Dfuzzing=true -Dgui=false -Dsanitize=none > /dev/null ||
    exit 2
else
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dgui=false -Dsanitize=none > /dev/null ||
    exit 2
fi
tests=
for target in $targets; do
  ninja -C "$builddir" "fuzz/fuzz-$target" || exit 2
  tests="$tests fuzz-$target"
done

# A stale log must never be mistaken for this run's results.
rm -f "$builddir/meson-logs/testlog.json"
if [ -n "${PL_TESTED_BUILDS:-}" ]; then
  echo "$builddir" >> "$PL_TESTED_BUILDS"
fi

# Each fuzzer stops itself after its time; meson's timeout (120 s, scaled
# to the time asked for) only catches one that does not.
# shellcheck disable=SC2086
PL_FUZZ_SECONDS=$seconds meson test -C "$builddir" --no-rebuild --print-errorlogs \
  --timeout-multiplier=$((seconds / 60 + 2)) $tests ||
  exit 1
