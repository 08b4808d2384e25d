"""Celebrations in two sizes: small wins as a quiet note on the next screen,
full moments only for steps done and goals reached (and only if wanted), and
a share switch that says honestly that there is no pair yet."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from app.models import Achievement
from app.services import Trellis
from tests.view_fakes import FakePage
from views import celebration
from views.context import AppContext

TODAY = dt.date(2026, 3, 12)


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


@pytest.fixture
def ctx(trellis):
    c = AppContext(page=FakePage(), trellis=trellis)
    c.refreshes = 0

    def refresh():
        c.refreshes += 1

    c.refresh = refresh
    return c


def win(trellis, rule: str, title: str) -> Achievement:
    return trellis.store.save(Achievement(rule=rule, key=f"{rule}:{title}", day=TODAY, title=title, message=f"{title}."))


def texts(control) -> list[str]:
    out, stack = [], [control]
    while stack:
        c = stack.pop()
        if isinstance(c, ft.Text) and c.value:
            out.append(c.value)
        for name in ("content", "title"):
            child = getattr(c, name, None)
            if isinstance(child, ft.Control):
                stack.append(child)
        stack.extend(x for x in (getattr(c, "controls", None) or []) if isinstance(x, ft.Control))
    return out


def test_small_wins_are_an_inline_note_shown_once(ctx, trellis):
    queue = celebration.CelebrationQueue(ctx)
    queue.add([win(trellis, "first_checkin", "Your first check-in"), win(trellis, "first_goal", "Your first goal")])
    assert ctx.page.dialogs == [] and ctx.page.snacks == []  # no dialog, nothing on top
    assert ctx.refreshes == 1
    moment = celebration.inline_moment(ctx)
    assert "Your first check-in" in texts(moment) and "Your first goal" in texts(moment)
    assert celebration.inline_moment(ctx) is None  # shown once


def test_steps_and_goals_get_the_full_moment_unless_turned_off(ctx, trellis):
    queue = celebration.CelebrationQueue(ctx)
    queue.add([win(trellis, "milestone_done", "A step done")])
    (dialog,) = ctx.page.dialogs
    assert dialog.title.value == "A step done"
    assert celebration.inline_moment(ctx) is None
    dialog.data(None)  # "Thank you"
    celebration.set_full_moments(ctx, False)
    queue.add([win(trellis, "goal_achieved", "Goal reached")])
    assert len(ctx.page.dialogs) == 1  # no new dialog
    assert "Goal reached" in texts(celebration.inline_moment(ctx))


def test_before_a_pair_the_share_switch_is_off_and_says_when(ctx, trellis):
    queue = celebration.CelebrationQueue(ctx)
    w = win(trellis, "milestone_done", "A step done")
    queue.add([w])
    (dialog,) = ctx.page.dialogs
    assert ctx.words("celebrate.share_no_pair") in texts(dialog)
    switch = next(c for c in dialog.content.controls if isinstance(c, ft.Switch))
    assert switch.disabled and switch.value is False
    switch.value = True  # even if a client sent it, nothing is shared without a pair
    dialog.data(None)
    assert trellis.store.get(Achievement, w.id).shared is False


def test_with_a_pair_the_switch_explains_what_goes(ctx, trellis, monkeypatch):
    monkeypatch.setattr("views.celebration.pair_exists", lambda t: True)
    queue = celebration.CelebrationQueue(ctx)
    w = win(trellis, "goal_achieved", "Goal reached")
    queue.add([w])
    (dialog,) = ctx.page.dialogs
    assert ctx.words("celebrate.share_off") in texts(dialog)
    switch = next(c for c in dialog.content.controls if isinstance(c, ft.Switch))
    switch.value = True
    switch.on_change(None)
    assert ctx.words("celebrate.share_on") in texts(dialog)
    dialog.data(None)
    assert trellis.store.get(Achievement, w.id).shared is True


def test_a_win_already_shared_keeps_its_consent_until_withdrawn(ctx, trellis):
    w = trellis.store.save(Achievement(rule="goal_achieved", key="goal_achieved:x", day=TODAY, title="Goal reached",
                                       message="Goal reached.", shared=True))
    celebration.CelebrationQueue(ctx).add([w])
    (dialog,) = ctx.page.dialogs
    switch = next(c for c in dialog.content.controls if isinstance(c, ft.Switch))
    assert switch.value is True and not switch.disabled
    dialog.data(None)
    assert trellis.store.get(Achievement, w.id).shared is True  # closing changed nothing
