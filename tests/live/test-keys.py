#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's keys act on the window whatever has the focus (finding 1).

For each kind of control a teacher may have touched last (a slider, a spin
button after Enter, a drop-down, a toggle button, a push button, the
canvas), every window key is sent with the focus there, and its effect is
read back: Ctrl+plus/minus/0 resize the side panel's text, Space starts and
pauses, B switches the mode, C closes the input, S shuts down, R resets,
Page Down/Up and Alt+Right/Left walk the lessons, F7 hides and shows the
side panel. F11 needs a window manager to grant full screen, and none runs
under this X server: it is reported as skipped.
"""

import plive
from plive import case, expect, key, settle, wait_for, extents, states, button_text

# The bounded lesson: blocking, and a run long enough to close or shut down.
BASE_LESSON = 3
BOUND = 3.0  # s for a key's effect to show; failures say which key


def body(session):
    app = session.start_app(["--preset=bounded"])
    # Maximized, as in class, so that Reset is on the header for the mouse.
    app.fill_screen()
    ask_re = "^Ask the class$"

    ask = app.get(role="label", name_re=ask_re)

    def ask_height():
        return extents(ask)[3]

    def effect(predicate, what):
        try:
            wait_for(predicate, what, timeout=BOUND)
            return None
        except plive.Failure as error:
            return str(error)

    targets = {}

    def target(kind, find):
        acc = targets.get(kind)
        if acc is None or not app.in_view(acc):
            acc = find()
        for down in (True, True, False):
            if acc is not None:
                break
            app.scroll_panel(down=down, clicks=3 if down else 15)
            settle()
            acc = find()
        if acc is None:
            acc = targets[kind] = wait_for(find, lambda: "a %s in view in the side panel %s: %s" % (
                kind, extents(app.side_panel_scroll()),
                [(plive.name(a), extents(a)) for a in app.all(
                    role={"drop-down": "combo box"}.get(kind, kind))][:3]), timeout=4)
        targets[kind] = acc
        return acc

    def focus(kind):
        """Put the focus on a control of this kind, as a click does."""
        if kind == "canvas":
            app.click(app.canvas())
        elif kind == "slider":
            app.click(target(kind, lambda: app.first_in_view("slider", "^Back-o_?ff$")))
        elif kind == "spin button":
            app.click_entry(target(kind, lambda: app.first_in_view("spin button", "^_?Items$")))
            key("Return")
        elif kind == "drop-down":
            app.click(target(kind, lambda: app.first_in_view("combo box")))
            settle(0.5)
            key("Escape")
        elif kind == "toggle button":
            # The mode already chosen: the click changes nothing else.
            app.click(app.button("Blocking"))
        elif kind == "push button":
            # The lesson menu's button: opening and closing its menu leaves
            # the focus on it and changes nothing.
            app.click(app.button("Lesson"))
            settle(0.5)
            key("Escape")
        settle(0.3)

    def running():
        return app.start_text() == "Pause"

    def close_sensitive():
        button = app.button("Close Input")
        return button is not None and "sensitive" in states(button)

    def shutdown_sensitive():
        button = app.button("Shut Down Now")
        return button is not None and "sensitive" in states(button)

    def steps():
        """(key, precondition or None, effect check maker)."""
        def text_size(keys, grow):
            def check():
                before = ask_height()
                key(keys)
                if grow is None:
                    return effect(lambda: ask_height() == base_height[0],
                                  "the side panel text back to its first size")
                return effect(lambda: (ask_height() > before) if grow else (ask_height() < before),
                              "the side panel text to %s" % ("grow" if grow else "shrink"))
            return check

        def lesson_step(keys, delta):
            def check():
                number = app.lesson()[0]
                key(keys)
                return effect(lambda: app.lesson() and app.lesson()[0] == number + delta,
                              "lesson %d" % (number + delta))
            return check

        def run_key(keys, predicate, what, running=False):
            def check():
                if running and not (app.start_text() == "Pause" and close_sensitive()):
                    return ("could not be tried: the line is not running with its input "
                            "open (the Start button reads %r)" % app.start_text())
                key(keys)
                return effect(predicate, what)
            return check

        def start_by_mouse():
            """A running line with its input open, set up with the mouse when
            the keys before did not leave one."""
            if running() and close_sensitive():
                return
            for attempt in range(2):
                if app.start_text() != "Start":
                    app.click(app.button("Reset"))
                    wait_for(lambda: app.start_text() == "Start", "Reset to make the line ready")
                app.click(app.start_button())
                try:
                    wait_for(lambda: running() and close_sensitive(),
                             "the line to run with its input open", timeout=6)
                    return
                except plive.Failure:
                    if attempt:
                        raise

        def space():
            before = app.start_text()
            key("space")
            return effect(lambda: app.start_text() != before,
                          "the Start button to change from %r" % before)

        def mode():
            before = app.mode()
            key("b")
            return effect(lambda: app.mode() not in (None, before),
                          "the mode to switch from %s" % before)

        def side_panel():
            key("F7")
            problem = effect(lambda: not app.side_panel_visible(), "the side panel to hide")
            key("F7")
            return problem or effect(app.side_panel_visible, "the side panel to show again")

        return [
            ("Ctrl+plus", text_size("ctrl+plus", True)),
            ("Ctrl+minus", text_size("ctrl+minus", False)),
            ("Ctrl+0", text_size("ctrl+0", None)),
            ("R", run_key("r", lambda: app.start_text() == "Start",
                          "the line to be reset (the Start button to read Start)")),
            ("Space", space),
            ("C", run_key("c", lambda: not close_sensitive(),
                          "Close Input to be done (its button greyed out)", running=True),
             start_by_mouse),
            ("S", run_key("s", lambda: not shutdown_sensitive(),
                          "the line to be shut down (Shut Down Now greyed out)", running=True),
             start_by_mouse),
            ("B", mode, None, lambda: app.click(app.button("Blocking"))),
            ("Page Down", lesson_step("Next", 1)),
            ("Page Up", lesson_step("Prior", -1)),
            ("Alt+Right", lesson_step("alt+Right", 1)),
            ("Alt+Left", lesson_step("alt+Left", -1)),
            ("F7", side_panel),
        ]

    base_height = [ask_height()]
    for kind in ("canvas", "slider", "spin button", "drop-down", "toggle button", "push button"):
        @case("every window key acts with the focus on a %s" % kind)
        def _():
            failures = []
            # Each kind starts from a line that is reset and ready.
            key("r")
            if app.lesson() is None or app.lesson()[0] != BASE_LESSON:
                app.choose_lesson(BASE_LESSON)
            for step in steps():
                name, check = step[:2]
                prepare = step[2] if len(step) > 2 else None
                after = step[3] if len(step) > 3 else None
                problem = "could not be tried: the line never stayed running with its input open"
                try:
                    # A run may end while the focus is set, or before the key
                    # reaches it on a loaded machine: then the line is set up
                    # again, at most three times.
                    for attempt in range(3):
                        if prepare:
                            prepare()
                        focus(kind)
                        if prepare is not None and not (running() and close_sensitive()):
                            continue
                        problem = check()
                        if prepare is None or not (problem or "").startswith("could not be tried"):
                            break
                except plive.Failure as error:
                    failures.append("%s could not be tried: %s" % (name, error))
                    continue
                where = app.describe(app.focused()) if problem else ""
                if after:
                    after()
                if problem:
                    failures.append("%s (focus on %s): %s" % (name, where, problem))
            expect(not failures, "%d of 13 keys failed:\n%s" % (len(failures), "\n".join(failures)))

    plive.tap.skip("F11 enters full screen", "no window manager runs under the test's "
                   "X server to grant full screen")


plive.run(1920, 1080, body, watchdog=420)
