"""The review and the agreement through the real pair engine: two data
folders, one shared file, syncs in between (no fake)."""

from __future__ import annotations

import pytest

from app.agreement import for_pair
from app.models import PairReview
from app.review import ReviewService
from tests.pair_helpers import add_goal, fast_kdf, open_pair  # noqa: F401 (fast_kdf is a fixture)


@pytest.fixture
def people(tmp_path):
    mentee, mentor, _, pair_id = open_pair(tmp_path, names=("Alex", "Sam"))
    yield mentee, mentor, pair_id
    mentee.close()
    mentor.close()


def sync(*people):
    for t in people:
        t.pair.sync()


def test_a_mentors_review_reaches_the_mentee_and_its_step_is_added_when_accepted(people):
    mentee, mentor, pair_id = people
    goal = add_goal(mentee, "Find a job", support="Practice interviews")
    mentee.pair.share(goal.id, level="notes")
    sync(mentee, mentor, mentee)
    mentor_pair = mentor.pair.pairs()[0].id
    summary = ReviewService(mentor, mentor_pair).summary()
    assert [g.title for g in summary.wants_support] == ["Find a job"]
    review, _ = ReviewService(mentor, mentor_pair).save(notes="Good start", next_steps=[(goal.id, "Call the college")])
    assert any(d.get("id") == review.id for d in mentor.pair.preview(mentor_pair))
    sync(mentor, mentee)
    svc = ReviewService(mentee, pair_id)
    assert [w.rule for w in svc.celebrate_first()] == ["first_goal", "first_pair_review"]
    assert svc.celebrate_first() == []
    [proposal] = svc.proposals()
    assert proposal.title == "Call the college" and not proposal.accepted
    assert mentee.goals.milestones(goal.id) == []
    svc.accept(review.id, 0)
    assert [m.title for m in mentee.goals.milestones(goal.id)] == ["Call the college"]
    sync(mentee, mentor)
    assert ReviewService(mentor, mentor_pair).proposals()[0].accepted
    # The mentee's own store never holds the mentor's review: it lives with the pair.
    assert mentee.store.list(PairReview) == []


def test_both_agree_through_the_file_and_an_edit_asks_again(people):
    mentee, mentor, pair_id = people
    mentor_pair = mentor.pair.pairs()[0].id
    a, b = for_pair(mentee, pair_id), for_pair(mentor, mentor_pair)
    a.agree(a.state().version)
    sync(mentee, mentor)
    assert b.state().they_agreed_on is not None
    b.agree(b.state().version)
    sync(mentor, mentee)
    assert a.state().both_agreed and b.state().both_agreed
    b.edit(b.state().text + "\nWe meet on Tuesdays.")
    sync(mentor, mentee)
    assert "Tuesdays" in a.state().text and a.state().i_agreed_on is None and a.state().they_agreed_on is None
