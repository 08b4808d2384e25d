"""Two smaller pair journeys in real browsers, set up through the services
(pairing itself is walked through in test_pair.py):

- the mentor first sees the mentee's first review after a sync: a quiet
  note on the Pair tab, once (not after another sync, not on return);
- on the Sharing screen the mentee keeps one step of a shared goal to
  themselves with its own switch (found by the step's title): the preview,
  the shared file and the mentor's screen no longer hold it.

Screenshots, light and dark at 412x860: artifacts/screenshots/pair-steps-*.png
and pair-mentor-first-review-*.png.
"""

from __future__ import annotations

from app.models import Goal
from app.review import ReviewService
from app.services import Trellis
from tests.e2e.conftest import click, text_present, wait_for_text
from tests.e2e.pair_steps import CONTENT, ENV, GOAL, TODAY, open_sharing, p, to_pair_tab, words

PRIVATE_STEP = "Call my old boss"


def open_trellis(data) -> Trellis:
    return Trellis.open(data, today=lambda: TODAY)


def both_themes(page, shot, name: str) -> None:
    """Light as it is, then dark (the app follows the system's scheme), then back."""
    page.wait_for_timeout(800)  # the semantics tree can be ahead of the painted frame
    shot(page, f"{name}-light")
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(600)
    shot(page, f"{name}-dark")
    page.emulate_media(color_scheme="light")
    page.wait_for_timeout(300)


def test_a_private_step_and_the_mentors_first_review(tmp_path, serve_app, open_app, shot):
    shared = tmp_path / "Sync"
    shared.mkdir()
    path = shared / "pair.trellis"
    mentee_data, mentor_data = tmp_path / "mentee", tmp_path / "mentor"
    with open_trellis(mentee_data) as t:
        t.people.save_settings(onboarded=True)
        t.people.save_profile("Sam", "mentee")
        goal, _ = t.goals.save_goal(Goal(title=GOAL))
        done = t.goals.add_milestone(goal.id, "Write a CV")
        t.goals.add_milestone(goal.id, PRIVATE_STEP)
        t.goals.add_milestone(goal.id, "Ask about the course")
        t.goals.set_done(done.id, True)
        t.celebrate([])
        pair_id = t.pair.start(path, "mentee", "Alex", None).id  # no passphrase: the file can be read below
        t.pair.share(goal.id, pair_id=pair_id)
    with open_trellis(mentor_data) as t:
        t.people.save_settings(onboarded=True)
        t.people.save_profile("Alex", "mentor")
        t.pair.join(path, "mentor", "Sam", None)
    with open_trellis(mentee_data) as t:
        t.pair.sync()

    # ---- the mentor's app is open when the mentee's first review arrives ----
    mentor = open_app(serve_app(mentor_data, extra_env=ENV), wait_text=words("nav.pair"))
    to_pair_tab(mentor)  # the sync on start is over (it found no review yet)
    wait_for_text(mentor, p("last_synced", when=p("just_now")))
    mentor.wait_for_timeout(500)
    with open_trellis(mentee_data) as t:
        ReviewService(t, pair_id).save(notes="We talked about the CV")
        t.pair.sync()
    to_pair_tab(mentor)  # showing the tab syncs: the file changed
    first = CONTENT.celebrations.first_pair_review_mentor.title.format(name="Sam")
    wait_for_text(mentor, first)
    assert text_present(mentor, p("sync_now"))
    both_themes(mentor, shot, "pair-mentor-first-review")
    to_pair_tab(mentor)
    wait_for_text(mentor, p("sync_now"))
    assert not text_present(mentor, first)  # shown once
    click(mentor, "button", p("sync_now"))
    wait_for_text(mentor, p("last_synced", when=p("just_now")))
    mentor.wait_for_timeout(500)
    assert not text_present(mentor, first)  # not twice

    # ---- the mentee keeps one step of the shared goal to themselves ----
    assert PRIVATE_STEP.encode() in path.read_bytes()
    mentee = open_app(serve_app(mentee_data, extra_env=ENV), wait_text=words("nav.pair"))
    open_sharing(mentee, "Alex")
    wait_for_text(mentee, p("steps_follow"))
    both_themes(mentee, shot, "pair-steps-sharing")
    click(mentee, "switch", PRIVATE_STEP)  # the switch is named by the step's title
    wait_for_text(mentee, p("step_withdrawn_toast"))
    assert text_present(mentee, PRIVATE_STEP)  # still listed, to switch back on
    both_themes(mentee, shot, "pair-steps-sharing-off")
    click(mentee, "button", p("preview", name="Alex"))
    wait_for_text(mentee, p("preview_intro"))
    assert text_present(mentee, GOAL) and text_present(mentee, "Write a CV")
    assert not text_present(mentee, PRIVATE_STEP)
    both_themes(mentee, shot, "pair-steps-preview")
    click(mentee, "button", p("preview_close"))
    to_pair_tab(mentee)
    click(mentee, "button", p("sync_now"))
    wait_for_text(mentee, p("last_synced", when=p("just_now")))
    mentee.wait_for_timeout(300)
    assert PRIVATE_STEP.encode() not in path.read_bytes()

    # ---- and the mentor's screen no longer shows it ----
    to_pair_tab(mentor)
    click(mentor, "button", p("sync_now"))
    wait_for_text(mentor, p("last_synced", when=p("just_now")))
    mentor.wait_for_timeout(800)  # the tab redraws after the sync: a click during it can be lost
    click(mentor, "button", p("their_items", name="Sam"))
    wait_for_text(mentor, p("theirs_intro", name="Sam"))
    wait_for_text(mentor, GOAL)
    assert text_present(mentor, "Write a CV") and not text_present(mentor, PRIVATE_STEP)
    assert not mentee.console_errors and not mentor.console_errors
