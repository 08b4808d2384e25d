"""Celebration rules: what a person did, turned into achievements exactly once.

Pure functions, no storage: given what just happened (events), a few totals
and the keys already awarded, say which awards are due. Each award has a key
that names what it is for ("checkins_30", "milestone_done:<id>"), and a key
is awarded once, however often the same events are replayed or imported.
Totals count check-ins in all, never in a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .events import Event

CHECKIN_MILESTONES = (7, 30, 100, 365)
REFLECTION_EVERY = 4


@dataclass(frozen=True)
class Totals:
    checkins: int = 0
    reflections: int = 0
    goals: int = 0
    reviews: int = 0


@dataclass(frozen=True)
class Award:
    rule: str
    key: str
    day: dt.date
    subject_id: str | None = None
    values: dict[str, str] = field(default_factory=dict)


def reflection_awards_up_to(total: int) -> list[int]:
    """Reflection counts that earn a moment: the first, then every fourth after it (5, 9, 13…)."""
    return [n for n in range(1, total + 1) if n == 1 or (n - 1) % REFLECTION_EVERY == 0]


def _count_awards(totals: Totals, day: dt.date) -> list[Award]:
    awards = []
    if totals.checkins >= 1:
        awards.append(Award("first_checkin", "first_checkin", day))
    for n in CHECKIN_MILESTONES:
        if totals.checkins >= n:
            awards.append(Award(f"checkins_{n}", f"checkins_{n}", day, values={"count": str(n)}))
    for n in reflection_awards_up_to(totals.reflections):
        rule = "first_reflection" if n == 1 else "reflection_every_4"
        awards.append(Award(rule, f"reflections_{n}", day, values={"count": str(n)}))
    if totals.goals >= 1:
        awards.append(Award("first_goal", "first_goal", day))
    if totals.reviews >= 1:
        awards.append(Award("first_pair_review", "first_pair_review", day))
    return awards


def _event_awards(event: Event) -> list[Award]:
    if event.name == "welcome_back":
        return [Award("welcome_back", f"welcome_back:{event.day.isoformat()}", event.day, event.record_id)]
    if event.name == "milestone_done":
        return [Award("milestone_done", f"milestone_done:{event.record_id}", event.day, event.record_id, dict(event.detail))]
    if event.name == "goal_achieved":
        return [Award("goal_achieved", f"goal_achieved:{event.record_id}", event.day, event.record_id, dict(event.detail))]
    if event.name == "encouragement_received":
        return [Award("encouragement_received", f"encouragement:{event.record_id}", event.day, event.record_id)]
    return []


def due_awards(events: list[Event], totals: Totals, awarded: set[str], day: dt.date) -> list[Award]:
    """Awards earned now and never given before, in the order they happened."""
    candidates: list[Award] = []
    for event in events:
        candidates += _event_awards(event)
    candidates += _count_awards(totals, day)
    due, seen = [], set(awarded)
    for award in candidates:
        if award.key not in seen:
            seen.add(award.key)
            due.append(award)
    return due
