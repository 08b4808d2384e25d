"""The pair engine through PairService: two people, two data folders, one file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Comment, Goal, Milestone
from app.pair import PairError
from tests.pair_helpers import PASS, add_goal, fast_kdf, open_devices, open_pair, open_people, open_two_mentees, share_goal, shared_bytes  # noqa: F401


@pytest.fixture
def pair_of(tmp_path):
    mentee, mentor, path, pair_id = open_pair(tmp_path, names=("Alex", "Sam"))
    yield mentee, mentor, path, pair_id
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
    share_goal(mentee, mentor, "Sleep by eleven")
    said = mentee.pair.end(pair_id)
    assert "ended" in said
    assert not mentee.pair.exists()
    mentor.pair.sync()
    assert mentor.pair.view().goals == []
    assert b"Sleep by eleven" not in path.read_bytes()


def test_notes_taken_back_leave_the_mentors_copy_and_come_back_when_shared_again(pair_of):
    mentee, mentor, path, _ = pair_of
    goal = add_goal(mentee, "Cook at home", why="save money", measure="four dinners a week")
    mentee.pair.share(goal.id, level="notes")
    mentee.pair.sync(), mentor.pair.sync()
    seen = mentor.pair.view().goals[0].goal
    assert (seen.why, seen.measure) == ("save money", "four dinners a week")
    mentee.pair.share(goal.id, level="headline")
    assert "why" not in mentee.pair.preview()[0]
    mentee.pair.sync(), mentor.pair.sync()
    seen = mentor.pair.view().goals[0].goal
    assert (seen.title, seen.why, seen.measure) == ("Cook at home", "", "")
    items = b"".join(p.read_bytes() for p in (mentor.store.dir / "pairs").rglob("*") if p.is_file())
    assert b"save money" not in items
    mentee.pair.share(goal.id, level="notes")
    mentee.pair.sync(), mentor.pair.sync()
    assert mentor.pair.view().goals[0].goal.why == "save money"


def test_a_mentor_with_two_mentees_keeps_each_pair_apart(tmp_path):
    first, second, mentor, a, b = open_two_mentees(tmp_path)
    goal_a, goal_b = add_goal(first, "Ana's goal"), add_goal(second, "Bo's goal")
    first.pair.share(goal_a.id), second.pair.share(goal_b.id)
    first.pair.sync(), second.pair.sync()
    mentor.pair.sync()  # every pair at once
    assert [g.goal.title for g in mentor.pair.view(a).goals] == ["Ana's goal"]
    assert [g.goal.title for g in mentor.pair.view(b).goals] == ["Bo's goal"]
    with pytest.raises(PairError, match="more than one pair"):
        mentor.pair.view()
    mentor.pair.comment(goal_a.id, "For Ana only")
    assert [d["text"] for d in mentor.pair.preview(a)] == ["For Ana only"]
    assert mentor.pair.preview(b) == []
    mentor.pair.sync()
    first.pair.sync(), second.pair.sync()
    assert [c.text for c in first.pair.view().comments] == ["For Ana only"]
    assert second.pair.view().comments == []
    assert b"For Ana only" not in Path(mentor.pair.get(b).path).read_bytes()
    for t in (first, second, mentor):
        t.close()


def test_a_file_locked_with_another_passphrase_is_refused(pair_of):
    from app import pairfile
    from tests.pairfile_helpers import fast_key

    mentee, mentor, path, pair_id = pair_of
    other = fast_key("another passphrase", salt=b"o" * 16)
    pairfile.write_pair_file(path, pair_id, [], other)
    locked_otherwise = path.read_bytes()
    with pytest.raises(PairError, match="passphrase"):
        mentor.pair.sync()
    assert path.read_bytes() == locked_otherwise


def test_a_step_taken_back_on_its_own_stays_back_while_its_goal_is_shared(pair_of):
    mentee, mentor, path, _ = pair_of
    goal = add_goal(mentee, "Garden")
    keep = mentee.goals.add_milestone(goal.id, "Plant beans")
    back = mentee.goals.add_milestone(goal.id, "Private step")
    mentee.pair.share(goal.id)
    mentee.pair.sync(), mentor.pair.sync()
    assert len(mentor.pair.view().goals[0].steps) == 2
    mentee.pair.unshare(back.id)
    assert back.id not in [d["id"] for d in mentee.pair.preview() if not d.get("withdrawn")]
    mentee.pair.sync(), mentor.pair.sync()
    assert [s.id for s in mentor.pair.view().goals[0].steps] == [keep.id]
    mentee.pair.share(back.id)
    mentee.pair.sync(), mentor.pair.sync()
    assert len(mentor.pair.view().goals[0].steps) == 2


def test_two_devices_checking_in_on_one_day_end_with_the_same_one(tmp_path):
    import datetime as dt

    from app.models import SelfCareCheckin

    phone, laptop, _ = open_devices(tmp_path)
    day = dt.date(2026, 3, 2)
    phone.checkins.save_selfcare(SelfCareCheckin(day=day, mood=2, note="from the phone"))
    laptop.checkins.save_selfcare(SelfCareCheckin(day=day, mood=4, note="from the laptop"))
    phone.pair.sync_devices()
    report = laptop.pair.sync_devices()
    assert any("set aside" in line for line in report.problems)
    phone.pair.sync_devices()
    laptop.pair.sync_devices()
    kept = [phone.checkins.for_day(day), laptop.checkins.for_day(day)]
    assert kept[0] is not None and kept[0].id == kept[1].id
    both = phone.store.raw_docs(["selfcare"])
    assert len(both) == 2 and sum(d["deleted"] for d in both) == 1  # the other is kept, restorable
    phone.close(), laptop.close()


def test_a_comment_taken_back_with_its_goal_comes_back_when_the_goal_is_shared_again(pair_of):
    mentee, mentor, path, pair_id = pair_of
    goal = share_goal(mentee, mentor, "Walk daily")
    comment = mentor.pair.comment(goal.id, "Nice one")
    mentor.pair.sync()  # the comment is in the file...
    # ...but the goal is withdrawn before the mentee has taken it in.
    mentee.pair.unshare(goal.id)
    mentee.pair.sync()
    mentor.pair.sync()  # the goal leaves; the comment is taken back with it
    mentee.pair.sync()
    assert mentee.pair.view().comments == []
    # Shared again: the comment that was written on it arrives after all.
    mentee.pair.share(goal.id)
    mentee.pair.sync()
    mentor.pair.sync()
    mentee.pair.sync()
    assert [c.id for c in mentee.pair.view().comments] == [comment.id]


def _damaged_copy_beside(path: Path) -> Path:
    """A conflict copy of the pair file whose body is damaged (the header still names the pair)."""
    copy = path.with_name(f"{path.stem}.sync-conflict-20260101-120000-ABCDEFG{path.suffix}")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x41
    copy.write_bytes(bytes(data))
    return copy


def _reported_and_kept(report, copy: Path) -> None:
    """The sync said the copy could not be used, and left it where it was."""
    assert [line for line in report.problems if line.startswith(f"A conflict copy ({copy.name}) could not be used")]
    assert copy.exists() and report.conflict_copies == 0


def test_a_damaged_conflict_copy_is_reported_left_in_place_and_the_pair_still_syncs(pair_of):
    mentee, mentor, path, pair_id = pair_of
    goal = add_goal(mentee, "Walk daily")
    mentee.pair.share(goal.id)
    mentee.pair.sync()
    copy = _damaged_copy_beside(path)
    report = mentor.pair.sync()
    _reported_and_kept(report, copy)
    assert [g.goal.title for g in mentor.pair.view().goals] == ["Walk daily"]


def test_a_damaged_conflict_copy_of_the_device_file_is_reported_and_left_in_place(tmp_path):
    phone, laptop, path = open_devices(tmp_path)
    add_goal(phone, "Sleep by eleven")
    phone.pair.sync_devices()
    copy = _damaged_copy_beside(path)
    report = laptop.pair.sync_devices()
    _reported_and_kept(report, copy)
    assert [g.title for g in laptop.goals.goals()] == ["Sleep by eleven"]
    phone.close(), laptop.close()


def test_attach_ties_a_record_written_for_one_pair_to_that_pair_only(tmp_path):
    from app.models import PairReview

    first, second, mentor, a, b = open_two_mentees(tmp_path)
    review = mentor.store.save(PairReview(day=mentor.today(), notes="For Ana only"))
    assert mentor.pair.preview(a) == []  # not tied to any pair yet: goes nowhere
    attached = mentor.pair.attach(review.id, a)
    assert attached.shared is True and mentor.store.get(PairReview, review.id).shared is True
    mentor.pair.attach(review.id, pair_id=a)  # twice changes nothing
    assert [d["notes"] for d in mentor.pair.preview(a)] == ["For Ana only"]
    assert mentor.pair.preview(b) == []
    with pytest.raises(PairError, match="another pair"):
        mentor.pair.attach(review.id, b)
    assert mentor.pair.preview(b) == []
    goal = add_goal(mentor, "The mentor's own goal")
    with pytest.raises(PairError, match="item by item"):
        mentor.pair.attach(goal.id, a)
    with pytest.raises(PairError, match="no item"):
        mentor.pair.attach("0" * 32, a)
    with pytest.raises(PairError, match="no pair"):
        mentor.pair.attach(review.id, "zzzz")
    mentor.pair.sync()
    first.pair.sync(), second.pair.sync()
    assert [r.notes for r in first.pair.view().reviews] == ["For Ana only"]
    assert second.pair.view().reviews == []
    for t in (first, second, mentor):
        t.close()


def test_a_step_switched_on_again_follows_its_goal_and_leaves_with_it(pair_of):
    mentee, mentor, path, pair_id = pair_of
    goal = add_goal(mentee, "Garden", why="Fresh food")
    step = mentee.goals.add_milestone(goal.id, "Plant beans")
    mentee.pair.share(goal.id, level="headline")
    assert mentee.pair.steps_follow(goal.id, pair_id) is True
    mentee.pair.unshare(step.id)
    mentee.pair.sync()
    mentee.pair.share(step.id, pair_id=pair_id, level="headline")
    assert [d["title"] for d in mentee.pair.preview() if d.get("kind") == "milestone"] == ["Plant beans"]
    mentee.pair.share(goal.id, level="notes")  # the step follows the goal's level, not a level of its own
    assert "Fresh food" in [d.get("why") for d in mentee.pair.preview() if d["kind"] == "goal"]
    mentee.pair.unshare(goal.id)  # taking the goal back takes the step back too
    assert not [d for d in mentee.pair.preview() if d.get("title") == "Plant beans"]
    mentee.pair.sync(), mentor.pair.sync()
    assert mentor.pair.view().goals == []


def test_a_step_added_later_follows_a_goal_shared_with_its_steps_only(pair_of):
    mentee, _, _, pair_id = pair_of
    follows, alone = add_goal(mentee, "Follows"), add_goal(mentee, "Alone")
    mentee.pair.share(follows.id)
    mentee.pair.share(alone.id, with_steps=False)
    assert mentee.pair.steps_follow(alone.id, pair_id) is False
    mentee.goals.add_milestone(follows.id, "Added later, shared")
    later = mentee.goals.add_milestone(alone.id, "Added later, private")
    titles = [d.get("title") for d in mentee.pair.preview()]
    assert "Added later, shared" in titles and "Added later, private" not in titles
    mentee.pair.share(later.id)  # switched on by hand: shared on its own
    assert "Added later, private" in [d.get("title") for d in mentee.pair.preview()]
