"""What the check-ins show over time: pure computations for the trends screen.

Given the check-ins (any objects with day, mood, energy, sleep, stress,
feelings and care) and a range, this module says:
- the average of each measure per day, per week or per month (longer ranges
  are averaged so that a phone can show them and the eye can follow them);
- which feeling words came most often, period by period;
- for each self-care action: the average mood on days it was done and on
  other check-in days, with the number of days behind each. These are
  things that went together, not causes, and the screen says so.

No Flet, and the computations take plain values. `for_range` reads a
range's check-ins for them straight from the store's documents (the fields
it needs, no models): ten years of check-ins are 3,650 documents, and
building a validated model of each costs more than everything else here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Literal, Protocol, Sequence

MEASURES = ("mood", "energy", "sleep", "stress")
RANGES: dict[str, int | None] = {"7": 7, "30": 30, "90": 90, "365": 365, "all": None}
Bucket = Literal["day", "week", "month"]

MIN_DAYS = 5  # a comparison needs at least this many days on each side
COMPARISONS_SHOWN = 5
FEELING_PERIODS = 4  # feelings over time: the range in up to four periods
FEELINGS_PER_PERIOD = 3


class CheckinLike(Protocol):
    day: dt.date
    mood: int | None
    energy: int | None
    sleep: int | None
    stress: int | None
    feelings: Sequence[str]
    care: Sequence[str]


@dataclass(frozen=True, slots=True)
class Row:
    """The fields of one check-in these computations use."""

    day: dt.date
    mood: int | None
    energy: int | None
    sleep: int | None
    stress: int | None
    feelings: tuple[str, ...]
    care: tuple[str, ...]


def _score(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


def read_rows(store, start: dt.date | None, end: dt.date) -> list[Row]:
    """The check-ins in [start, end] (from the first if start is None), oldest first.

    The store's `where` sees each stored document of the range once; the
    fields are taken there and no model is built (they were validated when
    saved). A document with an unreadable day is left out."""
    from .models import SelfCareCheckin  # the kind and its date field

    rows: list[Row] = []

    def take(doc: dict) -> bool:
        try:
            day = dt.date.fromisoformat(doc["day"])
        except (KeyError, TypeError, ValueError):
            return False
        rows.append(Row(day, _score(doc.get("mood")), _score(doc.get("energy")), _score(doc.get("sleep")),
                        _score(doc.get("stress")), tuple(doc.get("feelings") or ()), tuple(doc.get("care") or ())))
        return False  # taken here: nothing for the store to build

    store.list(SelfCareCheckin, start=start, end=end, where=take)
    rows.sort(key=lambda r: r.day)
    return rows


@dataclass(frozen=True)
class Point:
    """The average of one measure over one day, week or month (`count` answers)."""

    start: dt.date
    end: dt.date
    value: float
    count: int


@dataclass(frozen=True)
class FeelingPeriod:
    start: dt.date
    end: dt.date
    top: tuple[tuple[str, int], ...]  # the words named most often, with how often
    days: int  # check-ins in the period


@dataclass(frozen=True)
class Comparison:
    """Mood on days an action was done, and on the other check-in days."""

    action: str
    with_days: int
    with_mood: float
    without_days: int
    without_mood: float

    @property
    def difference(self) -> float:
        return self.with_mood - self.without_mood


@dataclass
class Insights:
    range_key: str
    start: dt.date
    end: dt.date
    bucket: Bucket
    days_checked_in: int
    series: dict[str, list[Point]] = field(default_factory=dict)
    care_counts: list[tuple[str, int]] = field(default_factory=list)
    feelings: list[FeelingPeriod] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def range_start(range_key: str, today: dt.date, first_day: dt.date | None) -> dt.date:
    """The first day of a range: `days` back from today, or the first check-in for "all"."""
    if range_key not in RANGES:
        raise ValueError(f"unknown range {range_key!r}")
    days = RANGES[range_key]
    if days is None:
        return min(first_day or today, today)
    return today - dt.timedelta(days=days - 1)


def bucket_for(start: dt.date, end: dt.date) -> Bucket:
    """Day by day up to a month, weekly up to a year, monthly beyond."""
    span = (end - start).days + 1
    if span <= 31:
        return "day"
    if span <= 366:
        return "week"
    return "month"


def bucket_start(day: dt.date, bucket: Bucket, end: dt.date) -> dt.date:
    """Weeks are counted back from the last day, so every week but the oldest is whole."""
    if bucket == "day":
        return day
    if bucket == "week":
        back = (end - day).days // 7
        return end - dt.timedelta(days=7 * back + 6)
    return day.replace(day=1)


def _bucket_end(first: dt.date, bucket: Bucket, end: dt.date) -> dt.date:
    if bucket == "day":
        return first
    if bucket == "week":
        return min(first + dt.timedelta(days=6), end)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return min(following - dt.timedelta(days=1), end)


def series(checkins: Iterable[CheckinLike], start: dt.date, end: dt.date, bucket: Bucket) -> dict[str, list[Point]]:
    """The average of each measure per bucket, oldest first; buckets without an answer are left out."""
    sums: dict[str, dict[dt.date, list[int]]] = {m: defaultdict(lambda: [0, 0]) for m in MEASURES}
    for c in checkins:
        if not start <= c.day <= end:
            continue
        first = bucket_start(c.day, bucket, end)
        for m in MEASURES:
            value = getattr(c, m)
            if value is not None:
                cell = sums[m][first]
                cell[0] += value
                cell[1] += 1
    out: dict[str, list[Point]] = {}
    for m in MEASURES:
        out[m] = [
            Point(first, _bucket_end(first, bucket, end), round(total / count, 2), count)
            for first, (total, count) in sorted(sums[m].items())
        ]
    return out


def feelings_over_time(checkins: Sequence[CheckinLike], start: dt.date, end: dt.date,
                       periods: int = FEELING_PERIODS, top: int = FEELINGS_PER_PERIOD) -> list[FeelingPeriod]:
    """The range cut into up to `periods` equal parts (fewer for short ranges), with
    the feeling words named most often in each; ties go to the word named last."""
    span = (end - start).days + 1
    parts = max(1, min(periods, span // 7 or 1))
    size = -(-span // parts)  # ceiling: the last part may be shorter
    counts = [Counter() for _ in range(parts)]
    last_seen: list[dict[str, dt.date]] = [{} for _ in range(parts)]
    days = [0] * parts
    for c in checkins:
        if not start <= c.day <= end:
            continue
        i = min((c.day - start).days // size, parts - 1)
        days[i] += 1
        for word in c.feelings:
            counts[i][word] += 1
            last_seen[i][word] = max(c.day, last_seen[i].get(word, c.day))
    out = []
    for i in range(parts):
        first = start + dt.timedelta(days=i * size)
        last = min(first + dt.timedelta(days=size - 1), end)
        ranked = sorted(counts[i].items(), key=lambda kv: (-kv[1], -last_seen[i][kv[0]].toordinal(), kv[0]))
        out.append(FeelingPeriod(first, last, tuple(ranked[:top]), days[i]))
    return out


def compare_care(checkins: Iterable[CheckinLike], min_days: int = MIN_DAYS,
                 shown: int = COMPARISONS_SHOWN) -> list[Comparison]:
    """For each self-care action: average mood on check-in days with it and without it.

    Only days with a mood answer count; an action needs `min_days` on both
    sides to be compared. The actions done most often come first (they rest
    on the most days), not the biggest differences: a large gap on few days
    is the least trustworthy."""
    total_days = total_mood = 0
    with_sum: dict[str, int] = defaultdict(int)
    with_days: dict[str, int] = defaultdict(int)
    for c in checkins:
        mood = c.mood
        if mood is None:
            continue
        total_days += 1
        total_mood += mood
        for action in set(c.care):
            with_sum[action] += mood
            with_days[action] += 1
    if not total_days:
        return []
    out = []
    for action, n in with_days.items():
        rest = total_days - n
        if n < min_days or rest < min_days:
            continue
        out.append(Comparison(action, n, round(with_sum[action] / n, 2), rest,
                              round((total_mood - with_sum[action]) / rest, 2)))
    out.sort(key=lambda c: (-c.with_days, c.action))
    return out[:shown]


def insights(checkins: Sequence[CheckinLike], range_key: str, today: dt.date,
             first_day: dt.date | None = None) -> Insights:
    """Everything the trends screen shows for one range. `checkins` may hold more
    than the range (they are filtered); `first_day` is the first check-in ever,
    for "all" (default: the first one given)."""
    if first_day is None and checkins:
        first_day = min(c.day for c in checkins)
    start = range_start(range_key, today, first_day)
    inside = [c for c in checkins if start <= c.day <= today]
    bucket = bucket_for(start, today)
    care = Counter(action for c in inside for action in c.care)
    return Insights(
        range_key=range_key,
        start=start,
        end=today,
        bucket=bucket,
        days_checked_in=len({c.day for c in inside}),
        series=series(inside, start, today, bucket),
        care_counts=care.most_common(),
        feelings=feelings_over_time(inside, start, today),
        comparisons=compare_care(inside),
    )


def for_range(trellis, range_key: str) -> Insights:
    """The insights of one range of the person's check-ins, up to today."""
    today = trellis.today()
    days = RANGES.get(range_key, 0)
    if days == 0:
        raise ValueError(f"unknown range {range_key!r}")
    start = None if days is None else today - dt.timedelta(days=days - 1)
    return insights(read_rows(trellis.store, start, today), range_key, today)
