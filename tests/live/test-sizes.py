#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window fits a projector (finding 3): run with WIDTHxHEIGHT.

At the given screen size the window is no wider or taller than the screen
(read from the X server and from the accessibility tree), every header
button is on the screen or in the main menu, and F7 hides and shows the
side panel, giving the canvas its room.
"""

import sys

import plive
from plive import case, expect, key, settle, wait_for, extents, name, showing

HEADER = ["Lesson", "Busy-wait", "Blocking", "Code", "Charts", "Start", "Close Input",
          "Shut Down Now", "Reset", "Export"]
# Those that must be on the screen whatever its size: the way to the others.
ALWAYS = ["Lesson", "Start", "Main Menu"]


def body(session):
    width, height = session.width, session.height
    app = session.start_app()
    shot = "sizes-%dx%d" % (width, height)

    @case("at %dx%d the window is no larger than the screen" % (width, height))
    def _():
        gx, gy, gw, gh = app.x_geometry()
        _, _, aw, ah = extents(app.window)
        session.screenshot(shot)
        expect(gx >= 0 and gy >= 0 and gx + gw <= width and gy + gh <= height
               and aw <= width and ah <= height,
               "the window is %dx%d at (%d, %d) (its frame %dx%d) on a %dx%d screen"
               % (gw, gh, gx, gy, aw, ah, width, height))

    @case("at %dx%d every header button is on the screen or in the main menu" % (width, height))
    def _():
        def on_screen(label):
            button = app.button(label)
            if button is None or not showing(button):
                return False
            x, y, w, h = extents(button)
            return x >= 0 and y >= 0 and x + w <= width and y + h <= height

        off = [label for label in ALWAYS if not on_screen(label)]
        expect(not off, "off the screen: %s" % ", ".join(off))
        missing = [label for label in HEADER if not on_screen(label)]
        menu_names = []
        if missing:
            menu = app.button("Main Menu") or app.button("Main menu")
            if menu is not None and showing(menu):
                x, y, w, h = extents(menu)
                if x + w <= width:
                    app.click(menu)
                    try:
                        wait_for(app.menu_items, "the main menu to open", timeout=4)
                    except plive.Failure:
                        pass
                    menu_names = [name(m).replace("_", "") for m in app.menu_items()]
                    key("Escape")
                    settle()
        lost = [label for label in missing if label not in menu_names]
        expect(not lost, "off the screen and not in the main menu: %s (the main menu "
               "holds %s)" % (", ".join(lost), menu_names or "nothing reachable"))

    @case("at %dx%d F7 hides the side panel and shows it again" % (width, height))
    def _():
        canvas = app.canvas()
        expect(app.side_panel_visible(), "the side panel is not shown at start")
        before = extents(canvas)[2]
        app.click(canvas)
        key("F7")
        wait_for(lambda: not app.side_panel_visible(), "F7 to hide the side panel", timeout=4)
        wait_for(lambda: extents(canvas)[2] > before, "the canvas to widen without the panel",
                 timeout=4)
        session.screenshot(shot + "-no-panel")
        key("F7")
        wait_for(app.side_panel_visible, "F7 to show the side panel again", timeout=4)


size = sys.argv[1] if len(sys.argv) > 1 else "1024x768"
plive.run(*[int(v) for v in size.split("x")], body)
