"""Review together: since the last review, support wanted, notes, next steps
that become the mentee's steps only when the mentee accepts them; the first
review is celebrated. Two real stores and the fake pair of tests/pair_fake.py."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models import Achievement, Goal, Milestone, PairReview
from app.pairdata import PairMissing
from app.review import ReviewError, ReviewService, step_id, summarize
from app.services import Trellis
from tests.pair_fake import linked

DAY = dt.date(2026, 3, 14)


@pytest.fixture
def two(tmp_path):
    day = {"today": DAY}
    with Trellis.open(tmp_path / "mentee", today=lambda: day["today"]) as mentee, \
            Trellis.open(tmp_path / "mentor", today=lambda: day["today"]) as mentor:
        linked(mentee, mentor)
        yield mentee, mentor, day


def _goal(t: Trellis, title: str, shared=True, support="") -> Goal:
    goal, _ = t.goals.save_goal(Goal(title=title, support=support))
    if shared:
        t.pair.share(goal.id, pair_id="p1", level="notes")
    return t.goals.get(goal.id)


def test_summary_shows_only_what_was_shared_since_the_last_review(two):
    mentee, mentor, day = two
    job = _goal(mentee, "Find a job", support="Practice interviews with me")
    private = _goal(mentee, "Private goal", shared=False, support="secret")
    step = mentee.goals.add_milestone(job.id, "Write a CV")
    mentee.goals.add_milestone(private.id, "Hidden step")
    mentee.goals.set_done(step.id, True)
    for who in (mentee, mentor):
        s = ReviewService(who, "p1").summary()
        assert [d.step.title for d in s.steps_done] == ["Write a CV"]
        assert [g.title for g in s.wants_support] == ["Find a job"]
        assert [g.title for g in s.goals] == ["Find a job"]
        assert s.last_review is None
    day["today"] = DAY + dt.timedelta(days=1)
    ReviewService(mentor, "p1").save(notes="Good talk")
    later = ReviewService(mentee, "p1").summary()
    assert later.last_review == DAY + dt.timedelta(days=1) and later.steps_done == []


def test_next_steps_become_steps_only_when_the_mentee_accepts(two):
    mentee, mentor, _ = two
    job = _goal(mentee, "Find a job")
    review, won = ReviewService(mentor, "p1").save(notes="Plan", next_steps=[(job.id, "Call the college"), (job.id, " ")])
    assert [w.rule for w in won] == ["first_pair_review_mentor"]  # the mentor's own first review together
    assert [s.title for s in review.next_steps] == ["Call the college"]
    assert mentee.goals.milestones(job.id) == []  # nothing changes until accepted
    with pytest.raises(ReviewError, match="Only the mentee"):
        ReviewService(mentor, "p1").accept(review.id, 0)
    svc = ReviewService(mentee, "p1")
    [proposal] = svc.proposals()
    assert proposal.title == "Call the college" and not proposal.accepted and proposal.goal.id == job.id
    step = svc.accept(review.id, 0)
    again = svc.accept(review.id, 0)
    assert step.id == again.id == step_id(review.id, 0)
    assert [m.title for m in mentee.goals.milestones(job.id)] == ["Call the college"]
    assert svc.proposals()[0].accepted and ReviewService(mentor, "p1").proposals()[0].accepted
    with pytest.raises(ReviewError, match="no such next step"):
        svc.accept(review.id, 5)


def test_a_next_step_on_a_goal_not_shared_is_refused(two):
    mentee, mentor, _ = two
    private = _goal(mentee, "Private", shared=False)
    with pytest.raises(ReviewError, match="shared goals"):
        ReviewService(mentee, "p1").save(next_steps=[(private.id, "A step")])
    with pytest.raises(ReviewError, match="something to keep"):
        ReviewService(mentee, "p1").save(notes="  ")
    assert mentee.store.list(PairReview) == []


def test_a_withdrawn_goal_leaves_its_step_unacceptable(two):
    mentee, mentor, _ = two
    job = _goal(mentee, "Find a job")
    review, _ = ReviewService(mentor, "p1").save(next_steps=[(job.id, "Call")])
    mentee.pair.unshare(job.id, pair_id="p1")
    with pytest.raises(ReviewError, match="no longer shared"):
        ReviewService(mentee, "p1").accept(review.id, 0)
    assert mentee.goals.milestones(job.id) == []


def test_the_first_review_is_celebrated_once_on_the_mentees_side(two):
    mentee, _, _ = two
    _goal(mentee, "Find a job")
    mentee.celebrate([])  # the goal's own celebration, as the goal screen gives it
    review, won = ReviewService(mentee, "p1").save(notes="First")
    assert [w.rule for w in won] == ["first_pair_review"] and review.shared
    _, again = ReviewService(mentee, "p1").save(notes="Second")
    assert again == []
    assert [r.notes for r in ReviewService(mentee, "p1").reviews()] in (["Second", "First"], ["First", "Second"])


def test_the_mentor_celebrates_the_first_review_with_each_mentee_once(two, tmp_path):
    mentee, mentor, _ = two
    _goal(mentee, "Find a job")
    assert ReviewService(mentor, "p1").celebrate_first() == []  # no review yet: nothing
    ReviewService(mentee, "p1").save(notes="The mentee wrote it")
    [won] = ReviewService(mentor, "p1").celebrate_first()  # first seen, as after a sync
    assert won.rule == "first_pair_review_mentor" and won.key == "first_pair_review:p1"
    assert won.title == "Your first review with Sam" and "Sam" in won.message and not won.shared
    assert ReviewService(mentor, "p1").celebrate_first() == []
    _, again = ReviewService(mentor, "p1").save(notes="The mentor's own")
    assert again == []
    # The mentee's words never reach the mentor, whatever else the mentor celebrates.
    assert "first_pair_review" not in {w.key for w in mentor.celebrate([])}
    assert [w.key for w in mentor.wins() if "review" in w.rule] == ["first_pair_review:p1"]


def test_the_mentors_celebration_is_remembered_across_a_restart(tmp_path):
    with Trellis.open(tmp_path / "mentee", today=lambda: DAY) as mentee, \
            Trellis.open(tmp_path / "mentor", today=lambda: DAY) as mentor:
        linked(mentee, mentor)
        ReviewService(mentor, "p1").save(notes="First")
    with Trellis.open(tmp_path / "mentee", today=lambda: DAY) as mentee, \
            Trellis.open(tmp_path / "mentor", today=lambda: DAY) as mentor:
        linked(mentee, mentor)
        assert ReviewService(mentor, "p1").celebrate_first() == []
        assert len([w for w in mentor.wins() if w.rule == "first_pair_review_mentor"]) == 1


def test_an_unknown_pair_is_one_plain_line(two):
    mentee, _, _ = two
    with pytest.raises(PairMissing, match="no pair nope"):
        ReviewService(mentee, "nope")


def test_summarize_counts_from_the_day_of_the_last_review():
    g = Goal(title="G")
    steps = [Milestone(goal_id=g.id, title=f"s{i}", done=True, done_on=DAY + dt.timedelta(days=i)) for i in (-2, 0, 2)]
    review = PairReview(day=DAY)
    wins = [Achievement(rule="x", key="k1", day=DAY - dt.timedelta(days=1)), Achievement(rule="x", key="k2", day=DAY)]
    s = summarize([g], steps, wins, [review])
    assert [d.step.title for d in s.steps_done] == ["s0", "s2"] and [w.key for w in s.wins] == ["k2"]
    assert summarize([g], steps, wins, []).steps_done[0].step.title == "s-2"
