#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Remakes the pictures in docs/, one per lesson at 1280×800 and one at a
# projector's 1024×768, each of the lesson as the window opens it, with the
# program's own --screenshot option. The shutdown lesson shuts itself down
# at its set time in a screenshot, as it does in a headless run.
# Each is taken at a moment that shows the lesson's point, and at least
# two seconds in, so that every rate on it has been measured (a picture
# taken sooner shows "—" for the rates). Then docs/replay.png, a short
# recording played back in the window and paused halfway. With no display,
# runs itself again under xvfb-run.
# Usage: build-aux/screenshots.sh [BUILDDIR]   (default: _build)
set -eu

cd "$(dirname "$0")/.."

builddir=${1:-_build}
program=$builddir/app/pipeline-lab

if [ ! -x "$program" ]; then
  echo "screenshots.sh: no $program; build it first: build-aux/build.sh $builddir" >&2
  exit 2
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  if [ -n "${PL_SCREENSHOTS_NESTED:-}" ]; then
    echo "screenshots.sh: xvfb-run gave no display" >&2
    exit 1
  fi
  PL_SCREENSHOTS_NESTED=1 exec xvfb-run -a -s "-screen 0 1920x1200x24" \
    dbus-run-session -- "$0" "$builddir"
fi

# The schema from the build tree, and no settings remembered from earlier
# runs: every picture shows the lesson as it ships.
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GSETTINGS_BACKEND=memory
export GTK_A11Y=none

# Software drawing, as on a classroom laptop: the charts' line for the
# window's own drawing then shows what a class would see it cost.
export GSK_RENDERER=cairo

lessons=$(mktemp -d)
trap 'rm -rf "$lessons"' EXIT

# lesson NAME [SED_SCRIPT]: the lesson as the window opens it for a class
# (--print-scenario), so that each picture shows what the class sees, the
# lesson's text included. The script changes what a teacher would do by
# hand, which a picture cannot: close the input, or shut the line down.
lesson ()
{
  "$program" --preset="$1" --print-scenario | sed -e "${2:-}" > "$lessons/$1.scenario"
  echo "$lessons/$1.scenario"
}

# shot NAME AFTER_S [SIZE] -- OPTIONS...: one picture, at 1280×800 unless
# a size is given.
shot ()
{
  name=$1
  after=$2
  size=1280x800
  shift 2
  if [ "${1:-}" != -- ]; then
    size=$1
    shift
  fi
  shift
  echo "docs/$name.png"
  "$program" "$@" --screenshot="docs/$name.png" --after="$after" --size="$size"
}

# The lesson's own question: with a download of 10 ms per item, the stages
# after it find their queues empty about every second time they ask.
shot busy-wait 3 -- --scenario="$(lesson busy-wait)"
shot blocking 3 -- --scenario="$(lesson blocking)"
shot bounded 3 -- --scenario="$(lesson bounded)"
# The input queue's join has returned; queue 1's still waits.
shot join 6 -- --scenario="$(lesson join)"
# Closed once every item was fed, as if the teacher had pressed C at the
# start: download has exited and the marker rides at the tail of queue 1.
shot closable 6 -- --scenario="$(lesson closable 's/^auto-close=.*/auto-close=true/')"
shot backlog 4 -- --scenario="$(lesson backlog)"
# The panels, which the fixed command line cannot open: PIPELINE_LAB_PANELS
# does. Busy-wait workers on their lines of the listing, then the charts of
# a bounded line with Little's law agreeing queue by queue.
(export PIPELINE_LAB_PANELS=code
 shot code-panel 3 -- --scenario="$(lesson busy-wait)" --stage=download:5:fixed:2 \
   --stage=resize:20:fixed:3 --stage=upload:2 --capacity=2)
(export PIPELINE_LAB_PANELS=charts
 shot charts 12 -- --scenario="$(lesson bounded)" --items=100000 --stage=download:2:exponential \
   --stage=resize:20:uniform --stage=upload:5:exponential)
# Shut down one second in, as a teacher pressing S would.
shot shutdown 2 -- --scenario="$(lesson shutdown 's/^shutdown-after-s=.*/shutdown-after-s=1/')"
# Busy-wait against blocking on the same workload at the same moment: two
# lines stacked, the strip between them measured from both.
shot compare-busy-wait-blocking 3 1280x1200 -- --scenario="$(lesson busy-wait)" --compare=mode=blocking
# A projector's size: the header bar in its narrow form, the side panel
# beside the line, nothing on the canvas smaller than 12 px.
shot projector-1024x768 3 1024x768 -- --scenario="$(lesson bounded)"
# A replay of a short recording of lesson 1, paused halfway, with the
# timeline under the canvas: the window is driven to that moment by
# replay-shot.py, since no option pauses a replay.
echo docs/replay.png
/usr/bin/python3 build-aux/replay-shot.py "$program" "$builddir" "$(lesson busy-wait)" docs/replay.png
