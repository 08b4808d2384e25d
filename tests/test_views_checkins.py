"""The check-in screens' logic without a browser: the controls are built with a
real Trellis on a temporary store (today pinned) and a small fake page, and
the handlers that chips and buttons carry are called directly, as a tap would.
What is asserted is what the person would see and what ends up stored."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import flet as ft
import flet_charts as fch
import pytest

from app import demo
from app.checkins import week_start
from app.models import ResilienceCheckin, SelfCareCheckin
from app.services import Trellis
from views import checkin, checkins_tab, resilience
from tests.view_fakes import Event, FakePage, texts, walk
from views.context import AppContext

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = ROOT / "content" / "ui_checkins.toml"
VIEWS = [ROOT / "views" / f for f in ("checkin.py", "resilience.py", "checkins_tab.py")]
TODAY = dt.date(2026, 3, 12)  # a Thursday
SHAMING = re.compile(r"\b(fail(ed|ure)?|miss(ed)?|broken|behind|lazy|should have|streak)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------- a fake page and context


class Recorder:
    """What a screen asked the shell to do."""

    def __init__(self):
        self.opened: list = []
        self.backs = 0
        self.refreshes = 0
        self.celebrated: list = []


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


@pytest.fixture
def calls():
    return Recorder()


@pytest.fixture
def ctx(trellis, calls):
    c = AppContext(page=FakePage(), trellis=trellis)
    c.open = calls.opened.append

    def back():
        calls.backs += 1

    def refresh():
        calls.refreshes += 1

    c.back, c.refresh = back, refresh
    c.celebrate = calls.celebrated.extend
    return c


# ---------------------------------------------------------------------------- walking the controls


def shown(control) -> str:
    return "\n".join(texts(control))


BUTTONS = (ft.Button, ft.TextButton, ft.OutlinedButton, ft.FilledButton, ft.FilledTonalButton)


def buttons(control) -> list:
    return [c for c in walk(control) if isinstance(c, BUTTONS)]


def button(control, label: str):
    found = [b for b in buttons(control) if b.content == label]
    assert found, f"no button {label!r}; buttons: {[b.content for b in buttons(control)]}"
    return found[0]


def tap(control, label: str) -> None:
    button(control, label).on_click(Event())


def chips(control, only_visible: bool = True) -> list:
    """Word chips (feelings, self-care) and the scales' radios (mood, energy...)."""
    return [c for c in walk(control, hidden=not only_visible) if isinstance(c, (ft.Chip, ft.Radio))]


def _word(c) -> str:
    return c.label if isinstance(c, ft.Radio) else c.label.value


def chip_words(control, only_visible: bool = True) -> list[str]:
    return [_word(c) for c in chips(control, only_visible)]


def tap_chip(within, word: str) -> None:
    found = [c for c in chips(within) if _word(c) == word]
    assert found, f"no chip {word!r}; chips: {chip_words(within)}"
    chip = found[0]
    if isinstance(chip, ft.Radio):  # a toggleable radio: the group reports the new value (None when cleared)
        group = chip.data
        group.value = None if group.value == chip.value else chip.value
        group.on_change(Event(group))
        return
    chip.selected = not chip.selected  # what the client reports with the select event
    chip.on_select(Event(chip))


def _chosen(c) -> bool:
    return c.data.value == c.value if isinstance(c, ft.Radio) else c.selected


def selected_words(within) -> list[str]:
    return [_word(c) for c in chips(within) if _chosen(c)]


# ---------------------------------------------------------------------------- the words


def used_keys() -> set[str]:
    keys = set()
    for path in VIEWS:
        keys |= set(re.findall(r"""words\(\s*["'](checkins\.[a-z0-9_.]+)["']""", path.read_text()))
    return keys


def test_every_word_the_screens_use_is_in_the_content(ctx):
    keys = used_keys()
    assert len(keys) > 40  # the pattern finds them
    missing = sorted(k for k in keys if k not in ctx.content.ui)
    assert missing == []
    # Built keys: dates, ranges, the four measures.
    for part in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        assert f"checkins.weekday.{part}" in ctx.content.ui
    for part in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"):
        assert f"checkins.month.{part}" in ctx.content.ui
    for days in checkins_tab.RANGES:
        assert f"checkins.range_{days}" in ctx.content.ui
    for key in checkin.SCALES:
        assert f"checkins.{key}" in ctx.content.ui


def test_the_words_are_gentle():
    data = tomllib.loads(UI_FILE.read_text())

    def strings(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        else:
            yield node

    for text in strings(data):
        assert not SHAMING.search(text), text
        assert "!!" not in text
        assert len(text) <= 120, text


def test_dates_are_in_words(ctx):
    assert checkin.date_long(ctx, dt.date(2026, 3, 9)) == "Monday 9 Mar"
    assert checkin.date_short(ctx, dt.date(2026, 12, 1)) == "1 Dec"
    assert checkin.date_relative(ctx, TODAY) == "Today"
    assert checkin.date_relative(ctx, TODAY - dt.timedelta(days=1)) == "Yesterday"
    assert checkin.date_relative(ctx, TODAY - dt.timedelta(days=2)) == "Tuesday 10 Mar"


# ---------------------------------------------------------------------------- the daily check-in


def open_checkin(ctx, day=None):
    if day is not None:
        ctx.state[checkin.DAY_KEY] = day
    screen = checkin.build(ctx)
    return screen, ctx.state[checkin.FORM_KEY]


def test_a_full_check_in_is_saved_celebrated_and_closed(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    text = ctx.content.checkin
    page = shown(screen)
    assert text.intro in page
    for q in text.scales.values():
        assert q.question in page and q.why in page
        assert all(label in chip_words(screen) for label in q.labels)
    assert text.feelings.why in page and text.care.why in page
    mood, energy, sleep, stress = (form.scales[k].control for k in checkin.SCALES)
    tap_chip(mood, "Good")
    tap_chip(energy, "Some")
    tap_chip(sleep, "Mostly")
    tap_chip(stress, "Very calm")
    tap_chip(screen, "hopeful")
    tap(screen, ctx.words("checkins.more_feelings"))
    tap_chip(screen, "proud")  # one of the feelings under "More feelings"
    tap_chip(screen, "Drank water")
    form.own_field.value = "  Played   guitar "
    tap(screen, ctx.words("checkins.add_own_button"))
    form.note.value = " A slow, kind day. "
    tap(screen, ctx.words("checkins.save"))

    saved = trellis.checkins.for_day(TODAY)
    assert (saved.mood, saved.energy, saved.sleep, saved.stress) == (4, 3, 4, 1)
    assert saved.feelings == ["hopeful", "proud"]
    assert saved.care == ["Drank water", "Played guitar"]
    assert saved.note == "A slow, kind day."
    assert saved.shared is False
    assert trellis.people.settings().own_care_actions == ["Played guitar"]  # offered again next time
    assert ctx.page.snacks == [ctx.content.thanks_for(TODAY)]
    assert calls.backs == 1
    assert [a.rule for a in calls.celebrated] == ["first_checkin"]
    assert checkin.DRAFT_KEY not in ctx.state


def test_a_check_in_with_everything_skipped_still_counts(ctx, trellis, calls):
    screen, _ = open_checkin(ctx)
    tap(screen, ctx.words("checkins.save"))
    saved = trellis.checkins.for_day(TODAY)
    assert saved is not None
    assert (saved.mood, saved.energy, saved.sleep, saved.stress, saved.feelings, saved.care, saved.note) == (
        None, None, None, None, [], [], "")
    assert trellis.checkins.days_this_month() == 1
    assert calls.backs == 1 and ctx.page.snacks


def test_tapping_a_chosen_word_again_clears_it(ctx, trellis):
    screen, form = open_checkin(ctx)
    mood = form.scales["mood"].control
    tap_chip(mood, "Low")
    tap_chip(mood, "Great")
    assert selected_words(mood) == ["Great"]
    tap_chip(mood, "Great")
    assert selected_words(mood) == []
    tap(screen, ctx.words("checkins.save"))
    assert trellis.checkins.for_day(TODAY).mood is None


def test_there_is_one_primary_button_and_every_button_is_labelled_and_big_enough(ctx):
    screen, _ = open_checkin(ctx)
    assert [b.content for b in buttons(screen) if isinstance(b, ft.FilledButton)] == [ctx.words("checkins.save")]
    for b in buttons(screen):
        assert isinstance(b.content, str) and b.content.strip()
        assert b.height is not None and b.height >= 48
    for field in (c for c in walk(screen) if isinstance(c, ft.TextField)):
        assert field.label, "every field has a label a screen reader can say"


def test_not_today_with_nothing_picked_leaves_and_says_nothing_was_saved(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    tap(screen, ctx.content.checkin.skip)
    assert trellis.checkins.for_day(TODAY) is None
    assert calls.backs == 1 and ctx.page.dialogs == []
    assert ctx.page.snacks == [ctx.words("checkins.not_today_nothing")]


def test_not_today_with_answers_offers_to_keep_them_as_a_draft(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["mood"].control, "Low")
    tap(screen, ctx.content.checkin.skip)
    (dialog,) = ctx.page.dialogs
    assert calls.backs == 0  # nothing happens until the person answers
    dialog.data["keep"]()
    assert trellis.checkins.for_day(TODAY) is None  # no check-in saved
    assert calls.backs == 1 and ctx.page.snacks == [ctx.words("checkins.not_today_kept")]
    assert checkin.DRAFT_KEY not in ctx.state
    # As after closing the app: a new session finds the draft and says so.
    ctx.state.clear()
    screen, form = open_checkin(ctx)
    assert form.kept_draft and selected_words(form.scales["mood"].control) == ["Low"]
    assert ctx.words("checkins.draft_kept") in texts(screen)


def test_not_today_let_go_drops_the_draft(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["mood"].control, "Low")
    tap(screen, ctx.content.checkin.skip)
    ctx.page.dialogs[-1].data["let_go"]()
    assert ctx.page.snacks == [ctx.words("checkins.not_today_let_go")]
    ctx.state.clear()
    screen, form = open_checkin(ctx)
    assert not form.kept_draft and selected_words(form.scales["mood"].control) == []


def test_a_draft_survives_closing_the_app_without_any_button(ctx, trellis):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["stress"].control, ctx.content.checkin.scales["stress"].labels[3])
    ctx.state.clear()  # the session ends
    screen, form = open_checkin(ctx)
    assert form.kept_draft and form.draft["stress"] is not None
    form.save()
    ctx.state.clear()
    assert trellis.checkins.for_day(TODAY).stress is not None
    screen, form = open_checkin(ctx)
    assert not form.kept_draft  # saved: the draft is gone


def test_a_draft_for_another_day_or_a_damaged_one_is_ignored(ctx, trellis):
    from app.drafts import Drafts

    Drafts.beside(trellis).put(checkin.STORED_DRAFT, {"day": "2001-01-01", "mood": 1})
    screen, form = open_checkin(ctx)
    assert not form.kept_draft
    Drafts.beside(trellis).put(checkin.STORED_DRAFT, {"day": TODAY.isoformat(), "mood": "high", "feelings": 3})
    ctx.state.clear()
    screen, form = open_checkin(ctx)
    assert not form.kept_draft and form.draft["mood"] is None


def test_editing_a_check_in_shows_its_answers_and_keeps_one_per_day(ctx, trellis, calls):
    first, events = trellis.checkins.save_selfcare(
        SelfCareCheckin(day=TODAY, mood=2, stress=4, feelings=["tired", "hurt"], care=["Ate a meal", "Sang"],
                        note="Long day"))
    trellis.celebrate(events)  # the first check-in was celebrated when it was made
    screen, form = open_checkin(ctx)
    assert selected_words(form.scales["mood"].control) == ["Low"]
    assert selected_words(form.scales["energy"].control) == []
    assert selected_words(form.scales["stress"].control) == ["Stressed"]
    # "hurt" is not in the first handful, but chosen words always show.
    assert "hurt" in chip_words(screen) and "tired" in selected_words(screen)
    assert "Sang" in selected_words(screen)  # a word that is not in the content stays choosable
    assert form.note.value == "Long day"
    assert ctx.content.checkin.skip not in [b.content for b in buttons(screen)]  # no "Not today" when editing
    tap_chip(form.scales["mood"].control, "Okay")
    tap_chip(screen, "hurt")
    tap(screen, ctx.words("checkins.save"))
    all_today = trellis.checkins.history(TODAY, TODAY)
    assert len(all_today) == 1 and all_today[0].id == first.id
    assert (all_today[0].mood, all_today[0].stress, all_today[0].feelings) == (3, 4, ["tired"])
    assert ctx.page.snacks == [ctx.words("checkins.updated")]
    assert calls.celebrated == []  # an edit is not a new check-in
    assert calls.backs == 1


def test_the_day_to_edit_comes_from_the_state(ctx, trellis):
    past = TODAY - dt.timedelta(days=3)
    trellis.checkins.save_selfcare(SelfCareCheckin(day=past, energy=5))
    screen, form = open_checkin(ctx, day=past)
    assert ctx.words("checkins.for_day", date="Monday 9 Mar") in shown(screen)
    assert selected_words(form.scales["energy"].control) == ["Lots"]
    tap_chip(form.scales["sleep"].control, "Fully")
    tap(screen, ctx.words("checkins.save"))
    assert trellis.checkins.for_day(past).sleep == 5 and trellis.checkins.for_day(past).energy == 5
    assert trellis.checkins.for_day(TODAY) is None
    assert checkin.DAY_KEY not in ctx.state  # the next opening is today again


def test_a_future_day_in_the_state_falls_back_to_today(ctx):
    screen, form = open_checkin(ctx, day=TODAY + dt.timedelta(days=5))
    assert form.day == TODAY


def test_a_welcome_back_after_a_gap(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=12), mood=3))
    screen, _ = open_checkin(ctx)
    page = shown(screen)
    assert ctx.words("checkins.welcome_back_title") in page
    assert ctx.content.welcome_back_for(TODAY) in page


def test_no_welcome_back_without_a_gap(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=1), mood=3))
    screen, _ = open_checkin(ctx)
    assert ctx.words("checkins.welcome_back_title") not in shown(screen)


def test_feelings_show_a_mixed_handful_then_more(ctx):
    screen, form = open_checkin(ctx)
    groups = ctx.content.feelings_by_group()
    first = chip_words(form.feelings.row)
    assert len(first) == 3 * len(groups)
    for words in groups.values():  # hard feelings are as easy to reach as pleasant ones
        assert any(w in first for w in words)
    tap(screen, ctx.words("checkins.more_feelings"))
    assert sorted(chip_words(form.feelings.row)) == sorted(f.word for f in ctx.content.feelings)
    tap_chip(form.feelings.row, "scared")
    tap(screen, ctx.words("checkins.fewer_feelings"))
    assert "scared" in chip_words(form.feelings.row)  # what you chose never hides
    assert len(chip_words(form.feelings.row)) == len(first) + 1


def test_own_care_actions_are_offered_and_not_doubled(ctx, trellis):
    trellis.people.save_settings(own_care_actions=["Fed the cat"])
    screen, form = open_checkin(ctx)
    assert "Fed the cat" in chip_words(form.care.row)
    before = len(chips(form.care.row))
    form.own_field.value = "drank WATER"
    form.add_own()
    form.own_field.value = "   "
    form.add_own()
    assert len(chips(form.care.row)) == before  # same word, any case: chosen, not added twice
    assert "Drank water" in selected_words(form.care.row)
    for chip in chips(form.care.row):  # each action has its icon, or a check once chosen
        assert isinstance(chip.leading, ft.Icon)
        assert (chip.leading.icon == ft.Icons.CHECK) == chip.selected


def test_answers_survive_a_trip_to_support_and_can_be_started_over(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["mood"].control, "Low")
    tap_chip(screen, "anxious")
    form.note.value = "Half written"
    form._note_changed()
    # The shell rebuilds the screen when "Need support?" is closed.
    screen, form = open_checkin(ctx)
    assert ctx.words("checkins.draft_kept") in shown(screen)
    assert selected_words(form.scales["mood"].control) == ["Low"]
    assert "anxious" in selected_words(screen)
    assert form.note.value == "Half written"
    tap(screen, ctx.words("checkins.start_over"))
    assert calls.refreshes == 1
    screen, form = open_checkin(ctx)
    assert selected_words(form.scales["mood"].control) == []
    assert ctx.words("checkins.draft_kept") not in shown(screen)


def test_a_draft_of_another_day_is_not_shown(ctx, trellis):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["mood"].control, "Low")
    screen, form = open_checkin(ctx, day=TODAY - dt.timedelta(days=1))
    assert selected_words(form.scales["mood"].control) == []


def test_a_problem_saving_is_said_plainly_and_keeps_the_answers(ctx, trellis, calls):
    screen, form = open_checkin(ctx)
    tap_chip(form.scales["mood"].control, "Good")
    form.note.value = "x" * 5001  # more than the field allows
    tap(screen, ctx.words("checkins.save"))
    assert trellis.checkins.for_day(TODAY) is None
    assert calls.backs == 0
    assert len(ctx.page.snacks) == 1 and "note is too long" in ctx.page.snacks[0]
    assert selected_words(form.scales["mood"].control) == ["Good"]


# ---------------------------------------------------------------------------- the weekly reflection


def open_reflection(ctx, week=None):
    if week is not None:
        ctx.state[resilience.WEEK_KEY] = week
    screen = resilience.build(ctx)
    return screen, ctx.state[resilience.FLOW_KEY]


def test_a_reflection_goes_step_by_step_and_saves_privately(ctx, trellis, calls):
    screen, flow = open_reflection(ctx)
    prompts = ctx.content.resilience.prompts
    answers = {"challenge": "A hard call", "helped": "A walk", "strength": "Patience", "supporters": "My sister",
               "next_step": "Ask about the course"}
    for number, (key, prompt) in enumerate(prompts.items(), start=1):
        page = shown(screen)
        assert ctx.words("checkins.step", number=number, total=6) in page
        assert prompt.title in page and prompt.prompt in page and prompt.why in page
        if number == 1:
            assert ctx.words("checkins.previous") not in [b.content for b in buttons(screen)]
            assert ctx.words("checkins.private") in page
        if key == "bounce_back":
            assert prompt.hint in page
            tap_chip(flow.scale.control, prompt.labels[3])
        else:
            assert flow.field.hint_text == prompt.hint and flow.field.label == ctx.words("checkins.answer_label")
            flow.field.value = answers[key]
            flow.field.on_change(Event(flow.field))
        if number < 6:
            assert ctx.words("checkins.save_reflection") not in [b.content for b in buttons(screen)]
            tap(screen, ctx.words("checkins.next"))
    tap(screen, ctx.words("checkins.save_reflection"))
    saved = trellis.checkins.reflection_for_week(TODAY)
    assert saved.week == week_start(TODAY) == dt.date(2026, 3, 9)
    assert {k: getattr(saved, k) for k in answers} == answers
    assert saved.bounce_back == 4
    assert saved.shared is False
    assert ctx.page.snacks == [ctx.content.resilience.thanks]
    assert [a.rule for a in calls.celebrated] == ["first_reflection"]
    assert calls.backs == 1


def test_every_reflection_step_can_be_skipped(ctx, trellis):
    screen, flow = open_reflection(ctx)
    flow.field.value = "typed, then thought better of it"
    flow.field.on_change(Event(flow.field))
    for _ in range(5):
        tap(screen, ctx.words("checkins.skip"))
    assert ctx.words("checkins.step", number=6, total=6) in shown(screen)
    assert ctx.words("checkins.skip") not in [b.content for b in buttons(screen)]
    tap(screen, ctx.words("checkins.save_reflection"))
    saved = trellis.checkins.reflection_for_week(TODAY)
    assert (saved.challenge, saved.helped, saved.bounce_back, saved.next_step) == ("", "", None, "")


def test_back_keeps_what_was_written(ctx):
    screen, flow = open_reflection(ctx)
    flow.field.value = "First answer"
    flow.field.on_change(Event(flow.field))
    tap(screen, ctx.words("checkins.next"))
    tap(screen, ctx.words("checkins.previous"))
    assert flow.field.value == "First answer"


def test_editing_this_weeks_reflection_keeps_its_id_and_consent(ctx, trellis):
    first, _ = trellis.checkins.save_resilience(
        ResilienceCheckin(week=TODAY, challenge="Moving house", bounce_back=2, shared=True))
    screen, flow = open_reflection(ctx)
    assert ctx.words("checkins.reflection_for_week", date="Monday 9 Mar") in shown(screen)
    assert flow.field.value == "Moving house"
    tap(screen, ctx.words("checkins.skip"))  # skipping keeps what was saved before
    flow.field.value = "My friend helped carry boxes"
    flow.field.on_change(Event(flow.field))
    for _ in range(4):
        tap(screen, ctx.words("checkins.next"))
    tap(screen, ctx.words("checkins.save_reflection"))
    all_weeks = trellis.checkins.reflections()
    assert len(all_weeks) == 1 and all_weeks[0].id == first.id
    saved = all_weeks[0]
    assert (saved.challenge, saved.helped, saved.bounce_back) == ("Moving house", "My friend helped carry boxes", 2)
    assert saved.shared is True  # consent is the person's; this screen never changes it
    assert ctx.page.snacks == [ctx.words("checkins.reflection_updated")]


def test_a_reflection_draft_survives_a_rebuild(ctx, trellis):
    screen, flow = open_reflection(ctx)
    flow.field.value = "Something hard"
    flow.field.on_change(Event(flow.field))
    tap(screen, ctx.words("checkins.next"))
    screen, flow = open_reflection(ctx)
    assert ctx.words("checkins.step", number=2, total=6) in shown(screen)
    tap(screen, ctx.words("checkins.previous"))
    assert ctx.words("checkins.draft_kept") in shown(screen)
    assert flow.field.value == "Something hard"


# ---------------------------------------------------------------------------- the tab


def open_tab(ctx):
    screen = checkins_tab.build(ctx)
    return screen, ctx.state[checkins_tab.TAB_KEY]


def line_charts(control) -> list:
    return [c for c in walk(control) if isinstance(c, fch.LineChart)]


def test_the_tab_with_no_check_ins_invites_the_first(ctx, calls):
    screen, _ = open_tab(ctx)
    e = ctx.content.messages.empty.checkins
    page = shown(screen)
    assert e.title in page and e.text in page
    assert line_charts(screen) == []
    tap(screen, e.action)
    assert calls.opened[-1].build is checkin.build
    assert ctx.state[checkin.DAY_KEY] == TODAY
    tap(screen, ctx.words("checkins.reflect"))
    assert calls.opened[-1].build is resilience.build


def test_the_tab_counts_days_this_month_never_a_streak(ctx, trellis):
    for day in (1, 2, 5, 11):
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY.replace(day=day), mood=3))
    trellis.checkins.save_selfcare(SelfCareCheckin(day=dt.date(2026, 2, 27), mood=3))
    screen, _ = open_tab(ctx)
    page = shown(screen)
    assert ctx.words("checkins.month_count", count=4) in page
    assert not SHAMING.search(page)
    assert ctx.words("checkins.start_today") in [b.content for b in buttons(screen)]


def test_the_tab_offers_to_edit_today_and_this_weeks_reflection(ctx, trellis, calls):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=5))
    trellis.checkins.save_resilience(ResilienceCheckin(week=TODAY, helped="Tea"))
    screen, _ = open_tab(ctx)
    assert ctx.words("checkins.month_one") in shown(screen)
    tap(screen, ctx.words("checkins.edit_today"))
    assert calls.opened[-1].build is checkin.build and ctx.state[checkin.DAY_KEY] == TODAY
    tap(screen, ctx.words("checkins.edit_reflection"))
    assert calls.opened[-1].build is resilience.build


def test_trends_show_words_and_leave_skipped_days_out(ctx, trellis):
    # No check-in 3 days ago, mood skipped 4 days ago; energy and sleep never answered.
    for back, mood in ((6, 2), (5, 3), (4, None), (2, 5), (1, 5), (0, 4)):
        trellis.checkins.save_selfcare(
            SelfCareCheckin(day=TODAY - dt.timedelta(days=back), mood=mood, stress=2, care=["Drank water"] * (back % 2)
                            + (["Went for a walk"] if back < 3 else [])))
    ctx.state[checkins_tab.RANGE_KEY] = 7
    screen, tab = open_tab(ctx)
    charts = line_charts(screen)
    assert len(charts) == 2  # mood and stress; energy and sleep say there are no answers
    assert shown(screen).count(ctx.words("checkins.no_answers")) == 2
    mood = charts[0]
    # x is days since the start of the range; skipped days have no point, and split the line.
    runs = [[(p.x, p.y) for p in s.points] for s in mood.data_series]
    assert runs == [[(0, 2), (1, 3)], [(4, 5), (5, 5), (6, 4)]]
    labels = ctx.content.checkin.mood.labels
    assert [a.label.value for a in mood.left_axis.labels] == [labels[0], labels[4]]
    assert [a.value for a in mood.left_axis.labels] == [1, 5]
    page = shown(screen)
    average_word = labels[round((2 + 3 + 5 + 5 + 4) / 5) - 1]
    assert ctx.words("checkins.chart_label", measure="Mood", range=ctx.words("checkins.range_words_7"),
                     summary=ctx.words("checkins.on_average", word=average_word)) in page
    assert ctx.words("checkins.trends_count", count=6, range=ctx.words("checkins.range_words_7")) in page
    assert ctx.words("checkins.stress_cue") in page  # lower stress is better, said once by its chart
    assert ctx.words("checkins.weekly_note") not in page
    assert mood.data_series[0].points[0].tooltip == "6 Mar: Low"
    # The self-care bars, most often first.
    assert ctx.words("checkins.care_count", action="Went for a walk", count=3) in page
    assert page.index("Went for a walk: 3") < page.index("Drank water: 2")


def test_choosing_a_range_rebuilds_only_the_trends_and_is_remembered(ctx, trellis):
    for back in range(0, 60, 2):
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=back), mood=3, energy=4))
    screen, tab = open_tab(ctx)
    assert tab.range.selected == ["30"]
    assert len(line_charts(screen)[0].data_series) == 15  # every other day: no two points joined
    history = tab.history
    tab.range.selected = ["7"]
    tab.change_range(Event(tab.range))
    assert line_charts(screen)[0].max_x == 6.5 and len(line_charts(screen)[0].data_series) == 4
    assert tab.history is history  # the list was not rebuilt
    tab.range.selected = ["90"]
    tab.change_range(Event(tab.range))
    energy = line_charts(screen)[1]
    # 90 days are shown as the average of each week: 30 check-ins over 60 days make 9 weeks, one line.
    assert [len(s.points) for s in energy.data_series] == [9]
    assert {p.y for p in energy.data_series[0].points} == {4}
    assert ctx.words("checkins.weekly_note") in shown(screen)
    screen, tab = open_tab(ctx)
    assert tab.range.selected == ["90"]


def test_a_range_with_no_check_ins_says_so_kindly(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=40), mood=3))
    ctx.state[checkins_tab.RANGE_KEY] = 7
    screen, _ = open_tab(ctx)
    assert ctx.words("checkins.trends_empty") in shown(screen)
    assert line_charts(screen) == []


def test_when_every_question_was_skipped_it_is_said_once(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY))
    screen, _ = open_tab(ctx)
    page = shown(screen)
    assert ctx.words("checkins.no_answers_any") in page
    assert ctx.words("checkins.no_answers") not in page
    assert line_charts(screen) == []


def test_a_question_never_answered_in_the_range_has_no_chart(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=3))
    screen, _ = open_tab(ctx)
    assert len(line_charts(screen)) == 1
    assert shown(screen).count(ctx.words("checkins.no_answers")) == 3
    assert ctx.words("checkins.care_empty") in shown(screen)


def test_the_list_shows_30_newest_first_then_more(ctx, trellis, calls):
    records = [r for r in demo.build(0.25, ctx.content, TODAY) if isinstance(r, SelfCareCheckin)]
    trellis.store.save_many(records)
    total = trellis.checkins.total()
    assert total > 60
    screen, tab = open_tab(ctx)
    rows = tab.history.controls
    assert len(rows) == 30
    days = [r.data for r in rows]
    assert days == sorted(days, reverse=True) and days[0] == TODAY
    assert rows[0].title.value == "Today" and rows[1].title.value == "Yesterday"
    tap(screen, ctx.words("checkins.show_more"))
    assert len(tab.history.controls) == 60
    assert [r.data for r in tab.history.controls][:30] == days
    while tab.more.visible:
        tab.show_more()
    assert len(tab.history.controls) == total
    assert len({r.data for r in tab.history.controls}) == total
    # Opening one edits that day.
    rows[5].on_click(Event(rows[5]))
    assert ctx.state[checkin.DAY_KEY] == days[5] and calls.opened[-1].build is checkin.build_day


def test_a_row_says_what_was_answered_in_words(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=4, sleep=1, feelings=["calm"], note="hi"))
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=1)))
    screen, tab = open_tab(ctx)
    first, second = (shown(r) for r in tab.history.controls)
    assert "Mood: Good · Sleep: Not at all" in first and "calm" in first
    assert ctx.words("checkins.note_written") in first
    assert "Energy" not in first  # a skipped question is simply left out
    assert ctx.words("checkins.nothing_answered") in second


def test_ten_years_of_history_build_only_what_is_on_screen(ctx, trellis):
    trellis.store.save_many(demo.build(10, ctx.content, TODAY))
    assert trellis.checkins.total() > 3600
    ctx.state[checkins_tab.RANGE_KEY] = 90
    screen, tab = open_tab(ctx)
    assert len(tab.history.controls) == checkins_tab.PAGE
    for chart in line_charts(screen):
        assert sum(len(s.points) for s in chart.data_series) <= 90
    assert sum(1 for _ in walk(screen)) < 3000


def test_most_often_and_runs():
    assert checkins_tab.most_often([1, 2, 2, 3]) == 2
    assert checkins_tab.most_often([1, 3, 1, 3]) == 3  # a tie goes to the latest
    assert checkins_tab.runs([(0, 1), (1, 2), (3, 2), (5, 5), (6, 1)]) == [[(0, 1), (1, 2)], [(3, 2)], [(5, 5), (6, 1)]]
    assert checkins_tab.runs([]) == []
    # Weeks counted back from the last day; the average of each, at the middle of its answered days.
    assert checkins_tab.weekly([(0, 1), (6, 3), (13, 5)], 14) == [(-1, 3.0, 2.0), (0, 13.0, 5.0)]
    assert checkins_tab.weekly([(0, 1), (13, 5)], 21) == [(-2, 0.0, 1.0), (-1, 13.0, 5.0)]


# ---------------------------------------------------------------------------- in a real Flet session (no browser)
# The whole app (shell included) in a real flet Session over a fake connection
# that encodes every message as the web server does: the controls must really
# serialise, and taps arrive as the client sends them.

from tests.flet_session import make_page  # noqa: E402
from views.shell import make_app  # noqa: E402


@pytest.fixture
def onboarded(trellis):
    trellis.people.save_profile("Ada", "mentee")
    trellis.people.save_settings(onboarded=True)
    return trellis


def tab_index(ui, label: str) -> int:
    return [d.label for d in ui.page.navigation_bar.destinations].index(label)


def test_session_a_check_in_from_the_tab_to_the_celebration(onboarded):
    trellis = onboarded
    with make_page(make_app(trellis)) as ui:
        words = trellis.content.ui
        ui.select_tab(tab_index(ui, words["nav.checkins"]))
        assert ui.has_text(trellis.content.messages.empty.checkins.title)
        ui.click(trellis.content.messages.empty.checkins.action)
        assert ui.has_text(trellis.content.checkin.intro)
        mood, energy = ui.find_all(ft.RadioGroup)[:2]
        ui.change(mood, "4")  # Good
        ui.change(energy, "3")  # Some
        ui.change(ui.find(ft.Chip, text="hopeful"), True)
        ui.change(ui.find(ft.Chip, text="Went for a walk"), True)
        ui.click(words["checkins.more_feelings"])
        ui.change(ui.find(ft.Chip, text="proud"), True)
        ui.change(ui.find(ft.TextField, label=words["checkins.add_own_label"]), "Fed the cat")
        ui.click(words["checkins.add_own_button"])
        ui.change(ui.find(ft.TextField, label=words["checkins.note_label"]), "Sunny")
        assert energy.value == "3"
        ui.click(words["checkins.save"])

        saved = trellis.checkins.for_day(TODAY)
        assert (saved.mood, saved.energy, saved.feelings, saved.care, saved.note) == (
            4, 3, ["hopeful", "proud"], ["Went for a walk", "Fed the cat"], "Sunny")
        assert trellis.content.thanks_for(TODAY) in ui.snackbar_texts()
        title, message = trellis.content.celebration("first_checkin")
        # A small win: a quiet note at the top of the tab, no dialog over the toast.
        assert ui.has_text(message)
        assert not [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        assert ui.has_text(words["checkins.today_done"])  # back on the tab
        assert ui.has_text("Mood: Good · Energy: Some")
        ui.select_tab(0)
        ui.select_tab(tab_index(ui, words["nav.checkins"]))
        assert not ui.has_text(message)  # shown once


def test_session_ten_years_on_the_tab(onboarded, capsys):
    import time

    trellis = onboarded
    trellis.store.save_many(demo.build(10, trellis.content, TODAY))
    with make_page(make_app(trellis)) as ui:
        words = trellis.content.ui
        before = ui.conn.encoded_bytes
        began = time.perf_counter()
        ui.select_tab(tab_index(ui, words["nav.checkins"]))
        took = time.perf_counter() - began
        sent = ui.conn.encoded_bytes - before
        assert ui.has_text("Mood, the last 30 days. ")
        assert len(ui.find_all(ft.ListTile)) == checkins_tab.PAGE
        before = ui.conn.encoded_bytes
        began = time.perf_counter()
        ui.change(ui.find(ft.SegmentedButton), "90")
        took_range = time.perf_counter() - began
        sent_range = ui.conn.encoded_bytes - before
        assert ui.has_text("Mood, the last 90 days. ") and not ui.has_text("Mood, the last 30 days. ")
        began = time.perf_counter()
        ui.change(ui.find(ft.SegmentedButton), "all")
        took_all = time.perf_counter() - began
        assert ui.has_text("Mood, all your check-ins. ")
        assert ui.has_text(words["checkins.monthly_note"], exact=False)
        ui.click(words["checkins.show_more"])
        assert len(ui.find_all(ft.ListTile)) == 2 * checkins_tab.PAGE
        with capsys.disabled():
            print(f"\n  ten years, Check-ins tab: {took * 1000:.0f} ms, {sent / 1024:.0f} KiB sent; "
                  f"90 days: {took_range * 1000:.0f} ms, {sent_range / 1024:.0f} KiB; all time: {took_all * 1000:.0f} ms")
        assert sent < 400_000  # what is on screen, not ten years of it


def test_session_reduced_motion_charts_do_not_animate(onboarded):
    trellis = onboarded
    trellis.people.save_settings(reduced_motion=True)
    for back in range(5):
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=back), mood=3))
    with make_page(make_app(trellis)) as ui:
        ui.select_tab(tab_index(ui, trellis.content.ui["nav.checkins"]))
        charts = ui.find_all(fch.LineChart)
        assert charts and all(c.animation == 0 for c in charts)


# ---------------------------------------------------------------------------- a past day


def test_a_past_day_opens_to_read_first_with_words_for_that_day(ctx, trellis, calls):
    tuesday = TODAY - dt.timedelta(days=2)  # TODAY is a Thursday
    trellis.checkins.save_selfcare(SelfCareCheckin(day=tuesday, mood=2, care=["Ate a meal"], note="Quiet"))
    checkin.open_day(ctx, tuesday)
    screen = calls.opened[-1].build(ctx)
    shown = texts(screen)
    assert "What did you do for yourself on Tuesday?" in shown
    assert "How was your mood on Tuesday?" in shown
    assert ctx.content.checkin.scales["mood"].labels[1] in shown and "Quiet" in shown
    assert ctx.words("checkins.read_skipped") in shown  # energy, sleep, stress were skipped
    assert not [c for c in walk(screen) if isinstance(c, ft.Chip)]  # nothing to tap by mistake
    tap(screen, ctx.words("checkins.edit"))
    form_screen = calls.opened[-1].build(ctx)
    assert calls.opened[-1].build is checkin.build
    assert "What did you do for yourself on Tuesday?" in texts(form_screen)


def test_past_words_yesterday_and_long_ago(ctx):
    assert checkin.when_words(ctx, TODAY - dt.timedelta(days=1)) == "yesterday"
    assert checkin.when_words(ctx, TODAY - dt.timedelta(days=10)) == "on 2 Mar"
    assert checkin.when_words(ctx, dt.date(2025, 11, 4)) == "on 4 Nov 2025"
    assert checkin.question_for(ctx, "care", "What did you do for yourself today?", TODAY) == \
        "What did you do for yourself today?"


def test_delete_asks_first_and_leaves_a_tombstone(ctx, trellis, calls):
    day = TODAY - dt.timedelta(days=3)
    saved, _ = trellis.checkins.save_selfcare(SelfCareCheckin(day=day, mood=4))
    checkin.open_day(ctx, day)
    screen = calls.opened[-1].build(ctx)
    tap(screen, ctx.words("checkins.delete"))
    (dialog,) = ctx.page.dialogs
    assert trellis.checkins.for_day(day) is not None  # nothing yet
    dialog.data()
    assert trellis.checkins.for_day(day) is None and calls.backs == 1
    stored = trellis.store.list(SelfCareCheckin, include_deleted=True)
    assert [(c.id, c.deleted) for c in stored] == [(saved.id, True)]
    assert ctx.page.snacks[-1].startswith("The check-in for")
    # With nothing saved that day, opening it shows the form to check in.
    checkin.open_day(ctx, day)
    calls.opened[-1].build(ctx)
    assert checkin.FORM_KEY in ctx.state


def test_keep_it_closes_the_question_and_changes_nothing(ctx, trellis, calls):
    day = TODAY - dt.timedelta(days=3)
    trellis.checkins.save_selfcare(SelfCareCheckin(day=day, mood=4))
    checkin.open_day(ctx, day)
    screen = calls.opened[-1].build(ctx)
    dialog = ctx.state["checkin.day_view"].confirm_delete()
    button(dialog, ctx.words("checkins.keep")).on_click(Event())
    assert ctx.page.dialogs == [] and trellis.checkins.for_day(day).mood == 4



# ---------------------------------------------------------------------------- trends that teach


def test_a_year_is_weekly_and_all_time_is_monthly(ctx, trellis):
    for back in range(0, 800, 3):
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=back), mood=3, stress=2))
    ctx.state[checkins_tab.RANGE_KEY] = "365"
    screen, tab = open_tab(ctx)
    mood = line_charts(screen)[0]
    assert 52 <= sum(len(s.points) for s in mood.data_series) <= 53  # about 52 weeks, one point each
    assert ctx.words("checkins.weekly_note") in shown(screen)
    tab.range.selected = ["all"]
    tab.change_range(Event(tab.range))
    mood = line_charts(screen)[0]
    months = sum(len(s.points) for s in mood.data_series)
    assert 26 <= months <= 28 and mood.data_series[0].points[0].tooltip.endswith("about " + ctx.content.checkin.mood.labels[2])
    assert ctx.words("checkins.monthly_note") in shown(screen)
    assert ctx.state[checkins_tab.RANGE_KEY] == "all"


def test_feelings_and_what_went_together_with_mood(ctx, trellis):
    for back in range(20):
        walked = back % 2 == 0
        trellis.checkins.save_selfcare(SelfCareCheckin(
            day=TODAY - dt.timedelta(days=back), mood=4 if walked else 2,
            care=["Went for a walk"] if walked else [], feelings=["calm"] if walked else ["tired"]))
    ctx.state[checkins_tab.RANGE_KEY] = "30"
    screen, tab = open_tab(ctx)
    page = shown(screen)
    assert ctx.words("checkins.feelings_title") in page
    assert "calm (4), tired (4)" in page.splitlines()
    labels = ctx.content.checkin.mood.labels
    assert ctx.words("checkins.together_with", action="Went for a walk", days=10, value="4.0") in page
    assert ctx.words("checkins.together_without", days=10, value="2.0") in page
    assert ctx.words("checkins.together_higher") in page
    assert ctx.words("checkins.together_why") in page and ctx.words("checkins.together_note") in page
    assert not re.search(r"\bbecause\b", page)


def test_with_too_few_days_nothing_is_compared(ctx, trellis):
    for back in range(3):
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=back), mood=3, care=["Sang"]))
    screen, tab = open_tab(ctx)
    assert ctx.words("checkins.together_empty", days=5) in shown(screen)


def test_the_tooltip_stays_inside_the_chart(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=3))
    screen, tab = open_tab(ctx)
    tip = line_charts(screen)[0].tooltip
    assert tip.fit_inside_vertically and tip.fit_inside_horizontally


def test_picking_a_feeling_keeps_the_chip_s_width(ctx):
    screen, form = open_checkin(ctx)
    chip = next(c for c in form.feelings.row.controls if c.visible)
    assert chip.show_checkmark is False and chip.leading.icon == ft.Icons.CIRCLE_OUTLINED
    chip.selected = True
    chip.on_select(Event(chip))
    assert chip.leading.icon == ft.Icons.CHECK_CIRCLE and chip.data in form.draft["feelings"]
    assert chip.show_checkmark is False  # a mark in place, not one added beside the word


def test_today_s_reflection_button_changes_once_reflected(ctx, trellis):
    from app.models import ResilienceCheckin
    from views import today

    def labels(screen):
        return [c.content for c in walk(screen) if isinstance(c, BUTTONS)]

    assert ctx.words("today.reflection_start") in labels(today.build(ctx))
    trellis.checkins.save_resilience(ResilienceCheckin(week=week_start(TODAY)))
    shown_now = labels(today.build(ctx))
    assert ctx.words("today.reflection_start") not in shown_now and ctx.words("today.reflection_edit") in shown_now


def test_today_s_idea_does_not_repeat_what_was_just_logged(ctx, trellis):
    from app import ideas
    from views import today

    idea = ctx.content.idea_for(TODAY)
    links = {**ideas.default_links(), idea: ("water",)}  # today's idea, tied to "Drank water"
    monkey = pytest.MonkeyPatch()
    monkey.setattr(ideas, "default_links", lambda: links)
    try:
        assert idea in shown(today.build(ctx))
        trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, care=["Drank water"]))
        assert idea not in shown(today.build(ctx))
    finally:
        monkey.undo()


@pytest.mark.parametrize("height, pinned", [(860, True), (400, False), (None, True)])
def test_save_stays_below_the_form_unless_the_window_is_short(ctx, height, pinned):
    # 400 px high: a 1280x800 window at 200% zoom; the pinned buttons would
    # leave the form a strip between them and the tab bar.
    ctx.page.height = height
    view = checkin.build(ctx)
    scrolling = next(c for c in walk(view) if isinstance(c, ft.Column) and c.scroll == ft.ScrollMode.AUTO)
    inside = any(isinstance(c, ft.FilledButton) and c.content == ctx.words("checkins.save") for c in walk(scrolling))
    assert inside is not pinned
    assert any(isinstance(c, ft.FilledButton) and c.content == ctx.words("checkins.save") for c in walk(view))
