#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the engine with AddressSanitizer+UndefinedBehaviorSanitizer
# (_build-asan) and with ThreadSanitizer (_build-tsan), without the window,
# and runs the engine suites in each: meson test --suite core --suite
# reliability. Extra arguments go to meson test.
#
# Usage: build-aux/sanitize.sh [address] [thread] [-- MESON_TEST_ARGS...]
#   (default: both)
#
# Environment: CC picks the compiler; by default gcc, falling back to clang
# when gcc cannot link a -fsanitize=thread program here.
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
  case $kind in
    address)
      dir=_build-asan
      flag=address,undefined
      # Leaks count, with no suppressions: the engine suites leak nothing.
      # Should one ever be needed, it goes in build-aux/ with its reason.
      export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
      export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
      ;;
    thread)
      dir=_build-tsan
      flag=thread
      # halt_on_error: a race fails the test that hit it, at once. No
      # suppressions: GLib's futex locks are invisible to the sanitizer,
      # so the engine annotates its queue and the tests read messages only
      # once the threads are joined.
      export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4"
      ;;
  esac

  if ! compiler=$(pick_compiler "$flag"); then
    echo "sanitize.sh: no compiler here builds with -fsanitize=$flag; skipping $kind" >&2
    status=1
    continue
  fi

  echo "== $kind sanitizer, $compiler, $dir"
  if [ ! -f "$dir/build.ninja" ]; then
    CC=$compiler meson setup "$dir" -Dsanitize="$kind" -Dgui=false || { status=1; continue; }
  fi
  if ! ninja -C "$dir"; then
    status=1
    continue
  fi

  # Sanitized code runs several times slower; the tests' own bounds stay.
  rm -f "$dir/meson-logs/testlog.json"
  if ! meson test -C "$dir" --suite core --suite reliability \
       --timeout-multiplier=4 --print-errorlogs "$@"; then
    status=1
  fi
done

exit "$status"
