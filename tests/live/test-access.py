#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessible (finding 9): what a screen reader hears.

Every button has a real accessible name (no widget class name, no mnemonic
underscore, the agreed names present); the canvas carries a description of
the line in words that names each stage and queue; and while the line runs
that description changes at most once a second.
"""

import re
import time

import plive
from plive import case, expect, wait_for, walk, role, name, has_state

NAMES = ["Lesson", "Busy-wait", "Blocking", "Code", "Charts", "Start", "Close Input",
         "Shut Down Now", "Reset", "Export", "Main Menu", "Side Panel"]
BUTTONS = ("push button", "toggle button", "toggle button", "check box", "radio button")


def body(session):
    app = session.start_app(["--preset=busy-wait"])
    # A 1280-pixel window moves Code, Charts, Reset and the like into the
    # main menu (test-sizes checks they are there): the header's own names
    # are read on a window wide enough to show every button.
    app.fill_screen()

    def buttons(inside_dropdowns):
        found = []
        for acc in walk(app.window):
            if role(acc) not in BUTTONS or not has_state(acc, "visible"):
                continue
            parent = acc.parent
            in_dropdown = parent is not None and role(parent) == "combo box"
            if in_dropdown == inside_dropdowns:
                found.append(acc)
        return found

    def bad_name(text):
        return (not text.strip() or text.startswith("Gtk") or "_" in text
                or re.match(r"^(.+) \1$", text.replace("_", "")))

    @case("every button of the window has a real accessible name")
    def _():
        wrong = sorted({name(b) for b in buttons(False) if bad_name(name(b))})
        expect(not wrong, "buttons named %s" % wrong)

    @case("the header's buttons carry the agreed names")
    def _():
        names = {name(b) for b in buttons(False)}
        missing = [n for n in NAMES if n not in names
                   and not (n == "Start" and names & {"Pause", "Resume"})]
        expect(not missing, "no button named %s (the buttons are named %s)"
               % (missing, sorted(names)))

    @case("the drop-downs' buttons have real accessible names")
    def _():
        wrong = [name(b) for b in buttons(True) if bad_name(name(b))]
        expect(not wrong, "drop-down buttons named %s" % wrong)

    @case("the canvas describes the line: each stage and each queue")
    def _():
        canvas = app.canvas()
        expect(canvas is not None, "no canvas in the window")
        text = plive.description(canvas)
        parsed = plive.parse_description(text)
        expect(parsed["title"] and parsed["mode"] == "Busy-wait",
               "title %r, mode %r in %r" % (parsed["title"], parsed["mode"], text))
        names = [s["name"] for s in parsed["stages"]]
        expect(names == ["download", "resize", "upload"],
               "the stages described are %s in %r" % (names, text))
        expect(parsed["input"] is not None and len(parsed["queues"]) == 2
               and parsed["done"] is not None,
               "the input queue, queues 1 and 2 and the done count are not all described: %r"
               % text)

    @case("while the line runs the description changes at most once a second")
    def _():
        app.click(app.start_button())
        changes = []
        last = app.canvas_description()
        started = time.monotonic()
        # Sample for 6 s: each change is counted, and there can be no more
        # than one per second (plus the first).
        while time.monotonic() - started < 6.0:
            text = app.canvas_description()
            if text != last:
                changes.append(time.monotonic() - started)
                last = text
            time.sleep(0.05)
        span = time.monotonic() - started
        plive.key("r")
        expect(changes, "the description did not change in %.0f s of a running line "
               "(it reads %r)" % (span, last[:200]))
        expect(len(changes) <= int(span) + 1,
               "the description changed %d times in %.1f s (at %s s)"
               % (len(changes), span, ", ".join("%.2f" % t for t in changes)))


plive.run(1920, 1080, body)
