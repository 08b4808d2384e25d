"""The Wins tab's logic without a browser: the controls are built with a real
Trellis on a temporary store and a small fake page, and the handlers the chips,
cards and buttons carry are called directly, as a tap would."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import flet as ft
import pytest

from app.content import load_content
from app.models import Achievement, Goal
from views import wins
from tests.view_fakes import TODAY, Event, buttons_called, ctx, tap, texts, trellis, walk  # noqa: F401 (ctx, trellis: fixtures)
from views.context import AppContext

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = ROOT / "content" / "ui_wins.toml"



@pytest.fixture(autouse=True)
def a_pair_exists(request, monkeypatch):
    """Most tests here describe the tab once a pair exists; those marked
    `no_pair` see it as it is today, before any pair is set up."""
    if "no_pair" in request.keywords:
        return
    monkeypatch.setattr("views.wins.pair_exists", lambda trellis: True)
    monkeypatch.setattr("views.celebration.pair_exists", lambda trellis: True)

def chip(view, label: str) -> ft.Chip:
    found = [c for c in view.chips if c.label.value == label]
    assert len(found) == 1, [c.label.value for c in view.chips]
    return found[0]


def choose(view, label: str) -> None:
    """Tap a filter chip as Flet does: the chip flips its own `selected`, then on_select runs."""
    c = chip(view, label)
    c.selected = not c.selected
    c.on_select(Event(c))


def timeline(view) -> list[ft.Control]:
    """The month headings and cards, in order, across the batches "Show more" added."""
    out = []
    for c in view.timeline.controls:
        out += c.controls if isinstance(c, wins.Batch) else [c]
    return out


def cards(view) -> list[ft.Card]:
    return [c for c in timeline(view) if isinstance(c, ft.Card)]


def card_titles(view) -> list[str]:
    return [next(t.value for t in walk(c) if isinstance(t, ft.Text)) for c in cards(view)]


def headings(view) -> list[str]:
    return [t.value for c in timeline(view) if not isinstance(c, ft.Card)
            for t in walk(c) if isinstance(t, ft.Text) and t.value]


def open_card(view, index: int = 0) -> ft.AlertDialog:
    item = cards(view)[index]
    item.content.on_click(Event(item.content))
    return view.ctx.page.dialogs[-1]


def field(dialog) -> ft.TextField:
    return next(c for c in walk(dialog) if isinstance(c, ft.TextField))


def switch(dialog) -> ft.Switch:
    return next(c for c in walk(dialog) if isinstance(c, ft.Switch))


def add_win(trellis, rule: str, day: dt.date, title: str | None = None, **extra) -> Achievement:
    return trellis.store.save(
        Achievement(rule=rule, key=extra.pop("key", f"{rule}:{day}:{title}"), day=day, title=title or rule,
                    message=extra.pop("message", f"About {title or rule}."), **extra)
    )


def open_tab(ctx) -> wins.WinsView:
    wins.build(ctx)
    return ctx.state[wins.VIEW_KEY]


# ---------------------------------------------------------------------------- the words


def test_every_word_the_tab_uses_is_in_the_content(ctx, trellis):
    data = tomllib.loads(UI_FILE.read_text(encoding="utf-8"))
    assert list(data) == ["wins"]
    for key in ("filter_all", "filter_goals", "filter_checkins", "filter_pair", "show_more", "feeling_label",
                "share_label", "done", "saved", *(f"month_{m}" for m in range(1, 13))):
        assert ctx.words(f"wins.{key}") != f"wins.{key}", key
    add_win(trellis, "milestone_done", TODAY, "A step done", shared=True, feeling="Proud")
    add_win(trellis, "some_future_rule", TODAY - dt.timedelta(days=40), "Something new")
    view = open_tab(ctx)
    dialog = open_card(view)
    for filter_key in wins.FILTERS:
        view.choose(filter_key)
        shown = texts(view.control) + texts(dialog)
        unfilled = [t for t in shown if t.startswith("wins.") or "{" in t]
        assert not unfilled, unfilled


def test_dates_and_months_read_as_words(ctx):
    assert wins.month_heading(ctx, dt.date(2026, 3, 1)) == "March 2026"
    assert wins.date_text(ctx, dt.date(2025, 12, 9)) == "9 December 2025"


# ---------------------------------------------------------------------------- empty


def test_an_empty_tab_is_friendly_and_offers_a_first_check_in(ctx):
    view = open_tab(ctx)
    empty = ctx.content.messages.empty.wins
    shown = texts(view.control)
    assert empty.title in shown and empty.text in shown
    assert view.chips == []  # nothing to filter yet
    tap(view.control, empty.action)
    assert [s.title for s in ctx.opened] == [ctx.words("today.checkin_title")]
    assert ctx.state["checkin_day"] == TODAY


def test_a_filter_with_nothing_in_it_says_what_will_gather_there(ctx, trellis):
    add_win(trellis, "first_checkin", TODAY)
    view = open_tab(ctx)
    choose(view, ctx.words("wins.filter_pair"))
    assert cards(view) == []
    assert ctx.words("wins.none_pair") in texts(view.control)
    assert ctx.words("wins.show_more") not in texts(view.control)


# ---------------------------------------------------------------------------- the timeline


def test_newest_first_grouped_by_month(ctx, trellis):
    add_win(trellis, "first_checkin", dt.date(2026, 1, 5), "January one")
    add_win(trellis, "first_goal", dt.date(2026, 3, 2), "March early")
    add_win(trellis, "checkins_7", dt.date(2026, 3, 12), "March late")
    add_win(trellis, "welcome_back", dt.date(2025, 12, 31), "Last year")
    view = open_tab(ctx)
    assert card_titles(view) == ["March late", "March early", "January one", "Last year"]
    assert headings(view) == ["March 2026", "January 2026", "December 2025"]
    kinds = [type(c).__name__ for c in timeline(view)]
    assert kinds == ["Container", "Card", "Card", "Container", "Card", "Container", "Card"]


def test_a_card_shows_message_kind_date_feeling_and_sharing(ctx, trellis):
    add_win(trellis, "milestone_done", dt.date(2026, 3, 9), "A step done", message="You finished it.",
            feeling="Lighter", shared=True)
    add_win(trellis, "first_checkin", dt.date(2026, 3, 1), "Private one")
    view = open_tab(ctx)
    first, second = (texts(c) for c in cards(view))
    assert first == ["A step done", "You finished it.", "“Lighter”", "Goals · 9 March 2026",
                     ctx.words("wins.shared_badge")]
    assert second == ["Private one", "About Private one.", "Check-ins · 1 March 2026"]


def test_one_card_per_award_key_even_when_two_devices_gave_it(ctx, trellis):
    add_win(trellis, "first_checkin", TODAY, "Once", key="first_checkin")
    add_win(trellis, "first_checkin", TODAY, "Once", key="first_checkin")
    assert card_titles(open_tab(ctx)) == ["Once"]


def test_completed_milestones_show_with_the_goal_wins(ctx, trellis):
    goal, events = trellis.goals.save_goal(Goal(title="Walk more"))
    step = trellis.goals.add_milestone(goal.id, "Walk to the park")
    _, done = trellis.goals.set_done(step.id)
    trellis.celebrate(events + done)
    view = open_tab(ctx)
    choose(view, ctx.words("wins.filter_goals"))
    titles = card_titles(view)
    assert ctx.content.celebrations.milestone_done.title in titles
    assert ctx.content.celebrations.first_goal.title in titles
    shown = "\n".join(texts(view.control))
    assert "Walk to the park" in shown and "Walk more" in shown


# ---------------------------------------------------------------------------- filters

RULES = {
    "first_goal": "goals", "milestone_done": "goals", "goal_achieved": "goals",
    "first_checkin": "checkins", "checkins_7": "checkins", "checkins_30": "checkins", "checkins_100": "checkins",
    "checkins_365": "checkins", "welcome_back": "checkins", "first_reflection": "checkins",
    "reflection_every_4": "checkins",
    "first_pair_review": "pair", "first_pair_review_mentor": "pair", "encouragement_received": "pair",
}


def test_every_rule_with_a_celebration_has_a_filter():
    assert set(RULES) == set(type(load_content().celebrations).model_fields)
    for rule, kind in RULES.items():
        assert wins.kind_of(rule) == kind, rule
    assert wins.kind_of("something_new") is None


@pytest.mark.parametrize("which", ["goals", "checkins", "pair"])
def test_each_filter_shows_only_its_own_wins(ctx, trellis, which):
    for n, rule in enumerate(RULES):
        add_win(trellis, rule, TODAY - dt.timedelta(days=n), rule)
    add_win(trellis, "something_new", TODAY - dt.timedelta(days=30), "something_new")
    view = open_tab(ctx)
    assert card_titles(view) == [*RULES, "something_new"]  # All: everything, newest first
    choose(view, ctx.words(f"wins.filter_{which}"))
    assert card_titles(view) == [rule for rule, kind in RULES.items() if kind == which]
    assert [c.selected for c in view.chips] == [key == which for key in wins.FILTERS]
    choose(view, ctx.words("wins.filter_all"))
    assert len(cards(view)) == len(RULES) + 1


def test_tapping_the_chosen_chip_again_keeps_it_chosen(ctx, trellis):
    add_win(trellis, "first_goal", TODAY)
    add_win(trellis, "first_checkin", TODAY)
    view = open_tab(ctx)
    choose(view, ctx.words("wins.filter_goals"))
    choose(view, ctx.words("wins.filter_goals"))
    assert chip(view, ctx.words("wins.filter_goals")).selected
    assert sum(c.selected for c in view.chips) == 1
    assert card_titles(view) == ["first_goal"]


def test_the_chosen_filter_is_kept_when_the_tab_is_drawn_again(ctx, trellis):
    add_win(trellis, "first_goal", TODAY)
    add_win(trellis, "first_checkin", TODAY)
    choose(open_tab(ctx), ctx.words("wins.filter_checkins"))
    view = open_tab(ctx)
    assert view.filter == "checkins" and card_titles(view) == ["first_checkin"]
    assert chip(view, ctx.words("wins.filter_checkins")).selected


# ---------------------------------------------------------------------------- show more


def many(trellis, count: int, rule="milestone_done", start=TODAY) -> None:
    trellis.store.save_many([
        Achievement(rule=rule, key=f"{rule}:{i}", day=start - dt.timedelta(days=3 * i), title=f"{rule} {i}")
        for i in range(count)
    ])


def test_a_long_list_shows_the_newest_50_then_more_on_request(ctx, trellis):
    many(trellis, 120)
    view = open_tab(ctx)
    assert card_titles(view) == [f"milestone_done {i}" for i in range(50)]
    assert ctx.words("wins.showing", shown=50, total=120) in texts(view.control)
    first_batch = view.timeline.controls[0]
    first_cards = list(first_batch.controls)
    tap(view.control, ctx.words("wins.show_more"))
    assert card_titles(view) == [f"milestone_done {i}" for i in range(100)]
    # Added below, not redrawn: the first batch is the same object with the same cards.
    assert view.timeline.controls[0] is first_batch and len(view.timeline.controls) == 2
    assert all(a is b for a, b in zip(first_batch.controls, first_cards))
    tap(view.control, ctx.words("wins.show_more"))
    assert len(cards(view)) == 120
    assert not buttons_called(view.control, ctx.words("wins.show_more"))  # hidden: nothing more to show
    assert ctx.words("wins.showing_all", total=120) in texts(view.control)
    months = {(d.year, d.month) for d in (TODAY - dt.timedelta(days=3 * i) for i in range(120))}
    assert len(headings(view)) == len(months)  # a month split across pages gets one heading


def test_a_short_list_has_no_show_more_and_no_count(ctx, trellis):
    many(trellis, 50)
    view = open_tab(ctx)
    assert len(cards(view)) == 50
    assert not buttons_called(view.control, ctx.words("wins.show_more"))
    assert not any("50" in t for t in texts(view.control) if t.startswith(("The newest", "That is all")))


def test_show_more_pages_within_the_filter_and_a_new_filter_starts_again(ctx, trellis):
    many(trellis, 70, rule="milestone_done")
    many(trellis, 60, rule="welcome_back", start=TODAY - dt.timedelta(days=1))
    view = open_tab(ctx)
    choose(view, ctx.words("wins.filter_checkins"))
    assert len(cards(view)) == 50
    tap(view.control, ctx.words("wins.show_more"))
    assert len(cards(view)) == 60 and set(t.split()[0] for t in card_titles(view)) == {"welcome_back"}
    choose(view, ctx.words("wins.filter_goals"))
    assert len(cards(view)) == 50 and ctx.words("wins.showing", shown=50, total=70) in texts(view.control)


def test_ten_years_of_wins_draws_only_the_first_page(ctx, trellis):
    many(trellis, 500)
    view = open_tab(ctx)
    assert view.shown == 50
    assert sum(1 for _ in walk(view.control)) < 50 * 20  # the other 450 are not built


# ---------------------------------------------------------------------------- looking back


def test_opening_a_win_shows_its_moment_with_sharing_off(ctx, trellis):
    add_win(trellis, "goal_achieved", dt.date(2026, 2, 20), "Goal reached", message="You reached it.")
    view = open_tab(ctx)
    dialog = open_card(view)
    shown = texts(dialog)
    assert dialog.title.value == "Goal reached"
    assert "You reached it." in shown
    assert ctx.words("wins.detail_when", date="20 February 2026") in shown
    assert ctx.words("wins.feeling_why") in shown  # why a feelings question is asked
    assert field(dialog).value == "" and field(dialog).label == ctx.words("wins.feeling_label")
    assert switch(dialog).value is False
    assert ctx.words("wins.share_off") in shown


def test_adding_how_it_felt_saves_it_and_shows_it_on_the_card(ctx, trellis):
    saved = add_win(trellis, "first_goal", TODAY, "Your first goal")
    view = open_tab(ctx)
    dialog = open_card(view)
    field(dialog).value = "  Nervous, then glad.  "
    tap(dialog, ctx.words("wins.done"))
    assert ctx.page.dialogs == []
    assert ctx.page.snacks == [ctx.words("wins.saved")]
    stored = trellis.wins()[0]
    assert (stored.id, stored.feeling, stored.shared) == (saved.id, "Nervous, then glad.", False)
    assert "“Nervous, then glad.”" in texts(view.control)
    again = open_card(view)
    assert field(again).value == "Nervous, then glad."  # reopening shows the saved note
    field(again).value = "Glad."
    tap(again, ctx.words("wins.done"))
    assert trellis.wins()[0].feeling == "Glad."
    assert "“Glad.”" in texts(view.control) and "“Nervous, then glad.”" not in texts(view.control)


def test_clearing_the_note_removes_it(ctx, trellis):
    add_win(trellis, "first_goal", TODAY, "Your first goal", feeling="Old words")
    view = open_tab(ctx)
    dialog = open_card(view)
    field(dialog).value = ""
    tap(dialog, ctx.words("wins.done"))
    assert trellis.wins()[0].feeling == ""
    assert not any(t.startswith("“") for t in texts(view.control))


def test_sharing_is_given_and_withdrawn_per_win(ctx, trellis):
    add_win(trellis, "first_goal", TODAY, "Mine")
    add_win(trellis, "first_checkin", TODAY - dt.timedelta(days=1), "Other")
    view = open_tab(ctx)
    dialog = open_card(view)
    toggle = switch(dialog)
    toggle.value = True
    toggle.on_change(Event(toggle))
    assert ctx.words("wins.share_on") in texts(dialog)
    tap(dialog, ctx.words("wins.done"))
    by_title = {w.title: w.shared for w in trellis.wins()}
    assert by_title == {"Mine": True, "Other": False}
    assert ctx.words("wins.shared_badge") in texts(cards(view)[0])
    assert ctx.words("wins.shared_badge") not in texts(cards(view)[1])
    dialog = open_card(view)
    assert switch(dialog).value is True
    switch(dialog).value = False
    tap(dialog, ctx.words("wins.done"))
    assert not trellis.wins()[0].shared
    assert ctx.words("wins.shared_badge") not in texts(view.control)


def test_a_note_on_a_win_two_devices_gave_stays_shown(ctx, trellis):
    # After an import or a sync both devices' copies of one award are in the store.
    add_win(trellis, "first_checkin", TODAY, "Your first check-in", key="first_checkin")
    add_win(trellis, "first_checkin", TODAY, "Your first check-in", key="first_checkin")
    view = open_tab(ctx)
    dialog = open_card(view)
    field(dialog).value = "Proud"
    tap(dialog, ctx.words("wins.done"))
    assert "“Proud”" in texts(open_tab(ctx).control)  # drawn again from the store


def test_a_note_does_not_write_back_what_changed_while_the_dialog_was_open(ctx, trellis):
    saved = add_win(trellis, "first_goal", TODAY, "Old title")
    view = open_tab(ctx)
    dialog = open_card(view)
    trellis.store.save(saved.model_copy(update={"title": "New title"}))  # a sync, meanwhile
    field(dialog).value = "Glad"
    tap(dialog, ctx.words("wins.done"))
    stored = trellis.wins()[0]
    assert (stored.title, stored.feeling) == ("New title", "Glad")


def test_done_without_changes_saves_nothing(ctx, trellis):
    saved = add_win(trellis, "first_goal", TODAY, "Mine", feeling="Fine")
    view = open_tab(ctx)
    dialog = open_card(view)
    tap(dialog, ctx.words("wins.done"))
    assert ctx.page.dialogs == [] and ctx.page.snacks == []
    assert trellis.wins()[0].updated == saved.updated


def test_a_note_that_cannot_be_saved_keeps_the_dialog_open(ctx, trellis):
    add_win(trellis, "first_goal", TODAY, "Mine")
    view = open_tab(ctx)
    dialog = open_card(view)
    field(dialog).value = "x" * 6000  # beyond what a note may hold
    tap(dialog, ctx.words("wins.done"))
    assert ctx.page.dialogs == [dialog]  # nothing typed is lost
    assert len(ctx.page.snacks) == 1 and ctx.page.snacks[0].startswith("Please check this")
    assert trellis.wins()[0].feeling == ""


def test_a_win_opened_after_show_more_can_be_edited(ctx, trellis):
    many(trellis, 60)
    view = open_tab(ctx)
    tap(view.control, ctx.words("wins.show_more"))
    dialog = open_card(view, 55)
    field(dialog).value = "Still proud"
    tap(dialog, ctx.words("wins.done"))
    edited = [w for w in trellis.wins() if w.feeling]
    assert [w.title for w in edited] == ["milestone_done 55"]
    assert "“Still proud”" in texts(cards(view)[55])


# ---------------------------------------------------------------------------- look


def test_touch_targets_labels_and_no_red(ctx, trellis):
    many(trellis, 60)
    view = open_tab(ctx)
    dialog = open_card(view)
    for c in [*walk(view.control), *walk(dialog)]:
        assert not isinstance(c, ft.IconButton), "icons always come with a text label"
        if isinstance(c, (ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.Button)):
            assert isinstance(c.content, str) and c.content.strip()
            assert c.height is not None and c.height >= 48
        for attr in ("bgcolor", "color"):
            assert getattr(c, attr, None) not in (ft.Colors.ERROR, ft.Colors.RED), c
    for c in view.chips:
        # 32 px chip + 2 x 15 px padding: Flutter's web build does not pad chips to 48 px.
        assert c.padding.top >= 15 and c.padding.bottom >= 15
    months = [c for c in timeline(view) if not isinstance(c, ft.Card)]
    assert all(isinstance(m.content, ft.Semantics) and m.content.header for m in months)


# ---------------------------------------------------------------------------- in a real Flet session


def session_app(trellis, holder: dict):
    def main(page: ft.Page):
        ctx = AppContext(page=page, trellis=trellis)
        holder["ctx"] = ctx
        page.add(wins.build(ctx))

    return main


def sent(ui, since: int) -> bytes:
    """What was sent to the client since message number `since`, as the wire carries it (msgpack)."""
    import msgpack
    from flet.controls.base_control import BaseControl
    from flet.messaging.protocol import configure_encode_object_for_msgpack

    encode = configure_encode_object_for_msgpack(BaseControl)
    return b"".join(msgpack.packb([m.action, m.body], default=encode) for m in ui.messages[since:])


def on_wire(text: str) -> bytes:
    """A whole string as msgpack sends it (length first), so "win 1" does not match "win 10"."""
    import msgpack

    return msgpack.packb(text)


def test_the_journey_in_a_real_flet_session(trellis):
    from tests.flet_session import make_page

    many(trellis, 70)
    add_win(trellis, "welcome_back", TODAY + dt.timedelta(days=1), "Welcome back")
    holder: dict = {}
    with make_page(session_app(trellis, holder)) as ui:
        first_render = ui.conn.encoded_bytes
        assert ui.has_text("Welcome back", exact=True)
        assert on_wire("milestone_done 48") in sent(ui, 0)  # the cards really went to the client
        assert on_wire("milestone_done 49") not in sent(ui, 0)  # the 51st did not
        assert len(ui.find_all(ft.Card)) == 50
        # Filter to Goals: the welcome back leaves, the milestones stay.
        ui.change(ui.find(ft.Chip, label=holder["ctx"].words("wins.filter_goals")), True)
        assert not ui.has_text("Welcome back", exact=True)
        assert len(ui.find_all(ft.Card)) == 50
        # Show more sends only what is new.
        before = ui.conn.encoded_bytes
        ui.click(holder["ctx"].words("wins.show_more"))
        assert len(ui.find_all(ft.Card)) == 70
        assert ui.conn.encoded_bytes - before < first_render
        # Open the newest goal win, add how it felt, share it.
        ui.click(ui.find_all(ft.Card)[0].content)
        (dialog,) = [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        ui.change(ui.find(ft.TextField, root=dialog), "Lighter than I thought")
        ui.change(ui.find(ft.Switch, root=dialog), True)
        assert ui.has_text(holder["ctx"].words("wins.share_on"), exact=True)
        before = len(ui.messages)
        ui.click(ui.find(ft.FilledButton, root=dialog, text=holder["ctx"].words("wins.done")))
        assert on_wire("“Lighter than I thought”") in sent(ui, before)  # the edited card was sent
        assert ui.snackbar_texts() == [holder["ctx"].words("wins.saved")]
        assert not [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        assert ui.has_text("“Lighter than I thought”", exact=True)
    newest_goal = next(w for w in trellis.wins() if w.rule == "milestone_done")
    assert (newest_goal.title, newest_goal.feeling, newest_goal.shared) == (
        "milestone_done 0", "Lighter than I thought", True)


def test_show_more_costs_the_same_however_many_are_shown(trellis):
    from tests.flet_session import make_page

    many(trellis, 300)
    holder: dict = {}
    with make_page(session_app(trellis, holder)) as ui:
        costs = []
        for _ in range(5):
            before_bytes, before_messages = ui.conn.encoded_bytes, len(ui.messages)
            ui.click(holder["ctx"].words("wins.show_more"))
            costs.append(ui.conn.encoded_bytes - before_bytes)
            assert on_wire(f"milestone_done {len(costs) * 50 - 1}") not in sent(ui, before_messages)  # not sent again
            assert on_wire(f"milestone_done {len(costs) * 50}") in sent(ui, before_messages)  # the new ones are
        assert len(ui.find_all(ft.Card)) == 300
        assert max(costs) < 1.3 * min(costs), costs


# ---------------------------------------------------------------------------- before any pair


@pytest.mark.no_pair
def test_before_a_pair_the_pair_filter_is_hidden_and_sharing_says_when(ctx, trellis):
    from app.models import Achievement

    trellis.store.save(Achievement(rule="first_checkin", key="first_checkin", day=TODAY, title="Your first check-in",
                                   message="A start."))
    view = wins.WinsView(ctx)
    assert [c.data for c in view.chips] == ["all", "goals", "checkins"]
    dialog = view.open(view.wins[0])
    shown = texts(dialog)
    assert ctx.words("celebrate.share_no_pair") in shown
    switch = next(c for c in walk(dialog) if isinstance(c, ft.Switch))
    assert switch.disabled and switch.value is False
    with pytest.raises(ValueError):
        view.choose("pair")


@pytest.mark.no_pair
def test_full_moments_can_be_turned_off_on_this_device(ctx, trellis):
    from views import celebration

    view = wins.WinsView(ctx)
    assert view.full_switch.value is True and celebration.full_moments_on(ctx)
    view.full_switch.value = False
    view.full_switch.on_change(None)
    assert celebration.full_moments_on(ctx) is False
    assert wins.WinsView(ctx).full_switch.value is False
