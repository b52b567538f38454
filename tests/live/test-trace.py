#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--trace in the window: the line the window starts with is traced until it
finishes (or the window closes), the file is written without holding the
window up, and the window says where it is. A replay opened in the window
with --trace writes the recorded run's trace.
"""

import collections
import json
import os
import resource
import signal
import subprocess

import plive
from plive import case, expect, key, settle, wait_for, walk, name


STAGES = ["--stage=fetch:1", "--stage=shrink:1:uniform:2", "--stage=store:0.5"]


def read_trace(path):
    """The parsed trace: (events, thread names by tid)."""
    with open(path) as f:
        trace = json.load(f)
    expect(trace.get("displayTimeUnit") == "ms", "the trace has no displayTimeUnit of ms")
    events = trace["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in events
             if e["ph"] == "M" and e["name"] == "thread_name"}
    return trace, events, names


def working_spans(events, names):
    """Working spans per stage, from the tracks' names "stage/worker N"."""
    spans = collections.Counter()
    for e in events:
        if e["ph"] == "X" and e["name"] == "working":
            spans[names[e["tid"]].split("/")[0]] += 1
    return spans


def quit_app(app):
    app.focus_window()
    key("ctrl+q")
    wait_for(lambda: app.proc.poll() is not None, "Ctrl+Q to quit the window", timeout=30)
    expect(app.proc.returncode == 0, "the window exited with status %s: %s"
           % (app.proc.returncode, app.stderr_tail()))


def start_limited(session, args, max_bytes):
    """The program, unable to write any file past max_bytes: a disk that
    fills up. Writes past it fail (EFBIG) rather than kill the program."""
    index = len(session.apps)
    err = open(os.path.join(session.tmp, "app%d.err" % index), "w+")

    def limit():
        plive._die_with_parent()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    proc = subprocess.Popen([plive.program()] + list(args), env=session.app_env(),
                            stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit,
                            restore_signals=False)
    app = plive.App(session, proc, err, index)
    session.apps.append(app)
    app.wait_window()
    return app


def body(session):
    path = os.path.join(session.tmp, "window.json")
    app = session.start_app(["--trace=" + path, "--mode=blocking", "--items=200"] + STAGES)

    @case("the window's line is traced until it finishes, and the window says where")
    def _():
        app.focus_window()
        app.click(app.button("Start"))
        app.wait_description(r"Done: 200 of 200", "every item done", timeout=60)
        expect(not os.path.exists(path) or os.path.getsize(path) == 0,
               "the trace was written before the line finished")
        app.click(app.button("Close Input"))
        wait_for(lambda: app.find(name_re=r"trace is in .*window\.json"),
                 lambda: "a line in the window saying where the trace is (stderr: %s)"
                 % app.stderr_tail(), timeout=30)
        expect("--trace: wrote the window’s run to" in app.stderr_text(),
               "stderr does not say where the trace went: %s" % app.stderr_tail())
        session.screenshot("trace-written")

    @case("the trace's working spans number each stage's work done")
    def _():
        quit_app(app)
        trace, events, names = read_trace(path)
        tracks = set(names.values())
        for track in ("producer", "coordinator", "fetch/worker 1", "shrink/worker 1",
                      "shrink/worker 2", "store/worker 1"):
            expect(track in tracks, "no track named %r in %r" % (track, sorted(tracks)))
        spans = working_spans(events, names)
        for stage in ("fetch", "shrink", "store"):
            expect(spans[stage] == 200, "%s has %d working spans, not 200 (its work done)"
                   % (stage, spans[stage]))
        closes = sum(1 for e in events if e["ph"] == "i" and e["name"] == "queue-closed")
        expect(closes == 3, "%d queue-closed instants, not 3" % closes)
        counters = {e["name"] for e in events if e["ph"] == "C"}
        expect(len(counters) == 4, "counters for %r, not the 4 queues" % sorted(counters))

    early = os.path.join(session.tmp, "closed.json")
    closed = session.start_app(["--trace=" + early, "--mode=blocking", "--items=100000"] + STAGES)

    @case("closing the window while the line runs still writes its trace")
    def _():
        closed.focus_window()
        closed.click(closed.button("Start"))
        closed.wait_description(r"Done: [1-9][0-9]* of", "some items done", timeout=60)
        quit_app(closed)
        trace, events, names = read_trace(early)
        spans = working_spans(events, names)
        expect(spans["fetch"] > 0, "no working span of fetch in a run that did some")
        expect("--trace: wrote the window’s run to" in closed.stderr_text(),
               "stderr does not say where the trace went: %s" % closed.stderr_tail())

    full = os.path.join(session.tmp, "full.json")
    limited = start_limited(session, ["--trace=" + full, "--mode=blocking", "--items=200"] + STAGES,
                            32 * 1024)

    @case("a trace that cannot be written gets an error dialog, and leaves no half file")
    def _():
        limited.focus_window()
        limited.click(limited.button("Start"))
        limited.wait_description(r"Done: 200 of 200", "every item done", timeout=60)
        limited.click(limited.button("Close Input"))

        def dialog():
            for i in range(limited.acc_app.childCount):
                win = limited.acc_app.getChildAtIndex(i)
                if any(name(a) == "Could not write the trace" for a in walk(win)):
                    return win
            return None
        wait_for(dialog, lambda: "an error dialog saying the trace could not be written "
                 "(stderr: %s)" % limited.stderr_tail(), timeout=30)
        expect("--trace: could not write" in limited.stderr_text(),
               "stderr does not say the trace failed: %s" % limited.stderr_tail())
        expect(not os.path.exists(full), "a half-written trace was left behind")
        session.screenshot("trace-failed")
        limited.stop()

    idle = os.path.join(session.tmp, "idle.json")
    unstarted = session.start_app(["--trace=" + idle, "--mode=blocking", "--items=10"] + STAGES)

    @case("a window closed before Start leaves an empty trace that still opens")
    def _():
        quit_app(unstarted)
        trace, events, names = read_trace(idle)
        spans = [e for e in events if e["ph"] == "X"]
        expect(not spans, "%d spans in a run that never started" % len(spans))
        late = [e for e in events if e["ph"] != "M" and e["ts"] > 60 * 1000 * 1000]
        expect(not late, "events a minute or more into a run that never started: %r" % late[:3])

    recorded = os.path.join(session.tmp, "run.plrec")
    report = session.run_headless(["--mode=blocking", "--items=100", "--record=" + recorded] + STAGES)
    replayed = os.path.join(session.tmp, "replay.json")
    replay = session.start_app(["--replay=" + recorded, "--trace=" + replayed])

    @case("a replay in the window with --trace writes the recorded run's trace")
    def _():
        wait_for(lambda: "--trace: wrote the recorded run to" in replay.stderr_text(),
                 lambda: "stderr to say where the trace went: %s" % replay.stderr_tail(),
                 timeout=30)
        trace, events, names = read_trace(replayed)
        expect(trace.get("otherData", {}).get("source") == "recording",
               "the trace does not say it comes from a recording")
        done = {}
        for e in events:
            if e["ph"] == "C" and e["name"].startswith("work done: "):
                done[e["name"][len("work done: "):]] = e["args"]["items"]
        for stage in report["stages"]:
            expect(done.get(stage["name"]) == stage["work_done"],
                   "the trace's work done of %s is %r, the report's %d"
                   % (stage["name"], done.get(stage["name"]), stage["work_done"]))
        quit_app(replay)


plive.run(1280, 800, body)
