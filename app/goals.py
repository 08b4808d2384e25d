"""Goals and their milestones.

A goal is the person's own. It can be active, paused, achieved or let go;
none of these is a failure, and progress counts what was done.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from pydantic import BaseModel

from .events import Event
from .models import Goal, GoalStatus, Milestone, Reflection
from .store import RecordNotFound, Store

STATUS_ORDER: tuple[GoalStatus, ...] = ("active", "paused", "achieved", "let_go")


class GoalProgress(BaseModel):
    goal: Goal
    done: int
    total: int


class GoalService:
    def __init__(self, store: Store, today: Callable[[], dt.date] = dt.date.today):
        self.store = store
        self.today = today

    def get(self, goal_id: str) -> Goal:
        return self.store.get(Goal, goal_id)

    def goals(self) -> list[Goal]:
        return sorted(self.store.list(Goal), key=lambda g: (STATUS_ORDER.index(g.status), g.title.lower()))

    def with_progress(self) -> list[GoalProgress]:
        counts: dict[str, list[int]] = {}
        for m in self.store.list(Milestone):
            done_total = counts.setdefault(m.goal_id, [0, 0])
            done_total[0] += m.done
            done_total[1] += 1
        return [
            GoalProgress(goal=g, done=counts.get(g.id, [0, 0])[0], total=counts.get(g.id, [0, 0])[1])
            for g in self.goals()
        ]

    def save_goal(self, goal: Goal) -> tuple[Goal, list[Event]]:
        try:
            before = self.store.get(Goal, goal.id)
        except RecordNotFound:
            before = None
        if before is None and goal.created is None:
            goal = goal.model_copy(update={"created": self.today()})
        saved = self.store.save(goal)
        events = []
        if before is None:
            events.append(Event(name="goal_created", record_id=saved.id, day=self.today()))
        if saved.status == "achieved" and (before is None or before.status != "achieved"):
            events.append(Event(name="goal_achieved", record_id=saved.id, day=self.today(), detail={"goal": saved.title}))
        return saved, events

    def set_status(self, goal_id: str, status: GoalStatus, learned: str | None = None) -> tuple[Goal, list[Event]]:
        goal = self.get(goal_id)
        update: dict = {"status": status}
        if learned is not None:
            update["learned"] = learned
        return self.save_goal(Goal.model_validate({**goal.model_dump(), **update}))

    def add_reflection(self, goal_id: str, text: str) -> Goal:
        goal = self.get(goal_id)
        note = Reflection(day=self.today(), text=text)
        return self.store.save(goal.model_copy(update={"reflections": [*goal.reflections, note]}))

    def set_shared(self, goal_id: str, shared: bool) -> Goal:
        return self.store.save(self.get(goal_id).model_copy(update={"shared": shared}))

    def delete_goal(self, goal_id: str) -> None:
        goal = self.get(goal_id)
        milestones = [m.model_copy(update={"deleted": True}) for m in self.milestones(goal_id)]
        self.store.save_many([*milestones, goal.model_copy(update={"deleted": True})])

    # ---- milestones --------------------------------------------------------
    def milestones(self, goal_id: str) -> list[Milestone]:
        found = self.store.list(Milestone, where=lambda d: d.get("goal_id") == goal_id)
        return sorted(found, key=lambda m: (m.order, m.title.lower()))

    def add_milestone(self, goal_id: str, title: str) -> Milestone:
        self.get(goal_id)  # the goal must exist
        existing = self.milestones(goal_id)
        order = (existing[-1].order + 1) if existing else 1.0
        return self.store.save(Milestone(goal_id=goal_id, title=title, order=order))

    def save_milestone(self, milestone: Milestone) -> Milestone:
        return self.store.save(milestone)

    def delete_milestone(self, milestone_id: str) -> Milestone:
        """Remove one step, leaving a tombstone so that a sync never brings it back."""
        milestone = self.store.get(Milestone, milestone_id)
        return self.store.save(milestone.model_copy(update={"deleted": True}))

    def set_done(self, milestone_id: str, done: bool = True) -> tuple[Milestone, list[Event]]:
        milestone = self.store.get(Milestone, milestone_id)
        if milestone.done == done:
            return milestone, []
        saved = self.store.save(
            milestone.model_copy(update={"done": done, "done_on": self.today() if done else None})
        )
        events = []
        if done:
            goal = self.store.get(Goal, saved.goal_id, include_deleted=True)
            events.append(
                Event(
                    name="milestone_done",
                    record_id=saved.id,
                    day=self.today(),
                    detail={"milestone": saved.title, "goal": goal.title},
                )
            )
        return saved, events

    def reorder(self, goal_id: str, ordered_ids: list[str]) -> list[Milestone]:
        by_id = {m.id: m for m in self.milestones(goal_id)}
        if set(ordered_ids) != set(by_id):
            raise ValueError("the new order must list each milestone of the goal once")
        changed = [
            by_id[mid].model_copy(update={"order": float(position)})
            for position, mid in enumerate(ordered_ids, start=1)
            if by_id[mid].order != float(position)
        ]
        self.store.save_many(changed)
        return self.milestones(goal_id)

    def next_open_milestone(self) -> tuple[Goal, Milestone] | None:
        active = {g.id: g for g in self.store.list(Goal, where=lambda d: d.get("status") == "active")}
        if not active:
            return None
        open_ones = self.store.list(Milestone, where=lambda d: not d.get("done") and d.get("goal_id") in active)
        if not open_ones:
            return None
        first = min(open_ones, key=lambda m: (active[m.goal_id].created or dt.date.min, m.order))
        return active[first.goal_id], first
