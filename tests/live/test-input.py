#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing but a deliberate act changes an experiment (issue finding 1).

The mouse wheel over the side panel scrolls the panel and moves no control;
after a slider was clicked, Ctrl+plus zooms and Page Down changes the
lesson; Space typed in the Items entry stays there until Enter, and then
Space starts the run; Escape reverts an entry; clicking the canvas takes
the focus.
"""

import plive
from plive import case, expect, key, settle, type_text, wait_for, value_of, extents


def changed(before, after):
    old = {c[:3]: c[3] for c in before}
    return ["%s %r #%d: %s -> %s" % (c[0], c[1], c[2], old[c[:3]], c[3])
            for c in after if c[:3] in old and old[c[:3]] != c[3]]


def body(session):
    app = session.start_app()
    pane = app.side_panel_scroll()
    expect(pane is not None, "no side panel (a scroll pane holding sliders) in the window")

    def wheel_over(kind, what, down, name_re=None, min_value=None):
        if not down and not app.scrollbar_value(pane):
            # Room to scroll up: down first, by the wheel over a heading.
            app.wheel(app.get(role="label", name_re="^Stages$"), 3)
            wait_for(lambda: app.scrollbar_value(pane), "the side panel to scroll down "
                     "under the wheel over the Stages heading", timeout=4)
        control = app.first_in_view(kind, name_re, min_value)
        expect(control is not None, "no %s in view in the side panel" % what)
        before = app.controls()
        position = app.scrollbar_value(pane)
        app.wheel(control, 3, down=down)
        # The panel's answer to the wheel: wait until it scrolled (bounded).
        try:
            wait_for(lambda: app.scrollbar_value(pane) != position,
                     "the side panel to scroll", timeout=4)
            scrolled = True
        except plive.Failure:
            scrolled = False
        settle(0.3)
        moved = changed(before, app.controls())
        problems = []
        if moved:
            problems.append("the wheel over the %s changed: %s" % (what, "; ".join(moved)))
        if not scrolled:
            problems.append("the side panel did not scroll (position stays %s)" % position)
        expect(not problems, "\n".join(problems))

    @case("the wheel over a slider scrolls the side panel and moves no control")
    def _():
        # The back-off slider starts half way, so the wheel could move it.
        wheel_over("slider", "back-off slider", True, name_re="^Back-o_?ff$")

    @case("the wheel over a spin button scrolls the side panel and moves no control")
    def _():
        wheel_over("spin button", "spin button", True, min_value=2)

    @case("the wheel over a drop-down scrolls the side panel and moves no control")
    def _():
        wheel_over("combo box", "drop-down", False)

    session.screenshot("input-wheel")

    @case("after a slider is clicked, Ctrl+plus enlarges the text, not the slider")
    def _():
        # Back to the top of the panel, by the wheel over the lesson text.
        app.wheel(app.get(role="label", name_re="^Ask the class$"), 10, down=False)
        slider = wait_for(lambda: app.first_in_view("slider", "^Back-o_?ff$"),
                          "the back-off slider in view")
        app.click(slider)
        settle()
        value = value_of(slider)
        ask = app.get(role="label", name_re="^Ask the class$")
        height = extents(ask)[3]
        key("ctrl+plus")
        try:
            wait_for(lambda: extents(ask)[3] > height, "the side panel text to grow", timeout=4)
            grew = True
        except plive.Failure:
            grew = False
        now = value_of(slider)
        key("ctrl+0")
        expect(grew and now == value,
               "Ctrl+plus with the focus on a slider: text %s, slider %s -> %s"
               % ("grew" if grew else "did not grow", value, now))

    @case("after a slider is clicked, Page Down walks to the next lesson and leaves the slider")
    def _():
        # The next lesson has a back-off of its own: what its slider must
        # show is read first, reaching it with the focus on the canvas.
        number = app.lesson()[0]
        app.click(app.canvas())
        key("Next")
        wait_for(lambda: app.lesson()[0] == number + 1, "lesson %d by Page Down from the canvas"
                 % (number + 1), timeout=4)
        own = value_of(wait_for(lambda: app.get(role="slider", name_re="^Back-o_?ff$"),
                                "the back-off slider of lesson %d" % (number + 1)))
        key("Prior")
        wait_for(lambda: app.lesson()[0] == number, "lesson %d again" % number, timeout=4)

        slider = wait_for(lambda: app.first_in_view("slider", "^Back-o_?ff$"),
                          "the back-off slider in view")
        app.click(slider)
        settle()
        value = value_of(slider)
        key("Next")
        try:
            wait_for(lambda: app.lesson()[0] == number + 1,
                     "lesson %d" % (number + 1), timeout=4)
            walked = True
        except plive.Failure:
            walked = False
        if walked:
            # A key that stepped the slider as well would leave the new
            # lesson's slider off its own value.
            now = value_of(wait_for(lambda: app.get(role="slider", name_re="^Back-o_?ff$"),
                                    "the back-off slider of lesson %d" % (number + 1)))
        else:
            now = value_of(slider)
        expect(walked and now == own,
               "Page Down with the focus on a slider: lesson %s, slider %s -> %s "
               "(lesson %d's own back-off reads %s)"
               % ("changed" if walked else "stayed %d" % number, value, now, number + 1, own))
        key("Prior")
        wait_for(lambda: app.lesson()[0] == number, "lesson %d again" % number, timeout=4)

    @case("Space typed in the Items entry stays there; Enter commits, then Space starts")
    def _():
        spin = app.get(role="spin button", name_re="^_?Items$")
        start = app.start_text()
        expect(start == "Start", "the run is not ready to start: the button reads %r" % start)
        app.click_entry(spin)
        key("ctrl+a")
        type_text("1200")
        key("space")
        settle()
        problems = []
        if app.start_text() != start:
            problems.append("Space typed in the Items entry started the run")
        key("Return")
        try:
            wait_for(lambda: value_of(spin) == 1200, "Items to read 1200", timeout=4)
        except plive.Failure as error:
            problems.append("Enter did not commit 1200: %s (it reads %s)" % (error, value_of(spin)))
        key("space")
        try:
            wait_for(lambda: app.start_text() != start,
                     "the run to start (the Start button to change)", timeout=4)
        except plive.Failure as error:
            problems.append("Space after Enter did not start the run: %s; focus on %s"
                            % (error, app.describe(app.focused())))
        expect(not problems, "\n".join(problems))
        key("r")

    @case("Escape in the Items entry reverts it and hands the keys back")
    def _():
        spin = app.get(role="spin button", name_re="^_?Items$")
        before = value_of(spin)
        mode = app.mode()
        app.click_entry(spin)
        key("ctrl+a")
        type_text("777")
        key("Escape")
        settle()
        problems = []
        if value_of(spin) != before:
            problems.append("Items reads %s after Escape, not %s" % (value_of(spin), before))
        key("b")
        try:
            wait_for(lambda: app.mode() not in (None, mode),
                     "B to switch the mode from %s" % mode, timeout=4)
        except plive.Failure as error:
            problems.append("after Escape the keys do not act on the window: %s; "
                            "focus on %s" % (error, app.describe(app.focused())))
        expect(not problems, "\n".join(problems))

    @case("clicking the canvas gives it the focus")
    def _():
        canvas = app.canvas()
        expect(canvas is not None, "no canvas in the window")
        app.click(canvas)
        wait_for(lambda: plive.has_state(canvas, "focused"),
                 lambda: "the canvas to take the focus (it sits on %s)"
                 % app.describe(app.focused()), timeout=4)

    stderr = app.stderr_text()
    plive.tap.diag("program stderr: %d lines" % len(stderr.splitlines()))


plive.run(1280, 720, body)
