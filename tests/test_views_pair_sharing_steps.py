"""Consent per step on the Sharing screen: under a shared goal, each step has
its own switch (named by the step's title), so one step can stay private while
the goal is shared. What the switches say is what the next sync sends: the
preview, the file the mentor receives and the mentor's screen all agree. A
line says what happens to steps added later, and it is true."""

from __future__ import annotations

import flet as ft
import pytest

from tests.pair_helpers import add_goal, fast_kdf, open_people, shared_bytes  # noqa: F401 (fast_kdf: autouse)
from tests.test_views_pair import _open, make_ctx
from tests.view_fakes import Event, texts, walk
from views import pair_sharing, pair_theirs

PRIVATE_STEP = "Call my old boss"


@pytest.fixture
def plain_pair(tmp_path):
    """No passphrase, so the test can read the shared file itself. A mentee's goal
    with two steps, shared with its steps and synced; the mentor joined."""
    mentee, mentor, path = open_people(tmp_path)
    info = mentee.pair.start(path, "mentee", "Alex", None)
    mentor.pair.join(path, "mentor", "Sam", None)
    goal = add_goal(mentee, "Find a job")
    cv = mentee.goals.add_milestone(goal.id, "Write a CV")
    private = mentee.goals.add_milestone(goal.id, PRIVATE_STEP)
    mentee.pair.share(goal.id, pair_id=info.id, level="headline")
    for t in (mentee, mentor):
        t.pair.sync()
    yield mentee, mentor, info.id, mentor.pair.pairs()[0].id, goal, cv, private, path.parent
    mentee.close()
    mentor.close()


def screen(mentee, pair_id):
    ctx = _open(make_ctx(mentee), pair_id)
    pair_sharing.build(ctx)
    return ctx, ctx.state[pair_sharing.VIEW_KEY]


def step_switch(view, step_id) -> ft.Switch:
    [found] = [c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data == step_id]
    return found


def flip(switch: ft.Switch, on: bool) -> None:
    switch.value = on
    switch.on_change(Event(switch))


def sent_titles(mentee, pair_id) -> set[str]:
    return {d["title"] for d in mentee.pair.preview(pair_id) if d.get("title")}


def mentor_sees(mentor, mentor_pair) -> list[str]:
    return texts(pair_theirs.TheirsView(_open(make_ctx(mentor), mentor_pair)).control)


def assert_screen_tells_the_truth(mentee, pair_id, view) -> None:
    """Every step switch is on exactly when the next sync sends that step."""
    sent = {d["id"] for d in mentee.pair.preview(pair_id) if d.get("title")}
    for c in walk(view.control):
        if isinstance(c, ft.Switch) and c.data in {m.id for g in mentee.goals.goals() for m in mentee.goals.milestones(g.id)}:
            assert bool(c.value) == (c.data in sent), c.data


def test_each_step_of_a_shared_goal_has_its_own_switch_named_by_its_title(plain_pair):
    mentee, _, pair_id, _, goal, cv, private, _ = plain_pair
    ctx, view = screen(mentee, pair_id)
    shown = texts(view.control)
    assert ctx.words("pair.steps_follow") in shown
    for step in (cv, private):
        switch = step_switch(view, step.id)
        assert switch.value is True
        merged = [c for c in walk(view.control) if isinstance(c, ft.MergeSemantics) and c.data == step.id]
        assert merged and step.title in texts(merged[0]) and switch in list(walk(merged[0]))
    assert_screen_tells_the_truth(mentee, pair_id, view)


def test_a_step_switched_off_leaves_the_preview_the_file_and_the_mentors_screen(plain_pair):
    mentee, mentor, pair_id, mentor_pair, goal, cv, private, folder = plain_pair
    assert PRIVATE_STEP.encode() in shared_bytes(folder)  # it was sent before: the check below can fail
    assert PRIVATE_STEP in mentor_sees(mentor, mentor_pair)
    ctx, view = screen(mentee, pair_id)
    flip(step_switch(view, private.id), False)
    assert ctx.words("pair.step_withdrawn_toast") in ctx.page.snacks
    assert step_switch(view, private.id).value is False  # still listed, to switch back on
    assert PRIVATE_STEP not in sent_titles(mentee, pair_id) and "Find a job" in sent_titles(mentee, pair_id)
    previewed = " ".join(texts(view.preview()))
    assert PRIVATE_STEP not in previewed and "Write a CV" in previewed and "Find a job" in previewed
    assert_screen_tells_the_truth(mentee, pair_id, view)
    mentee.pair.sync()
    assert PRIVATE_STEP.encode() not in shared_bytes(folder)
    mentor.pair.sync()
    seen = mentor_sees(mentor, mentor_pair)
    assert "Find a job" in seen and "Write a CV" in seen and PRIVATE_STEP not in seen
    # Switched on again, it goes with its goal once more.
    flip(step_switch(view, private.id), True)
    assert ctx.words("pair.step_shared_toast") in ctx.page.snacks
    assert PRIVATE_STEP in sent_titles(mentee, pair_id)
    mentee.pair.sync(), mentor.pair.sync()
    assert PRIVATE_STEP in mentor_sees(mentor, mentor_pair)


def test_a_step_added_later_follows_the_goal_and_the_screen_says_so(plain_pair):
    mentee, mentor, pair_id, mentor_pair, goal, *_ = plain_pair
    later = mentee.goals.add_milestone(goal.id, "Added later")
    ctx, view = screen(mentee, pair_id)
    assert ctx.words("pair.steps_follow") in texts(view.control)
    assert step_switch(view, later.id).value is True
    assert "Added later" in sent_titles(mentee, pair_id)
    assert_screen_tells_the_truth(mentee, pair_id, view)
    mentee.pair.sync(), mentor.pair.sync()
    assert "Added later" in mentor_sees(mentor, mentor_pair)


def test_a_goal_shared_without_its_steps_says_new_steps_stay_private(plain_pair):
    mentee, _, pair_id, _, goal, cv, private, _ = plain_pair
    mentee.pair.share(goal.id, pair_id=pair_id, level="headline", with_steps=False)  # as `--without-steps` does
    later = mentee.goals.add_milestone(goal.id, "Added later")
    ctx, view = screen(mentee, pair_id)
    assert ctx.words("pair.steps_chosen") in texts(view.control)
    assert step_switch(view, later.id).value is False and "Added later" not in sent_titles(mentee, pair_id)
    flip(step_switch(view, later.id), True)
    assert "Added later" in sent_titles(mentee, pair_id)
    assert_screen_tells_the_truth(mentee, pair_id, view)


def test_a_goal_with_no_steps_yet_says_what_new_ones_will_do(plain_pair):
    mentee, _, pair_id, *_ = plain_pair
    empty = add_goal(mentee, "Learn to swim")
    mentee.pair.share(empty.id, pair_id=pair_id)
    ctx, view = screen(mentee, pair_id)
    assert ctx.words("pair.steps_none_follow") in texts(view.control)


def test_a_withdrawn_goal_lists_no_steps_and_says_nothing_is_shared(plain_pair):
    mentee, _, pair_id, _, goal, cv, private, _ = plain_pair
    ctx, view = screen(mentee, pair_id)
    [goal_switch] = [c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data == goal.id]
    flip(goal_switch, False)
    assert not [c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data in (cv.id, private.id)]
    assert ctx.words("pair.steps_follow") not in texts(view.control)
    assert not {"Write a CV", PRIVATE_STEP} & sent_titles(mentee, pair_id)


def test_a_step_gone_meanwhile_is_one_plain_message_and_changes_nothing(plain_pair):
    mentee, _, pair_id, _, goal, cv, private, _ = plain_pair
    ctx, view = screen(mentee, pair_id)
    switch = step_switch(view, private.id)
    mentee.goals.delete_milestone(private.id)  # on another screen, say
    before = mentee.pair.preview(pair_id)
    flip(switch, False)
    assert len(ctx.page.snacks) == 1 and ctx.words("pair.step_withdrawn_toast") not in ctx.page.snacks
    assert mentee.pair.preview(pair_id) == before
    assert not [c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data == private.id]


def test_the_goal_page_says_how_many_steps_go_when_some_are_kept_back(plain_pair):
    """The goal's own share line never claims 'its steps' once a step is switched off."""
    from views.goal_page import GoalPage

    mentee, _, pair_id, _, goal, _cv, private, _ = plain_pair

    def share_line(ctx) -> list[str]:
        page = GoalPage(ctx, goal.id)
        return [t for t in texts(page.control) if "your mentor can see this goal" in t]

    ctx = make_ctx(mentee)
    assert share_line(ctx) == [ctx.words("goals.share_on_text")]
    mentee.pair.unshare(private.id, pair_id=pair_id)
    assert share_line(ctx) == [ctx.words("goals.share_on_some_steps", sent=1, total=2)]
    mentee.pair.unshare(_cv.id, pair_id=pair_id)
    assert share_line(ctx) == [ctx.words("goals.share_on_no_steps", total=2)]
    assert mentee.pair.steps_sent(goal.id, pair_id) == (0, 2)
