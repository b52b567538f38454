# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers of the live window tests.

Each test program starts its own virtual X server at the size it needs and
its own session bus, starts the real window there with fresh settings, sends
real input with xdotool and reads the window back through the accessibility
tree (AT-SPI).  Everything it starts is stopped when the session ends, on
failure too.  Every wait is bounded and fails with a message that says what
was awaited.

Usage in a test program:

    import plive
    with plive.Session(1280, 720) as s:
        app = s.start_app()
        ...
    plive.tap.done()

The results are printed as TAP, one case per check() call.
"""

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

# Generous bounds: the machine may be busy building.  A bound is a limit
# for a failure message, never something that is asserted.
START_TIMEOUT = 60.0
WAIT_TIMEOUT = 8.0


class Failure(Exception):
    """A check failed or a bounded wait ran out; the message says which."""


# ---------------------------------------------------------------------------
# TAP output
# ---------------------------------------------------------------------------

class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0
        self.plan = None

    def ok(self, passed, name, diagnostics=None):
        self.count += 1
        if not passed:
            self.failed += 1
        print("%s %d - %s" % ("ok" if passed else "not ok", self.count, name), flush=True)
        if diagnostics:
            for line in str(diagnostics).splitlines():
                print("# " + line, flush=True)

    def skip(self, name, reason):
        self.count += 1
        print("ok %d - %s # SKIP %s" % (self.count, name, reason), flush=True)

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def bail(self, reason):
        print("Bail out! " + reason.splitlines()[0], flush=True)
        for line in reason.splitlines()[1:]:
            print("# " + line, flush=True)
        sys.exit(1)

    def done(self):
        print("1..%d" % self.count, flush=True)
        sys.exit(1 if self.failed or self.count == 0 else 0)


tap = Tap()


def case(name):
    """Decorator-free helper: run fn() as one TAP case.

    fn raises Failure (or AssertionError) with a message to fail; any other
    exception fails the case with its traceback.  Returns True if it passed.
    """
    def run(fn):
        started = time.monotonic()
        try:
            fn()
        except (Failure, AssertionError) as error:
            tap.ok(False, name, str(error))
            return False
        except Exception:  # noqa: BLE001 - reported as a failed case
            tap.ok(False, name, traceback.format_exc())
            return False
        tap.ok(True, name)
        return True
    return run


def _timed(fn):
    return fn


def expect(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(predicate, what, timeout=WAIT_TIMEOUT, interval=0.2):
    """Poll predicate() until it returns a true value, at most timeout s.

    Returns that value; raises Failure naming `what` (a string, or a
    callable giving one, evaluated at failure time) when the bound runs out.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - the tree changes under us
            last_error = error
        if time.monotonic() >= deadline:
            text = what() if callable(what) else what
            if last_error is not None:
                text += " (last error: %s)" % last_error
            raise Failure("waited %.0f s for %s" % (timeout, text))
        time.sleep(interval)


# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------

def program():
    """The built program, as meson passes it in PL_PROGRAM or argv."""
    path = os.environ.get("PL_PROGRAM")
    if not path:
        tap.bail("PL_PROGRAM is not set: run the live tests with meson test")
    return path


def build_root():
    return os.environ.get("PL_BUILD_ROOT", os.path.dirname(os.path.dirname(program())))


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------

def _die_with_parent():
    """In a child before exec: be killed when the test program dies, even
    by SIGKILL, so that no server or window outlives its test."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

def _kill_group(proc, grace=3.0):
    """Stop a process we started (TERM, then KILL) and reap it."""
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.terminate()
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    except ProcessLookupError:
        pass


def _kill_pid(pid, grace=3.0):
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Session:
    """A virtual X server of a given size and a private session bus.

    The environment of this Python process is switched to them (DISPLAY,
    DBUS_SESSION_BUS_ADDRESS) before pyatspi is imported, so the
    accessibility client talks to this session only.
    """

    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.tmp = tempfile.mkdtemp(prefix="pl-live-")
        self.xvfb = None
        self.display = None
        self.bus = None
        self.bus_pid = None
        self.bus_address = None
        self.apps = []
        self.helpers = []

    # -- setup ------------------------------------------------------------

    def __enter__(self):
        try:
            self._start_x()
            self._start_bus()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _start_x(self):
        if not shutil.which("Xvfb"):
            tap.bail("Xvfb is not installed (build-aux/deps.sh installs it)")
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
             "%dx%dx24" % (self.width, self.height), "-nolisten", "tcp",
             "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.tmp, "xvfb.log"), "w"),
            preexec_fn=_die_with_parent)
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + START_TIMEOUT
        while not number.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([read_fd], [], [], max(remaining, 0))
            if not ready:
                os.close(read_fd)
                raise Failure("Xvfb did not report a display within %.0f s" % START_TIMEOUT)
            chunk = os.read(read_fd, 64)
            if not chunk:
                os.close(read_fd)
                raise Failure("Xvfb exited before reporting a display: %s"
                              % self._tail("xvfb.log"))
            number += chunk
        os.close(read_fd)
        self.display = ":" + number.decode().strip()
        os.environ["DISPLAY"] = self.display
        os.environ.pop("WAYLAND_DISPLAY", None)

    def _start_bus(self):
        # What the bus starts (the accessibility bus launcher) keeps its
        # sockets here, and goes when the bus goes.
        os.environ["XDG_RUNTIME_DIR"] = self.tmp
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=open(os.path.join(self.tmp, "bus.log"), "w"),
            preexec_fn=_die_with_parent)
        ready, _, _ = select.select([self.bus.stdout], [], [], START_TIMEOUT)
        line = self.bus.stdout.readline().decode().strip() if ready else ""
        if not line:
            raise Failure("dbus-daemon did not print its address: %s" % self._tail("bus.log"))
        self.bus_address = line
        self.bus_pid = self.bus.pid
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        # The accessibility bus is found through the session bus.
        for name in ("AT_SPI_BUS_ADDRESS", "NO_AT_BRIDGE", "GTK_A11Y"):
            os.environ.pop(name, None)
        os.environ["XDG_RUNTIME_DIR"] = self.tmp

    def _tail(self, name, lines=10):
        try:
            with open(os.path.join(self.tmp, name), errors="replace") as f:
                return "".join(f.readlines()[-lines:]).strip()
        except OSError:
            return ""

    # -- the program ------------------------------------------------------

    def app_env(self, extra=None):
        env = dict(os.environ)
        env.pop("NO_AT_BRIDGE", None)
        env["GSETTINGS_BACKEND"] = "memory"
        env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build_root(), "data")
        env["PL_LOCALEDIR"] = os.path.join(build_root(), "po")
        env["LC_ALL"] = "C.UTF-8"
        env["LANGUAGE"] = "en"
        # Fatal warnings would turn a missing accessibility bus into a crash;
        # the tests read stderr themselves.
        env.pop("G_DEBUG", None)
        env.pop("MALLOC_CHECK_", None)
        if extra:
            env.update(extra)
        return env

    def start_app(self, args=(), extra_env=None, timeout=START_TIMEOUT):
        """Start the program and wait for its window in the AT-SPI tree."""
        index = len(self.apps)
        err = open(os.path.join(self.tmp, "app%d.err" % index), "w+")
        proc = subprocess.Popen([program()] + list(args), env=self.app_env(extra_env),
                                stdout=subprocess.DEVNULL, stderr=err,
                                preexec_fn=_die_with_parent)
        app = App(self, proc, err, index)
        self.apps.append(app)
        app.wait_window(timeout)
        return app

    def run_headless(self, args, timeout=120):
        """Run the program headless with a JSON report; returns the parsed report."""
        env = self.app_env()
        env.pop("DISPLAY", None)
        out = subprocess.run([program(), "--headless", "--report=json"] + list(args),
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, timeout=timeout, check=False)
        if out.returncode != 0:
            raise Failure("headless run %s exited %d: %s"
                          % (" ".join(args), out.returncode, out.stderr.strip()))
        return json.loads(out.stdout)

    def window_scenario(self, args, timeout=60):
        """What the window opens with these options and fresh settings, as
        the program prints it (--print-scenario): a configparser."""
        import configparser
        env = self.app_env()
        env.pop("DISPLAY", None)
        out = subprocess.run([program(), "--print-scenario"] + list(args),
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, timeout=timeout, check=False)
        if out.returncode != 0:
            raise Failure("--print-scenario %s exited %d: %s"
                          % (" ".join(args), out.returncode, out.stderr.strip()))
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(out.stdout)
        return parser

    def screenshot(self, name):
        """Save the whole screen next to the test log; returns the path or None."""
        directory = os.environ.get("PL_LIVE_SHOTS")
        if not directory or not shutil.which("import"):
            return None
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name + ".png")
        try:
            subprocess.run(["import", "-display", self.display, "-window", "root", path],
                           timeout=20, check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return None
        return path

    # -- teardown ---------------------------------------------------------

    def close(self):
        for app in self.apps:
            app.stop()
        for proc in self.helpers:
            _kill_group(proc)
        if self.bus_pid:
            # The accessibility bus launcher and registry were started by
            # this bus: stop them with it.
            _kill_bus_children(self.bus_pid)
            started = _started_by_bus(self.bus_address)
            _kill_group(self.bus)
            for pid in started:
                _kill_pid(pid, grace=1.0)
            self.bus_pid = None
        if self.xvfb is not None:
            _kill_group(self.xvfb)
            self.xvfb = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def _children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _started_by_bus(address):
    """Processes the session bus started: they carry its private address.

    The accessibility bus launcher and registry are activated by the bus
    and then leave it (their parent becomes init), so they are found by
    the address, which is unique to this test's bus."""
    needle = ("DBUS_SESSION_BUS_ADDRESS=%s" % address).encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % entry, "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _kill_bus_children(bus_pid):
    """Stop what the session bus activated (at-spi-bus-launcher and below)."""
    stack = list(_children(bus_pid))
    found = []
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(_children(pid))
    for pid in reversed(found):
        _kill_pid(pid, grace=1.0)


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------

def xdotool(*args):
    out = subprocess.run(["xdotool"] + [str(a) for a in args], timeout=20,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         check=False)
    if out.returncode != 0:
        raise Failure("xdotool %s failed: %s" % (" ".join(map(str, args)), out.stderr.strip()))
    return out.stdout


def key(*names):
    xdotool("key", "--clearmodifiers", *names)


def type_text(text):
    xdotool("type", "--delay", "40", text)


def click_at(x, y, button=1):
    xdotool("mousemove", int(x), int(y), "sleep", "0.1", "click", button)


def wheel_at(x, y, clicks, down=True):
    xdotool("mousemove", int(x), int(y), "sleep", "0.1",
            "click", "--repeat", clicks, "--delay", "60", 5 if down else 4)


def settle(seconds=0.4):
    """Give the window time to handle input.  Never a verdict: every check
    that depends on the result waits for it with a bound."""
    time.sleep(seconds)


# ---------------------------------------------------------------------------
# The accessibility tree
# ---------------------------------------------------------------------------

_pyatspi = None


def atspi():
    global _pyatspi
    if _pyatspi is None:
        if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
            raise RuntimeError("start a Session before reading the accessibility tree")
        import pyatspi  # noqa: E402 - needs the session bus set first
        _pyatspi = pyatspi
    return _pyatspi


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:  # noqa: BLE001
        return "?"


def name(acc):
    try:
        return acc.name or ""
    except Exception:  # noqa: BLE001
        return ""


def description(acc):
    try:
        return acc.description or ""
    except Exception:  # noqa: BLE001
        return ""


def states(acc):
    """The names of acc's states, lower case ("focused", "pressed", ...)."""
    try:
        return {str(st).split()[1].replace("ATSPI_STATE_", "").lower()
                for st in acc.getState().getStates()}
    except Exception:  # noqa: BLE001
        return set()


def has_state(acc, state_name):
    pyatspi = atspi()
    try:
        return acc.getState().contains(getattr(pyatspi, "STATE_" + state_name.upper()))
    except Exception:  # noqa: BLE001
        return False


def showing(acc):
    """Mapped on the screen: visible with a size (GTK 4.8 sets no SHOWING)."""
    if not has_state(acc, "visible"):
        return False
    try:
        _, _, w, h = extents(acc)
    except Exception:  # noqa: BLE001
        return False
    return w > 0 and h > 0


def walk(acc, depth=0, max_depth=60):
    """Every accessible below acc (acc included), depth first."""
    if acc is None or depth > max_depth:
        return
    yield acc
    try:
        count = acc.childCount
    except Exception:  # noqa: BLE001
        return
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:  # noqa: BLE001
            continue
        yield from walk(child, depth + 1, max_depth)


# GTK reports positions relative to its window only (it warns when asked
# for screen coordinates): the window's place on the screen is added here,
# read from the X server by App.refresh_origin().
_origin = [0, 0]


def extents(acc):
    """(x, y, width, height) on the screen."""
    pyatspi = atspi()
    box = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return box.x + _origin[0], box.y + _origin[1], box.width, box.height


def center(acc):
    x, y, w, h = extents(acc)
    return x + w // 2, y + h // 2


def value_of(acc):
    return acc.queryValue().currentValue


def text_of(acc):
    try:
        text = acc.queryText()
        return text.getText(0, -1)
    except Exception:  # noqa: BLE001
        return name(acc)


def button_text(acc):
    """What a button shows: its only label child, else its name."""
    labels = [name(c) for c in walk(acc) if role(c) == "label"]
    if len(labels) == 1:
        return labels[0]
    return name(acc).replace("_", "")


def dump(acc, depth=0, max_depth=40):
    lines = []

    def visit(a, d):
        if d > max_depth:
            return
        extra = ""
        try:
            extra = " value=%s" % value_of(a)
        except Exception:  # noqa: BLE001
            pass
        lines.append("%s%s %r desc=%r%s" % ("  " * d, role(a), name(a),
                                            description(a)[:60], extra))
        try:
            for i in range(a.childCount):
                visit(a.getChildAtIndex(i), d + 1)
        except Exception:  # noqa: BLE001
            pass
    visit(acc, depth)
    return "\n".join(lines)


class App:
    """The running program, its stderr and its accessible tree."""

    def __init__(self, session, proc, err, index):
        self.session = session
        self.proc = proc
        self.err = err
        self.index = index
        self.acc_app = None
        self.window = None

    # -- life -------------------------------------------------------------

    def _find_app(self):
        if self.proc.poll() is not None:
            raise Failure("the program exited with status %s before its window appeared: %s"
                          % (self.proc.returncode, self.stderr_tail()))
        desktop = atspi().Registry.getDesktop(0)
        for i in range(desktop.childCount):
            try:
                acc = desktop.getChildAtIndex(i)
                if acc is not None and acc.get_process_id() == self.proc.pid:
                    return acc
            except Exception:  # noqa: BLE001
                continue
        return None

    def wait_window(self, timeout=START_TIMEOUT):
        def found():
            app = self._find_app()
            if app is None:
                return None
            for i in range(app.childCount):
                win = app.getChildAtIndex(i)
                if role(win) in ("frame", "window") and has_state(win, "visible"):
                    self.acc_app, self.window = app, win
                    return True
            return None
        wait_for(found, lambda: "the window of %s to appear in the accessibility tree "
                 "(stderr: %s)" % (os.path.basename(program()), self.stderr_tail()),
                 timeout=timeout, interval=0.25)
        # Let the first frames draw and the window take the input focus.
        wait_for(lambda: self.find(role="slider", only_showing=True),
                 "the buttons of the window", timeout=timeout)
        self.focus_window()

    def x_windows(self):
        """The program's mapped X windows, as {id: (x, y, width, height)}."""
        found = {}
        ids = xdotool("search", "--onlyvisible", "--pid", self.proc.pid).split()
        for wid in ids:
            try:
                geometry = xdotool("getwindowgeometry", "--shell", wid)
            except Failure:
                continue
            values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            found[wid] = tuple(int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
        return found

    def x_geometry(self):
        """The main window's place and size on the screen, from the X server."""
        windows = self.x_windows()
        if not windows:
            raise Failure("the program has no mapped X window")
        self.xid = max(windows, key=lambda w: windows[w][2] * windows[w][3])
        return windows[self.xid]

    def refresh_origin(self):
        """Where the window's own coordinates start on the screen: its X
        position plus the frame drawn around it (equal on every side)."""
        gx, gy, gw, gh = self.x_geometry()
        box = self.window.queryComponent().getExtents(atspi().WINDOW_COORDS)
        _origin[0] = gx + max(gw - box.width, 0) // 2
        _origin[1] = gy + max(gh - box.height, 0) // 2

    def fill_screen(self, what="Reset"):
        """Make the window as large as the screen, as a teacher maximizing
        it would (no window manager runs here to do it), so that the header
        has room for every button; waits for the button `what` to show."""
        self.x_geometry()
        xdotool("windowmove", "--sync", self.xid, 0, 0)
        xdotool("windowsize", "--sync", self.xid, self.session.width, self.session.height)
        wait_for(lambda: (lambda b: b is not None and showing(b))(self.button(what)),
                 lambda: "the %s button on the header of a %dx%d window"
                 % (what, self.session.width, self.session.height), timeout=8)
        self.focus_window()

    def focus_window(self):
        self.refresh_origin()
        # No window manager runs here: give the window the X focus.
        xdotool("windowfocus", "--sync", self.xid)

    def click(self, acc, dx=None, dy=None, button=1):
        """Click acc at its centre (or at dx, dy inside it)."""
        self.refresh_origin()
        x, y, w, h = extents(acc)
        expect(w > 0 and h > 0, "%s has no size on the screen" % self.describe(acc))
        click_at(x + (w // 2 if dx is None else dx), y + (h // 2 if dy is None else dy), button)

    def bring_into_view(self, acc):
        """Scroll the side panel by the wheel until acc is wholly in view."""
        pane = self.side_panel_scroll()

        def visible():
            if self.in_view(acc, pane):
                return True
            px, py, pw, ph = extents(pane)
            self.scroll_panel(down=extents(acc)[1] > py, clicks=2)
            return False
        wait_for(visible, "%s to come into view in the side panel" % self.describe(acc),
                 interval=0.4)

    def click_entry(self, spin):
        """Click into a spin button's text, left of its - and + buttons."""
        x, y, w, h = extents(spin)
        self.click(spin, dx=min(12, w // 4))

    def wheel(self, acc, clicks, down=True):
        self.refresh_origin()
        x, y, w, h = extents(acc)
        expect(w > 0 and h > 0, "%s has no size on the screen" % self.describe(acc))
        wheel_at(x + w // 2, y + h // 2, clicks, down)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        _kill_group(self.proc)
        self.err.flush()

    def stderr_text(self):
        self.err.flush()
        try:
            with open(self.err.name, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stderr_tail(self, lines=8):
        return "\n".join(self.stderr_text().splitlines()[-lines:]) or "(empty)"

    # -- finding things ---------------------------------------------------

    def all(self, role=None, name_re=None, root=None, only_showing=False):
        found = []
        for acc in walk(root or self.window):
            if role is not None and globals()["role"](acc) != role:
                continue
            if name_re is not None and not re.search(name_re, name(acc)):
                continue
            if only_showing and not showing(acc):
                continue
            found.append(acc)
        return found

    def find(self, role=None, name_re=None, root=None, only_showing=False):
        found = self.all(role, name_re, root, only_showing)
        return found[0] if found else None

    def get(self, role=None, name_re=None, root=None, only_showing=False, what=None):
        acc = wait_for(lambda: self.find(role, name_re, root, only_showing),
                       what or "a %s named /%s/" % (role or "widget", name_re or ""))
        return acc

    def canvas(self):
        """The line view: the drawing area that carries the description."""
        # The line view is the largest drawn widget that is no button.
        best, best_area = None, 0
        for acc in walk(self.window):
            if role(acc) not in ("drawing area", "image", "canvas", "panel", "unknown",
                                 "graphic", "filler", "generic"):
                continue
            if acc.childCount:
                continue
            try:
                x, y, w, h = extents(acc)
            except Exception:  # noqa: BLE001
                continue
            if w * h > best_area:
                best, best_area = acc, w * h
        return best

    def canvas_description(self):
        acc = getattr(self, "_canvas", None)
        if acc is None or role(acc) in ("?", "invalid"):
            acc = self._canvas = self.canvas()
        if acc is None:
            return ""
        # The accessibility client keeps a cache that can lag the window by
        # seconds under load: read what the window says now.
        try:
            acc.clearCache()
        except Exception:  # noqa: BLE001 - an older client without it
            pass
        return description(acc)

    def wait_description(self, pattern, what, timeout=WAIT_TIMEOUT):
        """Wait until the canvas description matches pattern; returns the match."""
        def matched():
            return re.search(pattern, self.canvas_description(), re.S)
        return wait_for(matched, lambda: "%s in the canvas description (it reads: %r)"
                        % (what, self.canvas_description()[:600]), timeout=timeout)

    def side_panel_scroll(self):
        """The scrolled window of the side panel (the one holding the sliders)."""
        cached = getattr(self, "_pane", None)
        if cached is not None and role(cached) == "scroll pane":
            return cached
        self._pane = None
        for acc in walk(self.window, max_depth=6):
            if role(acc) != "scroll pane":
                continue
            for inner in walk(acc):
                if role(inner) == "slider":
                    self._pane = acc
                    return acc
        return None

    def scrollbar_value(self, pane):
        """The vertical scroll position of a scroll pane, read from its bar."""
        for acc in walk(pane, max_depth=4):
            if role(acc) in ("scroll bar", "filler") and has_state(acc, "vertical"):
                try:
                    return value_of(acc)
                except Exception:  # noqa: BLE001
                    continue
        return None

    def focused(self):
        for acc in walk(self.window):
            if has_state(acc, "focused"):
                return acc
        return None

    def button(self, label):
        """The push button whose name or label reads `label` (underscores,
        taken as mnemonics, are ignored), or None."""
        cache = self.__dict__.setdefault("_buttons", {})
        cached = cache.get(label)
        if cached is not None and role(cached) in ("push button", "toggle button"):
            return cached
        for acc in walk(self.window):
            if role(acc) not in ("push button", "toggle button"):
                continue
            if (button_text(acc) == label or name(acc).replace("_", "") == label
                    or re.match(re.escape(label) + r"\b", description(acc), re.I)):
                cache[label] = acc
                return acc
        return None

    def lesson(self):
        """(number, title) of the lesson shown in the side panel, or None."""
        pattern = r"^Lesson ([0-9]+): (.*)$"
        cached = getattr(self, "_title", None)
        if cached is None or not re.match(pattern, name(cached), re.S):
            cached = self._title = self.find(role="label", name_re=pattern,
                                             root=self.side_panel_scroll())
        if cached is None:
            return None
        m = re.match(pattern, name(cached), re.S)
        return (int(m.group(1)), m.group(2)) if m else None

    def mode(self):
        """"Busy-wait" or "Blocking": the header toggle that is pressed."""
        for label in ("Busy-wait", "Blocking"):
            button = self.button(label)
            if button is not None and states(button) & {"pressed", "checked"}:
                return label
        return None

    def start_button(self):
        cached = getattr(self, "_start", None)
        if cached is not None and role(cached) in ("push button", "toggle button"):
            return cached
        self._start = None
        for acc in walk(self.window):
            if role(acc) not in ("push button", "toggle button"):
                continue
            if description(acc).startswith("Start") or re.search(
                    r"^_?(Start|Pause|Resume|Run)", name(acc)):
                self._start = acc
                return acc
        return None

    def start_text(self):
        """What the Start button reads (Start, Pause, Resume, Run Again...)."""
        button = self.start_button()
        return button_text(button) if button is not None else None

    def side_panel_visible(self):
        pane = self.side_panel_scroll()
        return pane is not None and showing(pane)

    def controls(self, root=None):
        """The side panel's values: [(role, name, index, value)] for every
        slider and spin button (Value interface) and drop-down (its shown
        item)."""
        found = []
        counts = {}
        for acc in walk(root or self.side_panel_scroll() or self.window):
            kind = role(acc)
            if kind not in ("slider", "spin button", "combo box"):
                continue
            key_ = (kind, name(acc))
            counts[key_] = counts.get(key_, -1) + 1
            if kind == "combo box":
                shown = [name(l) for l in walk(acc) if role(l) == "label"
                         and name(l) != "(None)"]
                value = ",".join(shown)
            else:
                value = value_of(acc)
            found.append((kind, name(acc), counts[key_], value))
        return found

    def in_view(self, acc, pane=None):
        """acc lies wholly inside the visible part of pane (and the screen)."""
        pane = pane or self.side_panel_scroll()
        try:
            x, y, w, h = extents(acc)
            px, py, pw, ph = extents(pane)
        except Exception:  # noqa: BLE001
            return False
        sx, sy = self.session.width, self.session.height
        return (w > 0 and h > 0 and x >= px and y >= py and x + w <= px + pw
                and y + h <= py + ph and x + w <= sx and y + h <= sy)

    def scroll_panel(self, down, clicks=10):
        """Scroll the side panel by the wheel over a label in view (a label
        is no control, so this scrolls the panel on any version)."""
        pane = self.side_panel_scroll()
        captions = (r"^(Whole line|Stages|Ask the class|Stage [0-9]+: .*|Lesson [0-9]+: .*"
                    r"|_?Items|_?Delay|_?Workers|_?Buffer|_?Varies|Back-o_?ff)$")
        for acc in walk(pane):
            if (role(acc) == "label" and re.match(captions, name(acc), re.S)
                    and self.in_view(acc, pane)):
                self.wheel(acc, clicks, down=down)
                return
        raise Failure("no label in view in the side panel to scroll it by")

    def first_in_view(self, kind, name_re=None, min_value=None):
        pane = self.side_panel_scroll()
        for acc in self.all(role=kind, name_re=name_re, root=pane):
            if not self.in_view(acc, pane):
                continue
            if min_value is not None:
                try:
                    if value_of(acc) < min_value:
                        continue
                except Exception:  # noqa: BLE001
                    continue
            return acc
        return None

    def menu_items(self):
        return [a for a in walk(self.acc_app) if role(a) in
                ("menu item", "check menu item", "radio menu item") and showing(a)]

    def open_lesson_menu(self):
        self.click(self.button("Lesson"))
        return wait_for(lambda: [m for m in self.menu_items()
                                 if re.match(r"^[0-9]+\. ", name(m))],
                        "the lesson menu to open with its numbered lessons")

    def choose_lesson(self, number):
        """Choose lesson `number` from the Lesson menu with the keyboard."""
        items = self.open_lesson_menu()
        expect(any(name(m).startswith("%d. " % number) for m in items),
               "no item %d. in the lesson menu: %s" % (number, [name(m) for m in items]))

        def focused_number():
            for m in self.menu_items():
                if has_state(m, "focused"):
                    found = re.match(r"^([0-9]+)\. ", name(m))
                    return int(found.group(1)) if found else 0
            return None

        def on_item():
            current = focused_number()
            if current == number:
                return True
            # One step at a time, each awaited, so that no press is lost
            # or doubled on a busy machine.
            key("Down" if current is None or current < number else "Up")
            wait_for(lambda: focused_number() not in (None, current),
                     "the focus to move in the lesson menu from %s" % current, timeout=3)
            return False
        wait_for(on_item, "the focus to reach lesson %d in the menu" % number, timeout=25)
        key("Return")
        wait_for(lambda: self.lesson() and self.lesson()[0] == number,
                 "lesson %d to open from the menu" % number)

    def describe(self, acc):
        if acc is None:
            return "nothing"
        return "%s %r" % (role(acc), name(acc))


# ---------------------------------------------------------------------------
# The canvas description (format agreed for the line view)
# ---------------------------------------------------------------------------

def parse_description(text):
    """Split the canvas description into its parts.

    Returns a dict: title, mode, state, elapsed, stages (list of dicts with
    name, state, done, rate, polls), queues (list of (depth, capacity)),
    input (depth, capacity), done (n, items, rate).  Raises Failure when
    the text does not follow the agreed format.
    """
    if not text:
        raise Failure("the canvas has no accessible description")
    result = {"stages": [], "queues": []}
    head = re.search(r"^(?P<title>.+?)\. (?P<mode>Busy-wait|Blocking)\. "
                     r"(?P<state>Ready|Running|Paused|Finished|Shut down|Stopped), "
                     r"(?P<elapsed>[0-9.]+) s\.", text, re.M)
    if not head:
        raise Failure("the description does not start with '<title>. <mode>. <state>, "
                      "<elapsed> s.': %r" % text[:300])
    result.update(title=head["title"], mode=head["mode"], state=head["state"],
                  elapsed=float(head["elapsed"]))
    rate = r"(?P<rate>[0-9]+\.[0-9]|not measured yet)"
    for m in re.finditer(r"Stage (?P<n>[0-9]+) (?P<name>\S+): (?P<state>[a-z ]+), "
                         r"(?P<done>[0-9]+) done, " + rate + r"(?: per second)?, "
                         r"(?P<polls>[0-9]+) polls\.", text):
        result["stages"].append({
            "n": int(m["n"]), "name": m["name"], "state": m["state"],
            "done": int(m["done"]), "rate": _rate(m["rate"]), "polls": int(m["polls"])})
    for m in re.finditer(r"Queue (?P<n>[0-9]+): (?P<depth>[0-9]+) of "
                         r"(?P<cap>[0-9]+|unbounded)\.", text):
        result["queues"].append((int(m["depth"]), m["cap"]))
    m = re.search(r"Input queue: (?P<depth>[0-9]+) of (?P<cap>[0-9]+|unbounded)\.", text)
    result["input"] = (int(m["depth"]), m["cap"]) if m else None
    m = re.search(r"Done: (?P<n>[0-9]+) of (?P<items>[0-9]+), " + rate +
                  r"(?: per second)?\.", text)
    result["done"] = {"n": int(m["n"]), "items": int(m["items"]),
                      "rate": _rate(m["rate"])} if m else None
    return result


def _rate(text):
    return None if text == "not measured yet" else float(text)


# ---------------------------------------------------------------------------
# Running a test program
# ---------------------------------------------------------------------------

def _on_signal(signum, frame):
    raise SystemExit("stopped by signal %d" % signum)


def missing_tools():
    """What the live tests need and this machine lacks (build-aux/deps.sh
    installs it all on Debian)."""
    missing = [tool for tool in ("Xvfb", "xdotool", "dbus-daemon") if not shutil.which(tool)]
    if not os.path.exists("/usr/libexec/at-spi-bus-launcher") and not shutil.which(
            "at-spi-bus-launcher"):
        missing.append("at-spi2-core")
    try:
        import gi  # noqa: F401
        import importlib.util
        if importlib.util.find_spec("pyatspi") is None:
            missing.append("python3-pyatspi")
    except ImportError:
        missing.append("python3-gi")
    return missing


def run(width, height, body, watchdog=300):
    """Start a session of width x height, run body(session), print the plan.

    A watchdog ends the program (cleaning up) if it runs past `watchdog`
    seconds; meson's own timeout is longer.
    """
    missing = missing_tools()
    if missing:
        print("1..0 # SKIP missing %s (build-aux/deps.sh installs them)" % ", ".join(missing))
        sys.exit(0)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    def expired(signum, frame):
        raise Failure("the test program ran past its own bound of %d s" % watchdog)
    signal.signal(signal.SIGALRM, expired)
    signal.alarm(watchdog)
    try:
        with Session(width, height) as session:
            body(session)
    except Failure as error:
        tap.ok(False, "the test ran to its end", str(error))
    except SystemExit as error:
        tap.ok(False, "the test ran to its end", str(error))
    except Exception:  # noqa: BLE001
        tap.ok(False, "the test ran to its end", traceback.format_exc())
    finally:
        signal.alarm(0)
    tap.done()
