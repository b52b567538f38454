#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A recording plays back in the window: a timeline under the canvas steps
through the recorded run, the live controls stay disabled until "Run This
Configuration Live", and a file that is no recording gets an error dialog.
"""

import os
import re

import plive
from plive import case, expect, key, settle, wait_for, walk, name, role, states, showing


def done_count(app):
    """The items done at the moment shown, as the canvas describes it."""
    m = re.search(r"Done: ([0-9]+) of ([0-9]+)", app.canvas_description())
    return int(m.group(1)) if m else None


def sensitive(acc):
    return bool(states(acc) & {"sensitive", "enabled"})


def compare_offered(app):
    """Whether a teacher can switch compare mode on: by the header's toggle
    when the header shows it, else by its item in the main menu (a narrow
    header moves it there)."""
    toggle = app.button("Compare")
    if toggle is not None and showing(toggle):
        return sensitive(toggle)
    menu = app.button("Main Menu")
    expect(menu is not None and showing(menu),
           "neither a Compare toggle nor the Main Menu button is on the header")
    app.click(menu)
    items = wait_for(lambda: [m for m in app.menu_items()
                              if name(m).replace("_", "") == "Compare Two Lines"],
                     lambda: "a Compare Two Lines item in the main menu (it holds %s)"
                     % [name(m) for m in app.menu_items()], timeout=10)
    offered = sensitive(items[0])
    key("Escape")
    wait_for(lambda: not app.menu_items(), "the main menu to close", timeout=10)
    return offered


def body(session):
    path = os.path.join(session.tmp, "bounded.plrec")
    report = session.run_headless(["--preset=bounded", "--items=30", "--record=" + path])
    expect(report["processed"] == 30, "the recorded run processed %r items, not 30"
           % report["processed"])

    app = session.start_app(["--replay=" + path])
    labels = ("Play", "Step one sample back", "Step one sample forward",
              "Previous event", "Next event", "Run This Configuration Live")

    @case("a timeline under the canvas has play, steps, events and the live button")
    def _():
        for label in labels:
            button = wait_for(lambda: app.button(label), "a %s button" % label, timeout=10)
            expect(showing(button), "the %s button is not showing" % label)
        speed = app.find(name_re=r"^Playback speed$")
        expect(speed is not None, "no playback speed control")
        session.screenshot("replay-timeline")

    @case("the live controls are disabled while replaying")
    def _():
        start = app.button("Start")
        expect(start is not None, "no Start button")
        expect(not sensitive(start), "the Start button is enabled during a replay")
        for label in ("Busy-wait", "Blocking", "Close Input"):
            button = app.button(label)
            expect(button is not None, "no %s button" % label)
            expect(not sensitive(button), "the %s button is enabled during a replay" % label)
        # A recording holds one line: no second line can be set beside it.
        expect(not compare_offered(app), "compare mode can be switched on during a replay")

    @case("stepping and jumping to events move the recorded moment")
    def _():
        wait_for(lambda: done_count(app) is not None,
                 lambda: "the canvas to describe the first moment (it reads %r)"
                 % app.canvas_description()[:600], timeout=10)
        first = done_count(app)
        expect(first < 30, "the replay opens at its end (%d done)" % first)
        app.click(app.button("Next event"))
        # The last event is the end of the run: jump until every item is done.
        for _ in range(20):
            if done_count(app) == 30:
                break
            app.click(app.button("Next event"))
            settle(0.3)
        wait_for(lambda: done_count(app) == 30,
                 lambda: "the events to reach the run's end (the canvas reads %r)"
                 % app.canvas_description()[-300:], timeout=10)
        app.click(app.button("Step one sample back"))
        app.click(app.button("Previous event"))
        wait_for(lambda: done_count(app) is not None and done_count(app) < 30,
                 lambda: "stepping back to show fewer items done (the canvas reads %r)"
                 % app.canvas_description()[-300:], timeout=10)

    @case("Play runs the recording forward to its end")
    def _():
        before = done_count(app)
        app.click(app.button("Play"))
        wait_for(lambda: done_count(app) == 30,
                 lambda: "Play to reach the end, from %r done (the canvas reads %r)"
                 % (before, app.canvas_description()[:300]), timeout=30)

    @case("Run This Configuration Live gives the controls back")
    def _():
        app.click(app.button("Run This Configuration Live"))
        start = wait_for(lambda: (lambda b: b if b is not None and sensitive(b) else None)
                         (app.button("Start")),
                         "the Start button to be enabled again", timeout=10)
        expect(start is not None, "no Start button")
        expect(compare_offered(app), "compare mode stays off after the replay ended")
        wait_for(lambda: not [a for a in walk(app.window)
                              if role(a) == "push button" and name(a) == "Next event"
                              and showing(a)],
                 "the timeline to leave", timeout=10)

    recorded = os.path.join(session.tmp, "window.plrec")
    live = session.start_app(["--record=" + recorded, "--stage=fetch:1", "--stage=store:1",
                              "--items=20", "--mode=blocking"])

    @case("--record writes the window's run, which replays with its counters")
    def _():
        live.focus_window()
        live.click(live.button("Start"))
        live.wait_description(r"Done: 20 of 20", "every item done")
        settle(1.0)
        key("ctrl+q")
        wait_for(lambda: live.proc.poll() is not None, "Ctrl+Q to quit the window", timeout=15)
        expect(live.proc.returncode == 0, "the window exited with status %s: %s"
               % (live.proc.returncode, live.stderr_tail()))
        played = session.run_headless(["--replay=" + recorded])
        expect(played["processed"] == 20, "the window's recording replays %r items done, not 20"
               % played["processed"])

    bad = os.path.join(session.tmp, "notes.plrec")
    with open(bad, "w") as f:
        f.write("[pipeline]\nmode=blocking\n")
    other = session.start_app(["--replay=" + bad])

    @case("a file that is no recording gets an error dialog")
    def _():
        def dialog():
            app_acc = other.acc_app
            for i in range(app_acc.childCount):
                win = app_acc.getChildAtIndex(i)
                text = " ".join(name(a) for a in walk(win))
                if "not a Pipeline Lab recording" in text:
                    return win
            return None
        wait_for(dialog, "an error dialog saying the file is not a recording", timeout=15)


plive.run(1280, 800, body)
