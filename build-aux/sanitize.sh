#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the engine with AddressSanitizer+UndefinedBehaviorSanitizer
# (_build-address) and with ThreadSanitizer (_build-thread), without the
# window (-Dgui=false), and runs the engine's suites in each: core (queue,
# config, pipeline, report), app (the command line; headless runs of the
# program under the thread sanitizer) and reliability (stress, fuzz
# regressions). The sanitizers' runtime options come from
# tests/meson.build: the first report fails the test that hit it.
#
# Usage: build-aux/sanitize.sh [address] [thread] [-- MESON_TEST_ARGS...]
#   (default: both)
#
# Environment:
#   CC                the compiler; by default gcc, falling back to clang
#                     when gcc cannot build and run a sanitized program here
#   PL_TESTED_BUILDS  a file to which each tested build directory is
#                     appended (the CI summary reads their test logs)
# Exits non-zero when a build or a test failed.
set -eu

cd "$(dirname "$0")/.."

kinds=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case $1 in
    address | thread) kinds="$kinds $1" ;;
    *)
      echo "sanitize.sh: expected address or thread, not \"$1\"" >&2
      exit 2
      ;;
  esac
  shift
done
[ $# -gt 0 ] && shift
kinds=${kinds:-address thread}

# Can this compiler build and run a program with the given sanitizer?
works_with () {
  compiler=$1
  flag=$2
  command -v "$compiler" > /dev/null 2>&1 || return 1
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pl-sanitize.XXXXXX")
  printf 'int main (void) { return 0; }\n' > "$dir/probe.c"
  ok=1
  if "$compiler" -fsanitize="$flag" -o "$dir/probe" "$dir/probe.c" > /dev/null 2>&1 &&
     "$dir/probe" > /dev/null 2>&1; then
    ok=0
  fi
  rm -rf "$dir"
  return $ok
}

pick_compiler () {
  flag=$1
  for candidate in ${CC:-} gcc clang; do
    if works_with "$candidate" "$flag"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

status=0
for kind in $kinds; do
  dir=_build-$kind
  case $kind in
    address) flag=address,undefined ;;
    thread) flag=thread ;;
  esac

  if ! compiler=$(pick_compiler "$flag"); then
    echo "sanitize.sh: no compiler here builds with -fsanitize=$flag" >&2
    status=1
    continue
  fi

  echo "== $kind sanitizer, $compiler, $dir"
  # The compiler is fixed when a build directory is first set up.
  if ! CC=$compiler build-aux/build.sh "$dir" -Dsanitize="$kind" -Dgui=false; then
    status=1
    continue
  fi

  # A stale log must never be mistaken for this run's results.
  rm -f "$dir/meson-logs/testlog.json"
  if [ -n "${PL_TESTED_BUILDS:-}" ]; then
    echo "$dir" >> "$PL_TESTED_BUILDS"
  fi

  # The thread sanitizer runs the program headless (suite "headless")
  # rather than through the command-line test (app/cli): that harness
  # talks to the program through GSubprocess, whose threads hand data
  # around inside GLib, which is not built with the sanitizer, and each of
  # those hand-overs would be reported. The program it starts is the same,
  # and the address build runs the full app suite.
  case $kind in
    address) suites="--suite core --suite app --suite reliability" ;;
    thread) suites="--suite core --suite headless --suite reliability" ;;
  esac

  # Sanitized code runs several times slower; the tests' own bounds stay.
  # shellcheck disable=SC2086
  if ! meson test -C "$dir" $suites --timeout-multiplier=4 --print-errorlogs "$@"; then
    status=1
  fi
done

exit "$status"
