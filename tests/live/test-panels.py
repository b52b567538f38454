#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's own cost does not hide the lesson (finding 5), and the code
panel is there to open (finding 6; its content is tested by the code view's
own tests).

The memory meter and the charts are drawn, so what a listener (and this
test) can read of them is their accessible name and description: the
memory meter must name the memory the line holds beside the process total,
and the charts must name the line's CPU apart from the window's drawing.
"""

import re

import plive
from plive import case, expect, key, settle, wait_for, walk, name, description, showing


def accessible_text(acc):
    return "%s. %s" % (name(acc), description(acc))


def toggle(app, label):
    """Open or close a panel as a teacher does: its header button when the
    header shows it, else its item in the main menu (the header moves the
    Code and Charts buttons there when the window is narrow). Returns how."""
    button = app.button(label)
    if button is not None and showing(button):
        app.click(button)
        return "the %s button" % label
    menu = app.button("Main Menu")
    expect(menu is not None and showing(menu),
           "neither a %s button nor the Main Menu button is on the header" % label)
    app.click(menu)
    items = wait_for(lambda: [m for m in app.menu_items()
                              if name(m).replace("_", "") == label],
                     lambda: "a %s item in the main menu (it holds %s)"
                     % (label, [name(m) for m in app.menu_items()]), timeout=5)
    # The menu is a surface of its own: walk to the item with the keys, one
    # awaited step at a time, and activate it with Enter.
    def focused():
        for m in app.menu_items():
            if plive.has_state(m, "focused"):
                return name(m).replace("_", "")
        return None
    seen = []

    def on_item():
        current = focused()
        if current == label:
            return True
        seen.append(current)
        expect(seen.count(current) < 3, "the keys never reach %s in the main menu (%s)"
               % (label, seen))
        key("Down")
        settle(0.3)
        return False
    wait_for(on_item, "the focus to reach %s in the main menu" % label, timeout=15)
    key("Return")
    return "the main menu's %s item" % label


def body(session):
    app = session.start_app(["--preset=busy-wait"])

    @case("the memory meter names what the line holds beside the process total")
    def _():
        meter = app.find(name_re=r"(?i)memory")
        expect(meter is not None, "no accessible named for memory in the window")
        text = accessible_text(meter)
        expect(re.search(r"(?i)(line holds|held by the line|the line holds)", text)
               and re.search(r"(?i)(process|whole program)", text),
               "the memory meter reads %r: it names no memory held by the line beside "
               "the process total" % text)

    @case("the charts name the line's CPU apart from the window's drawing")
    def _():
        how = toggle(app, "Charts")
        try:
            chart = wait_for(lambda: [a for a in walk(app.window)
                                      if re.search(r"(?i)little|chart|throughput|cpu|processor",
                                                   accessible_text(a))
                                      and plive.role(a) not in ("push button", "toggle button",
                                                                "label")
                                      and showing(a)],
                             "%s to open the charts" % how, timeout=5)
            text = " ".join(accessible_text(a) for a in chart)
            expect(re.search(r"(?i)\b(line|pipeline)\b[^.]*\b(cpu|processor)|"
                             r"(cpu|processor)[^.]*\b(line|pipeline)\b", text)
                   and re.search(r"(?i)window", text),
                   "the charts read %r: they name no CPU of the line apart from the window's"
                   % text)
        finally:
            key("F8")

    @case("the Code button (or its main menu item) and F9 open and close the code panel")
    def _():
        def code_view():
            return [a for a in walk(app.window)
                    if re.search(r"(?i)python", description(a) + name(a))
                    and plive.role(a) not in ("push button", "toggle button", "label",
                                              "menu item")
                    and showing(a)]
        expect(not code_view(), "the code panel is open at start")
        how = toggle(app, "Code")
        wait_for(code_view, "%s to open the code panel" % how, timeout=5)
        session.screenshot("panels-code")
        how = toggle(app, "Code")
        wait_for(lambda: not code_view(), "%s to close the code panel" % how, timeout=5)
        key("F9")
        wait_for(code_view, "F9 to open the code panel", timeout=5)
        key("F9")
        wait_for(lambda: not code_view(), "F9 to close the code panel", timeout=5)


plive.run(1280, 800, body)
