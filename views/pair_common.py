"""What the pair screens share: the pair service, the other person's name,
relative times, and one way to run a pair call and say plainly what went wrong."""

from __future__ import annotations

import datetime as dt
from typing import Callable

import flet as ft
from pydantic import ValidationError

from app.models import plain_errors
from app.pairdata import PairMissing
from app.store import StoreError
from views.context import AppContext
from views.widgets import TOUCH, card

try:  # the engine's error; until it exists, nothing raises it
    from app.pair import PairError  # type: ignore
except ImportError:  # pragma: no cover - only before the engine is merged
    class PairError(Exception):
        pass

OPEN_KEY = "pair.open"  # ctx.state: the pair whose screen is open
PROBLEMS = (PairError, PairMissing, StoreError, ValueError, OSError)


def service(ctx: AppContext):
    """trellis.pair, or None where pairing is not available."""
    return getattr(ctx.trellis, "pair", None)


def pairs(ctx: AppContext) -> list:
    svc = service(ctx)
    if svc is None:
        return []
    try:
        return list(svc.pairs())
    except PROBLEMS:
        return []


def current(ctx: AppContext):
    """The PairInfo of the open pair (or the only one), None if there is none."""
    found = pairs(ctx)
    wanted = ctx.state.get(OPEN_KEY)
    for info in found:
        if info.id == wanted:
            return info
    return found[0] if len(found) == 1 else None


def name_of(ctx: AppContext, info) -> str:
    return (getattr(info, "their_name", "") or "").strip() or ctx.words("pair.someone")


def attempt(ctx: AppContext, action: Callable[[], object]) -> object | None:
    """Run a pair call; on any problem, one plain toast and None (nothing changed)."""
    try:
        return action()
    except ValidationError as exc:
        ctx.toast(ctx.words("pair.problem", detail=plain_errors(exc)))
    except PROBLEMS as exc:
        ctx.toast(ctx.words("pair.problem", detail=str(exc)))
    return None


def relative(ctx: AppContext, when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """"just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", or a date."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    seconds = max(0, (now - when).total_seconds())
    if seconds < 60:
        return ctx.words("pair.just_now")
    if seconds < 3600:
        return ctx.words("pair.minutes_ago", n=int(seconds // 60))
    if seconds < 86400:
        return ctx.words("pair.hours_ago", n=int(seconds // 3600))
    days = (now.date() - when.date()).days
    if days <= 1:
        return ctx.words("pair.yesterday")
    if days < 14:
        return ctx.words("pair.days_ago", n=days)
    return ctx.words("pair.on_date", date=day_words(ctx, when.date()))


def section_title(text: str) -> ft.Control:
    return ft.Semantics(content=ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
                        header=True, container=True)


def link_button(label: str, on_click, icon=None) -> ft.TextButton:
    return ft.TextButton(label, icon=icon, on_click=on_click, height=TOUCH)


def attempt_ok(ctx: AppContext, action: Callable[[], object]) -> bool:
    """attempt() for calls that return nothing: True when it went through."""
    return attempt(ctx, lambda: (action(), True)[1]) is True


_INTERACTIVE = (ft.Button, ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton, ft.TextField,
                ft.Switch, ft.Checkbox, ft.Dropdown, ft.SegmentedButton, ft.RadioGroup, ft.Semantics)


def _passive(control) -> bool:
    """True when nothing under `control` can be tapped or typed in (or is its own node already)."""
    # A hidden control cannot be a Semantics node's content (Flet refuses it).
    if isinstance(control, _INTERACTIVE) or control.visible is False:
        return False
    for name in ("content", "controls"):
        child = getattr(control, name, None)
        children = child if isinstance(child, list) else [child]
        for c in children:
            if isinstance(c, ft.Control) and not _passive(c):
                return False
    return True


def nodes(controls) -> list:
    """Texts read as their own nodes: without it Flutter merges loose texts
    into a neighbour (a button's or a field's name) and a screen reader, or a
    test, cannot find them."""
    return [ft.Semantics(content=c, container=True) if isinstance(c, ft.Control) and _passive(c) else c
            for c in controls]


def pcard(*controls) -> ft.Card:
    """A card whose loose texts are each their own node (see nodes), and whose
    fields are as wide as the card."""
    made = card(*nodes(controls))
    made.content.content.horizontal_alignment = ft.CrossAxisAlignment.STRETCH
    return made


def day_words(ctx: AppContext, day: dt.date) -> str:
    """A date as the rest of the app writes it ("14 Mar 2026")."""
    from views.goals import date_words

    return date_words(ctx, day)
