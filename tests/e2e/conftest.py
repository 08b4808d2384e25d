"""Real-browser end-to-end fixtures: the app in web mode, driven by Chromium.

Everything here follows what was seen to work with Flet 1.0.5 (see
FLET-NOTES.md, "Testing without the Flutter SDK"):

* the app runs as a subprocess, ``python -m app --web --port N --data-dir D``,
  on 127.0.0.1 with no CDN, behind its key guard (app/webguard.py): the
  address it prints carries the key, which the page then keeps in a cookie;
* Debian's Chromium is driven by Playwright's *sync* API;
* Flutter draws on a canvas, so tests talk to Flutter's semantics tree
  (``flt-semantics`` elements with ARIA roles), which must be switched on
  once the app has loaded;
* overlay nodes can swallow real pointer clicks, so clicks are dispatched.

Fixtures:  ``browser`` (session), ``app_module``, ``app_cwd``,
``serve_app(data_dir, extra_env=None) -> url`` (the printed address, with
this start's key: always go to it),
``open_app(url, theme="light", width=412, height=860, ...) -> Page``,
``shot(page, name) -> Path``.

Helpers (import them: ``from tests.e2e.conftest import click, fill_textbox``):
``save_screenshot``, ``enable_semantics``, ``fill_textbox``, ``click``,
``wait_for_text``, ``wait_for_order``, ``wait_for_tab``, ``text_present``, ``move_slider``, ``slider``, ``press``,
``textbox``, ``semantics_texts``, ``stable_screenshot``, ``png_is_blank``,
``free_port``.

Every test collected under tests/e2e gets the ``e2e`` marker, so
``pytest -m "not e2e"`` runs without a browser.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import Callable, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TRELLIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
START_TIMEOUT = 30.0  # seconds for the app's HTTP port to answer
LOAD_TIMEOUT = 30_000  # ms for Flutter to load and the first texts to appear
STEP_TIMEOUT = 10_000  # ms for a single UI step (text to appear, element to show)
# The prebuilt web client asks this CDN for rive's wasm on every start.
BLOCKED_URLS = ["https://cdn.jsdelivr.net/**"]

_E2E_DIR = Path(__file__).resolve().parent


def artifacts_dir() -> Path:
    return Path(os.environ.get("TRELLIS_ARTIFACTS") or REPO / "artifacts")


# --------------------------------------------------------------------------- markers


def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            Path(str(item.fspath)).resolve().relative_to(_E2E_DIR)
        except ValueError:
            continue
        item.add_marker(pytest.mark.e2e)
        # A journey whose renderer hung (and was killed by the watchdog below)
        # gets one fresh try; any other failure is reported at once.
        item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=RENDERER_HANG_ERRORS))
        # With pytest-xdist (`-n 2 --dist loadgroup`, optional; see README) every
        # journey runs in one worker, one browser at a time, while the other
        # worker takes the unit tests: two browsers at once on two cores made
        # journeys slow enough to miss their waits.
        item.add_marker(pytest.mark.xdist_group("browser"))


# --------------------------------------------------------------------------- browser
#
# Playwright's sync API runs its asyncio loop in a greenlet of the main thread
# and leaves that loop registered as the thread's *running* loop between calls.
# Any later asyncio.run() / run_until_complete() in the same pytest process
# (view tests with tests/flet_session.py, for instance) then fails with
# "cannot be called from a running event loop". So the loop is parked (taken
# off the thread) after every e2e test and put back before the next one and
# before Chromium is closed.

_parked_loop = None


def _park_playwright_loop() -> None:
    global _parked_loop
    loop = asyncio.events._get_running_loop()
    if loop is not None:
        _parked_loop = loop
        asyncio.events._set_running_loop(None)


def _unpark_playwright_loop() -> None:
    global _parked_loop
    if _parked_loop is not None and asyncio.events._get_running_loop() is None:
        asyncio.events._set_running_loop(_parked_loop)
    _parked_loop = None


@pytest.fixture(autouse=True)
def _playwright_loop_guard():
    _unpark_playwright_loop()
    yield
    _park_playwright_loop()


# --------------------------------------------------------------------------- hung renderer
#
# Seen once in about 250 journeys: a Chromium renderer spun at 100% CPU and
# a page.evaluate() waited on it forever (evaluate has no timeout), so the
# whole run hung. A watchdog kills this run's renderers when a journey
# outlives its deadline: the pending call then fails ("Target crashed"), the
# journey fails instead of hanging, and it is run once more from scratch.

JOURNEY_DEADLINE = float(os.environ.get("TRELLIS_E2E_DEADLINE", "180"))
# What Playwright raises for a call pending on a renderer the watchdog killed
# (seen: "Error: Page.evaluate: Target crashed", "Error: Locator.wait_for:
# Target crashed"). Only these failures are run again. Also seen once in
# about 60 journeys: CanvasKit's WebAssembly failing inside Chromium with
# "function signature mismatch" on a screen that had drawn fine many times;
# a fault of the renderer, reported as a console error. A second one in the
# fresh run still fails the journey.
RENDERER_HANG_ERRORS = [r"Target crashed", r"\['function signature mismatch'\]"]


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_renderers() -> int:
    """SIGKILL the Chromium renderer processes started by this test run."""
    killed = 0
    for pid in _descendants(os.getpid()):
        try:
            if b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
                killed += 1
        except OSError:
            continue
    return killed


@pytest.fixture(autouse=True)
def _journey_watchdog(request):
    if not sys.platform.startswith("linux"):
        yield
        return
    # A long journey (the accessibility walk) says how long it may take:
    # @pytest.mark.deadline(SECONDS).
    marker = request.node.get_closest_marker("deadline")
    seconds = max(JOURNEY_DEADLINE, float(marker.args[0])) if marker else JOURNEY_DEADLINE
    timer = threading.Timer(seconds, kill_renderers)
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (Playwright sync API); skips if absent."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"e2e: no Chromium at {CHROMIUM} (apt-get install chromium, or set TRELLIS_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("e2e: the playwright Python package is not installed (pip install playwright)")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken Chromium should skip, not error, every test
        pw.stop()
        pytest.skip(f"e2e: Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield b
    finally:
        _unpark_playwright_loop()
        b.close()
        pw.stop()


# --------------------------------------------------------------------------- the app


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@pytest.fixture
def app_module() -> str:
    """The module run with ``python -m``; override in a conftest to serve another app."""
    return "app"


@pytest.fixture
def app_cwd() -> Path:
    """Working directory of the app process (on sys.path for ``-m``)."""
    return REPO


ADDRESS_LINE = re.compile(r"Trellis is running at (http://\S+)")


def _http_answers(url: str) -> bool:
    """Does the server answer HTTP at all? (Without the key it answers 403.)"""
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


class AppProcess:
    """A started app: ``url`` (the printed address, with its key), ``base_url``
    (the same without the key: a request there without the cookie gets 403),
    ``key``, ``port``, ``proc``, ``log_path``, ``output()``."""

    def __init__(self, proc: subprocess.Popen, url: str, log_path: Path):
        self.proc = proc
        self.log_path = log_path
        self.set_url(url)

    def set_url(self, url: str) -> None:
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.base_url = f"{parts.scheme}://{parts.netloc}/"
        self.port = parts.port
        self.key = urllib.parse.parse_qs(parts.query).get("key", [""])[0]

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def serve_app(app_module, app_cwd, tmp_path_factory) -> Callable[..., str]:
    """Factory: ``url = serve_app(data_dir, extra_env=None, extra_args=())``.

    Starts ``python -m <app_module> --web --port <free> --data-dir <data_dir>``,
    reads the address the app prints ("Trellis is running at http://...?key=..."),
    waits (up to 30 s) until the HTTP port answers and returns that address:
    go to it (it carries this start's key; the page then keeps it in a cookie).
    The process output goes to a log file, shown if it does not come up; every
    process is terminated at teardown. ``serve_app.apps`` lists the
    ``AppProcess`` objects (``.output()``, ``.base_url``, ``.key``, ``.port``).
    """
    apps: list[AppProcess] = []

    def start(data_dir, extra_env: Optional[dict] = None, extra_args=()) -> str:
        port = free_port()
        log_path = tmp_path_factory.mktemp("app-log") / "app.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
        cmd = [sys.executable, "-m", app_module, "--web", "--port", str(port), "--data-dir", str(data_dir),
               *extra_args]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, cwd=app_cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        app = AppProcess(proc, f"http://127.0.0.1:{port}/", log_path)
        apps.append(app)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(
                    f"{' '.join(cmd)} exited with {proc.returncode} before serving:\n{app.output()}",
                    pytrace=False,
                )
            printed = ADDRESS_LINE.search(app.output())
            if printed and _http_answers(app.base_url):
                app.set_url(printed.group(1))
                return app.url
            time.sleep(0.1)
        app.stop()
        pytest.fail(f"{' '.join(cmd)} did not print its address and answer within {START_TIMEOUT:.0f} s:\n"
                    f"{app.output()}", pytrace=False)

    start.apps = apps
    yield start
    for app in apps:
        app.stop()


# --------------------------------------------------------------------------- pages


def trellis_cli(data_dir, *args: str, env: Optional[dict] = None) -> str:
    """Run ``python -m app ARGS --data-dir DATA`` as a journey's setup or check;
    fails the test on a non-zero exit; returns stdout, stripped."""
    proc = subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
        cwd=REPO, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"trellis {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def enable_semantics(page, timeout: float = LOAD_TIMEOUT) -> None:
    """Switch on Flutter's semantics tree (ARIA nodes) once Flutter has loaded."""
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=timeout)
    placeholder.dispatch_event("click")
    page.locator("flt-semantics").first.wait_for(state="attached", timeout=timeout)


@pytest.fixture
def open_app(browser):
    """Factory: ``page = open_app(url, theme="light", width=412, height=860)``.

    A fresh browser context per call (own localStorage), viewport width x height,
    ``prefers-color-scheme`` = theme, CDN blocked; goes to ``url``, waits for
    Flutter, enables semantics and, if ``wait_text`` is given, waits for that
    text. ``device_scale_factor=2`` with half the width and height is the
    same window at 200% browser zoom. ``reduced_motion="reduce"`` (or True) sets ``prefers-reduced-motion``
(Flutter then skips implicit animations; SemanticsService reports
``disable_animations``/``reduce_motion``).
    Console errors are collected in ``page.console_errors`` (a list).
    Contexts are closed at teardown.
    """
    contexts = []

    def open_(
        url: str,
        theme: str = "light",
        width: int = 412,
        height: int = 860,
        *,
        wait_text: Optional[str] = None,
        reduced_motion: "str | bool" = "no-preference",
        timeout: float = LOAD_TIMEOUT,
        device_scale_factor: float = 1,
    ):
        if isinstance(reduced_motion, bool):
            reduced_motion = "reduce" if reduced_motion else "no-preference"
        if theme not in ("light", "dark"):
            raise ValueError(f"theme must be 'light' or 'dark', not {theme!r}")
        ctx = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=theme,
            reduced_motion=reduced_motion,
            device_scale_factor=device_scale_factor,
        )
        contexts.append(ctx)
        ctx.set_default_timeout(STEP_TIMEOUT)
        for pattern in BLOCKED_URLS:
            ctx.route(pattern, lambda route: route.abort())
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "ERR_FAILED" not in m.text else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.console_errors = errors
        page.goto(url, timeout=timeout)
        enable_semantics(page, timeout=timeout)
        if wait_text:
            wait_for_text(page, wait_text, timeout=timeout)
        return page

    yield open_
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:
            pass


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "shot"


def png_is_blank(png: bytes) -> bool:
    """True for a one-colour PNG (what Chromium shows before Flutter paints).

    Decompresses the image data (C speed) and counts distinct byte values: a
    uniform picture has a handful, any drawn UI (anti-aliased text) dozens.
    """
    pos, idat = 8, bytearray()
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        if png[pos + 4 : pos + 8] == b"IDAT":
            idat += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    try:
        return len(set(zlib.decompress(bytes(idat)))) < 16
    except zlib.error:
        return False


def stable_screenshot(page, timeout: float = 10.0, interval_ms: int = 150) -> bytes:
    """A PNG of the page once it is painted (not one colour) and two
    screenshots in a row are identical.

    Flutter paints its canvas some time after the semantics tree shows the
    texts (first frame, theme and route animations), longer on a loaded
    machine: a screenshot taken at once was seen blank white.
    """
    deadline = time.monotonic() + timeout
    last = page.screenshot()
    while time.monotonic() < deadline:
        page.wait_for_timeout(interval_ms)
        png = page.screenshot()
        if png == last and not png_is_blank(png):
            return png
        last = png
    return last


def save_screenshot(page, name: str, settle: bool = True) -> Path:
    """Save ``artifacts/screenshots/<name>.png`` (folder from TRELLIS_ARTIFACTS),
    waiting (up to 10 s) for Flutter to paint and the picture to stop changing
    unless ``settle=False``."""
    folder = artifacts_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe_name(name)}.png"
    path.write_bytes(stable_screenshot(page) if settle else page.screenshot())
    return path


@pytest.fixture
def shot() -> Callable[..., Path]:
    """``shot(page, name) -> Path``: see :func:`save_screenshot`."""
    return save_screenshot


# --------------------------------------------------------------------------- helpers


def textbox(page, label: str):
    """The TextField whose label is ``label`` (an ``<input aria-label=...>``).
    Flutter appends a hint text to the label after a newline, so the match is
    on the start of the name."""
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label) + r"(\s|$)"))


def fill_textbox(page, label: str, text: str, settle_ms: int = 0) -> None:
    """Type into the TextField labelled ``label``: focus, wait until Flutter has
    it focused, fill, wait until the field holds the text.

    Without the focus the text was sometimes lost (FLET-NOTES). Flet's
    ``on_change`` fires on the fill; the value reaches Python with it, ahead of
    any later click (one websocket, in order). ``settle_ms`` (default none)
    adds a fixed pause after, kept for callers that passed it.
    """
    from playwright.sync_api import expect

    box = textbox(page, label)
    box.wait_for(state="attached")
    for attempt in range(3):
        # A field just drawn (a dialog, a cleared PIN) can take focus and then
        # lose the typed text to its own rebuild: type again, at most twice more.
        box.focus()
        expect(box).to_be_focused()
        box.fill(text)
        try:
            expect(box).to_have_value(text, timeout=2000 if attempt < 2 else 5000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    if settle_ms:
        page.wait_for_timeout(settle_ms)


def click(page, role: str, name: str, exact: bool = True, nth: int = 0) -> None:
    """Dispatch a click to the ``role`` node named ``name`` (button, tab, radio,
    checkbox (Chip), switch...). Dispatched, not a pointer click, because overlay
    nodes can intercept real clicks."""
    loc = page.get_by_role(role, name=name, exact=exact).nth(nth)
    loc.wait_for(state="attached")
    loc.dispatch_event("click")


def press(page, role: str, name: str, exact: bool = True, nth: int = 0, key: str = "Enter") -> None:
    """Activate the ``role`` node named ``name`` with a real key press (focus,
    then Enter). Use it where the browser wants a user gesture: a button with
    ``url="sms:..."`` or ``action=ft.OpenUrl(...)``; a dispatched click is not
    trusted and Chromium refused it ("Not allowed to launch 'sms:...' because a
    user gesture is required")."""
    loc = page.get_by_role(role, name=name, exact=exact).nth(nth)
    loc.wait_for(state="attached")
    loc.focus()
    page.keyboard.press(key)


def semantics_texts(page) -> str:
    """All text and labels of the semantics tree, one node per line."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('flt-semantics, flt-announcement-polite,'
              + ' flt-announcement-assertive, input, h1, h2, h3, h4, h5, h6'))
              .map(e => [e.getAttribute('aria-label') || '', e.value || '',
                         Array.from(e.childNodes).filter(n => n.nodeType === 3 || n.tagName === 'SPAN')
                              .map(n => n.textContent).join(' ')].join(' ').trim())
              .filter(Boolean).join('\\n')"""
    )


def text_present(page, text: str) -> bool:
    """Is ``text`` anywhere in the semantics tree (texts, labels, field values,
    SnackBar announcements)?"""
    return text in semantics_texts(page)


def wait_for_text(page, text: str, timeout: float = STEP_TIMEOUT, gone: bool = False) -> None:
    """Wait until ``text`` appears in (or, with ``gone=True``, leaves) the
    semantics tree. SnackBar texts are also seen in ``flt-announcement-polite``."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        present = text_present(page, text)
        if present != gone:
            return
        if time.monotonic() > deadline:
            state = "still there" if gone else "not found"
            raise AssertionError(f"{text!r} {state} after {timeout / 1000:.0f} s; semantics texts:\n{semantics_texts(page)}")
        page.wait_for_timeout(100)



def scroll_to_text(page, text: str, steps: int = 15) -> None:
    """Scroll the screen (mouse wheel over it) until ``text`` is in the
    semantics tree: Flutter only exposes what is on or near the screen."""
    page.mouse.move(206, 430)
    for _ in range(steps):
        if text_present(page, text):
            return
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(250)
    wait_for_text(page, text, timeout=1000)

def wait_for_order(page, texts: list[str], timeout: float = STEP_TIMEOUT) -> None:
    """Wait until each of ``texts`` is on screen, in this order (as lines of
    the semantics tree: top to bottom)."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        lines = semantics_texts(page).splitlines()
        where = [next((i for i, line in enumerate(lines) if t in line), -1) for t in texts]
        if -1 not in where and where == sorted(where):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{texts} not in this order after {timeout / 1000:.0f} s; semantics texts:\n"
                                 + "\n".join(lines))
        page.wait_for_timeout(100)


def wait_for_tab(page, name: str, timeout: float = STEP_TIMEOUT) -> None:
    """Wait until the NavigationBar tab ``name`` is the selected one."""
    page.get_by_role("tab", name=name, exact=True, selected=True).wait_for(state="attached", timeout=timeout)


def slider(page, name: Optional[str] = None, nth: int = 0):
    """The ``<input type=range>`` of a Slider.

    Flutter gives the range input itself no accessible name: a label from
    ``ft.Semantics(label=..., content=slider)`` or
    ``ft.MergeSemantics(content=ft.Column([ft.Text(label), slider]))`` sits on an
    ancestor ``flt-semantics[aria-label]``, so ``get_by_role("slider", name=...)``
    finds nothing. ``name`` is matched against that ancestor's aria-label;
    without ``name`` the ``nth`` slider of the page is returned.
    """
    if name is None:
        return page.locator('input[type="range"]').nth(nth)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return page.locator(f'flt-semantics[aria-label="{quoted}"] input[type="range"]').nth(nth)


def move_slider(page, steps: int, name: Optional[str] = None, nth: int = 0, settle_ms: int = 150) -> None:
    """Move a Slider by ``steps`` divisions (negative = left): focus its range
    input, then press ArrowRight/ArrowLeft once per division. See :func:`slider`
    for ``name`` / ``nth``."""
    s = slider(page, name, nth)
    s.wait_for(state="attached")
    s.focus()
    page.wait_for_timeout(settle_ms)
    key = "ArrowRight" if steps > 0 else "ArrowLeft"
    for _ in range(abs(steps)):
        page.keyboard.press(key)
        page.wait_for_timeout(settle_ms)
