#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every lesson starts as its text says (finding 2), and the lesson menu's
smaller faults (finding 8).

A lesson keeps in the window the line of its headless report (mode, stage
names, workers), read here from `--headless --report=json --preset=NAME`.
The window paces it for a class (pl_config_apply_lesson(): more items, an
input buffer where a backlog grows), so the items and buffers it must show
are those the program prints for the window with `--print-scenario
--preset=NAME`; that this printout keeps the headless line is checked too.
Read back from the side panel through the accessibility tree.
"""

import re

import plive
from plive import (case, expect, key, settle, wait_for, walk, role, name,
                   value_of, type_text)

PRESETS = ["busy-wait", "blocking", "bounded", "join", "closable", "backlog", "shutdown"]
MODES = {"busy-wait": "Busy-wait", "blocking": "Blocking"}


def expected_settings(session):
    """Each lesson's settings in the window: its line from the headless
    report, its pace from --print-scenario; they must agree on the line."""
    found = {}
    problems = []
    for preset in PRESETS:
        report = session.run_headless(["--preset=" + preset, "--duration=0.2"])
        line = {
            "mode": MODES[report["mode"]],
            "stages": [(s["name"], s["workers"]) for s in report["stages"]],
        }
        window = session.window_scenario(["--preset=" + preset])
        n = len([g for g in window.sections() if g.startswith("stage ")])
        printed = {
            "mode": MODES[window["pipeline"]["mode"]],
            "stages": [(window["stage %d" % i]["name"], int(window["stage %d" % i]["workers"]))
                       for i in range(1, n + 1)],
        }
        for k in ("mode", "stages"):
            if printed[k] != line[k]:
                problems.append("--print-scenario --preset=%s: %s %r, the headless report %r"
                                % (preset, k, printed[k], line[k]))
        capacities = [int(c) for c in window["pipeline"]["capacities"].split(",")]
        found[preset] = dict(line)
        found[preset]["items"] = int(window["pipeline"]["items"])
        # Stage i's buffer is the queue in front of it.
        found[preset]["buffers"] = ["∞" if c == 0 else str(c) for c in capacities[:n]]
    if problems:
        raise plive.Failure("\n".join(problems))
    return found


def shown_settings(app):
    pane = app.side_panel_scroll()
    stages, workers, buffers, items = [], [], [], None
    for acc in walk(pane):
        kind = role(acc)
        if kind == "label":
            m = re.match(r"^Stage [0-9]+: (.+)$", name(acc))
            if m:
                stages.append(m.group(1))
        elif kind == "spin button" and re.match(r"^_?Workers$", name(acc)):
            workers.append(int(value_of(acc)))
        elif kind == "spin button" and re.match(r"^_?Items$", name(acc)):
            items = int(value_of(acc))
        elif kind == "slider" and re.match(r"^_?Buffer$", name(acc)):
            labels = [name(c) for c in walk(acc) if role(c) == "label"]
            buffers.append(labels[0] if labels else "?")
    return {"mode": app.mode(), "items": items,
            "stages": list(zip(stages, workers)), "buffers": buffers}


def compare(app, want, where):
    def differences():
        have = shown_settings(app)
        return ["%s: %s shows %r, the lesson sets %r" % (where, k, have[k], want[k])
                for k in ("mode", "items", "stages", "buffers") if have[k] != want[k]]
    try:
        # The panel is rebuilt when a lesson opens: give it a moment.
        wait_for(lambda: not differences(), "the lesson's settings", timeout=3)
        return []
    except plive.Failure:
        return differences()


def body(session):
    settings = expected_settings(session)
    app = session.start_app()

    @case("a first start with fresh settings opens lesson 1 in busy-wait mode")
    def _():
        lesson = app.lesson()
        expect(lesson is not None and lesson[0] == 1,
               "the side panel shows %r, not lesson 1" % (lesson,))
        problems = compare(app, settings["busy-wait"], "lesson 1 at first start")
        expect(not problems, "\n".join(problems))

    @case("Start in lesson 1 at first start makes the workers poll")
    def _():
        app.click(app.start_button())

        def polls():
            text = app.canvas_description()
            parsed = plive.parse_description(text)
            return sum(s["polls"] for s in parsed["stages"]) > 0
        wait_for(polls, lambda: "polls above 0 in the canvas description (it reads %r; "
                 "the mode button pressed is %s)" % (app.canvas_description()[:300], app.mode()),
                 timeout=10)
        key("r")

    @case("the lesson menu names lesson 4 \"4. task_done and join\"")
    def _():
        items = app.open_lesson_menu()
        names = [name(m) for m in items]
        key("Escape")
        expect("4. task_done and join" in names, "the lesson menu reads %r" % names)

    @case("opening the menus prints no Gtk-WARNING")
    def _():
        before = len(app.stderr_text())
        opened = []
        for label in ("Lesson", "Main Menu", "Export"):
            button = app.button(label)
            if button is None or not plive.showing(button):
                continue
            app.click(button)
            settle(0.8)
            key("Escape")
            settle(0.3)
            opened.append(label)
        expect(opened, "found no menu button to open")
        new = app.stderr_text()[before:]
        warnings = [line for line in new.splitlines() if re.search(r"Gtk-(WARNING|CRITICAL)", line)]
        expect(not warnings, "opening %s printed:\n%s" % (", ".join(opened), "\n".join(warnings)))

    @case("Page Down opens each lesson with all of its settings")
    def _():
        if app.lesson()[0] != 1:
            app.choose_lesson(1)
        app.click(app.canvas())
        problems = []
        for number in range(2, len(PRESETS) + 1):
            key("Next")
            try:
                wait_for(lambda: app.lesson()[0] == number, "lesson %d" % number, timeout=5)
            except plive.Failure as error:
                problems.append(str(error))
                break
            problems += compare(app, settings[PRESETS[number - 1]],
                                "lesson %d by Page Down" % number)
        expect(not problems, "\n".join(problems))

    @case("the lesson menu opens each lesson with all of its settings")
    def _():
        problems = []
        for number in range(len(PRESETS), 0, -1):
            app.choose_lesson(number)
            problems += compare(app, settings[PRESETS[number - 1]], "lesson %d by menu" % number)
        expect(not problems, "\n".join(problems))

    @case("a teacher's change is kept through Reset in its lesson only")
    def _():
        app.choose_lesson(3)
        spins = app.all(role="spin button", name_re="^_?Workers$", root=app.side_panel_scroll())
        expect(len(spins) >= 2, "lesson 3 shows %d Workers fields" % len(spins))
        app.bring_into_view(spins[1])
        app.click_entry(spins[1])
        key("ctrl+a")
        type_text("3")
        key("Return")
        wait_for(lambda: value_of(spins[1]) == 3, "stage 2's workers to read 3")
        want = dict(settings["bounded"])
        want["stages"] = [(n, 3 if i == 1 else w) for i, (n, w) in enumerate(want["stages"])]
        # Kept through Reset, in this lesson...
        app.click(app.canvas())
        key("r")
        settle(1.0)
        problems = compare(app, want, "lesson 3 after its change and Reset")
        # ...and in no other; choosing a lesson, even this one again,
        # applies all of its own settings (by the menu, so that only the
        # lesson choice is tested).
        app.choose_lesson(4)
        problems += compare(app, settings["join"], "lesson 4 after changing lesson 3")
        app.choose_lesson(3)
        problems += compare(app, settings["bounded"], "lesson 3 chosen again")
        expect(not problems, "\n".join(problems))

    @case("after Page Down the side panel shows the new lesson from its top")
    def _():
        pane = app.side_panel_scroll()
        app.scroll_panel(down=True)
        wait_for(lambda: app.scrollbar_value(pane), "the side panel to scroll down")
        number = app.lesson()[0]
        # The focus on a button (the mode already chosen, so nothing
        # changes): Page Down then acts on the window on any version.
        app.click(app.button(app.mode()))
        key("Next" if number < len(PRESETS) else "Prior")
        wait_for(lambda: app.lesson()[0] != number, "another lesson after Page Down/Up",
                 timeout=5)
        title = app._title
        wait_for(lambda: app.scrollbar_value(pane) == 0 and app.in_view(title, pane),
                 lambda: "the side panel at its top with the title %r in view (scrolled to %s)"
                 % (name(title), app.scrollbar_value(pane)), timeout=4)

    app.stop()

    @case("--preset opens each lesson with all of its settings")
    def _():
        problems = []
        for number, preset in enumerate(PRESETS, 1):
            started = session.start_app(["--preset=" + preset])
            lesson = started.lesson()
            if lesson is None or lesson[0] != number:
                problems.append("--preset=%s shows lesson %r" % (preset, lesson))
            problems += compare(started, settings[preset], "--preset=" + preset)
            started.stop()
        expect(not problems, "\n".join(problems))


plive.run(1280, 800, body, watchdog=420)
