#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--compare in the window: it opens in compare mode.

`pipeline-lab --preset=blocking --compare=mode=busy-wait`, with no
--headless and no picture, opens the window with compare mode on and line B
set from the option: line A is the blocking lesson, line B the same line
busy-waiting. Both start with the one Start button, and the strip
then measures polls on line B and none on line A. A value the window's
line already has is refused as on the command line: one line, status 2.
"""

import re
import subprocess

import plive
from plive import case, expect, wait_for, extents, has_state, description

LABEL_A = r"^Line A: mode=blocking$"
LABEL_B = r"^Line B: mode=busy-wait$"
STRIP = r"^Difference between the lines$"


def body(session):
    app = session.start_app(["--preset=blocking", "--compare=mode=busy-wait"])
    app.fill_screen()

    def label(pattern):
        return app.find(role="label", name_re=pattern, only_showing=True)

    found = {}

    def strip_text():
        # The whole tree of two lines is slow to walk on a busy machine:
        # the strip is looked for once, beside line A's label.
        strip = found.get("strip")
        if strip is None:
            strip = found["strip"] = app.find(name_re=STRIP, root=found["box"])
        if strip is None:
            return ""
        try:
            strip.clearCache()
        except Exception:  # noqa: BLE001 - an older client without it
            pass
        return description(strip)

    @case("the window opens in compare mode, with line B set from the option")
    def _():
        wait_for(lambda: label(LABEL_A) and label(LABEL_B),
                 lambda: "the labels %s and %s to show (labels showing: %r; stderr: %s)"
                 % (LABEL_A, LABEL_B,
                    [plive.name(a) for a in app.all(role="label", name_re=r"^Line ",
                                                    only_showing=True)],
                    app.stderr_tail()),
                 timeout=20)
        found["box"] = label(LABEL_A).parent
        above = extents(label(LABEL_A))[1]
        below = extents(label(LABEL_B))[1]
        expect(above < below, "line A's label is at y=%d, line B's at y=%d" % (above, below))

    @case("the Compare toggle is on")
    def _():
        toggle = wait_for(lambda: app.button("Compare"), "the Compare toggle", timeout=10)
        wait_for(lambda: has_state(toggle, "checked") or has_state(toggle, "pressed"),
                 lambda: "the Compare toggle to read as on (states: %s)"
                 % sorted(plive.states(toggle)), timeout=10)

    @case("one Start starts both lines: line B polls, line A does not")
    def _():
        app.click(app.start_button())

        def polls():
            found = re.search(r"Polls: ([0-9]+) polls/s on line A, ([0-9]+) polls/s on line B",
                              strip_text())
            if found and int(found.group(2)) > 0:
                return found
            return None
        found = wait_for(polls, lambda: "polls on line B in the strip's description "
                         "(it reads %r)" % strip_text()[:400], timeout=30)
        expect(int(found.group(1)) == 0,
               "line A, blocking, polled %s times a second" % found.group(1))
        wait_for(lambda: re.search(r"Throughput: [0-9.]*[1-9][0-9.]* items/s on line A, "
                                   r"[0-9.]*[1-9][0-9.]* items/s on line B", strip_text()),
                 lambda: "both lines to deliver items, in the strip's description "
                 "(it reads %r)" % strip_text()[:400], timeout=20)
        expect(app.alive(), "the program exited: %s" % app.stderr_tail())

    @case("a value line A already has in the window is refused in one line, status 2")
    def _():
        # The lesson as the window opens it downloads in 10 ms; the preset
        # a headless run feeds does not, so only the window refuses this.
        out = subprocess.run([plive.program(), "--preset=busy-wait", "--compare=stage1.delay=10"],
                             env=session.app_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, timeout=90, check=False)
        said = [line for line in out.stderr.splitlines() if line.startswith("pipeline-lab:")]
        expect(out.returncode == 2, "the program exited with status %d: %s"
               % (out.returncode, out.stderr.strip()))
        expect(len(said) == 1 and "--compare: stage1.delay" in said[0],
               "stderr did not say what was wrong in one line: %r" % said)


plive.run(1920, 1080, body)
