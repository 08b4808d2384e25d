"""What the check-ins show over time: pure computations for the trends screen.

Given the check-ins (any objects with day, mood, energy, sleep, stress,
feelings and care) and a range, this module says:
- the average of each measure per day, per week or per month (longer ranges
  are averaged so that a phone can show them and the eye can follow them);
- which feeling words came most often, period by period;
- for each self-care action: the average mood on days it was done and on
  other check-in days, with the number of days behind each. These are
  things that went together, not causes, and the screen says so.

No storage, no Flet: one pass over the check-ins, so ten years cost a few
milliseconds; the caller reads only the range it needs.
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
    moods: list[tuple[int, frozenset[str]]] = [(c.mood, frozenset(c.care)) for c in checkins if c.mood is not None]
    if not moods:
        return []
    total_days = len(moods)
    total_mood = sum(m for m, _ in moods)
    with_sum: Counter = Counter()
    with_days: Counter = Counter()
    for mood, actions in moods:
        for action in actions:
            with_sum[action] += mood
            with_days[action] += 1
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
