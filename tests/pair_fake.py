"""A small stand-in for trellis.pair (PAIR-API.md) for tests of the screens,
the review and the agreement, before or without the real engine.

Two devices are two real Trellis stores on one process; "the other side" is
read straight from the other store, as if every sync had just run: what one
side shares with the pair is what the other side's view holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from app.models import Achievement, Comment, Goal, Milestone, Record


class FakePairError(ValueError):
    pass


class FakeInfo(BaseModel):
    id: str
    my_role: str
    their_name: str = ""
    their_person_id: str | None = None
    path: str = "/tmp/pair.trellis"
    protected: bool = True
    last_synced: dt.datetime | None = None
    last_report: list[str] = Field(default_factory=list)
    last_error: str | None = None
    safety_code: str | None = "12345 67890 13579 24680"


class FakeView(BaseModel):
    goals: list[Goal] = Field(default_factory=list)
    steps: list[Milestone] = Field(default_factory=list)
    wins: list[Achievement] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    other: list[Any] = Field(default_factory=list)


class FakePair:
    def __init__(self, trellis, role: str, their_name: str = "", pair_id: str = "p1"):
        self.trellis = trellis
        self.other: "FakePair | None" = None
        self.infos: dict[str, FakeInfo] = {}
        self.levels: dict[str, str] = {}  # record id -> level (shared with this pair)
        self.hidden: set[str] = set()
        self.calls: list[tuple] = []
        self._role, self._name, self._pair_id = role, their_name, pair_id

    def link(self, other: "FakePair") -> None:
        """Make the pair exist on both sides."""
        self.other, other.other = other, self
        for side in (self, other):
            side.infos[side._pair_id] = FakeInfo(id=side._pair_id, my_role=side._role, their_name=side._name,
                                                 their_person_id=side.other.trellis.store.person)

    # ---- PAIR-API ----------------------------------------------------------
    def close(self) -> None:
        pass

    def exists(self) -> bool:
        return bool(self.infos)

    def pairs(self) -> list[FakeInfo]:
        return list(self.infos.values())

    def get(self, pair_id: str) -> FakeInfo:
        if pair_id not in self.infos:
            raise FakePairError(f"There is no pair {pair_id} on this device.")
        return self.infos[pair_id]

    def start(self, path, role, their_name="", passphrase=None):
        self.calls.append(("start", path, role, their_name, passphrase))
        info = FakeInfo(id=self._pair_id, my_role=role, their_name=their_name, path=str(path),
                        protected=passphrase is not None, safety_code=None)
        self.infos[info.id] = info
        return info

    def join(self, path, role, their_name="", passphrase=None):
        self.calls.append(("join", path, role, their_name, passphrase))
        return self.start(path, role, their_name, passphrase)

    def confirm_key(self, pair_id):
        self.calls.append(("confirm_key", pair_id))

    def share(self, record_id, *, pair_id=None, level="headline", with_steps=True):
        self.calls.append(("share", record_id, level))
        doc = self.trellis.store._doc(record_id)
        if doc is None:
            raise FakePairError("No such item.")
        model = _model(doc["kind"])
        self.trellis.store.patch(model, record_id, {"shared": True})
        self.levels[record_id] = level

    def attach(self, record_id, pair_id=None):
        self.calls.append(("attach", record_id, pair_id))
        doc = self.trellis.store._doc(record_id)
        if doc is None:
            raise FakePairError("No such item.")
        self.trellis.store.patch(_model(doc["kind"]), record_id, {"shared": True})
        self.levels[record_id] = "notes"

    def unshare(self, record_id, *, pair_id=None):
        self.calls.append(("unshare", record_id))
        doc = self.trellis.store._doc(record_id)
        if doc is not None:
            self.trellis.store.patch(_model(doc["kind"]), record_id, {"shared": False})
        self.levels.pop(record_id, None)

    def _shared_records(self) -> list[Record]:
        out = []
        for doc in self.trellis.store.raw_docs():
            if doc.get("shared") and not doc.get("deleted") and doc.get("kind") not in ("profile", "settings", "contact"):
                out.append(_model(doc["kind"]).model_validate(doc))
        return out

    def sharing(self, pair_id):
        return [(r, self.levels.get(r.id, "headline")) for r in self._shared_records()]

    def preview(self, pair_id):
        return [r.model_dump(mode="json") for r in self._shared_records()]

    def view(self, pair_id):
        theirs = self.other._shared_records() if self.other else []
        goals = [r for r in theirs if isinstance(r, Goal)]
        ids = {g.id for g in goals}
        steps = [m for m in self.other.trellis.store.list(Milestone) if m.goal_id in ids] if self.other else []
        mine = {r.id for r in self._shared_records()}
        comments = [c for c in theirs if isinstance(c, Comment) and c.id not in self.hidden]
        return FakeView(goals=goals, steps=steps, wins=[r for r in theirs if isinstance(r, Achievement)],
                        comments=comments,
                        other=[r for r in theirs if not isinstance(r, (Goal, Milestone, Achievement, Comment))])

    def comment(self, target_id, text, *, encourage=False, pair_id=None):
        role = self.infos[pair_id or self._pair_id].my_role
        c = self.trellis.store.save(Comment(target_id=target_id, text=text, encouragement=encourage,
                                            author_role=role, day=self.trellis.today(), shared=True))
        return c

    def hide_comment(self, comment_id):
        self.hidden.add(comment_id)

    def sync(self, pair_id=None):
        class Report:
            received, sent, held_back, problems = 1, 2, 0, []

            def lines(self):
                return ["Received 1 new step; sent 2 changes."]

        info = self.infos[pair_id or self._pair_id]
        info.last_synced = dt.datetime.now(dt.timezone.utc)
        info.last_report = Report().lines()
        return Report()

    def end(self, pair_id, *, forget_their_items=False):
        self.calls.append(("end", pair_id, forget_their_items))
        self.infos.pop(pair_id, None)
        return "The pair is ended on this device."


def _model(kind: str):
    from app.models import RECORD_TYPES

    return RECORD_TYPES[kind]


def linked(mentee, mentor, mentee_name="Sam", mentor_name="Alex") -> tuple[FakePair, FakePair]:
    """Give two Trellis objects a linked fake pair; returns (mentee's, mentor's)."""
    a = FakePair(mentee, "mentee", their_name=mentor_name)
    b = FakePair(mentor, "mentor", their_name=mentee_name)
    a.link(b)
    mentee.pair, mentor.pair = a, b
    return a, b
