#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets with clang and runs each for a bounded time.
# A crash is copied to tests/reliability/fuzz-regressions/, where the
# `fuzz-regressions` meson test replays it in every build from then on.
#
# Usage: build-aux/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60
#   TARGET              options, scenario (default: both)
#
# Environment: PL_FUZZ_BUILD_DIR (default _build-fuzz).
# Exits 1 when a target found a crash, 2 when it could not be built.
set -eu

cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-options scenario}
builddir=${PL_FUZZ_BUILD_DIR:-_build-fuzz}
regressions=tests/reliability/fuzz-regressions

if ! command -v clang > /dev/null 2>&1; then
  echo "fuzz.sh: clang is needed (apt-get install clang)" >&2
  exit 2
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dgui=false >/dev/null || exit 2
fi
for target in $targets; do
  ninja -C "$builddir" "fuzz/fuzz-$target" || exit 2
done

# Criticals (g_return_if_fail) are bugs here too: make them crash.
export G_DEBUG=fatal-criticals
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for target in $targets; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/pl-fuzz-$target.XXXXXX")
  # The fuzzer grows its corpus in a scratch copy; the committed seed
  # corpus stays small and hand-picked.
  cp fuzz/corpus/"$target"/* "$work/" 2>/dev/null || true
  mkdir -p "$work/artifacts"

  echo "== fuzz-$target for $seconds s"
  if ! "$builddir/fuzz/fuzz-$target" \
         -max_total_time="$seconds" \
         -timeout=10 \
         -rss_limit_mb=2048 \
         -max_len=4096 \
         -print_final_stats=1 \
         -artifact_prefix="$work/artifacts/" \
         "$work" > "$work/log" 2>&1; then
    status=1
  fi
  tail -n 15 "$work/log"

  for crash in "$work"/artifacts/*; do
    [ -f "$crash" ] || continue
    name="$target-$(sha1sum "$crash" | cut -c1-16)"
    cp "$crash" "$regressions/$name"
    echo "fuzz.sh: $target found $(basename "$crash"); kept as $regressions/$name" >&2
    status=1
  done
  rm -rf "$work"
done

exit "$status"
