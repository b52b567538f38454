#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scrubbing back through a paused run: pausing shows the run's timeline
under the canvas (a tool bar named for the paused run), Left steps back
and the canvas says that it shows the past, fewer items done than live,
and resuming takes the timeline away and shows the live line again.
"""

import re

import plive
from plive import case, expect, key, settle, wait_for, walk, name, role, showing

TIMELINE = "Timeline of the paused run"
PAST = r"Paused — showing [0-9.]+ s of [0-9.]+ s"


def timeline(app):
    """The paused run's timeline, when it shows."""
    for acc in walk(app.window):
        if name(acc) == TIMELINE and showing(acc):
            return acc
    return None


def done_count(app):
    """The items done at the moment shown, as the canvas describes it."""
    m = re.search(r"Done: ([0-9]+) of ([0-9]+)", app.canvas_description())
    return int(m.group(1)) if m else None


def time_shown(found):
    """The timeline's "12.40 s of 30.10 s": the moment shown, in seconds."""
    for acc in walk(found):
        m = re.match(r"^([0-9.]+) s of ([0-9.]+) s$", name(acc)) if role(acc) == "label" else None
        if m:
            return float(m.group(1))
    return None


def body(session):
    app = session.start_app(["--preset=bounded", "--items=1000000"])
    found = {}

    @case("no timeline shows while the line runs")
    def _():
        app.focus_window()
        app.click(app.start_button())
        wait_for(lambda: app.start_text() == "Pause", "the line to run", timeout=15)
        wait_for(lambda: (done_count(app) or 0) >= 20,
                 lambda: "twenty items done (the canvas reads %r)" % app.canvas_description()[:300],
                 timeout=60)
        expect(timeline(app) is None, "a timeline shows while the line runs")

    @case("pausing shows the paused run's timeline, a tool bar, under the canvas")
    def _():
        key("space")
        wait_for(lambda: app.start_text() == "Resume", "Space to pause the line", timeout=15)
        found["timeline"] = wait_for(lambda: timeline(app), "the timeline to show", timeout=15)
        expect(role(found["timeline"]) == "tool bar",
               "the timeline's role is %r, not a tool bar" % role(found["timeline"]))
        canvas_y = plive.extents(app.canvas())[1]
        expect(plive.extents(found["timeline"])[1] > canvas_y, "the timeline is not under the canvas")
        for label in ("Step one sample back", "Step one sample forward", "Back to the Live Moment"):
            expect(app.button(label) is not None, "no %s button on the timeline" % label)
        session.screenshot("scrub-paused")

    @case("Left steps back, and the canvas says a past moment is shown")
    def _():
        live_done = wait_for(lambda: done_count(app), "the canvas to say how many items are done",
                             timeout=10)
        before = wait_for(lambda: time_shown(found["timeline"]), "the timeline's time", timeout=10)
        for _ in range(3):
            key("Left")
        wait_for(lambda: (time_shown(found["timeline"]) or before) < before,
                 "Left to move the timeline back from %.2f s" % before, timeout=10)
        app.wait_description(PAST, "a past moment", timeout=10)
        # Near the run's start: fewer items done than live.
        scale = app.find(role="slider", name_re=r"^Moment of the recorded run$")
        expect(scale is not None, "no slider on the timeline")
        app.click(scale, dx=plive.extents(scale)[2] // 10)
        wait_for(lambda: (done_count(app) if re.search(PAST, app.canvas_description()) else None)
                 is not None and done_count(app) < live_done,
                 lambda: "the canvas to show fewer than %d items done (it reads %r)"
                 % (live_done, app.canvas_description()[:300]), timeout=10)
        expect(app.start_text() == "Resume", "the line is no longer paused")

    @case("resuming hides the timeline and shows the live line")
    def _():
        key("space")
        wait_for(lambda: timeline(app) is None, "the timeline to leave on resuming", timeout=15)
        wait_for(lambda: app.start_text() == "Pause", "the line to run again", timeout=15)
        wait_for(lambda: not re.search(PAST, app.canvas_description()),
                 lambda: "the canvas to show the live line (it reads %r)"
                 % app.canvas_description()[:300], timeout=15)
        settle(0.5)
        expect(timeline(app) is None, "the timeline came back while the line runs")


plive.run(1280, 800, body)
