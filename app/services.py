"""One entry point for the UI and the CLI: the open store and its services."""

from __future__ import annotations

import datetime as dt
import os
from typing import Callable

from pydantic import BaseModel

from .celebrations import Totals, due_awards
from .checkins import CheckinService
from .content import Content, load_content
from .goals import GoalService
from .learn import LearnService
from .events import Event
from .models import Achievement, Goal, Milestone, PairReview, Profile, ResilienceCheckin, SelfCareCheckin, Settings
from .paths import data_dir
from .pair import PairService
from .people import PeopleService
from .store import Store


def _today_from_env() -> Callable[[], dt.date]:
    # TRELLIS_TODAY pins "today" for demos and tests; unset means the real date.
    pinned = os.environ.get("TRELLIS_TODAY")
    if pinned:
        day = dt.date.fromisoformat(pinned)
        return lambda: day
    return dt.date.today


class TodayData(BaseModel):
    day: dt.date
    profile: Profile
    settings: Settings
    checkin: SelfCareCheckin | None
    welcome_back: bool
    days_this_month: int
    idea: str
    support_offer: bool
    next_goal: Goal | None = None
    next_milestone: Milestone | None = None
    latest_win: Achievement | None = None


class Trellis:
    def __init__(self, store: Store, today: Callable[[], dt.date] | None = None, content: Content | None = None):
        self.store = store
        self.today = today or _today_from_env()
        self.content = content or load_content()
        self.checkins = CheckinService(store, self.today)
        self.goals = GoalService(store, self.today)
        self.people = PeopleService(store)
        self.learn = LearnService(store, self.today, self._role)
        self.pair = PairService(self)

    @classmethod
    def open(cls, directory: str | os.PathLike | None = None, read_only: bool = False, **kwargs) -> "Trellis":
        return cls(Store(data_dir(directory), read_only=read_only), **kwargs)

    def _role(self):
        """The role the profile names; without one, the role taken in a pair
        (joining as a mentor makes you one where it matters, as in Learn)."""
        role = self.people.profile().role
        if role is None:
            roles = {info.my_role for info in self.pair.pairs()}
            role = "mentor" if roles == {"mentor"} else "mentee" if roles == {"mentee"} else None
        return role

    def close(self) -> None:
        self.pair.close()
        self.store.close()

    def __enter__(self) -> "Trellis":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def today_data(self) -> TodayData:
        day = self.today()
        settings = self.people.settings()
        checkin = self.checkins.for_day(day)
        upcoming = self.goals.next_open_milestone()
        wins = self.store.list(Achievement, end=day, newest=1)
        return TodayData(
            day=day,
            profile=self.people.profile(),
            settings=settings,
            checkin=checkin,
            welcome_back=checkin is None and self.checkins.welcome_back_due(day),
            days_this_month=self.checkins.days_this_month(day),
            idea=self.content.idea_for(day),
            support_offer=self.checkins.support_offer_due(settings.support_prompt_dismissed_on),
            next_goal=upcoming[0] if upcoming else None,
            next_milestone=upcoming[1] if upcoming else None,
            latest_win=wins[-1] if wins else None,
        )

    # ---- celebrations --------------------------------------------------------
    def celebrate(self, events: list[Event]) -> list[Achievement]:
        """Turn what just happened into achievements, each earned once; returns the new ones."""
        reviews = self.store.count(PairReview)
        if reviews and self._role() == "mentor":
            reviews = 0  # a mentor's reviews are celebrated per pair, in a mentor's words (app/review.py)
        totals = Totals(
            checkins=self.store.count(SelfCareCheckin),
            reflections=self.store.count(ResilienceCheckin),
            goals=self.store.count(Goal),
            reviews=reviews,
        )
        awarded = set(self.store.field_values(Achievement, "key", include_deleted=True))
        new = []
        for award in due_awards(events, totals, awarded, self.today()):
            title, message = self.content.celebration(award.rule, **award.values)
            new.append(
                Achievement(
                    rule=award.rule,
                    key=award.key,
                    day=award.day,
                    title=title,
                    message=message,
                    subject_id=award.subject_id,
                )
            )
        return self.store.save_many(new)

    def note_win(self, win: Achievement, feeling: str, shared: bool) -> Achievement:
        """Add how a win feels, and give or withdraw consent to share it.

        Only those two fields change: the rest is read from the store, so a
        copy of the win held on screen while a sync or import changed it does
        not write its old values back."""
        return self.store.patch(Achievement, win.id, {"feeling": feeling, "shared": shared})

    def wins(self) -> list[Achievement]:
        """Achievements, newest first, one per award key (two devices may award the same).

        Of two copies of one award, the one edited last is shown (it holds
        the note of how it felt); the hybrid clock orders edits the same way
        on every device."""
        latest: dict[str, Achievement] = {}
        for win in self.store.list(Achievement):
            kept = latest.get(win.key)
            if kept is None or win.updated > kept.updated:
                latest[win.key] = win
        return sorted(latest.values(), key=lambda a: (a.day, a.updated), reverse=True)
