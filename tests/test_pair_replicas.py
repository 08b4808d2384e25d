"""Three replicas: the mentee's phone (in the pair and on the device file), the
mentee's laptop (on the device file only) and the mentor. Random edits,
deletes, shares, withdrawals, comments, syncs in any order, stale writes that
leave conflict copies; after a final round everyone converges and every
mentor-side copy equals the mentee's shared view."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from app import pair as pair_module
from app import sharing
from app.models import Goal
from app.services import Trellis
from tests.pairfile_helpers import fast_params

PASS = "quiet river stones"
_names = itertools.count()


def _conflict_name(path: Path, n: int) -> Path:
    return path.with_name(f"{path.stem}.sync-conflict-20260101-1200{n % 60:02d}-ABCDEFG{path.suffix}")


class Replicas(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        pair_module.new_kdf_params = lambda: fast_params(b"r" * 16)
        self.root = Path(tempfile.mkdtemp(prefix="trellis-replicas-"))
        shared = self.root / "shared"
        shared.mkdir()
        self.pair_file = shared / "pair.trellis"
        self.device_file = shared / "devices.trellis"
        self.phone = Trellis.open(self.root / "phone")
        self.laptop = Trellis.open(self.root / "laptop")
        self.mentor = Trellis.open(self.root / "mentor")
        self.phone.pair.start(self.pair_file, "mentee", passphrase=PASS)
        self.mentor.pair.join(self.pair_file, "mentor", passphrase=PASS)
        self.phone.pair.devices_start(self.device_file, PASS)
        self.laptop.pair.devices_join(self.device_file, PASS)
        self.copies = 0

    @initialize(notes=st.booleans())
    def a_shared_goal_the_mentor_has_seen(self, notes):
        goal, _ = self.phone.goals.save_goal(Goal(title="first goal", why="first why"))
        self.phone.goals.add_milestone(goal.id, "first step")
        self.phone.pair.share(goal.id, level="notes" if notes else "headline")
        self.phone.pair.sync()
        self.mentor.pair.sync()

    def teardown(self):
        for t in (self.phone, self.laptop, self.mentor):
            t.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _device(self, laptop: bool) -> Trellis:
        return self.laptop if laptop else self.phone

    def _goal(self, t: Trellis, pick: int):
        goals = sorted(t.goals.goals(), key=lambda g: g.id)
        return goals[pick % len(goals)] if goals else None

    @rule(laptop=st.booleans())
    def add_goal(self, laptop):
        t = self._device(laptop)
        goal, _ = t.goals.save_goal(Goal(title=f"goal {next(_names)}"))
        t.goals.add_milestone(goal.id, f"step {next(_names)}")

    @rule(laptop=st.booleans(), pick=st.integers(0, 99))
    def edit(self, laptop, pick):
        t = self._device(laptop)
        goal = self._goal(t, pick)
        if goal is not None:
            t.goals.edit_goal(goal.id, {"title": f"renamed {next(_names)}"})

    @rule(laptop=st.booleans(), pick=st.integers(0, 99))
    def delete(self, laptop, pick):
        t = self._device(laptop)
        goal = self._goal(t, pick)
        if goal is not None:
            t.goals.delete_goal(goal.id)

    @rule(pick=st.integers(0, 99), share=st.booleans(), notes=st.booleans())
    def share_on_phone(self, pick, share, notes):
        goal = self._goal(self.phone, pick)
        if goal is None:
            return
        if share:
            self.phone.pair.share(goal.id, level="notes" if notes else "headline")
        else:
            self.phone.pair.unshare(goal.id)

    @rule(pick=st.integers(0, 99))
    def share_on_laptop(self, pick):
        # The laptop is not in the pair: its consent travels as the shared flag.
        goal = self._goal(self.laptop, pick)
        if goal is not None:
            self.laptop.goals.set_shared(goal.id, not goal.shared)

    @rule(pick=st.integers(0, 99))
    def mentor_comments(self, pick):
        goals = self.mentor.pair.view().goals
        if goals:
            self.mentor.pair.comment(goals[pick % len(goals)].goal.id, f"comment {next(_names)}")

    @rule(which=st.sampled_from(["phone-pair", "phone-devices", "laptop", "mentor"]))
    def sync(self, which):
        {
            "phone-pair": lambda: self.phone.pair.sync(self.phone.pair.pairs()[0].id),
            "phone-devices": self.phone.pair.sync_devices,
            "laptop": self.laptop.pair.sync_devices,
            "mentor": self.mentor.pair.sync,
        }[which]()

    @rule(laptop=st.booleans())
    def stale_write(self, laptop):
        """Two devices wrote the device file at once: the sync tool keeps one
        and puts the other beside it as a conflict copy."""
        if not self.device_file.exists():
            return
        before = self.device_file.read_bytes()
        self._device(laptop).pair.sync_devices()
        after = self.device_file.read_bytes()
        if after != before:
            self.copies += 1
            _conflict_name(self.device_file, self.copies).write_bytes(after)
            self.device_file.write_bytes(before)

    def teardown_check(self):
        for _ in range(2):
            self.phone.pair.sync_devices()
            self.laptop.pair.sync_devices()
            self.phone.pair.sync_devices()
            self.phone.pair.sync()
            self.mentor.pair.sync()
            self.phone.pair.sync()
        me = self.phone.store.person
        assert self.laptop.store.person == me

        def own(t):
            return {d["id"]: d for d in t.store.raw_docs() if d["owner"] == me}

        assert own(self.phone) == own(self.laptop)
        shared = {d["id"]: d for d in self.phone.pair.preview() if not sharing.is_marker(d)}
        items = self.mentor.pair._items_store(self.mentor.pair.pairs()[0].id)
        theirs = {d["id"]: d for d in items.raw_docs()}
        assert set(theirs) == set(shared)
        for record_id, doc in shared.items():
            for name, value in doc.items():
                if name not in ("stamps", "updated"):
                    assert theirs[record_id][name] == value, (name, value, theirs[record_id][name])
        # Every comment the mentor wrote on a goal still shared reached the phone.
        mentor_comments = {
            d["id"] for d in self.mentor.store.raw_docs(["comment"]) if d["target_id"] in shared and not d["deleted"]
        }
        assert mentor_comments == {c.id for c in self.phone.pair.view().comments}
        assert not list(self.root.joinpath("shared").glob("*sync-conflict*"))
        for t in (self.phone, self.laptop, self.mentor):
            assert t.store.check() == []


class ReplicasTest(Replicas):
    def teardown(self):
        try:
            self.teardown_check()
        finally:
            super().teardown()


ReplicasTest.TestCase.settings = settings(
    max_examples=50, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)
TestReplicas = ReplicasTest.TestCase
