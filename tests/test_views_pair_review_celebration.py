"""The first review together is celebrated on both sides, once per pair and
device: when it is saved here, or when it is first seen after a sync. It is
a small win (a quiet note at the top of the screen), so turning the full
moments off never brings a dialog, and a restart does not celebrate again."""

from __future__ import annotations

from app.models import Achievement
from app.review import ReviewService
from app.services import Trellis
from tests.test_views_pair import _open, make_ctx, paired, people  # noqa: F401 (fixtures)
from tests.pair_helpers import fast_kdf  # noqa: F401 (autouse fixture)
from tests.view_fakes import texts
from views import celebration, pair, pair_review
from views.celebration import CelebrationQueue

MENTOR_RULE = "first_pair_review_mentor"


def rules(ctx) -> list[str]:
    return [w.rule for w in ctx.celebrated]


def test_the_mentor_saving_the_first_review_celebrates_once(paired):
    _, mentor, _, mentor_pair, _ = paired
    ctx = _open(make_ctx(mentor), mentor_pair)
    pair_review.build(ctx)
    view = ctx.state[pair_review.VIEW_KEY]
    view.notes.value = "We looked at the CV together"
    assert view.save() is not None
    assert rules(ctx) == [MENTOR_RULE]
    assert ctx.celebrated[0].title == "Your first review with Sam"
    pair_review.build(ctx)
    view = ctx.state[pair_review.VIEW_KEY]
    view.notes.value = "A second meeting"
    assert view.save() is not None
    assert rules(ctx) == [MENTOR_RULE]  # not twice
    pair.sync_now(ctx, mentor_pair)  # nor after a sync
    assert rules(ctx) == [MENTOR_RULE]


def test_the_mentor_celebrates_the_mentees_first_review_when_first_seen_and_never_again(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    ctx = _open(make_ctx(mentor), mentor_pair)
    pair.sync_now(ctx, mentor_pair)
    assert rules(ctx) == []  # no review yet: nothing to celebrate
    ReviewService(mentee, pair_id).save(notes="Sam wrote this one")
    mentee.pair.sync()
    pair.sync_now(ctx, mentor_pair)
    assert rules(ctx) == [MENTOR_RULE]
    pair.sync_now(ctx, mentor_pair)
    assert rules(ctx) == [MENTOR_RULE]
    # A restart: a new session on the same data folder stays quiet.
    folder = mentor.store.dir
    mentor.close()
    with Trellis.open(folder) as again:
        later = _open(make_ctx(again), mentor_pair)
        pair.sync_now(later, mentor_pair)
        assert rules(later) == []
        assert len([w for w in again.wins() if w.rule == MENTOR_RULE]) == 1


def test_a_mentor_with_two_mentees_celebrates_each_first_review(paired, tmp_path):
    from tests.pair_helpers import PASS, add_goal

    mentee, mentor, pair_id, mentor_pair, _ = paired
    second = Trellis.open(tmp_path / "second")
    try:
        other = second.pair.start(tmp_path / "shared" / "other.trellis", "mentee", "Alex", PASS)
        mentor.pair.join(tmp_path / "shared" / "other.trellis", "mentor", "Bo", PASS)
        second.pair.share(add_goal(second, "Bo's goal").id, pair_id=other.id)
        ReviewService(mentee, pair_id).save(notes="With Sam")
        ReviewService(second, other.id).save(notes="With Bo")
        mentee.pair.sync(), second.pair.sync()
        ctx = make_ctx(mentor)
        pair.sync_now(ctx, mentor_pair)
        pair.sync_now(ctx, other.id)
        assert sorted(w.title for w in ctx.celebrated) == ["Your first review with Bo", "Your first review with Sam"]
        pair.sync_now(ctx, mentor_pair), pair.sync_now(ctx, other.id)
        assert len(ctx.celebrated) == 2
    finally:
        second.close()


def test_the_mentee_celebrates_the_mentors_first_review_when_first_seen(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    mentee.celebrate([])  # the goal's own win, as the goal screen gives it
    ReviewService(mentor, mentor_pair).save(notes="Alex wrote this one")
    mentor.pair.sync()
    ctx = _open(make_ctx(mentee), pair_id)
    pair.sync_now(ctx, pair_id)
    assert rules(ctx) == ["first_pair_review"]
    pair.sync_now(ctx, pair_id)
    assert rules(ctx) == ["first_pair_review"]
    assert [w.key for w in mentee.wins()].count("first_pair_review") == 1


def _real_queue(ctx):
    """The shell's celebration machinery, with redraws counted instead of drawn."""
    ctx.refreshes = 0

    def refresh():
        ctx.refreshes += 1

    ctx.refresh = refresh
    ctx.celebrate = CelebrationQueue(ctx).add
    return ctx


def test_the_mentors_celebration_is_a_quiet_note_on_the_pair_tab_shown_once(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    ReviewService(mentee, pair_id).save(notes="Sam wrote this one")
    mentee.pair.sync()
    ctx = _real_queue(make_ctx(mentor))
    pair.sync_now(ctx, mentor_pair)
    assert ctx.page.dialogs == []
    shown = texts(pair.build(ctx))
    assert "Your first review with Sam" in shown
    assert any("looked at their progress together" in s for s in shown)
    assert "Your first review with Sam" not in texts(pair.build(ctx))  # once


def test_the_tab_showing_itself_syncs_and_keeps_the_note_for_its_own_top(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    ReviewService(mentee, pair_id).save(notes="Sam wrote this one")
    mentee.pair.sync()
    ctx = _real_queue(make_ctx(mentor))
    ctx.state["pair.auto_sync"] = True
    shown = texts(pair.build(ctx))  # the sync on showing the tab brings the review
    assert "Your first review with Sam" in shown and ctx.refreshes == 0  # drawn once, not inside itself
    assert "Your first review with Sam" not in texts(pair.build(ctx))


def test_full_moments_off_means_no_dialog_for_either_side(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    mctx = _real_queue(_open(make_ctx(mentor), mentor_pair))
    celebration.set_full_moments(mctx, False)
    pair_review.build(mctx)
    view = mctx.state[pair_review.VIEW_KEY]
    view.notes.value = "The first one"
    view.save()
    assert mctx.page.dialogs == []
    assert "Your first review with Sam" in texts(pair_review.build(mctx))  # a note on the review screen
    mentor.pair.sync()
    mentee.celebrate([])
    ectx = _real_queue(_open(make_ctx(mentee), pair_id))
    celebration.set_full_moments(ectx, False)
    pair.sync_now(ectx, pair_id)
    assert ectx.page.dialogs == []
    title = ectx.content.celebrations.first_pair_review.title
    assert title in texts(pair.build(ectx))
    assert mentee.store.count(Achievement) >= 1


def test_the_mentors_win_says_it_stays_on_this_device(paired):
    from views import wins

    _, mentor, _, mentor_pair, _ = paired
    ReviewService(mentor, mentor_pair).save(notes="First")
    [win] = [w for w in mentor.wins() if w.rule == MENTOR_RULE]
    ctx = make_ctx(mentor)
    wins.build(ctx)
    dialog = ctx.state[wins.VIEW_KEY].open(win)
    shown = texts(dialog)
    assert ctx.words("wins.share_off") in shown and ctx.words("wins.share_on") not in shown
    switches = [c for c in dialog.content.controls if type(c).__name__ == "Switch"]
    assert switches and all(not s.visible for s in switches)
