"""Goals and their milestones.

A goal is the person's own. It can be active, paused, achieved or let go;
none of these is a failure, and progress counts what was done.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from pydantic import BaseModel

from .events import Event
from .models import Goal, GoalReflection, GoalStatus, Milestone
from .store import RecordNotFound, Store

STATUS_ORDER: tuple[GoalStatus, ...] = ("active", "paused", "achieved", "let_go")
# What an edit of a goal may change (sharing has its own switch, deleting its own button).
EDITABLE = tuple(n for n in Goal.content_fields() if n not in ("deleted", "shared"))


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
        """Add a new goal. A goal that exists already is changed only in the
        fields where this copy differs from it (see edit_goal); a deleted one
        is refused (RecordDeleted), never brought back or created again."""
        try:
            before = self.store.get(Goal, goal.id, include_deleted=True)
        except RecordNotFound:
            before = None
        if before is not None:
            theirs = goal.model_dump(mode="json")
            mine = before.model_dump(mode="json")
            changes = {k: theirs[k] for k in EDITABLE if theirs[k] != mine[k]}
            return self.edit_goal(goal.id, changes)
        if goal.created is None:
            goal = Goal.model_validate({**goal.model_dump(), "created": self.today()})
        saved = self.store.save(goal)
        events = [Event(name="goal_created", record_id=saved.id, day=self.today())]
        if saved.status == "achieved":
            events.append(Event(name="goal_achieved", record_id=saved.id, day=self.today(), detail={"goal": saved.title}))
        return saved, events

    def edit_goal(self, goal_id: str, changes: dict) -> tuple[Goal, list[Event]]:
        """Change the named fields of a goal (what the person changed, nothing else)."""
        before = self.store.get(Goal, goal_id, include_deleted=True)
        saved = self.store.patch(Goal, goal_id, changes)
        events = []
        if saved.status == "achieved" and before.status != "achieved":
            events.append(Event(name="goal_achieved", record_id=saved.id, day=self.today(), detail={"goal": saved.title}))
        return saved, events

    def set_status(self, goal_id: str, status: GoalStatus, learned: str | None = None) -> tuple[Goal, list[Event]]:
        changes: dict = {"status": status}
        if learned is not None:
            changes["learned"] = learned
        return self.edit_goal(goal_id, changes)

    # ---- reflections: short dated notes on a goal, each its own record ---------
    def reflections(self, goal_id: str) -> list[GoalReflection]:
        """The notes on a goal, oldest first."""
        return self.store.list(GoalReflection, where=lambda d: d.get("goal_id") == goal_id)

    def add_reflection(self, goal_id: str, text: str) -> GoalReflection:
        self.get(goal_id)  # the goal must exist
        return self.store.save(GoalReflection(goal_id=goal_id, day=self.today(), text=text))

    def set_shared(self, goal_id: str, shared: bool) -> Goal:
        return self.store.patch(Goal, goal_id, {"shared": shared})

    def delete_goal(self, goal_id: str) -> None:
        """The goal, its steps and its notes, as tombstones in one save."""
        self.get(goal_id)
        patches = [(Milestone, m.id, {"deleted": True}) for m in self.milestones(goal_id)]
        patches += [(GoalReflection, r.id, {"deleted": True}) for r in self.reflections(goal_id)]
        self.store.patch_many([*patches, (Goal, goal_id, {"deleted": True})])

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
        """Add a new step; for a stored one, change only where this copy differs."""
        try:
            before = self.store.get(Milestone, milestone.id, include_deleted=True)
        except RecordNotFound:
            return self.store.save(milestone)
        theirs, mine = milestone.model_dump(mode="json"), before.model_dump(mode="json")
        fields = [n for n in Milestone.content_fields() if n not in ("deleted",)]
        return self.edit_milestone(milestone.id, {k: theirs[k] for k in fields if theirs[k] != mine[k]})

    def edit_milestone(self, milestone_id: str, changes: dict) -> Milestone:
        """Change the named fields of a step (what the person changed, nothing else)."""
        return self.store.patch(Milestone, milestone_id, changes)

    def delete_milestone(self, milestone_id: str) -> Milestone:
        """Remove one step, leaving a tombstone so that a sync never brings it back."""
        return self.store.delete(Milestone, milestone_id)

    def set_done(self, milestone_id: str, done: bool = True) -> tuple[Milestone, list[Event]]:
        milestone = self.store.get(Milestone, milestone_id)
        # Its goal is read first: a step whose goal is gone is refused before anything is written.
        goal = self.store.get(Goal, milestone.goal_id, include_deleted=True)
        if milestone.done == done:
            return milestone, []
        saved = self.store.patch(
            Milestone, milestone_id, {"done": done, "done_on": self.today().isoformat() if done else None}
        )
        events = []
        if done:
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
        if set(ordered_ids) != set(by_id) or len(ordered_ids) != len(by_id):
            raise ValueError("the new order must list each milestone of the goal once")
        self.store.patch_many(
            [
                (Milestone, mid, {"order": float(position)})
                for position, mid in enumerate(ordered_ids, start=1)
                if by_id[mid].order != float(position)
            ]
        )
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
