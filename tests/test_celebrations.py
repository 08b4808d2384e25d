"""Celebration rules (app/celebrations.py) and Trellis.celebrate.

What is celebrated: the first check-in, 7/30/100/365 check-ins in all (never
days in a row, so gaps change nothing), coming back after a week or more,
the first goal, every milestone finished, every goal reached, the first
weekly reflection and every fourth after it (1, 5, 9...). And the promise
that makes celebrations trustworthy: each award key is given once, however
often and in whatever order the same events are replayed, and after an
export is imported into another store.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.celebrations import CHECKIN_MILESTONES, Award, Totals, due_awards, reflection_awards_up_to
from app.checkins import WELCOME_BACK_GAP_DAYS
from app.content import load_content
from app.events import Event
from app.exchange import export, import_file
from app.models import Achievement, Goal, ResilienceCheckin, SelfCareCheckin
from app.services import Trellis
from app.store import Store

START = dt.date(2026, 1, 5)  # a Monday
CONTENT = load_content()


class Clock:
    """A "today" the test moves by hand."""

    def __init__(self, day: dt.date = START):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def trellis(tmp_path, clock):
    t = Trellis(Store(tmp_path / "a"), today=clock)
    yield t
    t.close()


def keys(achievements) -> list[str]:
    return [a.key for a in achievements]


def stored_keys(t: Trellis) -> list[str]:
    return sorted(t.store.field_values(Achievement, "key", include_deleted=True))


def check_in(t: Trellis, clock: Clock, day: dt.date) -> list[Achievement]:
    """Check in on `day` (as that day's "today") and celebrate what happened."""
    clock.day = day
    _, events = t.checkins.save_selfcare(SelfCareCheckin(day=day, mood=3))
    return t.celebrate(events)


def reflect(t: Trellis, clock: Clock, day: dt.date) -> list[Achievement]:
    clock.day = day
    _, events = t.checkins.save_resilience(ResilienceCheckin(week=day, helped="A walk"))
    return t.celebrate(events)


def gappy_days(count: int, seed: int = 1, start: dt.date = START) -> list[dt.date]:
    """`count` check-in days with gaps of 1 to 12 days: never a long run in a row."""
    rng = random.Random(seed)
    days, day = [], start
    for _ in range(count):
        days.append(day)
        day += dt.timedelta(days=rng.choice((2, 2, 3, 5, 8, 12)))
    return days


# ============================================================================ pure rules


def test_nothing_happened_nothing_awarded():
    assert due_awards([], Totals(), set(), START) == []


def test_first_check_in_rule():
    (award,) = due_awards([], Totals(checkins=1), set(), START)
    assert (award.rule, award.key, award.day) == ("first_checkin", "first_checkin", START)
    assert due_awards([], Totals(checkins=1), {"first_checkin"}, START) == []


@pytest.mark.parametrize("n", CHECKIN_MILESTONES)
def test_check_in_totals_award_at_the_threshold_not_before(n):
    below = {a.key for a in due_awards([], Totals(checkins=n - 1), set(), START)}
    at = {a.key: a for a in due_awards([], Totals(checkins=n), set(), START)}
    assert f"checkins_{n}" not in below
    assert f"checkins_{n}" in at
    assert at[f"checkins_{n}"].rule == f"checkins_{n}" and at[f"checkins_{n}"].values == {"count": str(n)}


def test_the_check_in_milestones_are_7_30_100_365():
    assert CHECKIN_MILESTONES == (7, 30, 100, 365)


def test_a_big_jump_in_totals_awards_every_threshold_passed_once():
    awards = due_awards([], Totals(checkins=400), set(), START)
    assert [a.key for a in awards] == ["first_checkin", "checkins_7", "checkins_30", "checkins_100", "checkins_365"]


@pytest.mark.parametrize("total, expected", [(0, []), (1, [1]), (4, [1]), (5, [1, 5]), (8, [1, 5]), (9, [1, 5, 9]),
                                              (13, [1, 5, 9, 13])])
def test_reflections_first_and_every_fourth_after(total, expected):
    assert reflection_awards_up_to(total) == expected


@given(st.integers(min_value=0, max_value=600))
def test_reflection_counts_property(total):
    assert reflection_awards_up_to(total) == [n for n in range(1, total + 1) if n % 4 == 1]


def test_reflection_awards_name_their_rule_and_count():
    awards = due_awards([], Totals(reflections=9), set(), START)
    assert [(a.rule, a.key, a.values) for a in awards] == [
        ("first_reflection", "reflections_1", {"count": "1"}),
        ("reflection_every_4", "reflections_5", {"count": "5"}),
        ("reflection_every_4", "reflections_9", {"count": "9"}),
    ]


def test_event_awards_carry_their_day_subject_and_detail():
    ms = Event(name="milestone_done", record_id="a" * 32, day=START, detail={"milestone": "M", "goal": "G"})
    back = Event(name="welcome_back", record_id="b" * 32, day=START + dt.timedelta(days=1))
    reached = Event(name="goal_achieved", record_id="c" * 32, day=START, detail={"goal": "G"})
    kind = Event(name="encouragement_received", record_id="d" * 32, day=START)
    awards = due_awards([ms, back, reached, kind], Totals(), set(), START + dt.timedelta(days=5))
    assert awards == [
        Award("milestone_done", f"milestone_done:{'a' * 32}", START, "a" * 32, {"milestone": "M", "goal": "G"}),
        Award("welcome_back", f"welcome_back:{back.day.isoformat()}", back.day, "b" * 32),
        Award("goal_achieved", f"goal_achieved:{'c' * 32}", START, "c" * 32, {"goal": "G"}),
        Award("encouragement_received", f"encouragement:{'d' * 32}", START, "d" * 32),
    ]


def test_events_that_are_not_moments_award_nothing_by_themselves():
    quiet = [Event(name=n, record_id="e" * 32, day=START) for n in ("checkin_saved", "goal_created", "reflection_saved",
                                                                    "review_saved", "something_new")]
    assert due_awards(quiet, Totals(), set(), START) == []


def test_first_goal_and_first_review_rules():
    awards = {a.key for a in due_awards([], Totals(goals=3, reviews=1), set(), START)}
    assert awards == {"first_goal", "first_pair_review"}


# ---- properties of the pure rules ------------------------------------------------

IDS = [c * 32 for c in "0123456789"]
DAYS = [START + dt.timedelta(days=i) for i in range(20)]


@st.composite
def events(draw):
    name = draw(st.sampled_from(["welcome_back", "milestone_done", "goal_achieved", "encouragement_received",
                                 "checkin_saved", "goal_created", "reflection_saved"]))
    detail = {"milestone": "A step", "goal": "A goal"} if name == "milestone_done" else (
        {"goal": "A goal"} if name == "goal_achieved" else {})
    return Event(name=name, record_id=draw(st.sampled_from(IDS)), day=draw(st.sampled_from(DAYS)), detail=detail)


totals_strategy = st.builds(Totals, checkins=st.integers(0, 400), reflections=st.integers(0, 40),
                            goals=st.integers(0, 3), reviews=st.integers(0, 2))


@given(st.lists(events(), max_size=25), totals_strategy, st.sets(st.text(min_size=1, max_size=12), max_size=5))
def test_due_awards_are_unique_and_never_already_awarded(evs, totals, awarded):
    due = due_awards(evs, totals, awarded, START)
    assert len({a.key for a in due}) == len(due)
    assert not {a.key for a in due} & awarded


@given(st.lists(events(), max_size=20), totals_strategy, st.randoms(use_true_random=False),
       st.integers(min_value=1, max_value=4))
def test_replaying_in_any_order_gives_each_key_once(evs, totals, rng, times):
    once = {a.key for a in due_awards(evs, totals, set(), START)}
    replay = [e for e in evs for _ in range(times)]
    rng.shuffle(replay)
    awarded: set[str] = set()
    given_out: list[str] = []
    # Feed the replay in random slices, carrying over what was awarded, as the app does.
    while replay:
        cut = rng.randint(0, len(replay))
        batch, replay = replay[:cut], replay[cut:]
        new = [a.key for a in due_awards(batch, totals, awarded, START)]
        given_out += new
        awarded |= set(new)
    given_out += [a.key for a in due_awards([], totals, awarded, START)]
    assert len(given_out) == len(set(given_out))  # never twice
    assert set(given_out) == once  # and the same awards, whatever the order


# ============================================================================ Trellis.celebrate


def test_first_check_in_is_celebrated_once(trellis, clock):
    first = check_in(trellis, clock, START)
    assert keys(first) == ["first_checkin"]
    win = first[0]
    assert (win.rule, win.day, win.title, win.message) == (
        "first_checkin", START, CONTENT.celebrations.first_checkin.title, CONTENT.celebrations.first_checkin.message)
    assert keys(check_in(trellis, clock, START + dt.timedelta(days=1))) == []
    assert trellis.store.get(Achievement, win.id).key == "first_checkin"  # saved, not only returned


def test_editing_a_day_check_in_is_not_a_new_check_in(trellis, clock):
    check_in(trellis, clock, START)
    for _ in range(8):
        assert check_in(trellis, clock, START) == []  # same day: the check-in is edited
    assert trellis.checkins.total() == 1
    assert stored_keys(trellis) == ["first_checkin"]


def test_check_in_totals_are_counted_in_all_not_in_a_row(trellis, clock):
    days = gappy_days(365)
    awarded_at: dict[str, int] = {}
    for number, day in enumerate(days, start=1):
        for win in check_in(trellis, clock, day):
            awarded_at[win.key] = number
            if win.rule.startswith("checkins_"):
                assert win.day == day
                count = win.rule.split("_")[1]
                assert count in win.title and count in win.message
    assert {k: v for k, v in awarded_at.items() if "checkin" in k} == {
        "first_checkin": 1, "checkins_7": 7, "checkins_30": 30, "checkins_100": 100, "checkins_365": 365}
    assert all((b - a).days >= 2 for a, b in zip(days, days[1:]))  # not two days in a row, ever


def test_welcome_back_after_a_week_or_more(trellis, clock):
    assert keys(check_in(trellis, clock, START)) == ["first_checkin"]
    six = START + dt.timedelta(days=WELCOME_BACK_GAP_DAYS - 1)
    assert keys(check_in(trellis, clock, six)) == []  # six days: no gap to speak of
    seven = six + dt.timedelta(days=WELCOME_BACK_GAP_DAYS)
    back = check_in(trellis, clock, seven)
    assert keys(back) == [f"welcome_back:{seven.isoformat()}"]
    assert back[0].rule == "welcome_back" and back[0].day == seven
    assert back[0].subject_id == trellis.checkins.for_day(seven).id
    assert check_in(trellis, clock, seven) == []  # the same day again: once
    much_later = seven + dt.timedelta(days=40)
    assert keys(check_in(trellis, clock, much_later)) == [f"welcome_back:{much_later.isoformat()}"]
    assert WELCOME_BACK_GAP_DAYS == 7


def test_a_check_in_added_later_is_welcomed_back_on_its_own_day(trellis, clock):
    check_in(trellis, clock, START)
    late = START + dt.timedelta(days=10)
    clock.day = late + dt.timedelta(days=2)  # filled in two days afterwards
    _, events = trellis.checkins.save_selfcare(SelfCareCheckin(day=late))
    (win,) = trellis.celebrate(events)
    assert (win.key, win.day) == (f"welcome_back:{late.isoformat()}", late)


def test_the_first_ever_check_in_is_not_a_welcome_back(trellis, clock):
    clock.day = START + dt.timedelta(days=100)
    assert [a.rule for a in check_in(trellis, clock, clock.day)] == ["first_checkin"]


def test_first_goal_is_celebrated_once(trellis):
    goal, events = trellis.goals.save_goal(Goal(title="Walk more"))
    assert [e.name for e in events] == ["goal_created"]
    assert keys(trellis.celebrate(events)) == ["first_goal"]
    _, events = trellis.goals.save_goal(Goal(title="Read more"))
    assert trellis.celebrate(events) == []


def test_every_milestone_finished_is_celebrated_with_its_names(trellis, clock):
    goal, events = trellis.goals.save_goal(Goal(title="Learn to drive"))
    trellis.celebrate(events)
    steps = [trellis.goals.add_milestone(goal.id, title) for title in ("Book a lesson", "Theory test", "First drive")]
    for i, step in enumerate(steps):
        clock.day = START + dt.timedelta(days=i)
        _, events = trellis.goals.set_done(step.id)
        (win,) = trellis.celebrate(events)
        assert (win.rule, win.key, win.subject_id, win.day) == (
            "milestone_done", f"milestone_done:{step.id}", step.id, clock.day)
        assert step.title in win.message and "Learn to drive" in win.message
    # Undone and done again: the moment was already celebrated.
    trellis.goals.set_done(steps[0].id, False)
    _, events = trellis.goals.set_done(steps[0].id)
    assert [e.name for e in events] == ["milestone_done"]
    assert trellis.celebrate(events) == []
    assert len([k for k in stored_keys(trellis) if k.startswith("milestone_done:")]) == 3


def test_a_goal_reached_is_celebrated_once(trellis):
    goal, events = trellis.goals.save_goal(Goal(title="Save a little"))
    trellis.celebrate(events)
    _, events = trellis.goals.set_status(goal.id, "achieved")
    (win,) = trellis.celebrate(events)
    assert (win.rule, win.key, win.subject_id) == ("goal_achieved", f"goal_achieved:{goal.id}", goal.id)
    assert "Save a little" in win.message
    trellis.goals.set_status(goal.id, "paused")
    _, events = trellis.goals.set_status(goal.id, "achieved")
    assert [e.name for e in events] == ["goal_achieved"]
    assert trellis.celebrate(events) == []


def test_a_goal_let_go_or_paused_is_never_called_reached(trellis):
    goal, events = trellis.goals.save_goal(Goal(title="Run a marathon"))
    trellis.celebrate(events)
    for status in ("paused", "let_go", "active"):
        _, events = trellis.goals.set_status(goal.id, status)
        assert trellis.celebrate(events) == []
    assert not [k for k in stored_keys(trellis) if k.startswith("goal_achieved")]


def test_first_reflection_and_every_fourth_after_it(trellis, clock):
    celebrated = {}
    for n in range(1, 14):
        for win in reflect(trellis, clock, START + dt.timedelta(weeks=n - 1)):
            celebrated[n] = (win.rule, win.key)
            if n > 1:
                assert str(n) in win.title and str(n) in win.message
    assert celebrated == {
        1: ("first_reflection", "reflections_1"),
        5: ("reflection_every_4", "reflections_5"),
        9: ("reflection_every_4", "reflections_9"),
        13: ("reflection_every_4", "reflections_13"),
    }
    # A second reflection in the same week edits it: no new count, nothing new.
    assert reflect(trellis, clock, START + dt.timedelta(weeks=12, days=3)) == []


def test_one_call_can_award_several_things_each_once(trellis, clock):
    goal, goal_events = trellis.goals.save_goal(Goal(title="G"))
    step = trellis.goals.add_milestone(goal.id, "S")
    _, done = trellis.goals.set_done(step.id)
    clock.day = START
    _, checkin_events = trellis.checkins.save_selfcare(SelfCareCheckin(day=START))
    new = trellis.celebrate(goal_events + done + done + checkin_events)
    assert sorted(keys(new)) == sorted(["first_checkin", "first_goal", f"milestone_done:{step.id}"])
    assert trellis.celebrate(goal_events + done + checkin_events) == []


def test_a_deleted_achievement_is_not_given_again(trellis, clock):
    (win,) = check_in(trellis, clock, START)
    trellis.store.delete(Achievement, win.id)
    assert check_in(trellis, clock, START + dt.timedelta(days=1)) == []


# ---- replaying real events -------------------------------------------------------


def record_history(t: Trellis, clock: Clock) -> list[Event]:
    """A small real history (check-ins with gaps, goals, milestones, reflections);
    returns every event the services reported, in order."""
    history: list[Event] = []
    for day in gappy_days(12, seed=3):
        clock.day = day
        _, ev = t.checkins.save_selfcare(SelfCareCheckin(day=day, mood=4))
        history += ev
    for n in range(6):
        clock.day = START + dt.timedelta(weeks=n)
        _, ev = t.checkins.save_resilience(ResilienceCheckin(week=clock.day))
        history += ev
    goal, ev = t.goals.save_goal(Goal(title="Cook at home"))
    history += ev
    for title in ("Buy a pan", "Cook once", "Cook three times"):
        step = t.goals.add_milestone(goal.id, title)
        _, ev = t.goals.set_done(step.id)
        history += ev
    _, ev = t.goals.set_status(goal.id, "achieved")
    history += ev
    return history


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=4))
def test_replaying_real_events_any_number_of_times_in_any_order_awards_once(rng, times):
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        with Trellis(Store(Path(tmp) / "s"), today=clock) as t:
            history = record_history(t, clock)
            assert {e.name for e in history} >= {"checkin_saved", "welcome_back", "reflection_saved", "goal_created",
                                                 "milestone_done", "goal_achieved"}
            first = keys(t.celebrate(history))
            assert len(first) == len(set(first))
            expected = {"first_checkin", "checkins_7", "first_goal", "reflections_1", "reflections_5"}
            assert expected <= set(first)
            assert len([k for k in first if k.startswith("milestone_done:")]) == 3
            assert len([k for k in first if k.startswith("goal_achieved:")]) == 1
            assert any(k.startswith("welcome_back:") for k in first)
            replay = history * times
            rng.shuffle(replay)
            while replay:
                cut = rng.randint(1, len(replay))
                assert t.celebrate(replay[:cut]) == []
                replay = replay[cut:]
            stored = stored_keys(t)
            assert len(stored) == len(set(stored)) == len(first)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), max_size=15), st.randoms(use_true_random=False))
def test_celebrating_in_any_order_gives_the_same_awards_once(evs, rng):
    # Two stores see the same events in different orders and slices: same keys, each once.
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for name in ("one", "two"):
            order = list(evs) * 2
            rng.shuffle(order)
            with Trellis(Store(Path(tmp) / name), today=Clock()) as t:
                while order:
                    cut = rng.randint(1, len(order))
                    t.celebrate(order[:cut])
                    order = order[cut:]
                t.celebrate([])
                stored = stored_keys(t)
                assert len(stored) == len(set(stored))
                results.append(set(stored))
        assert results[0] == results[1] == {a.key for a in due_awards(evs, Totals(), set(), START)}


# ---- export and import -----------------------------------------------------------


def test_importing_an_export_into_a_second_store_awards_nothing_twice(tmp_path, clock):
    file = tmp_path / "export.json"
    with Trellis(Store(tmp_path / "a"), today=clock) as a:
        history = record_history(a, clock)
        given_in_a = keys(a.celebrate(history))
        export(a.store, file)
    with Trellis(Store(tmp_path / "b"), today=clock) as b:
        import_file(b.store, file)
        assert b.celebrate([]) == []  # the totals are all there, and so are their awards
        assert b.celebrate(history) == []  # the same events replayed here
        import_file(b.store, file)  # and imported again
        assert b.celebrate(history) == []
        stored = stored_keys(b)
        assert sorted(given_in_a) == stored
        assert len(stored) == len(set(stored))


def test_two_stores_with_their_own_awards_merge_without_repeats(tmp_path):
    # Both had a first check-in (two records, one key); after the import the
    # second store awards nothing again and shows one win per key.
    clock_a, clock_b = Clock(START), Clock(START + dt.timedelta(days=3))
    file = tmp_path / "a.json"
    with Trellis(Store(tmp_path / "a"), today=clock_a) as a:
        for day in gappy_days(8, seed=5):
            check_in(a, clock_a, day)
        export(a.store, file)
        a_keys = set(stored_keys(a))
    with Trellis(Store(tmp_path / "b"), today=clock_b) as b:
        check_in(b, clock_b, clock_b.day)
        import_file(b.store, file)
        assert b.celebrate([]) == []
        assert set(stored_keys(b)) == a_keys | {"first_checkin"}
        assert stored_keys(b).count("first_checkin") == 2  # one from each store...
        assert [w.key for w in b.wins()].count("first_checkin") == 1  # ...shown once
        clock_b.day = START + dt.timedelta(days=200)
        _, ev = b.checkins.save_selfcare(SelfCareCheckin(day=clock_b.day))
        new = b.celebrate(ev)  # the next check-in: only what is really new
        assert keys(new) == [f"welcome_back:{clock_b.day.isoformat()}"]


def test_an_award_withdrawn_on_one_device_is_not_given_again_after_import(tmp_path, clock):
    file = tmp_path / "a.json"
    with Trellis(Store(tmp_path / "a"), today=clock) as a:
        (win,) = check_in(a, clock, START)
        a.store.delete(Achievement, win.id)
        export(a.store, file)
    with Trellis(Store(tmp_path / "b"), today=clock) as b:
        import_file(b.store, file)
        assert b.celebrate([]) == []
        assert b.wins() == []
