"""Privacy property: after any sequence of edits, shares, withdrawals, comments,
syncs and conflict copies, nothing private is in any file of the shared folder
(temp files and conflict copies included), no withdrawn item's text is once its
owner has synced, and with a passphrase no shared text is there in plain."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app import pair as pair_module
from app.models import Goal
from app.services import Trellis
from tests.pairfile_helpers import fast_params

_counter = itertools.count()
COPY_NAME = "pair.sync-conflict-20260101-120000-ABCDEFG.trellis"


class PrivacyMachine(RuleBasedStateMachine):
    passphrase: str | None = None

    def __init__(self):
        super().__init__()
        pair_module.new_kdf_params = lambda: fast_params(b"p" * 16)
        self.root = Path(tempfile.mkdtemp(prefix="trellis-privacy-"))
        self.shared = self.root / "shared"
        self.shared.mkdir()
        self.path = self.shared / "pair.trellis"
        self.mentee = Trellis.open(self.root / "mentee")
        self.mentor = Trellis.open(self.root / "mentor")
        self.mentee.pair.start(self.path, "mentee", passphrase=self.passphrase)
        self.mentor.pair.join(self.path, "mentor", passphrase=self.passphrase)
        self.goals: dict[str, dict] = {}  # id -> {"title", "why", "level", "withdrawn_at_sync"}
        self.mentee_syncs = 0

    def teardown(self):
        self.mentee.close()
        self.mentor.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _token(self, what: str) -> str:
        return f"{what}{next(_counter):05d}zq"

    def _pick(self, pick: int) -> str | None:
        # Drawn as a number, so what hypothesis draws never depends on the state.
        live = sorted(g for g, v in self.goals.items() if not v["gone"])
        return live[pick % len(live)] if live else None

    @rule()
    def add_goal(self):
        title, why = self._token("title"), self._token("why")
        goal, _ = self.mentee.goals.save_goal(Goal(title=title, why=why))
        self.goals[goal.id] = {"title": title, "why": why, "level": None, "gone": False}
        self.mentee.goals.add_milestone(goal.id, self._token("step"))

    @precondition(lambda self: self.goals)
    @rule(pick=st.integers(0, 99), level=st.sampled_from(["headline", "notes"]))
    def share(self, pick, level):
        goal_id = self._pick(pick)
        if goal_id is None:
            return
        if self.goals[goal_id]["level"] == "notes" and level == "headline":
            self.goals[goal_id]["notes_until"] = self.mentee_syncs  # its notes leave at the next sync
        self.mentee.pair.share(goal_id, level=level)
        self.goals[goal_id]["level"] = level

    @precondition(lambda self: self.goals)
    @rule(pick=st.integers(0, 99), delete=st.booleans())
    def withdraw(self, pick, delete):
        goal_id = self._pick(pick)
        if goal_id is None:
            return
        if delete:
            self.mentee.goals.delete_goal(goal_id)
            self.goals[goal_id]["gone"] = True
        else:
            self.mentee.pair.unshare(goal_id)
        self.goals[goal_id]["level"] = None
        self.goals[goal_id]["withdrawn"] = self.mentee_syncs  # text may stay until the next sync

    @rule()
    def mentee_sync(self):
        self.mentee.pair.sync()
        self.mentee_syncs += 1

    @rule()
    def mentor_sync(self):
        self.mentor.pair.sync()

    @rule(pick=st.integers(0, 99))
    def mentor_comments(self, pick):
        goals = self.mentor.pair.view().goals
        if goals:
            target = goals[pick % len(goals)].goal.id
            self.mentor.pair.comment(target, self._token("comment"))

    @rule()
    def conflict_copy(self):
        # A sync tool kept another version beside the file.
        if self.path.exists():
            shutil.copyfile(self.path, self.shared / COPY_NAME)

    @invariant()
    def nothing_private_in_the_shared_folder(self):
        everything = b"".join(p.read_bytes() for p in self.shared.iterdir() if p.is_file())
        for goal in self.goals.values():
            title, why = goal["title"].encode(), goal["why"].encode()
            ever_shared = "withdrawn" in goal or goal["level"] is not None
            if not ever_shared:
                assert title not in everything
                assert why not in everything
            notes_may_linger = goal.get("notes_until", -1) >= self.mentee_syncs
            if goal["level"] != "notes" and "withdrawn" not in goal and not notes_may_linger:
                assert why not in everything
            if "withdrawn" in goal and goal["withdrawn"] < self.mentee_syncs and goal["level"] is None:
                assert title not in everything, "withdrawn text stayed after its owner synced"
            if self.passphrase is not None:
                assert title not in everything and why not in everything


PrivacyMachine.TestCase.settings = settings(
    max_examples=20, stateful_step_count=20, deadline=None, suppress_health_check=list(HealthCheck)
)
TestPrivacyPlain = PrivacyMachine.TestCase


class LockedPrivacyMachine(PrivacyMachine):
    passphrase = "quiet river stones"


LockedPrivacyMachine.TestCase.settings = settings(
    max_examples=10, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)
)
TestPrivacyLocked = LockedPrivacyMachine.TestCase
