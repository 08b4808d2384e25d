"""Test Flet views with no client: a real flet Session over a fake Connection.

This is the pattern flet's own tests use (flet-dev/flet
``sdk/python/packages/flet/tests/test_use_dialog.py``), wrapped for plain,
synchronous pytest tests (no pytest-asyncio needed):

* the fake connection msgpack-encodes every message exactly as the web
  server does. The encoder is what records the ``__prev_*`` snapshots that
  later diffs are computed against; without it updates come out empty;
* the page gets the properties a real browser sends when it registers
  (``web``, ``platform``, ``width``/``height``, ``media``...), then ``main``
  runs the way Flet runs it (sync or async), then the auto-update;
* events are delivered like the real client does (seen on the wire with
  Flet 1.0.5): first the new property values (``UPDATE_CONTROL_PROPS``), then
  the event (``CONTROL_EVENT``), e.g. a Slider sends ``{"value": 4.0}`` then
  ``change`` with data ``4.0``;
* service calls (``UrlLauncher``, ``SharedPreferences``,
  ``SemanticsService``...) are answered by the harness and recorded.

Example::

    from tests.flet_session import make_page

    def test_save(tmp_path):
        with make_page(build_app(tmp_path)) as ui:
            ui.change(ui.find(ft.TextField, label="Your note"), "hello")
            ui.click("Save")
            assert ui.has_text("Saved note: hello")
            assert ui.snackbar_texts() == ["Saved!"]

An exception raised in an event handler makes ``click`` / ``change`` / ``fire``
raise ``HandlerError`` with the handler's traceback (Flet itself only logs
it and shows "Error running app" in the browser).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator, Optional, Union

import msgpack

import flet as ft
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page, context
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    Message,
    MessageAction,
    RegisterClientResponseBody,
    configure_encode_object_for_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub
from flet.utils.object_model import patch_dataclass
from tests.view_fakes import walk  # the one tree walker all view tests share

__all__ = [
    "FakeConnection",
    "FletTestPage",
    "HandlerError",
    "control_texts",
    "make_page",
    "walk",
]

_encode = configure_encode_object_for_msgpack(BaseControl)


@contextlib.contextmanager
def _no_running_loop():
    """Take a foreign running loop off this thread while ours runs.

    Playwright's sync API leaves its loop registered as the main thread's
    running loop between calls, so after an e2e test in the same pytest run
    ``run_until_complete`` would refuse to start. Nothing of Playwright runs
    while we hold the thread, so setting it aside and back is safe.
    """
    foreign = asyncio.events._get_running_loop()
    if foreign is not None:
        asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        if foreign is not None:
            asyncio.events._set_running_loop(foreign)


class HandlerError(AssertionError):
    """An event handler (or main) raised; the message holds Flet's traceback."""


class FakeConnection(Connection):
    """Connection that encodes each message like the web server, then keeps it.

    ``messages`` holds every ``Message`` sent; ``invocations`` every service
    method call ``(control, method_name, args)``; ``method_handlers`` maps
    ``(ControlClassName, method_name)`` to a value or to a callable
    ``f(args) -> value`` answering that call (default answer: ``None``).
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, executor: ThreadPoolExecutor):
        super().__init__()
        self.loop = loop
        self.executor = executor
        self.pubsubhub = PubSubHub(loop=loop, executor=executor)
        self.page_url = "http://127.0.0.1/"
        self.messages: list[Message] = []
        self.encoded_bytes = 0
        self.invocations: list[tuple[Any, str, Any]] = []
        self.method_handlers: dict[tuple[str, str], Any] = {}
        self.session: Optional[Session] = None

    def send_message(self, message: Message):
        # The encoder records the snapshots later diffs depend on: do not skip.
        self.encoded_bytes += len(msgpack.packb([message.action, message.body], default=_encode))
        self.messages.append(message)
        if message.action == MessageAction.INVOKE_METHOD:
            self.loop.call_soon_threadsafe(self._answer, message.body)

    def _answer(self, body) -> None:
        session = self.session
        if session is None:
            return
        control = session.index.get(body.control_id)
        self.invocations.append((control, body.name, body.args))
        key = (type(control).__name__, body.name)
        handler = self.method_handlers.get(key)
        try:
            result = handler(body.args) if callable(handler) else handler
            error = None
        except Exception as exc:  # reported to the awaiting Python code as RuntimeError
            result, error = None, str(exc)
        session.handle_invoke_method_results(body.control_id, body.call_id, result, error)

    def get_upload_url(self, file_name: str, expires: int) -> str:
        return f"http://127.0.0.1/upload/{file_name}"

    def oauth_authorize(self, attrs):
        raise NotImplementedError("no OAuth in view tests")


# --------------------------------------------------------------------------- tree


def _str_or_text(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, ft.Text):
        return [value.value] if isinstance(value.value, str) else []
    return []


def control_texts(c: BaseControl, include_text_children: bool = True) -> list[str]:
    """The strings a control shows or is named by: a Text's value, a button's
    string content, label / tooltip / semantics label / hint / error, a
    TextField's or Dropdown's value, and (``include_text_children``) the value
    of a Text given as its content / label / title (a Chip's or Segment's
    label, an AppBar's title), so a Chip can be found by its label."""
    pick = _str_or_text if include_text_children else (lambda v: [v] if isinstance(v, str) else [])
    out: list[str] = []
    if isinstance(c, ft.BasePage):  # page.title is the browser tab's title, not shown
        return out
    if isinstance(c, ft.Text):
        out += _str_or_text(c.value)
    for attr in ("content", "label", "text", "tooltip", "semantics_label", "hint_text", "title", "error"):
        if attr == "content" and isinstance(c, ft.Text):
            continue
        out += pick(getattr(c, attr, None))
    if isinstance(c, (ft.TextField, ft.Dropdown)) and isinstance(getattr(c, "value", None), str):
        out.append(c.value)
    return [s for s in dict.fromkeys(out) if s]


_HANDLER_FIELDS = ("on_click", "on_change", "on_select", "on_tap", "on_submit")


def _interactive(c: BaseControl) -> bool:
    return any(getattr(c, f, None) for f in _HANDLER_FIELDS) or getattr(c, "url", None) or getattr(c, "action", None)


# --------------------------------------------------------------------------- harness

Query = Union[BaseControl, str]


class FletTestPage:
    """A real ``ft.Page`` in a real ``Session``, driven synchronously.

    Attributes: ``page``, ``session``, ``conn`` (``FakeConnection``), ``loop``.
    """

    def __init__(self, session: Session, conn: FakeConnection, loop: asyncio.AbstractEventLoop, raise_errors: bool):
        self.session = session
        self.page: ft.Page = session.page
        self.conn = conn
        self.loop = loop
        self.raise_errors = raise_errors
        self._crashes_seen = 0

    # ---- running the loop

    def run(self, coro_or_result: Any) -> Any:
        """Run a coroutine on the page's loop (with the page as current context)."""
        if not inspect.isawaitable(coro_or_result):
            return coro_or_result

        async def wrapped():
            _context_page.set(self.page)
            return await coro_or_result

        with _no_running_loop():
            return self.loop.run_until_complete(wrapped())

    def flush(self, seconds: float = 0.0, turns: int = 5) -> None:
        """Let pending tasks run: scheduled updates, ``page.run_task`` work,
        service answers. ``seconds`` > 0 also lets ``asyncio.sleep`` in
        handlers elapse."""

        async def spin():
            if seconds:
                await asyncio.sleep(seconds)
            for _ in range(turns):
                await asyncio.sleep(0)

        self.run(spin())
        self._check_crashes()

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 3.0, step: float = 0.01) -> Any:
        """Run the loop until ``predicate()`` is truthy (for ``run_task`` /
        ``run_thread`` work); raises ``AssertionError`` after ``timeout``."""

        async def poll():
            deadline = self.loop.time() + timeout
            while True:
                value = predicate()
                if value:
                    return value
                if self.loop.time() > deadline:
                    raise AssertionError(f"condition not met within {timeout} s")
                await asyncio.sleep(step)

        result = self.run(poll())
        self._check_crashes()
        return result

    # ---- messages

    @property
    def messages(self) -> list[Message]:
        return self.conn.messages

    @property
    def patches(self) -> list[Message]:
        return [m for m in self.conn.messages if m.action == MessageAction.PATCH_CONTROL]

    @property
    def crashes(self) -> list[str]:
        return [m.body.message for m in self.conn.messages if m.action == MessageAction.SESSION_CRASHED]

    @property
    def invocations(self) -> list[tuple[Any, str, Any]]:
        """Service calls so far: ``(service_control, method_name, args)``."""
        return self.conn.invocations

    def answer(self, service: str, method: str, value: Any) -> None:
        """Set the answer to ``service.method`` calls, e.g.
        ``answer("SharedPreferences", "get", lambda args: store.get(args["key"]))``."""
        self.conn.method_handlers[(service, method)] = value

    def _check_crashes(self) -> None:
        crashes = self.crashes
        new = crashes[self._crashes_seen :]
        self._crashes_seen = len(crashes)
        if new and self.raise_errors:
            raise HandlerError("a Flet handler raised:\n" + "\n".join(new))

    # ---- finding controls

    def controls(self, visible_only: bool = True) -> list[BaseControl]:
        return list(walk(self.page, hidden=not visible_only, closed_dialogs=not visible_only))

    def find_all(
        self,
        kind: Optional[Union[type, tuple[type, ...]]] = None,
        *,
        text: Optional[str] = None,
        contains: Optional[str] = None,
        label: Optional[str] = None,
        where: Optional[Callable[[BaseControl], bool]] = None,
        root: Any = None,
        visible_only: bool = True,
    ) -> list[BaseControl]:
        """Controls (tree order) of type ``kind`` whose own texts
        (:func:`control_texts`) include ``text`` exactly / ``contains`` a
        substring, whose ``label`` (str or Text) equals ``label``, and for which
        ``where(c)`` is true."""
        out = []
        shown = walk(root if root is not None else self.page, hidden=not visible_only, closed_dialogs=not visible_only)
        for c in shown:
            if kind is not None and not isinstance(c, kind):
                continue
            texts = control_texts(c) if (text is not None or contains is not None) else []
            if text is not None and text not in texts:
                continue
            if contains is not None and not any(contains in t for t in texts):
                continue
            if label is not None and label not in _str_or_text(getattr(c, "label", None)):
                continue
            if where is not None and not where(c):
                continue
            out.append(c)
        return out

    def find(self, kind=None, **kw) -> BaseControl:
        """Exactly one control matching :meth:`find_all`'s criteria (else AssertionError)."""
        found = self.find_all(kind, **kw)
        if len(found) != 1:
            what = ", ".join([getattr(kind, "__name__", str(kind))] + [f"{k}={v!r}" for k, v in kw.items()])
            listing = "\n".join(f"  {type(c).__name__}: {control_texts(c)}" for c in found) or "  (none)"
            raise AssertionError(f"expected one control ({what}), found {len(found)}:\n{listing}\nvisible texts: {self.texts()}")
        return found[0]

    def _target(self, target: Query) -> BaseControl:
        if isinstance(target, BaseControl):
            return target
        return self.find(text=target, where=_interactive)

    def texts(self, root: Any = None) -> list[str]:
        """Every string shown or labelling a visible control, in tree order."""
        out: list[str] = []
        for c in walk(root if root is not None else self.page, closed_dialogs=False):
            out += control_texts(c, include_text_children=False)  # child Texts come on their own
        return out

    def has_text(self, text: str, exact: bool = False) -> bool:
        """Is ``text`` shown (``exact``: as a whole string; else as a substring)?"""
        return any((t == text) if exact else (text in t) for t in self.texts())

    def open_dialogs(self) -> list[ft.DialogControl]:
        return [d for d in self.page._dialogs.controls if d.open]

    def snackbar_texts(self) -> list[str]:
        """Texts of the SnackBars currently open."""
        out = []
        for d in self.open_dialogs():
            if isinstance(d, ft.SnackBar):
                for c in walk(d.content, closed_dialogs=False):
                    out += control_texts(c, include_text_children=False)
        return out

    # ---- events (what the real client sends)

    def fire(self, target: Query, event: str, data: Any = None, props: Optional[dict] = None) -> None:
        """Apply ``props`` to the control (UPDATE_CONTROL_PROPS), then dispatch
        ``event`` with ``data`` (CONTROL_EVENT), then flush. ``event`` has no
        ``on_`` prefix: "click", "change", "select", "dismiss", "submit"..."""
        c = self._target(target)
        if props:
            if self.session.index.get(c._i) is c:
                self.session.apply_patch(c._i, props)
            else:
                patch_dataclass(c, props)
        self.run(self.session.dispatch_event(c._i, event, data))
        self.flush()

    def click(self, target: Query) -> None:
        """Click a button/IconButton/Container/ListTile...; a string finds the
        one interactive control showing or labelled by that text."""
        self.fire(target, "click")

    def change(self, target: Query, value: Any) -> None:
        """Set a value the way the client does for the control's type:

        * TextField / Slider / Switch / Checkbox / RadioGroup: ``value`` + "change"
        * Dropdown: ``value`` + "select"
        * Chip: ``selected`` (bool) + "select"
        * SegmentedButton: ``selected`` (list of str) + "change"
        * NavigationBar / NavigationRail / Tabs: ``selected_index`` + "change"
        """
        c = self._target(target)
        if isinstance(c, ft.Chip):
            self.fire(c, "select", bool(value), {"selected": bool(value)})
        elif isinstance(c, ft.SegmentedButton):
            values = [value] if isinstance(value, str) else list(value)
            self.fire(c, "change", values, {"selected": values})
        elif isinstance(c, (ft.NavigationBar, ft.NavigationRail)) or type(c).__name__ in ("Tabs", "TabBar", "CupertinoNavigationBar"):
            self.fire(c, "change", int(value), {"selected_index": int(value)})
        elif isinstance(c, ft.Dropdown):
            self.fire(c, "select", value, {"value": value})
        elif isinstance(c, ft.Slider):
            self.fire(c, "change", float(value), {"value": float(value)})
        else:
            self.fire(c, "change", value, {"value": value})

    def select_tab(self, index: int, nav: Optional[BaseControl] = None) -> None:
        """Pick destination ``index`` of ``nav`` (default: ``page.navigation_bar``)."""
        nav = nav if nav is not None else self.page.navigation_bar
        if nav is None:
            raise AssertionError("no page.navigation_bar; pass nav=")
        self.change(nav, index)

    def submit(self, target: Query, value: Optional[str] = None) -> None:
        """Press Enter in a TextField (optionally after setting its value)."""
        c = self._target(target)
        if value is not None:
            self.change(c, value)
        self.fire(c, "submit", c.value)

    def dismiss(self, dialog: Optional[ft.DialogControl] = None) -> None:
        """Close a dialog/SnackBar as the client does (``open=False``, "dismiss");
        default: the top open one."""
        if dialog is None:
            opened = self.open_dialogs()
            if not opened:
                raise AssertionError("no open dialog to dismiss")
            dialog = opened[-1]
        self.fire(dialog, "dismiss", None, {"open": False})

    def resize(self, width: float, height: float) -> None:
        """Resize the window like the client: page props, then "resize"."""
        self.fire(self.page, "resize", {"width": float(width), "height": float(height)}, {"width": float(width), "height": float(height)})

    def set_brightness(self, brightness: str) -> None:
        """``"light"`` / ``"dark"``: the platform brightness changes."""
        self.fire(self.page, "platform_brightness_change", brightness, {"platform_brightness": brightness})


def _page_props(width, height, platform, web, brightness, route, extra) -> dict:
    zero = {"top": 0.0, "right": 0.0, "bottom": 0.0, "left": 0.0}
    props = {
        "route": route,
        "pwa": False,
        "web": web,
        "debug": False,
        "wasm": False,
        "test": False,
        "multi_view": False,
        "pyodide": False,
        "platform_brightness": brightness,
        "width": float(width),
        "height": float(height),
        "platform": platform,
        "media": {
            "padding": zero,
            "view_padding": zero,
            "view_insets": zero,
            "device_pixel_ratio": 1.0,
            "orientation": "portrait" if height >= width else "landscape",
            "always_use_24_hour_format": False,
        },
    }
    props.update(extra or {})
    return props


@contextlib.contextmanager
def make_page(
    main: Optional[Callable[[ft.Page], Any]] = None,
    *,
    width: float = 412,
    height: float = 860,
    platform: str = "android",
    web: bool = True,
    brightness: str = "light",
    route: str = "/",
    page_props: Optional[dict] = None,
    raise_errors: bool = True,
) -> Iterator[FletTestPage]:
    """A real page in a real Session over :class:`FakeConnection`.

    Registers like a browser would (the page properties above, then the
    initial page patch, encoded), runs ``main(page)`` if given (sync or
    async; its exceptions raise ``HandlerError`` unless ``raise_errors`` is
    false), applies the auto-update, and yields a :class:`FletTestPage`.
    Without ``main`` you can ``ui.page.add(...)`` and ``ui.page.update()``.
    Closes the session and the loop afterwards.
    """
    loop = asyncio.new_event_loop()
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="flet-test")
    conn = FakeConnection(loop, executor)
    token = None
    ui: Optional[FletTestPage] = None
    try:

        async def register() -> Session:
            session = Session(conn)
            conn.session = session
            _context_page.set(session.page)
            session.apply_page_patch(_page_props(width, height, platform, web, brightness, route, page_props))
            conn.send_message(
                Message(
                    MessageAction.REGISTER_CLIENT,
                    RegisterClientResponseBody(session_id=session.id, page_patch=session.get_page_patch(), error=""),
                )
            )
            return session

        with _no_running_loop():
            session = loop.run_until_complete(register())
        token = _context_page.set(session.page)  # for code the test runs outside the loop
        ui = FletTestPage(session, conn, loop, raise_errors)

        if main is not None:

            async def run_main():
                _context_page.set(session.page)
                context.reset_auto_update()
                try:
                    if inspect.iscoroutinefunction(main):
                        await main(session.page)
                    elif inspect.isasyncgenfunction(main):
                        async for _ in main(session.page):
                            await session.after_event(session.page)
                    elif inspect.isgeneratorfunction(main):
                        for _ in main(session.page):
                            await session.after_event(session.page)
                    else:
                        main(session.page)
                    await session.after_event(session.page)
                except Exception as exc:  # as Flet does: report to the client
                    session.error(f"{exc}\n{traceback.format_exc()}")

            with _no_running_loop():
                loop.run_until_complete(run_main())
        ui.flush()
        yield ui
    finally:
        try:
            if ui is not None:

                async def close():
                    ui.session.close()
                    await asyncio.sleep(0)

                with _no_running_loop():
                    loop.run_until_complete(close())
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for t in pending:
                t.cancel()
            if pending:
                with _no_running_loop():
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
            loop.close()
            if token is not None:
                with contextlib.suppress(ValueError):
                    _context_page.reset(token)
