"""The pair screens without a browser: real Trellis stores on both sides,
the real pair engine through a file in a shared folder (cheap KDF), a small
fake page, and the handlers the buttons carry called as a tap would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import flet as ft
import pytest

from app.models import Comment, Goal
from tests.pair_helpers import PASS, add_goal, fast_kdf, open_people  # noqa: F401 (fast_kdf: autouse fixture)
from tests.view_fakes import Event, FakePage, texts, walk
from views import goal_page, pair, pair_agreement, pair_review, pair_setup, pair_sharing, pair_theirs
from views.context import AppContext
from views.pair_common import OPEN_KEY, relative

BUTTONS = (ft.Button, ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton)


def make_ctx(trellis) -> AppContext:
    ctx = AppContext(page=FakePage(), trellis=trellis)
    ctx.opened, ctx.went = [], []
    ctx.open = ctx.opened.append
    ctx.go = ctx.went.append
    ctx.celebrated = []
    ctx.celebrate = ctx.celebrated.extend
    ctx.state["pair.auto_sync"] = False
    return ctx


def tap(root, label: str, index: int = 0):
    found = [c for c in walk(root) if isinstance(c, BUTTONS) and c.content == label]
    assert len(found) > index, f"no button {label!r} in {texts(root)}"
    return found[index].on_click(Event(found[index]))


def dialog_of(ctx) -> ft.AlertDialog:
    assert ctx.page.dialogs, "no dialog open"
    return ctx.page.dialogs[-1]


@pytest.fixture
def people(tmp_path):
    mentee, mentor, path = open_people(tmp_path)
    yield mentee, mentor, path
    mentee.close()
    mentor.close()


@pytest.fixture
def paired(people):
    """A mentee with one shared goal (two steps, one done) and one private goal; the mentor joined; synced."""
    mentee, mentor, path = people
    info = mentee.pair.start(path, "mentee", "Alex", PASS)
    mentor.pair.join(path, "mentor", "Sam", PASS)
    goal = add_goal(mentee, "Find a job", support="Interview practice", why="To feel steady")
    done = mentee.goals.add_milestone(goal.id, "Write a CV")
    mentee.goals.add_milestone(goal.id, "Call the college")
    mentee.goals.set_done(done.id, True)
    add_goal(mentee, "My secret plan", why="Nobody knows")
    mentee.pair.share(goal.id, pair_id=info.id, level="headline")
    for t in (mentee, mentor, mentee):
        t.pair.sync()
    return mentee, mentor, info.id, mentor.pair.pairs()[0].id, goal


# ---- before a pair ---------------------------------------------------------------
def test_before_a_pair_the_tab_explains_and_offers_both_ways(people):
    mentee, _, _ = people
    ctx = make_ctx(mentee)
    shown = texts(pair.build(ctx))
    w = ctx.words
    for key in ("pair.what_shared", "pair.never_shared", "pair.how", "pair.start", "pair.join"):
        assert w(key) in shown, key
    assert "Syncthing" in w("pair.how") and "coming soon" not in " ".join(shown).lower()
    tap(pair.build(ctx), w("pair.join"))
    assert ctx.state[pair_setup.MODE_KEY] == "join" and ctx.opened[-1].title == w("pair.join_title")


def test_path_checks_say_what_to_change(people, tmp_path):
    mentee, _, _ = people
    data = mentee.store.dir
    assert pair_setup.check_path("", data, "start") == (None, "pair.path_needed")
    assert pair_setup.check_path("Sync/pair.trellis", data, "start") == (None, "pair.path_not_absolute")
    assert pair_setup.check_path(str(tmp_path / "nowhere" / "p.trellis"), data, "start") == (None, "pair.path_no_folder")
    assert pair_setup.check_path(str(Path(data) / "p.trellis"), data, "start") == (None, "pair.path_in_data")
    assert pair_setup.check_path(str(tmp_path / "shared" / "x.trellis"), data, "join") == (None, "pair.path_no_file")
    folder = tmp_path / "shared"
    assert pair_setup.check_path(str(folder), data, "start") == (str(folder / pair_setup.FILE_NAME), None)


def test_passphrase_strength_and_the_no_passphrase_warning(people):
    mentee, _, _ = people
    ctx = make_ctx(mentee)
    ctx.state[pair_setup.MODE_KEY] = "start"
    pair_setup.build(ctx)
    form = ctx.state[pair_setup.SETUP_KEY]
    assert form.passphrase.password and form.passphrase.can_reveal_password
    assert ctx.words("pair.passphrase_lost") in texts(form.control)
    for typed, key in (("", "pair.strength_empty"), ("abc", "pair.strength_short"), ("abcdefgh1", "pair.strength_fair"),
                       ("quiet river stones", "pair.strength_strong")):
        form.passphrase.value = typed
        form.passphrase.on_change(Event(form.passphrase))
        assert form.strength.value == ctx.words(key)
    assert ctx.words("pair.no_passphrase_warning") not in texts(form.control)
    instead = next(c for c in walk(form.control) if isinstance(c, ft.TextButton)
                   and c.content == ctx.words("pair.join_instead"))
    instead.on_click(Event(instead))
    assert ctx.state[pair_setup.MODE_KEY] == "join" and ctx.opened[-1].title == ctx.words("pair.join_title")
    form.no_pass.value = True
    form.no_pass.on_change(Event(form.no_pass))
    assert ctx.words("pair.no_passphrase_warning") in texts(form.control) and form.passphrase.disabled


def test_starting_a_pair_from_the_form(people):
    mentee, _, path = people
    ctx = make_ctx(mentee)
    ctx.state[pair_setup.MODE_KEY] = "start"
    pair_setup.build(ctx)
    form = ctx.state[pair_setup.SETUP_KEY]
    form.path.value = str(path)
    form.passphrase.value = "short"
    assert form.submit() is None and form.problem.visible and not mentee.pair.exists()
    form.passphrase.value = PASS
    form.name.value = "Alex"
    info = form.submit()
    assert info is not None and mentee.pair.get(info.id).their_name == "Alex" and path.exists()
    assert ctx.went == ["pair"] and ctx.opened[-1].title == ctx.words("pair.safety_title")
    shown = texts(pair_setup.safety_screen(ctx))
    assert ctx.words("pair.safety_waiting", name="Alex") in shown  # the mentor has not joined yet
    form.passphrase.value = PASS
    assert form.submit() is None and any("already a file" in s for s in ctx.page.snacks)


# ---- the tab with pairs ------------------------------------------------------------
def test_the_card_shows_sync_status_safety_code_and_the_ways_in(paired):
    mentee, mentor, pair_id, _, _ = paired
    ctx = make_ctx(mentee)
    shown = texts(pair.build(ctx))
    w = ctx.words
    code = mentee.pair.get(pair_id).safety_code
    assert code and code == mentor.pair.pairs()[0].safety_code
    assert any(" ".join(s.split()) == code and "\n" in s for s in shown)  # two lines of three groups
    assert w("pair.safety_why") in shown and w("pair.card_title_mentee", name="Alex") in shown
    assert any(s.startswith("Last synced just now") for s in shown)
    for key in ("pair.review", "pair.agreement", "pair.end", "pair.sync_now"):
        assert w(key) in shown
    tap(pair.build(ctx), w("pair.sync_now"))
    assert ctx.page.snacks and mentee.pair.get(pair_id).last_synced is not None


def test_a_sync_problem_is_shown_in_plain_words(paired, tmp_path):
    mentee, _, pair_id, _, _ = paired
    Path(mentee.pair.get(pair_id).path).write_bytes(b"not a pair file at all")
    ctx = make_ctx(mentee)
    pair.sync_now(ctx, pair_id)
    assert ctx.page.snacks and ctx.page.snacks[-1].startswith("Nothing was changed.")
    shown = " ".join(texts(pair.build(ctx)))
    assert "did not go through" in shown


def test_a_mentor_with_two_mentees_sees_two_cards_never_mixed(paired, tmp_path):
    from app.services import Trellis

    mentee, mentor, _, mentor_pair, goal = paired
    with Trellis.open(tmp_path / "second") as other:
        second = tmp_path / "shared" / "second.trellis"
        other.pair.start(second, "mentee", "Alex", PASS)
        mentor.pair.join(second, "mentor", "Kim", PASS)
        g = add_goal(other, "Learn to swim")
        other.pair.share(g.id)
        other.pair.sync()
        mentor.pair.sync()
        ctx = make_ctx(mentor)
        root = pair.build(ctx)
        cards = [c for c in walk(root) if isinstance(c, ft.Card) and c.data in {p.id for p in mentor.pair.pairs()}]
        assert len(cards) == 2
        for p, title, absent in ((mentor_pair, "Find a job", "Learn to swim"), (None, "Learn to swim", "Find a job")):
            ctx.state[OPEN_KEY] = p or next(x.id for x in mentor.pair.pairs() if x.id != mentor_pair)
            shown = texts(pair_theirs.build(ctx))
            assert title in shown and absent not in shown


# ---- sharing (consent) ---------------------------------------------------------------
def test_sharing_lists_what_is_shared_and_the_preview_shows_exactly_it(paired):
    mentee, _, pair_id, _, goal = paired
    ctx = make_ctx(mentee)
    ctx.state[OPEN_KEY] = pair_id
    pair_sharing.build(ctx)
    view = ctx.state[pair_sharing.VIEW_KEY]
    shown = texts(view.control)
    assert "Find a job" in shown and "My secret plan" not in shown
    assert ctx.words("pair.steps_follow") in shown and "Write a CV" in shown  # its steps, under it
    dialog = view.preview()
    previewed = texts(dialog)
    assert "Find a job" in previewed and "My secret plan" not in " ".join(previewed)
    assert "Interview practice" not in " ".join(previewed)  # headline only
    docs = mentee.pair.preview(pair_id)
    blocks = [c for c in walk(dialog) if isinstance(c, ft.Container) and c.data]
    assert sorted(b.data for b in blocks) == sorted(d["id"] for d in docs)
    # With notes: the support answer goes too.
    seg = next(c for c in walk(view.control) if isinstance(c, ft.SegmentedButton) and c.data == goal.id)
    seg.selected = ["notes"]
    seg.on_change(Event(seg))
    assert "Interview practice" in " ".join(texts(view.preview()))


def test_switching_an_item_off_takes_it_back_and_can_be_undone(paired):
    mentee, mentor, pair_id, mentor_pair, goal = paired
    ctx = make_ctx(mentee)
    ctx.state[OPEN_KEY] = pair_id
    pair_sharing.build(ctx)
    view = ctx.state[pair_sharing.VIEW_KEY]
    switch = next(c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data == goal.id)
    switch.value = False
    switch.on_change(Event(switch))
    assert not mentee.goals.get(goal.id).shared
    assert ctx.words("pair.withdrawn_toast") in ctx.page.snacks
    assert "Find a job" in texts(view.control)  # still listed, to undo
    assert all("title" not in d for d in mentee.pair.preview(pair_id) if d["id"] == goal.id)
    mentee.pair.sync()
    mentor.pair.sync()
    assert "Find a job" not in texts(pair_theirs.TheirsView(_open(make_ctx(mentor), mentor_pair)).control)
    switch = next(c for c in walk(view.control) if isinstance(c, ft.Switch) and c.data == goal.id)
    switch.value = True
    switch.on_change(Event(switch))
    assert mentee.goals.get(goal.id).shared


def _open(ctx, pair_id):
    ctx.state[OPEN_KEY] = pair_id
    return ctx


# ---- the mentor's side and comments ------------------------------------------------------
def test_the_mentor_sees_shared_goals_steps_and_progress_and_nothing_private(paired):
    _, mentor, _, mentor_pair, _ = paired
    ctx = _open(make_ctx(mentor), mentor_pair)
    shown = texts(pair_theirs.build(ctx))
    assert "Find a job" in shown and "Write a CV" in shown and "Call the college" in shown
    assert any("1 of 2 steps done" in s for s in shown)
    joined = " ".join(shown)
    assert "secret" not in joined and "private" not in joined.lower() and "Interview practice" not in joined


def test_a_comment_reaches_the_mentee_who_can_hide_it(paired):
    mentee, mentor, pair_id, mentor_pair, goal = paired
    ctx = _open(make_ctx(mentor), mentor_pair)
    pair_theirs.build(ctx)
    view = ctx.state[pair_theirs.VIEW_KEY]
    w = ctx.words
    tap(view.control, w("pair.comment"))
    dialog = dialog_of(ctx)
    send = next(c for c in walk(dialog) if isinstance(c, ft.FilledButton))
    send.on_click(Event(send))
    assert ctx.page.dialogs and w("pair.comment_needed") in texts(dialog)  # nothing written yet
    field = next(c for c in walk(dialog) if isinstance(c, ft.TextField))
    field.value = "Proud of you for starting"
    send.on_click(Event(send))
    assert not ctx.page.dialogs and "Proud of you for starting" in texts(view.control)
    # Celebrate a done step: an encouragement on the step.
    step_buttons = [c for c in walk(view.control) if isinstance(c, BUTTONS) and c.content == w("pair.celebrate_step")]
    assert len(step_buttons) == 1
    step_buttons[0].on_click(Event(step_buttons[0]))
    dialog = dialog_of(ctx)
    assert next(c for c in walk(dialog) if isinstance(c, ft.TextField)).value == w("pair.celebrate_text")
    next(c for c in walk(dialog) if isinstance(c, ft.FilledButton)).on_click(Event())
    mentor.pair.sync()
    mentee.pair.sync()
    mctx = make_ctx(mentee)
    pair.celebrate_encouragement(mctx, pair_id)
    assert [a.rule for a in mctx.celebrated].count("encouragement_received") == 1
    pair.celebrate_encouragement(mctx, pair_id)  # once per note, however often it is seen
    assert [a.rule for a in mctx.celebrated].count("encouragement_received") == 1
    mctx.state[goal_page.OPEN_KEY] = goal.id
    page = goal_page.GoalPage(mctx, goal.id)
    shown = texts(page.control)
    assert "Proud of you for starting" in shown and w("pair.celebrate_text") in shown
    assert w("pair.comment_from", name="Alex") + " · " in " ".join(shown)
    comment = next(c for c in mentee.pair.view(pair_id).comments if c.text == "Proud of you for starting")
    hide = next(c for c in walk(page.control) if isinstance(c, ft.TextButton) and c.data == comment.id)
    hide.on_click(Event(hide))
    assert "Proud of you for starting" not in texts(page.control)
    assert w("pair.celebrate_text") in texts(page.control)


def test_the_goal_share_switch_is_honest_before_a_pair_and_uses_the_pair_after(people):
    mentee, mentor, path = people
    goal = add_goal(mentee, "Run a 5k")
    ctx = make_ctx(mentee)
    page = goal_page.GoalPage(ctx, goal.id)
    page.set_shared(True)
    shown = " ".join(texts(page.control))
    assert "no pair is set up yet" in shown and "shared with your mentor" not in shown.lower()
    info = mentee.pair.start(path, "mentee", "Alex", PASS)
    page.set_shared(False)
    page.set_shared(True)
    assert any(d.get("title") == "Run a 5k" for d in mentee.pair.preview(info.id))
    page.set_shared(False)
    assert not any(d.get("title") == "Run a 5k" for d in mentee.pair.preview(info.id))


# ---- review together -------------------------------------------------------------------------
def test_review_together_from_the_mentor_and_the_mentee_accepts(paired):
    mentee, mentor, pair_id, mentor_pair, goal = paired
    ctx = _open(make_ctx(mentor), mentor_pair)
    pair_review.build(ctx)
    view = ctx.state[pair_review.VIEW_KEY]
    shown = texts(view.control)
    w = ctx.words
    assert w("pair.since_first") in shown and any("Write a CV" in s for s in shown)
    view.save()
    assert view.problem.visible is False or "something to keep" in view.problem.value
    goal_box, title = view.next_rows[0]
    assert goal_box.value == goal.id
    title.value = "Ask about the course"
    view.notes.value = "We talked about the CV"
    assert view.save() is not None
    assert w("pair.waiting", name="Sam") in texts(view.control)
    mentor.pair.sync()
    mentee.pair.sync()
    mctx = _open(make_ctx(mentee), pair_id)
    pair_review.build(mctx)
    mview = mctx.state[pair_review.VIEW_KEY]
    assert "We talked about the CV" in texts(mview.control)
    assert mentee.goals.milestones(goal.id)[-1].title != "Ask about the course"
    tap(mview.control, w("pair.accept"))
    assert mentee.goals.milestones(goal.id)[-1].title == "Ask about the course"
    assert w("pair.accepted") in texts(mview.control)


def test_review_refuses_an_empty_one_plainly(paired):
    mentee, _, pair_id, _, _ = paired
    ctx = _open(make_ctx(mentee), pair_id)
    pair_review.build(ctx)
    view = ctx.state[pair_review.VIEW_KEY]
    view.next_rows = []
    mentee.pair.share  # the summary has a done step, so the review has something: save works
    assert view.save() is not None
    view.notes.value = " "
    view.next_rows = []
    assert view.save() is None and "something to keep" in view.problem.value


# ---- agreement -------------------------------------------------------------------------------
def test_agreement_screen_both_agree_then_an_edit_asks_again(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    w = make_ctx(mentee).words
    a = _open(make_ctx(mentee), pair_id)
    pair_agreement.build(a)
    av = a.state[pair_agreement.VIEW_KEY]
    assert w("pair.suggested") in texts(av.control) and "What stays between us" in " ".join(texts(av.control))
    tap(av.control, w("pair.agree_button"))
    assert any(s.startswith("You agreed on") for s in texts(av.control))
    mentee.pair.sync()
    mentor.pair.sync()
    b = _open(make_ctx(mentor), mentor_pair)
    pair_agreement.build(b)
    bv = b.state[pair_agreement.VIEW_KEY]
    assert any(s.startswith("Sam agreed on") for s in texts(bv.control))
    tap(bv.control, w("pair.agree_button"))
    assert w("pair.both_agreed") in texts(bv.control)
    tap(bv.control, w("pair.edit_agreement"))
    bv.editor.value = "We meet on Tuesdays."
    tap(bv.control, w("pair.save_agreement"))
    assert w("pair.both_agreed") not in texts(bv.control) and w("pair.you_not_agreed") in texts(bv.control)
    mentor.pair.sync()
    mentee.pair.sync()
    av.redraw()
    assert "We meet on Tuesdays." in texts(av.control) and w("pair.you_not_agreed") in texts(av.control)
    tap(bv.control, w("pair.edit_agreement"))
    bv.editor.value = "  "
    tap(bv.control, w("pair.save_agreement"))
    assert any("cannot be empty" in s for s in b.page.snacks)


# ---- ending -------------------------------------------------------------------------------------
def test_ending_explains_first_and_the_mentor_removes_the_mentees_items(paired):
    mentee, mentor, pair_id, mentor_pair, _ = paired
    ctx = make_ctx(mentor)
    info = mentor.pair.get(mentor_pair)
    dialog = pair.ask_end(ctx, info)
    shown = texts(dialog)
    assert any("Sam's items on this device now: 3." == s for s in shown), shown
    checkbox = next(c for c in walk(dialog) if isinstance(c, ft.Checkbox))
    assert checkbox.value is True
    keep = next(c for c in walk(dialog) if isinstance(c, ft.TextButton))
    keep.on_click(Event(keep))
    assert mentor.pair.exists()
    dialog = pair.ask_end(ctx, info)
    end = next(c for c in walk(dialog) if isinstance(c, ft.FilledButton))
    end.on_click(Event(end))
    assert not mentor.pair.exists() and ctx.went == ["pair"]
    assert any("removed from this device" in s for s in ctx.page.snacks)
    mctx = make_ctx(mentee)
    shown = texts(pair.ask_end(mctx, mentee.pair.get(pair_id)))
    assert any("You keep all your goals" in s for s in shown)
    assert not any(isinstance(c, ft.Checkbox) for c in walk(mctx.page.dialogs[-1]))


def test_relative_time_in_words():
    ctx = make_ctx(type("T", (), {"content": __import__("app.content", fromlist=["x"]).load_content()})())
    now = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.timezone.utc)
    cases = [(dt.timedelta(seconds=20), "just now"), (dt.timedelta(minutes=5), "5 min ago"),
             (dt.timedelta(hours=3), "3 h ago"), (dt.timedelta(hours=30), "yesterday"),
             (dt.timedelta(days=4), "4 days ago"), (dt.timedelta(days=40), "on 2 Feb 2026")]
    for delta, words in cases:
        assert relative(ctx, now - delta, now) == words
    assert relative(ctx, None, now) == ""


def test_the_tab_syncs_when_shown_and_on_return_only_if_the_file_changed(paired, monkeypatch):
    mentee, mentor, pair_id, _, _ = paired
    ctx = make_ctx(mentee)
    ctx.state["pair.auto_sync"] = True
    calls = []
    real = mentee.pair.sync
    monkeypatch.setattr(mentee.pair, "sync", lambda pid=None: (calls.append(pid), real(pid))[1])
    pair.build(ctx)
    assert calls == [pair_id]
    pair.build(ctx)  # shown again, the file unchanged: no sync
    assert calls == [pair_id]
    back = type("E", (), {"state": ft.AppLifecycleState.RESUME})()
    ctx.page.on_app_lifecycle_state_change(back)
    assert calls == [pair_id]
    mentor.pair.comment(mentor.pair.view().goals[0].goal.id, "Hello")
    mentor.pair.sync()  # the file changes
    ctx.page.on_app_lifecycle_state_change(back)
    assert calls == [pair_id, pair_id]
    assert any(c.text == "Hello" for c in mentee.pair.view(pair_id).comments)


def test_a_note_on_a_shared_win_shows_in_wins_with_hide(paired):
    from views import wins

    mentee, mentor, pair_id, mentor_pair, _ = paired
    [win] = [w for w in mentee.celebrate([]) if w.rule == "first_goal"]
    mentee.note_win(win, "", True)
    mentee.pair.sync()
    mentor.pair.sync()
    mentor.pair.comment(win.id, "So glad for you", encourage=True, pair_id=mentor_pair)
    mentor.pair.sync()
    mentee.pair.sync()
    ctx = make_ctx(mentee)
    view = wins.WinsView(ctx)
    dialog = view.open(mentee.store.get(type(win), win.id))
    assert "So glad for you" in texts(dialog)
    hide = next(c for c in walk(dialog) if isinstance(c, ft.TextButton) and c.content == ctx.words("pair.hide"))
    hide.on_click(Event(hide))
    assert ctx.words("pair.hidden_toast") in ctx.page.snacks
    assert "So glad for you" not in texts(view.open(mentee.store.get(type(win), win.id)))


# ---- Learn cards at the right moment in the pair screens ---------------------------
def test_the_feedback_card_is_offered_before_a_mentors_first_comment_only(paired):
    mentee, mentor, _, mentor_pair, goal = paired
    feedback = mentor.learn.card("feedback").title
    assert feedback in texts(pair_theirs.build(_open(make_ctx(mentor), mentor_pair)))
    mentor.pair.comment(goal.id, "Well done on the CV", pair_id=mentor_pair)
    assert feedback not in texts(pair_theirs.build(_open(make_ctx(mentor), mentor_pair)))


def test_the_boundaries_card_is_offered_on_the_pair_tab_until_dismissed(paired):
    mentee, *_ = paired
    boundaries = mentee.learn.card("boundaries").title
    ctx = make_ctx(mentee)
    assert boundaries in texts(pair.build(ctx))
    mentee.learn.dismiss_suggestion("boundaries")
    assert boundaries not in texts(pair.build(ctx))


def test_review_together_offers_a_question_from_a_card_not_read_yet(paired):
    _, mentor, _, mentor_pair, _ = paired
    card, question = mentor.learn.meeting_prompt()
    ctx = _open(make_ctx(mentor), mentor_pair)
    pair_review.build(ctx)
    shown = texts(ctx.state[pair_review.VIEW_KEY].control)
    assert question in shown
    assert ctx.words("learn.meeting_from", title=card.title) in shown
