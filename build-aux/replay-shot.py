#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes docs/replay.png: a short recording of a lesson, played back in the
# window with its timeline under the canvas, paused halfway through the
# run. The window cannot be told where to pause from the command line, so
# this drives it as a teacher would, with the test suite's own helpers
# (tests/live/plive.py): its own X server of the picture's size, a session
# bus, a click on the timeline, and the screen read back once the canvas
# describes the moment asked for.
# Usage: build-aux/replay-shot.py PROGRAM BUILDDIR SCENARIO OUTPUT.png

import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "live"))

WIDTH, HEIGHT = 1280, 800
ITEMS = 600


def main():
    program, builddir, scenario, output = sys.argv[1:5]
    os.environ["PL_PROGRAM"] = os.path.abspath(program)
    os.environ["PL_BUILD_ROOT"] = os.path.abspath(builddir)

    import plive

    missing = plive.missing_tools()
    if missing or not shutil.which("import"):
        print("replay-shot.py: missing %s (build-aux/deps.sh installs them)"
              % ", ".join(missing or ["imagemagick"]), file=sys.stderr)
        return 1

    with plive.Session(WIDTH, HEIGHT) as session:
        recording = os.path.join(session.tmp, "lesson.plrec")
        session.run_headless(["--scenario=" + scenario, "--items=%d" % ITEMS,
                              "--record=" + recording])

        app = session.start_app(["--replay=" + recording])
        app.fill_screen(what="Play")

        def done():
            found = re.search(r"Done: ([0-9]+) of ([0-9]+)", app.canvas_description())
            return int(found.group(1)) if found else None

        # Halfway along the timeline: a click on a scale puts its handle there.
        timeline = app.get(role="slider", name_re=r"^Moment of the recorded run$",
                           what="the timeline's slider")
        app.click(timeline)
        plive.wait_for(lambda: (done() or 0) > ITEMS // 4 and done() < ITEMS * 3 // 4,
                       lambda: "the canvas to show the run halfway (it reads %r)"
                       % app.canvas_description()[:300], timeout=30)

        # Nothing hovered: no tooltip or highlight in the picture.
        x, y, w, h = plive.extents(app.canvas())
        plive.xdotool("mousemove", x + w - 4, y + 4)
        plive.settle(1.5)
        subprocess.run(["import", "-display", session.display, "-window", "root",
                        "-crop", "%dx%d+0+0" % (WIDTH, HEIGHT), "+repage", output],
                       timeout=60, check=True)
        print("%s: %d of %d items done" % (output, done(), ITEMS), file=sys.stderr)

    return 0


if __name__ == "__main__":
    sys.exit(main())
