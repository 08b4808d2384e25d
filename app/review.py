"""Reviewing milestones together: what happened since the last review, the
goals the mentee would like support with, notes, and agreed next steps.

A review is a PairReview record written by whoever holds the device in the
meeting, shared with the pair (shared=True, its author as owner, so it
travels in the author's part of the pair file). Agreed next steps ride in
the review; each becomes a step on the mentee's goal only when the mentee
accepts it, with an id made from the review and the step's place in it, so
accepting twice (or on two of the mentee's devices) makes one step, and
"accepted" needs no record of its own. The other person adds their notes as
a comment on the review.

"Would like support": a goal whose owner wrote what support they would like
(the goal's "support" answer), shared with notes.

Nothing here imports Flet; the same calls serve the screens and `trellis review`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Sequence

from pydantic import BaseModel

from .models import Achievement, Goal, Milestone, NextStep, PairReview, TITLE_MAX
from .pairdata import PairData

NEXT_STEPS_MAX = 20


class ReviewError(ValueError):
    """A plain one-line reason nothing was changed."""


class DoneStep(BaseModel):
    goal: Goal
    step: Milestone


class ReviewSummary(BaseModel):
    """What the review screen shows before anything is written."""

    last_review: dt.date | None
    steps_done: list[DoneStep]
    wins: list[Achievement]
    wants_support: list[Goal]
    goals: list[Goal]  # the mentee's shared goals still open, for next steps


class Proposal(BaseModel):
    """One agreed next step, as the mentee sees it."""

    review: PairReview
    index: int
    goal: Goal | None  # None: the goal is no longer shared or was deleted
    title: str
    accepted: bool


def step_id(review_id: str, index: int) -> str:
    """The id of the step made when the mentee accepts next step `index` of a review."""
    return hashlib.sha256(f"trellis-next-step:{review_id}:{index}".encode()).hexdigest()[:32]


def summarize(goals: Sequence[Goal], steps: Sequence[Milestone], wins: Sequence[Achievement],
              reviews: Sequence[PairReview]) -> ReviewSummary:
    """Pure: since the last review (all time before the first one), steps done and
    wins, and the goals that ask for support. Only what was shared is passed in."""
    live_reviews = [r for r in reviews if not r.deleted]
    last = max((r.day for r in live_reviews), default=None)
    by_id = {g.id: g for g in goals if not g.deleted}

    def since(day: dt.date | None) -> bool:
        return day is not None and (last is None or day >= last)

    reviewed = {sid for r in live_reviews for sid in r.milestone_ids}  # a step is looked at once
    done = [DoneStep(goal=by_id[m.goal_id], step=m) for m in steps
            if not m.deleted and m.done and m.goal_id in by_id and since(m.done_on) and m.id not in reviewed]
    done.sort(key=lambda d: (d.step.done_on, d.goal.title.lower(), d.step.order))
    fresh_wins = sorted((w for w in wins if not w.deleted and since(w.day)), key=lambda w: w.day)
    support = [g for g in by_id.values() if g.support.strip() and g.status in ("active", "paused")]
    open_goals = [g for g in by_id.values() if g.status in ("active", "paused")]
    key = lambda g: g.title.lower()  # noqa: E731
    return ReviewSummary(last_review=last, steps_done=done, wins=fresh_wins,
                         wants_support=sorted(support, key=key), goals=sorted(open_goals, key=key))


class ReviewService:
    """Reviews of one pair, through the pair service (see app/pairdata.py)."""

    def __init__(self, trellis, pair_id: str):
        self.trellis = trellis
        self.data = PairData(trellis, pair_id)
        self.role = self.data.my_role

    # ---- reading ---------------------------------------------------------------
    def _mentee_items(self, model):
        return self.data.mine_all(model) if self.role == "mentee" else self.data.theirs_all(model)

    def reviews(self) -> list[PairReview]:
        """Both sides' reviews of this pair, newest first."""
        found = {r.id: r for r in [*self.data.mine_all(PairReview), *self.data.theirs_all(PairReview)]}
        return sorted(found.values(), key=lambda r: (r.day, r.updated), reverse=True)

    def summary(self) -> ReviewSummary:
        goals = self._mentee_items(Goal)
        steps = self._mentee_items(Milestone)
        if self.role == "mentee":
            # A step follows its goal's sharing choice even when not shared one by one.
            shared_goals = {g.id for g in goals}
            known = {m.id for m in steps}
            steps += [m for m in self.trellis.store.list(Milestone) if m.goal_id in shared_goals and m.id not in known]
        return summarize(goals, steps, self._mentee_items(Achievement), self.reviews())

    def proposals(self) -> list[Proposal]:
        """Every agreed next step of every review, oldest review first, and whether it is a step yet."""
        goals = {g.id: g for g in self._mentee_items(Goal)}
        if self.role == "mentee":
            have = {m.id for m in self.trellis.store.list(Milestone, include_deleted=True)}
        else:
            have = {m.id for m in self.data.theirs_all(Milestone)}
        out = []
        for review in reversed(self.reviews()):
            for index, step in enumerate(review.next_steps):
                out.append(Proposal(review=review, index=index, goal=goals.get(step.goal_id), title=step.title,
                                    accepted=step_id(review.id, index) in have))
        return out

    # ---- writing ---------------------------------------------------------------
    def save(self, notes: str = "", next_steps: Sequence[tuple[str, str]] = (),
             day: dt.date | None = None) -> tuple[PairReview, list[Achievement]]:
        """Save a review of today's meeting; returns it and any celebration earned
        (the first review together is celebrated on both sides, see celebrate_first)."""
        summary = self.summary()
        goals = {g.id: g for g in summary.goals}
        steps: list[NextStep] = []
        for goal_id, title in next_steps:
            title = (title or "").strip()
            if not title:
                continue
            if goal_id not in goals:
                raise ReviewError("A next step can only go on one of the shared goals that is still open.")
            if len(title) > TITLE_MAX:
                raise ReviewError(f"A next step is too long (at most {TITLE_MAX} characters).")
            steps.append(NextStep(goal_id=goal_id, title=title))
        if len(steps) > NEXT_STEPS_MAX:
            raise ReviewError(f"A review holds at most {NEXT_STEPS_MAX} next steps.")
        if not (notes or "").strip() and not steps and not summary.steps_done:
            raise ReviewError("Write a note or a next step first, so the review has something to keep.")
        review = PairReview(day=day or self.trellis.today(), notes=(notes or "").strip(),
                            milestone_ids=[d.step.id for d in summary.steps_done][:500], next_steps=steps)
        saved = self.data.save_shared(review)
        return saved, self.celebrate_first()

    def celebrate_first(self) -> list[Achievement]:
        """The first review together is a win on both sides, once; returns the new win, if any.

        Called when a review is saved and after each sync, so the side that
        did not write the first review celebrates when it first sees it.
        The mentee's is the first review of any pair (key "first_pair_review").
        A review the mentor wrote lives with the pair's items, not in the
        mentee's own store, so the count-based rule cannot see it: the award
        is made here, with the same key, so it is still given once.
        The mentor's is the first review with each mentee: one win per pair,
        keyed by the pair, so a restart or a second sync finds it and stays quiet."""
        store = self.trellis.store
        awarded = set(store.field_values(Achievement, "key", include_deleted=True))
        if self.role == "mentor":
            key = f"first_pair_review:{self.data.info.id}"
            if key in awarded or not self.reviews():
                return []
            name = (self.data.info.their_name or "").strip() or self.trellis.content.ui.get("pair.someone", "")
            title, message = self.trellis.content.celebration("first_pair_review_mentor", name=name)
            return [store.save(Achievement(rule="first_pair_review_mentor", key=key, day=self.trellis.today(),
                                           title=title, message=message))]
        if "first_pair_review" in awarded or not self.reviews():
            return []
        won = self.trellis.celebrate([])
        if any(w.key == "first_pair_review" for w in won):
            return won
        title, message = self.trellis.content.celebration("first_pair_review")
        first = Achievement(rule="first_pair_review", key="first_pair_review", day=self.trellis.today(),
                            title=title, message=message)
        return won + [store.save(first)]

    def accept(self, review_id: str, index: int) -> Milestone:
        """The mentee takes an agreed next step onto their goal (once)."""
        if self.role != "mentee":
            raise ReviewError("Only the mentee can add a step to their goal; the step waits for them to accept it.")
        proposal = next((p for p in self.proposals() if p.review.id == review_id and p.index == index), None)
        if proposal is None:
            raise ReviewError("There is no such next step in this pair's reviews.")
        if proposal.goal is None:
            raise ReviewError("That goal is no longer shared or was deleted, so the step was not added.")
        if proposal.accepted:
            return self.trellis.store.get(Milestone, step_id(review_id, index), include_deleted=True)
        order = max((m.order for m in self.trellis.goals.milestones(proposal.goal.id)), default=0.0) + 1
        return self.trellis.store.save(
            Milestone(id=step_id(review_id, index), goal_id=proposal.goal.id, title=proposal.title, order=order)
        )
