#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare mode: two lines at once in the window.

Lesson 1 offers "Compare busy-wait and blocking" as one click; the two
lines then stand one above the other, each under a label that says what
differs, with a strip between them whose readings (which a screen reader
hears as its description) come from both lines. Line B starts with line A,
and its blocking workers never poll. The header's toggle and Ctrl+M turn
compare mode on and off.
"""

import re

import plive
from plive import case, expect, key, wait_for, extents, showing, description

LABEL_A = r"^Line A: mode=busy-wait$"
LABEL_B = r"^Line B: mode=blocking$"
STRIP = r"^Difference between the lines$"


def body(session):
    app = session.start_app(["--preset=busy-wait"])
    app.fill_screen()

    def label(pattern):
        return app.find(role="label", name_re=pattern, only_showing=True)

    found_strip = []

    def strip_text():
        # Walking the whole tree at every poll is slow on a loaded machine:
        # find the strip once, and again only when compare mode made a new one.
        if not found_strip or not re.search(STRIP, plive.name(found_strip[0])):
            found_strip[:] = [app.find(name_re=STRIP)]
        strip = found_strip[0]
        if strip is None:
            found_strip.clear()
            return ""
        try:
            strip.clearCache()
        except Exception:  # noqa: BLE001 - an older client without it
            pass
        return description(strip)

    @case("the header has a Compare toggle")
    def _():
        toggle = app.button("Compare")
        expect(toggle is not None and showing(toggle),
               "no Compare button showing on the header of a %dx%d window"
               % (session.width, session.height))

    @case("lesson 1 compares busy-wait and blocking in one click")
    def _():
        offer = wait_for(lambda: app.button("Compare busy-wait and blocking"),
                         "a Compare busy-wait and blocking button in the lesson panel",
                         timeout=10)
        app.bring_into_view(offer)
        app.click(offer)
        wait_for(lambda: label(LABEL_A) and label(LABEL_B),
                 "the labels %s and %s to show" % (LABEL_A, LABEL_B), timeout=15)

    @case("the two lines are stacked: line A's label above line B's")
    def _():
        above = extents(label(LABEL_A))[1]
        below = extents(label(LABEL_B))[1]
        expect(above < below, "line A's label is at y=%d, line B's at y=%d" % (above, below))

    @case("started together, the strip reads polls on line A and none on line B")
    def _():
        app.click(app.start_button())

        def polls():
            found = re.search(r"Polls: ([0-9]+) polls/s on line A, ([0-9]+) polls/s on line B",
                              strip_text())
            if found and int(found.group(1)) > 0:
                return found
            return None
        found = wait_for(polls, lambda: "polls on line A in the strip's description "
                         "(it reads %r)" % strip_text()[:400], timeout=30)
        expect(int(found.group(2)) == 0,
               "line B, blocking, polled %s times a second" % found.group(2))
        wait_for(lambda: re.search(r"Throughput: [0-9.]+ items/s on line A, "
                                   r"[0-9.]+ items/s on line B", strip_text()),
                 lambda: "both throughputs in the strip's description (it reads %r)"
                 % strip_text()[:400], timeout=15)

    @case("Ctrl+M turns compare mode off, and on again")
    def _():
        key("ctrl+m")
        wait_for(lambda: label(LABEL_B) is None, "line B's label to go", timeout=15)
        key("ctrl+m")
        wait_for(lambda: label(r"^Line B: ") is not None, "line B's label to come back",
                 timeout=15)
        plive.key("r")


plive.run(1920, 1080, body)
