#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The numbers are true (finding 4).

A line paced by a 10 ms stage is run in the window and headless with the
same options: 600 items, about 6 s, long enough that the descriptions of
its first 2 s (the live rate window, before which no rate is measured) are
read while it runs. Every description read in those 2 s says "not measured
yet" for every rate; no rate ever stands beside 0.0 s; once the run ends,
the done count equals the report's exactly, and every rate shown (each
stage, the done card) is that run's average, its count over its elapsed
time, as the report reckons its throughput (the faults found were 35 % to
65 % off it). The window's run is compared with its own count and time, not
with the headless run's time: two runs on a loaded machine differ in speed,
and the same-run comparison with the report is the engine's own test.
"""

import time

import plive
from plive import case, expect, wait_for

OPTIONS = ["--mode=blocking", "--items=600", "--stage=download:1", "--stage=resize:10",
           "--stage=upload:1", "--capacity=2", "--seed=3"]
# The live rate window (PL_SCENE_RATE_WINDOW_S): no rate before it has data.
WINDOW_S = 2.0


def body(session):
    report = session.run_headless(OPTIONS)
    elapsed = report["elapsed_s"]
    plive.tap.diag("headless: %d items in %.3f s, %.1f items/s"
                   % (report["processed"], elapsed, report["throughput"]))
    app = session.start_app(OPTIONS)
    samples = []

    def sample():
        text = app.canvas_description()
        parsed = plive.parse_description(text)
        if not samples or samples[-1][0] != text:
            samples.append((text, parsed))
        return parsed

    @case("right after Start every rate reads \"not measured yet\"")
    def _():
        # Find the canvas in the tree while the window is idle (a walk of
        # the whole tree takes seconds once the line runs), then Start.
        sample()
        app.click(app.start_button())
        # The description is refreshed at most once a second: read it until
        # the run is past the 2 s rate window, keeping what came before.
        started = len(samples)
        wait_for(lambda: (lambda p: p["state"] != "Ready" and p["elapsed"] >= WINDOW_S)(sample()),
                 "the run to pass %.0f s after Start" % WINDOW_S, timeout=15, interval=0.1)
        plive.tap.diag("read after Start: %s" % [(p["state"], p["elapsed"]) for _, p in samples[started:]])
        early = [(text, p) for text, p in samples[started:]
                 if p["state"] != "Ready" and p["elapsed"] < WINDOW_S]
        expect(early, "no description was read in the first %.0f s of the run (read: %s)"
               % (WINDOW_S, [p["elapsed"] for _, p in samples[started:]]))
        for text, p in early:
            rates = [s["rate"] for s in p["stages"]] + [p["done"]["rate"] if p["done"] else None]
            expect(p["stages"] and all(r is None for r in rates),
                   "a description at %.1f s, inside the %.0f s rate window, shows rates %s:\n%s"
                   % (p["elapsed"], WINDOW_S, rates, text))

    @case("the run ends by itself, or after Close Input")
    def _():
        def ended():
            return sample()["state"] in ("Finished", "Shut down", "Stopped")

        def all_done():
            parsed = sample()
            return parsed["state"] in ("Finished", "Shut down", "Stopped") or (
                parsed["done"] is not None and parsed["done"]["n"] == parsed["done"]["items"])
        wait_for(all_done, lambda: "every item done (the description reads %r)"
                 % (samples[-1][0] if samples else ""), timeout=40)
        try:
            # A line of one's own waits for the teacher to close its input.
            wait_for(ended, "the run to end", timeout=3)
        except plive.Failure:
            plive.key("c")
            wait_for(ended, lambda: "the run to end after C (the description reads %r)"
                     % (samples[-1][0] if samples else ""), timeout=15)

    # A last look, after the description's once-a-second refresh.
    if samples:
        time.sleep(1.5)
        try:
            sample()
        except plive.Failure:
            pass

    @case("no rate stands beside 0.0 s")
    def _():
        expect(samples, "the canvas description was never read")
        wrong = [text for text, p in samples if p["elapsed"] == 0.0 and (
            any(s["rate"] is not None for s in p["stages"])
            or (p["done"] and p["done"]["rate"] is not None))]
        expect(not wrong, "a rate beside 0.0 s:\n%s" % wrong[0] if wrong else "")
        last = samples[-1][1]
        expect(last["elapsed"] > 0, "the run ended at 0.0 s:\n%s" % samples[-1][0])

    @case("after the run the done count equals the report's")
    def _():
        expect(samples, "the canvas description was never read")
        last = samples[-1][1]
        expect(last["done"] is not None, "no Done sentence in %r" % samples[-1][0])
        expect(last["done"]["n"] == report["processed"],
               "the window shows %d done, the report %d" % (last["done"]["n"], report["processed"]))

    @case("after the run every rate is the run's average, as the report reckons it")
    def _():
        expect(samples, "the canvas description was never read")
        text, last = samples[-1]
        expect(last["done"] is not None and last["elapsed"] > 0.1,
               "no Done sentence or no elapsed time in %r" % text)
        # The report's throughput is the count over the run's elapsed
        # seconds; the description gives both, the time to 0.1 s and the
        # rates to 0.1 per second, so the average lies within these bounds.
        e = last["elapsed"]
        want = [("done", last["done"]["n"], last["done"]["rate"])]
        want += [(s["name"], s["done"], s["rate"]) for s in last["stages"]]
        wrong = []
        for what, count, shown in want:
            low, high = count / (e + 0.05) - 0.05, count / (e - 0.05) + 0.05
            if shown is None or not low <= shown <= high:
                wrong.append("%s: shows %s per second, the run's average is %d in %.1f s, "
                             "%.1f to %.1f per second" % (what, shown, count, e, low, high))
        plive.tap.diag("window: %d items in %.1f s; a separate headless run: %.1f items/s"
                       % (last["done"]["n"], e, report["throughput"]))
        expect(len(want) == len(report["stages"]) + 1 and not wrong,
               "\n".join(wrong) + "\n(last description:\n%s)" % text)


plive.run(1280, 800, body)
