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
from plive import case, expect, key, wait_for, walk, name, description, showing


def accessible_text(acc):
    return "%s. %s" % (name(acc), description(acc))


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
        button = app.button("Charts")
        expect(button is not None, "no Charts button")
        app.click(button)
        try:
            chart = wait_for(lambda: [a for a in walk(app.window)
                                      if re.search(r"(?i)little|chart|throughput|cpu|processor",
                                                   accessible_text(a))
                                      and plive.role(a) not in ("push button", "toggle button",
                                                                "label")
                                      and showing(a)],
                             "the charts to open", timeout=5)
            text = " ".join(accessible_text(a) for a in chart)
            expect(re.search(r"(?i)\b(line|pipeline)\b[^.]*\b(cpu|processor)|"
                             r"(cpu|processor)[^.]*\b(line|pipeline)\b", text)
                   and re.search(r"(?i)window", text),
                   "the charts read %r: they name no CPU of the line apart from the window's"
                   % text)
        finally:
            app.click(button)

    @case("the Code button opens the code panel and closes it again")
    def _():
        button = app.button("Code")
        expect(button is not None, "no Code button")

        def code_view():
            return [a for a in walk(app.window)
                    if re.search(r"(?i)python", description(a) + name(a))
                    and plive.role(a) not in ("push button", "toggle button", "label",
                                              "menu item")
                    and showing(a)]
        expect(not code_view(), "the code panel is open at start")
        app.click(button)
        wait_for(code_view, "the code panel to open", timeout=5)
        session.screenshot("panels-code")
        app.click(button)
        wait_for(lambda: not code_view(), "the code panel to close", timeout=5)
        key("F9")
        wait_for(code_view, "F9 to open the code panel", timeout=5)
        key("F9")
        wait_for(lambda: not code_view(), "F9 to close the code panel", timeout=5)


plive.run(1280, 800, body)
