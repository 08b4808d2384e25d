"""Daily self-care and weekly resilience check-ins.

One self-care check-in per day (saving again edits that day's), one weekly
reflection per week. Consistency is counted as days checked in this month,
never as a run of days that can end; a gap of a week or more is met with a
welcome back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Callable

from pydantic import BaseModel

from .events import Event
from .models import ResilienceCheckin, SelfCareCheckin
from .store import Store

WELCOME_BACK_GAP_DAYS = 7
MEASURES = ("mood", "energy", "sleep", "stress")
# What a person answers (the rest of a check-in is the day, sharing and the store's own fields).
SELFCARE_ANSWERS = (*MEASURES, "feelings", "care", "note")
RESILIENCE_ANSWERS = ("challenge", "helped", "strength", "supporters", "bounce_back", "next_step")


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class TrendPoint(BaseModel):
    day: dt.date
    value: int | None


class Trends(BaseModel):
    days: int
    start: dt.date
    end: dt.date
    series: dict[str, list[TrendPoint]]  # one point per check-in, per measure
    care_counts: list[tuple[str, int]]  # most often done first
    days_checked_in: int


class CheckinService:
    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today):
        self.store = store
        self.today = today

    # ---- self-care -------------------------------------------------------
    def for_day(self, day: dt.date) -> SelfCareCheckin | None:
        found = self.store.list(SelfCareCheckin, start=day, end=day)
        return found[-1] if found else None

    def last_before(self, day: dt.date) -> SelfCareCheckin | None:
        found = self.store.list(SelfCareCheckin, end=day - dt.timedelta(days=1), newest=1)
        return found[-1] if found else None

    def welcome_back_due(self, day: dt.date | None = None) -> bool:
        """True when the last check-in before `day` was a week or more ago."""
        day = day or self.today()
        previous = self.last_before(day)
        return previous is not None and (day - previous.day).days >= WELCOME_BACK_GAP_DAYS

    def save_selfcare(self, checkin: SelfCareCheckin) -> tuple[SelfCareCheckin, list[Event]]:
        """Save (or edit) the check-in of its day; returns it and what happened.

        When the day has a check-in already, its answers are changed to this
        copy's (one check-in per day; sharing is left as it was)."""
        answers = checkin.model_dump(include=set(SELFCARE_ANSWERS))
        return self.answer_selfcare(checkin.day, answers, new=checkin)

    def answer_selfcare(
        self, day: dt.date, answers: dict, new: SelfCareCheckin | None = None
    ) -> tuple[SelfCareCheckin, list[Event]]:
        """Set the given answers on the check-in of `day` (made if there is none)."""
        unknown = set(answers) - set(SELFCARE_ANSWERS)
        if unknown:
            raise ValueError(f"not a check-in answer: {', '.join(sorted(unknown))}")
        existing = self.for_day(day)
        if existing is not None:
            return self.store.patch(SelfCareCheckin, existing.id, answers), []
        welcome_back = self.welcome_back_due(day)
        base = new.model_dump() if new is not None else {}
        saved = self.store.save(SelfCareCheckin.model_validate({**base, **answers, "day": day}))
        events = [Event(name="checkin_saved", record_id=saved.id, day=saved.day)]
        if welcome_back:
            events.append(Event(name="welcome_back", record_id=saved.id, day=saved.day))
        return saved, events

    def delete_selfcare(self, checkin_id: str) -> SelfCareCheckin:
        """Delete a day's check-in, keeping a tombstone so no sync or import brings it back."""
        return self.store.delete(SelfCareCheckin, checkin_id)

    def history(self, start: dt.date | None = None, end: dt.date | None = None) -> list[SelfCareCheckin]:
        return self.store.list(SelfCareCheckin, start=start, end=end)

    def recent(self, count: int) -> list[SelfCareCheckin]:
        return self.store.list(SelfCareCheckin, end=self.today(), newest=count)

    def days_this_month(self, day: dt.date | None = None) -> int:
        day = day or self.today()
        found = self.store.list(SelfCareCheckin, start=day.replace(day=1), end=day)
        return len({c.day for c in found})

    def total(self) -> int:
        return self.store.count(SelfCareCheckin)

    def support_offer_due(self, dismissed_on: dt.date | None) -> bool:
        """The last three check-ins all show very low mood or very high stress,
        and the offer was not put aside since the latest of them."""
        last = self.recent(3)
        if len(last) < 3:
            return False
        if dismissed_on is not None and dismissed_on >= last[-1].day:
            return False
        return all(c.mood == 1 or c.stress == 5 for c in last)

    def trends(self, days: int) -> Trends:
        end = self.today()
        start = end - dt.timedelta(days=days - 1)
        found = self.history(start, end)
        series = {m: [TrendPoint(day=c.day, value=getattr(c, m)) for c in found] for m in MEASURES}
        care = Counter(action for c in found for action in c.care)
        return Trends(
            days=days,
            start=start,
            end=end,
            series=series,
            care_counts=care.most_common(),
            days_checked_in=len({c.day for c in found}),
        )

    # ---- weekly resilience -----------------------------------------------
    def reflection_for_week(self, day: dt.date) -> ResilienceCheckin | None:
        monday = week_start(day)
        found = self.store.list(ResilienceCheckin, start=monday, end=monday)
        return found[-1] if found else None

    def save_resilience(self, reflection: ResilienceCheckin) -> tuple[ResilienceCheckin, list[Event]]:
        """Save (or edit) the reflection of its week (see answer_resilience)."""
        answers = reflection.model_dump(include=set(RESILIENCE_ANSWERS))
        return self.answer_resilience(reflection.week, answers, new=reflection)

    def answer_resilience(
        self, day: dt.date, answers: dict, new: ResilienceCheckin | None = None
    ) -> tuple[ResilienceCheckin, list[Event]]:
        """Set the given answers on the reflection of the week of `day` (made if there is none)."""
        unknown = set(answers) - set(RESILIENCE_ANSWERS)
        if unknown:
            raise ValueError(f"not an answer of the weekly reflection: {', '.join(sorted(unknown))}")
        monday = week_start(day)
        existing = self.reflection_for_week(monday)
        if existing is not None:
            return self.store.patch(ResilienceCheckin, existing.id, answers), []
        base = new.model_dump() if new is not None else {}
        saved = self.store.save(ResilienceCheckin.model_validate({**base, **answers, "week": monday}))
        return saved, [Event(name="reflection_saved", record_id=saved.id, day=saved.week)]

    def reflections(self) -> list[ResilienceCheckin]:
        return self.store.list(ResilienceCheckin)
