#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer target for a bounded time: the meson tests of the
# suite "fuzz" (-Dfuzzing=true builds).
#
# Usage: run-fuzzer.sh FUZZER SEED_CORPUS REGRESSIONS_DIR NAME
#
# The fuzzer grows a scratch corpus, starting from the seed corpus and the
# regressions; the committed folders are only read. An input that crashes,
# hangs or breaks a check is printed, and copied to REGRESSIONS_DIR as
# NAME-<sha1>, where the fuzz-regressions test replays it from then on.
#
# Environment: PL_FUZZ_SECONDS, the time to fuzz (default 30).
set -u

fuzzer=$1
seeds=$2
regressions=$3
name=$4
seconds=${PL_FUZZ_SECONDS:-30}

work=$(mktemp -d "${TMPDIR:-/tmp}/pl-fuzz-$name.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/corpus" "$work/artifacts"

# -timeout: one input running this long is a hang. -rss_limit_mb: one
# input's memory. -max_len: longer inputs only slow the search down; every
# option and scenario key fits in far less.
status=0
"$fuzzer" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -max_len=4096 \
  -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" \
  "$work/corpus" "$seeds" "$regressions" > "$work/log" 2>&1 || status=$?

# The fuzzer's own summary, and its stack on a crash.
grep -v '^#[0-9]' "$work/log" | tail -n 60

found=0
for crash in "$work"/artifacts/*; do
  [ -f "$crash" ] || continue
  found=$((found + 1))
  # An input already kept (a regression not fixed yet breaks the fuzzer
  # again as it loads its corpus) is named, not copied a second time.
  kept=
  for known in "$regressions"/*; do
    if [ -f "$known" ] && cmp -s "$crash" "$known"; then
      kept=$known
    fi
  done
  if [ -n "$kept" ]; then
    echo "run-fuzzer.sh: $(basename "$crash") is the kept regression $kept"
    continue
  fi
  kept="$regressions/$name-$(sha1sum "$crash" | cut -c1-16)"
  cp "$crash" "$kept"
  echo "run-fuzzer.sh: $(basename "$crash"), kept as $kept; its bytes:"
  od -A d -c "$crash" | head -n 20
done

if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
  echo "run-fuzzer.sh: $name failed (status $status, $found inputs kept)"
  exit 1
fi
echo "run-fuzzer.sh: $name ran $seconds s with no crash; corpus grew to" \
     "$(ls "$work/corpus" | wc -l) inputs"
