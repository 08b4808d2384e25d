"""GoalService methods added for the goal screens."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models import Goal, Milestone
from app.services import Trellis
from app.store import RecordNotFound

TODAY = dt.date(2026, 3, 14)


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


def test_delete_milestone_leaves_a_tombstone_and_the_rest_in_order(trellis, tmp_path):
    goal, _ = trellis.goals.save_goal(Goal(title="Walk to the park"))
    first = trellis.goals.add_milestone(goal.id, "Find shoes")
    second = trellis.goals.add_milestone(goal.id, "Walk to the corner")
    third = trellis.goals.add_milestone(goal.id, "Walk to the park")
    trellis.goals.set_done(first.id, True)

    gone = trellis.goals.delete_milestone(second.id)

    assert gone.deleted is True and gone.title == "Walk to the corner"
    assert [m.id for m in trellis.goals.milestones(goal.id)] == [first.id, third.id]
    progress = {p.goal.id: (p.done, p.total) for p in trellis.goals.with_progress()}
    assert progress[goal.id] == (1, 2)
    with pytest.raises(RecordNotFound):
        trellis.goals.delete_milestone(second.id)  # already gone
    # The order still works without the removed step.
    assert [m.id for m in trellis.goals.reorder(goal.id, [third.id, first.id])] == [third.id, first.id]
    trellis.close()
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as again:  # the tombstone was stored
        kept = again.store.get(Milestone, second.id, include_deleted=True)
        assert kept.deleted is True
        assert [m.id for m in again.goals.milestones(goal.id)] == [third.id, first.id]


def test_delete_milestone_of_an_unknown_id_changes_nothing(trellis):
    goal, _ = trellis.goals.save_goal(Goal(title="Read"))
    trellis.goals.add_milestone(goal.id, "Pick a book")
    with pytest.raises(RecordNotFound):
        trellis.goals.delete_milestone("0" * 32)
    assert [m.title for m in trellis.goals.milestones(goal.id)] == ["Pick a book"]
