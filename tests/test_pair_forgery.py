"""The file enforces who may write what: forged parts are refused and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import pairfile, pairstate
from app.models import Goal
from tests.pair_helpers import add_goal, fast_kdf, open_pair, share_goal  # noqa: F401


@pytest.fixture
def plain_pair(tmp_path):
    mentee, mentor, path, _ = open_pair(tmp_path, passphrase=None)
    goal = share_goal(mentee, mentor, "Run a 5k")
    mentee.pair.sync()
    yield mentee, mentor, path, goal
    mentee.close()
    mentor.close()


def test_a_changed_title_in_the_mentees_part_is_refused(plain_pair):
    mentee, mentor, path, goal = plain_pair
    data = path.read_bytes()
    assert data.count(b"Run a 5k") == 1
    path.write_bytes(data.replace(b"Run a 5k", b"Run a 9k"))
    report = mentor.pair.sync()
    assert any("changed by someone else" in line for line in report.problems)
    assert [g.goal.title for g in mentor.pair.view().goals] == ["Run a 5k"]
    # The mentor wrote the last verified copy back, never the forged one.
    assert b"Run a 9k" not in path.read_bytes() and b"Run a 5k" in path.read_bytes()
    assert "Run a 9k" not in str(mentee.pair.sync().lines())


def _write_as_mentor(mentor, path: Path, records: list[dict]) -> None:
    state = pairstate.list_states(mentor.store.dir)[0]
    mine = pairfile.sign_section(state.id, mentor.store.person, "mentor", mentor.pair.identity(), records, mentor.store.clock.now())
    found = pairfile.read_pair_file(path, state.id, None, {state.their_person_id: bytes.fromhex(state.their_key)})
    theirs = [s for s in found.trusted if s.person == state.their_person_id]
    pairfile.write_pair_file(path, state.id, [mine, *theirs], None)


def test_a_mentor_part_carrying_a_goal_is_dropped(plain_pair):
    mentee, mentor, path, goal = plain_pair
    forged = Goal(title="Goal the mentor slipped in", owner=mentor.store.person).model_dump(mode="json")
    forged["stamps"] = {"title": mentor.store.clock.now()}
    forged["updated"] = forged["stamps"]["title"]
    # And a goal edit pretending to be the mentee's own record.
    edit = {**mentee.store.raw_docs(["goal"])[0], "title": "Renamed by the mentor"}
    edit["stamps"] = {**edit["stamps"], "title": mentor.store.clock.now()}
    _write_as_mentor(mentor, path, [forged, edit])
    report = mentee.pair.sync()
    text = " ".join(report.problems)
    assert "Left out 1 goal" in text and "not theirs to write" in text
    assert [g.title for g in mentee.goals.goals()] == ["Run a 5k"]
    assert mentee.pair.view().goals == []
    # The mentee's file no longer carries the forged part's goal once the mentor writes again.
    mentor.pair.sync()
    mentee.pair.sync()
    assert b"slipped in" not in path.read_bytes()


def test_a_comment_on_something_never_shared_is_dropped(plain_pair):
    mentee, mentor, path, goal = plain_pair
    private = add_goal(mentee, "Private")
    from app.models import Comment

    doc = Comment(target_id=private.id, author_role="mentor", day="2026-01-01", text="I peeked", shared=True,
                  owner=mentor.store.person).model_dump(mode="json")
    doc["stamps"] = {"text": mentor.store.clock.now()}
    doc["updated"] = doc["stamps"]["text"]
    _write_as_mentor(mentor, path, [doc])
    mentee.pair.sync()
    assert mentee.pair.view().comments == []


def test_a_new_key_for_the_other_person_waits_for_confirmation(plain_pair, tmp_path):
    mentee, mentor, path, goal = plain_pair
    from app.paircrypto import IdentityKey

    state = pairstate.list_states(mentor.store.dir)[0]
    stranger = IdentityKey.generate()
    section = pairfile.sign_section(state.id, state.their_person_id, "mentee", stranger,
                                    [{**goal.model_dump(mode="json"), "title": "Swapped"}], "9")
    pairfile.write_pair_file(path, state.id, [section], None)
    report = mentor.pair.sync()
    assert any("key changed" in p for p in report.problems)
    assert mentor.pair.get().key_changed
    assert [g.goal.title for g in mentor.pair.view().goals] == ["Run a 5k"]
    info = mentor.pair.confirm_key()
    assert not info.key_changed and info.safety_code != mentee.pair.get().safety_code
