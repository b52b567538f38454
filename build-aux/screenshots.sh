#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Remakes the pictures in docs/, one per lesson at 1280×800 and one at a
# projector's 1024×768, with the
# program's own --screenshot option. The shutdown lesson shuts itself down
# at its set time in a screenshot, as it does in a headless run.
# Each is taken at a moment that shows the lesson's point, and at least
# two seconds in, so that every rate on it has been measured (a picture
# taken sooner shows "—" for the rates). With no display,
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
# after it find their queues empty and poll.
shot busy-wait 3 -- --preset=busy-wait
shot blocking 3 -- --preset=blocking --stage=download:10 --stage=resize:0 --stage=upload:0
shot bounded 3 -- --preset=bounded
# The lessons' own 1000 items are through in about a second; 2500 leave
# the joins and the close at work when the rates have been measured.
shot join 2.5 -- --preset=join --items=2500
# Mid-shutdown: the input queue joined, the marker on its way down queue 1.
shot closable 2.5 -- --preset=closable --items=2500
shot backlog 3 -- --preset=backlog
# The panels, which the fixed command line cannot open: PIPELINE_LAB_PANELS
# does. Busy-wait workers on their lines of the listing, then the charts of
# a bounded line with Little's law agreeing queue by queue.
(export PIPELINE_LAB_PANELS=code
 shot code-panel 3 -- --preset=busy-wait --stage=download:5:fixed:2 \
   --stage=resize:20:fixed:3 --stage=upload:2 --capacity=2)
(export PIPELINE_LAB_PANELS=charts
 shot charts 12 -- --preset=bounded --items=100000 --stage=download:2:exponential \
   --stage=resize:20:uniform --stage=upload:5:exponential)

shot shutdown 2 -- --preset=shutdown
# A projector's size: the header bar in its narrow form, the side panel
# beside the line, nothing on the canvas smaller than 12 px.
shot projector-1024x768 3 1024x768 -- --preset=bounded
