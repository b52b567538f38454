#!/bin/bash
# check-queue-model.sh: model-check the queue protocol (tests/model/queue.pml)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-queue-model.sh [queue.pml]
#
# Prints TAP. Each check generates the verifier, compiles it with the system
# C compiler and runs it in a temporary folder. The correct model must pass
# every check; each deliberately broken variant must be rejected, so that a
# checker that silently checks nothing cannot pass.
#
# The checks are independent searches, so they run side by side, one per
# processor (PL_MODEL_JOBS overrides), and their results print in order.

set -u

model=${1:-$(dirname "$0")/queue.pml}
cc=${CC:-cc}

if ! command -v spin >/dev/null 2>&1; then
  echo "1..0 # SKIP spin is not installed"
  exit 77
fi
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "1..0 # SKIP no C compiler ($cc)"
  exit 77
fi
if [ ! -r "$model" ]; then
  echo "Bail out! cannot read $model"
  exit 1
fi
model=$(cd "$(dirname "$model")" && pwd)/$(basename "$model")

work=$(mktemp -d "${TMPDIR:-/tmp}/pl-model.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

n=0
jobs=${PL_MODEL_JOBS:-$(nproc 2>/dev/null || echo 1)}
# Unoptimised: the verifier compiles in under a second instead of ten, and
# at these bounds (a few million states at most) that saves more than the
# slower search costs.
opt=-O0

# check NUMBER NAME EXPECT(pass|fail) KIND(safety|liveness) SPIN-DEFINES...
# Writes the check's TAP line, and the log's tail on failure, to its folder.
check () {
  number=$1
  name=$2
  expect=$3
  kind=$4
  shift 4
  dir=$work/$number
  log=$dir/log

  if [ "$kind" = safety ]; then
    # Deadlocks (invalid end states) and assertions; no never claim, so
    # the verifier can leave out the machinery for cycles.
    ccflags="-DNOCLAIM -DCOLLAPSE -DSAFETY"
    panflags="-m20000"
  else
    # The LTL claim, under weak fairness, so a woken thread is not just
    # left unscheduled forever by the checker.
    ccflags="-DCOLLAPSE -DNFAIR=10"
    panflags="-m20000 -a -f -N shutdown_wakes"
  fi

  started=$(date +%s.%N)
  status=ok
  # shellcheck disable=SC2086
  if ! (cd "$dir" && spin "$@" -a "$model") >"$log" 2>&1; then
    status=broken
  elif ! (cd "$dir" && $cc $opt -w $ccflags -o pan pan.c) >>"$log" 2>&1; then
    status=broken
  else
    (cd "$dir" && ./pan $panflags) >>"$log" 2>&1
    if grep -q 'max search depth too small' "$log" ||
       grep -q 'out of memory' "$log"; then
      status=broken      # a truncated search proves nothing either way
    elif ! grep -q 'errors: ' "$log"; then
      status=broken
    elif grep -q 'errors: 0$' "$log"; then
      status=passed
    else
      status=rejected
    fi
  fi
  took=$(echo "$started $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')

  stored=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$log" | head -n 1)
  {
    if [ "$expect" = pass ] && [ "$status" = passed ]; then
      echo "ok $number - $name ($kind, ${stored:-?} states, $took s)"
    elif [ "$expect" = fail ] && [ "$status" = rejected ]; then
      what=$(grep -m 1 -E '^pan:1:' "$log")
      echo "ok $number - $name is rejected: $what"
    else
      echo "not ok $number - $name ($kind): expected the checker to $expect, got $status"
      sed 's/^/# /' "$log" | grep -v '^# *$' | tail -n 40
    fi
  } > "$dir/tap"
}

# run_check NAME EXPECT KIND SPIN-DEFINES...: starts the next check once
# fewer than $jobs are running.
run_check () {
  n=$((n + 1))
  mkdir -p "$work/$n"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
  check "$n" "$@" &
}


# The correct protocol, in shapes that stress different paths. The two live
# actors (shutdown, resize) multiply the interleavings, so the larger shapes
# take one of them at a time. The largest searches come first, so that the
# small ones fill in around them.
run_check "a spurious wakeup: 2 producers x 1 item, 2 consumers, shutdown" pass safety \
  -DSPURIOUS -DSPURIOUS_MAX=1 -DNITEMS=1 -DNO_RESIZE
run_check "deadlines and a kick: 1 producer x 1 item, 2 consumers, shutdown" pass safety \
  -DTIMED -DNPROD=1 -DNITEMS=1 -DNCONS=2 -DNO_RESIZE
run_check "2 producers x 2 items, 2 consumers, capacity 1..2 live" pass safety \
  -DNO_SHUTDOWN
run_check "spurious wakeups, deadlines and a kick: 1 producer x 2 items, 1 consumer" pass safety \
  -DSPURIOUS -DTIMED -DNPROD=1 -DNITEMS=2 -DNCONS=1 -DNO_RESIZE
run_check "every sleeper leaves after shutdown" pass liveness \
  -DNITEMS=1 -DNO_RESIZE
run_check "2 producers x 1 item, 2 consumers, capacity 1, shutdown" pass safety \
  -DNITEMS=1 -DNO_RESIZE
run_check "every sleeper leaves after shutdown, with deadlines" pass liveness \
  -DTIMED -DNPROD=1 -DNITEMS=2 -DNCONS=1 -DNO_RESIZE
run_check "1 producer x 2 items, 2 consumers, capacity 1, shutdown" pass safety \
  -DNPROD=1 -DNITEMS=2 -DNCONS=2 -DNO_RESIZE
run_check "deadlines and a kick: 1 producer x 2 items, 1 consumer, shutdown" pass safety \
  -DTIMED -DNPROD=1 -DNITEMS=2 -DNCONS=1 -DNO_RESIZE
run_check "2 producers x 1 item, 1 consumer, capacity 1..2 live, shutdown" pass safety \
  -DNPROD=2 -DNITEMS=1 -DNCONS=1
run_check "3 producers x 1 item, 1 consumer, capacity 2..3 live" pass safety \
  -DNPROD=3 -DNITEMS=1 -DNCONS=1 -DCAP=2 -DMAXCAP=3 -DNO_SHUTDOWN
run_check "spurious wakeups: 1 producer x 2 items, 1 consumer, capacity 1..2 live" pass safety \
  -DSPURIOUS -DNPROD=1 -DNITEMS=2 -DNCONS=1 -DNO_SHUTDOWN

# Each mutant must be caught, or the checks above mean nothing.
run_check "mutant: shutdown wakes no one" fail safety \
  -DBROKEN_WAKE -DNITEMS=1 -DNO_RESIZE
run_check "mutant: shutdown wakes no one (claim)" fail liveness \
  -DBROKEN_WAKE -DNITEMS=1 -DNO_RESIZE
run_check "mutant: immediate shutdown keeps dropped tasks" fail safety \
  -DBROKEN_DROP_COUNT -DNITEMS=1 -DNO_RESIZE
run_check "mutant: get never wakes a putter" fail safety \
  -DBROKEN_GET_SIGNAL -DNITEMS=1 -DNO_RESIZE
run_check "mutant: get never wakes a putter, capacity 2..3" fail safety \
  -DBROKEN_GET_SIGNAL -DNPROD=3 -DNITEMS=1 -DNCONS=1 -DCAP=2 -DMAXCAP=3
run_check "mutant: a woken waiter keeps its wakeup counted" fail safety \
  -DBROKEN_WOKEN -DNITEMS=1 -DNO_RESIZE
run_check "mutant: a waiter past its deadline keeps its wakeup counted" fail safety \
  -DBROKEN_TIMEOUT_WOKEN -DTIMED -DNPROD=1 -DNITEMS=1 -DNCONS=2 -DNO_RESIZE

wait

echo "1..$n"
failed=0
for i in $(seq 1 "$n"); do
  if [ -f "$work/$i/tap" ]; then
    cat "$work/$i/tap"
    grep -q '^not ok' "$work/$i/tap" && failed=$((failed + 1))
  else
    echo "not ok $i - the check did not report"
    failed=$((failed + 1))
  fi
done

[ "$failed" -eq 0 ]
