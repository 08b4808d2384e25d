"""The pair engine through PairService: two people, two data folders, one file."""

from __future__ import annotations

import pytest

from app.models import Comment, Goal, Milestone
from app.pair import PairError
from tests.pair_helpers import PASS, add_goal, fast_kdf, open_people, shared_bytes  # noqa: F401


@pytest.fixture
def pair_of(tmp_path):
    mentee, mentor, path = open_people(tmp_path)
    started = mentee.pair.start(path, "mentee", "Alex", passphrase=PASS)
    joined = mentor.pair.join(path, "mentor", "Sam", passphrase=PASS)
    yield mentee, mentor, path, started.id
    mentee.close()
    mentor.close()


def test_the_whole_journey(pair_of, tmp_path):
    mentee, mentor, path, pair_id = pair_of
    assert mentor.pair.get().id == pair_id
    goal = add_goal(mentee, "Run a 5k", why="to feel strong")
    step = mentee.goals.add_milestone(goal.id, "Buy shoes")
    secret = add_goal(mentee, "Private plan nobody sees")
    mentee.pair.share(goal.id, level="headline")
    report = mentee.pair.sync()
    assert report.sent == 2 and report.wrote
    report = mentor.pair.sync()
    assert "Received 1 new goal and 1 new step" in report.lines()[0]
    view = mentor.pair.view()
    assert [g.goal.title for g in view.goals] == ["Run a 5k"]
    assert [s.title for s in view.goals[0].steps] == ["Buy shoes"]
    assert view.goals[0].goal.why == ""  # headline only
    # The mentor's own goals never show the mentee's.
    assert mentor.goals.goals() == []
    # Safety codes agree once both keys are known.
    mentee.pair.sync()
    assert mentee.pair.get().safety_code == mentor.pair.get().safety_code is not None
    # A step added later follows the goal.
    mentee.goals.add_milestone(goal.id, "Run twice a week")
    comment = mentor.pair.comment(goal.id, "Lovely goal!", encourage=True)
    mentor.pair.sync()
    report = mentee.pair.sync()
    assert "1 new comment" in report.lines()[0]
    assert [c.text for c in mentee.pair.view().comments] == ["Lovely goal!"]
    mentor.pair.sync()
    assert len(mentor.pair.view().goals[0].steps) == 2
    # Nothing private in the shared folder.
    assert b"Private plan" not in shared_bytes(path.parent)
    assert b"Run a 5k" not in shared_bytes(path.parent)  # encrypted
    # Withdraw: the mentor's copy is purged from its store and its files.
    mentee.pair.unshare(goal.id)
    mentee.pair.sync()
    report = mentor.pair.sync()
    assert report.removed == 3
    assert mentor.pair.view().goals == []
    items_dir = tmp_path / "mentor" / "pairs" / pair_id / "items"
    on_disk = b"".join(p.read_bytes() for p in items_dir.rglob("*") if p.is_file())
    assert b"Run a 5k" not in on_disk and b"Buy shoes" not in on_disk
    # The mentor's comment on a withdrawn goal is no longer sent.
    mentor.pair.sync()
    mentee.pair.sync()
    assert mentee.pair.view().comments == []


def test_notes_level_and_preview(pair_of):
    mentee, mentor, path, _ = pair_of
    goal = add_goal(mentee, "Learn Spanish", why="family")
    mentee.pair.share(goal.id, level="notes", with_steps=False)
    mentee.goals.add_milestone(goal.id, "Private step")
    preview = mentee.pair.preview()
    assert [d["title"] for d in preview] == ["Learn Spanish"]
    assert preview[0]["why"] == "family"
    assert "Private" not in str(preview)
    mentee.pair.sync()
    mentor.pair.sync()
    assert mentor.pair.view().goals[0].goal.why == "family"
    assert mentor.pair.view().goals[0].steps == []


def test_wrong_passphrase_and_role_clash(tmp_path):
    mentee, mentor, path = open_people(tmp_path)
    mentee.pair.start(path, "mentee", passphrase=PASS)
    with pytest.raises(PairError, match="passphrase does not open"):
        mentor.pair.join(path, "mentor", passphrase="wrong words")
    with pytest.raises(PairError, match="also joined as mentee"):
        mentor.pair.join(path, "mentee", passphrase=PASS)
    assert mentor.pair.pairs() == []
    with pytest.raises(PairError, match="outside your Trellis data folder"):
        mentee.pair.start(tmp_path / "mentee" / "x.trellis", "mentee", passphrase=PASS)
    mentee.close(), mentor.close()


def test_end_withdraws_everything(pair_of):
    mentee, mentor, path, pair_id = pair_of
    goal = add_goal(mentee, "Sleep by eleven")
    mentee.pair.share(goal.id)
    mentee.pair.sync(), mentor.pair.sync()
    said = mentee.pair.end(pair_id)
    assert "ended" in said
    assert not mentee.pair.exists()
    mentor.pair.sync()
    assert mentor.pair.view().goals == []
    assert b"Sleep by eleven" not in path.read_bytes()
