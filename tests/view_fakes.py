"""A stand-in page for view tests that build controls and call handlers directly."""

import dataclasses
import datetime as dt

import flet as ft
import pytest

from app.services import Trellis
from views.context import AppContext

TODAY = dt.date(2026, 3, 14)  # the view tests' "today"


class FakePage:
    """Records dialogs, SnackBar texts and tasks; updates are no-ops."""

    def __init__(self, platform=None):
        self.dialogs: list = []  # open dialogs, the top one last
        self.snacks: list[str] = []
        self.tasks: list = []
        self.platform = platform

    def show_dialog(self, dialog) -> None:
        if isinstance(dialog, ft.SnackBar):
            self.snacks.append(dialog.content.value)
        else:
            self.dialogs.append(dialog)

    def pop_dialog(self):
        return self.dialogs.pop() if self.dialogs else None

    def update(self, *controls) -> None:
        pass

    def run_task(self, handler, *args, **kwargs):
        self.tasks.append((handler, args, kwargs))


@pytest.fixture
def trellis(tmp_path):
    """A real Trellis on a new store in a temporary folder, on TODAY."""
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


@pytest.fixture
def ctx(trellis):
    """A screen's context on a FakePage: the screens it opens are kept in
    ctx.opened and the tabs it goes to in ctx.went."""
    c = AppContext(page=FakePage(), trellis=trellis)
    c.opened, c.went = [], []
    c.open = c.opened.append
    c.go = c.went.append
    return c


class Event:
    """The `e` a handler gets: only `e.control` is read."""

    def __init__(self, control=None):
        self.control = control


# ---- one way to look at a tree of controls, for every view test ----------------
_LABELLED = (ft.TextField, ft.Switch, ft.Checkbox, ft.Dropdown, ft.Semantics)
_BUTTONS = (ft.Button, ft.FilledButton, ft.FilledTonalButton, ft.OutlinedButton, ft.TextButton)
# Fields that hold no child: the parent (a weak reference back up) and Flet's bookkeeping.
_NOT_CHILDREN = ("_parent", "_values", "_internals")


def walk(root, *, hidden: bool = False, closed_dialogs: bool = True):
    """Every control under `root`, itself first, in tree order.

    Follows every child a control holds (content, controls, actions, title,
    label, leading, trailing, segments, icon..., and a page's dialogs and
    services), so view tests with a fake page and those with a real session
    (tests.flet_session) see the same tree. hidden=True also goes into
    visible=False subtrees (to check what a hidden part holds).
    closed_dialogs=False skips dialogs that are not open: a real page keeps
    them after they close; a fake page's dialogs are built, never opened."""
    seen: set[int] = set()

    def rec(value):
        if value is None or isinstance(value, (str, bytes, int, float, bool)) or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, ft.BaseControl):
            if not hidden and getattr(value, "visible", True) is False:
                return
            if not closed_dialogs and isinstance(value, ft.DialogControl) and not value.open:
                return
            yield value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name in _NOT_CHILDREN or f.metadata.get("skip", False):
                    continue
                yield from rec(getattr(value, f.name, None))
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from rec(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from rec(item)

    return rec(root)


def texts(root, *, hidden: bool = False, buttons: bool = True) -> list[str]:
    """The words a person sees under `root`: each Text's value, the label of each
    field, switch, checkbox and semantics node, and (buttons=True) each button's
    words. hidden=True includes words in hidden parts."""
    out = []
    for c in walk(root, hidden=hidden):
        if isinstance(c, ft.Text) and isinstance(c.value, str) and c.value:
            out.append(c.value)
        elif isinstance(c, _LABELLED) and isinstance(getattr(c, "label", None), str) and c.label:
            out.append(c.label)
        elif buttons and isinstance(c, _BUTTONS) and isinstance(c.content, str):
            out.append(c.content)
    return out


def buttons_called(root, label: str) -> list:
    """The buttons under `root` whose words are `label`, in tree order."""
    return [c for c in walk(root) if isinstance(c, _BUTTONS) and c.content == label]


def button(root, label: str, nth: int = 0):
    """The nth button called `label` under `root` (a clear failure if there is none)."""
    found = buttons_called(root, label)
    assert len(found) > nth, f"no button {label!r} in {texts(root)}"
    return found[nth]


def tap(root, label: str, nth: int = 0):
    """Tap the nth button called `label` under `root`, as a person would; returns what its handler returns."""
    found = button(root, label, nth)
    return found.on_click(Event(found))
