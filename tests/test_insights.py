"""app/insights.py: averages by day, week and month, feelings over time and
"on days you did X" comparisons, computed by hand here for small cases and
checked against brute force with hypothesis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings, strategies as st

from app import insights as ins

END = dt.date(2026, 3, 12)  # a Thursday


@dataclass
class C:
    day: dt.date
    mood: int | None = None
    energy: int | None = None
    sleep: int | None = None
    stress: int | None = None
    feelings: list = field(default_factory=list)
    care: list = field(default_factory=list)


def days_ago(n: int) -> dt.date:
    return END - dt.timedelta(days=n)


def test_ranges_and_buckets():
    assert ins.range_start("7", END, None) == days_ago(6)
    assert ins.range_start("365", END, None) == days_ago(364)
    assert ins.range_start("all", END, dt.date(2016, 1, 5)) == dt.date(2016, 1, 5)
    assert ins.range_start("all", END, None) == END
    with pytest.raises(ValueError):
        ins.range_start("2", END, None)
    assert ins.bucket_for(days_ago(29), END) == "day"
    assert ins.bucket_for(days_ago(89), END) == "week"
    assert ins.bucket_for(days_ago(364), END) == "week"
    assert ins.bucket_for(dt.date(2016, 1, 1), END) == "month"


def test_weeks_count_back_from_the_last_day_and_average():
    checkins = [C(END, mood=5), C(days_ago(6), mood=3), C(days_ago(7), mood=1), C(days_ago(8), mood=2)]
    points = ins.series(checkins, days_ago(89), END, "week")["mood"]
    assert [(p.start, p.end, p.value, p.count) for p in points] == [
        (days_ago(13), days_ago(7), 1.5, 2),
        (days_ago(6), END, 4.0, 2),
    ]
    assert ins.series(checkins, days_ago(89), END, "week")["stress"] == []  # never answered: no points


def test_months_are_calendar_months_and_the_last_one_ends_today():
    checkins = [C(dt.date(2026, 1, 31), stress=4), C(dt.date(2026, 1, 1), stress=2), C(dt.date(2026, 3, 1), stress=1)]
    points = ins.series(checkins, dt.date(2020, 1, 1), END, "month")["stress"]
    assert [(p.start, p.end, p.value) for p in points] == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31), 3.0),
        (dt.date(2026, 3, 1), END, 1.0),
    ]


def test_feelings_over_time_by_period_most_named_first():
    checkins = [C(days_ago(80), feelings=["tired", "calm"]), C(days_ago(79), feelings=["tired"]),
                C(days_ago(2), feelings=["hopeful"]), C(days_ago(1), feelings=["calm", "hopeful"])]
    periods = ins.feelings_over_time(checkins, days_ago(89), END)
    assert len(periods) == 4 and periods[0].start == days_ago(89) and periods[-1].end == END
    assert periods[0].top == (("tired", 2), ("calm", 1)) and periods[0].days == 2
    assert periods[-1].top[0] == ("hopeful", 2)
    assert periods[1].top == () and periods[1].days == 0
    assert len(ins.feelings_over_time([], days_ago(6), END)) == 1  # a week is one period


def test_comparisons_need_enough_days_on_both_sides():
    walk = [C(days_ago(i), mood=4, care=["Walk"]) for i in range(5)]
    other = [C(days_ago(10 + i), mood=2) for i in range(5)]
    rare = [C(days_ago(20), mood=5, care=["Sang"])]
    no_mood = [C(days_ago(30), care=["Walk"])]  # no mood answer: not counted
    (found,) = ins.compare_care(walk + other + rare + no_mood)
    assert (found.action, found.with_days, found.with_mood, found.without_days) == ("Walk", 5, 4.0, 6)
    assert found.without_mood == round((2 * 5 + 5) / 6, 2) and found.difference > 0
    assert ins.compare_care([]) == []


def test_insights_for_all_time_start_at_the_first_check_in():
    checkins = [C(dt.date(2016, 5, 2), mood=3, care=["Walk"]), C(END, mood=4, feelings=["calm"])]
    found = ins.insights(checkins, "all", END)
    assert found.start == dt.date(2016, 5, 2) and found.bucket == "month" and found.days_checked_in == 2
    assert found.care_counts == [("Walk", 1)]
    week = ins.insights(checkins, "7", END)
    assert week.days_checked_in == 1 and week.bucket == "day" and week.days == 7


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 800), st.one_of(st.none(), st.integers(1, 5))), max_size=60),
       st.sampled_from(["day", "week", "month"]))
def test_series_matches_brute_force(raw, bucket):
    start = days_ago(800)
    checkins = [C(days_ago(n), mood=v) for n, v in raw]
    points = ins.series(checkins, start, END, bucket)["mood"]
    # Every answer lands in exactly one bucket, and each average is right.
    assert sum(p.count for p in points) == sum(1 for _, v in raw if v is not None)
    for p in points:
        values = [c.mood for c in checkins if c.mood is not None and p.start <= c.day <= p.end]
        assert len(values) == p.count and p.value == round(sum(values) / len(values), 2)
    assert [p.start for p in points] == sorted({p.start for p in points})


def test_read_rows_from_a_store_matches_the_models(tmp_path):
    from app.models import SelfCareCheckin
    from app.services import Trellis

    with Trellis.open(tmp_path / "d", today=lambda: END) as t:
        kept, _ = t.checkins.save_selfcare(SelfCareCheckin(day=days_ago(1), mood=4, feelings=["calm"], care=["Walk"]))
        gone, _ = t.checkins.save_selfcare(SelfCareCheckin(day=days_ago(2), mood=1))
        t.checkins.delete_selfcare(gone.id)
        t.checkins.save_selfcare(SelfCareCheckin(day=days_ago(40), stress=5))
        rows = ins.read_rows(t.store, days_ago(30), END)
        assert rows == [ins.Row(days_ago(1), 4, None, None, None, ("calm",), ("Walk",))]
        assert [r.day for r in ins.read_rows(t.store, None, END)] == [days_ago(40), days_ago(1)]
        found = ins.for_range(t, "all")
        assert found.start == days_ago(40) and found.days_checked_in == 2
        with pytest.raises(ValueError):
            ins.for_range(t, "12")
