"""The pair in two real browsers: two app servers, two data folders, one
shared folder (a plain folder standing for a synced one).

The mentee starts a pair and shares a goal (the preview shows exactly it);
the mentor joins, sees it, compares the safety code, comments and celebrates
a step; the mentee sees both and hides the comment; they hold a review and
both agree to the agreement; the mentee withdraws the goal and the mentor no
longer sees it; both end the pair. Screenshots of each pair screen on both
sides, light and dark, at 412x860, go to artifacts/screenshots/pair-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.content import load_content
from app.models import Goal
from app.services import Trellis
from tests.e2e.conftest import click, fill_textbox, press, semantics_texts, text_present, wait_for_text

TODAY = dt.date(2026, 3, 14)
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
PASS = "quiet river stones"
GOAL, PRIVATE = "Find a job", "My secret plan"
SLOW = 60_000  # ms: deriving the pair key (Argon2id) on a shared machine


def words(key: str, **values) -> str:
    text = CONTENT.ui[key]
    return text.format(**values) if values else text


def p(key: str, **values) -> str:
    return words(f"pair.{key}", **values)


def seed(data, name: str, role: str, goals: bool) -> None:
    with Trellis.open(data, today=lambda: TODAY) as t:
        t.people.save_settings(onboarded=True)
        t.people.save_profile(name, role)
        if goals:
            goal, _ = t.goals.save_goal(Goal(title=GOAL, support="Interview practice"))
            step = t.goals.add_milestone(goal.id, "Write a CV")
            t.goals.add_milestone(goal.id, "Call the college")
            t.goals.set_done(step.id, True)
            t.goals.save_goal(Goal(title=PRIVATE, why="Nobody knows"))
            t.celebrate([])


def tab(page, key: str) -> None:
    click(page, "tab", words(f"nav.{key}"))


def to_pair_tab(page) -> None:
    tab(page, "today")
    tab(page, "pair")


def sync(page) -> None:
    to_pair_tab(page)
    click(page, "button", p("sync_now"))
    wait_for_text(page, p("last_synced", when=p("just_now")))
    page.wait_for_timeout(300)


def open_goal(page, title: str) -> None:
    tab(page, "goals")
    card = page.get_by_role("button", name=re.compile("^" + re.escape(title))).first
    card.wait_for(state="attached")
    card.dispatch_event("click")
    wait_for_text(page, words("goals.steps_title"))


def scroll_down(page, pixels: int = 900) -> None:
    """Bring the lower part of a long screen into view (a click dispatched to a
    button below the fold was not always taken by Flutter)."""
    page.mouse.move(206, 430)
    page.mouse.wheel(0, pixels)
    page.wait_for_timeout(400)


def safety_code(page) -> str:
    found = re.search(r"\b([0-9]{4}(?:\s+[0-9]{4}){5})\b", semantics_texts(page))
    assert found, semantics_texts(page)
    return " ".join(found.group(1).split())


def setup(page, mode: str, path, name: str, role_label: str | None = None) -> None:
    to_pair_tab(page)
    wait_for_text(page, p("intro_title"))
    scroll_down(page)
    click(page, "button", p(mode))
    wait_for_text(page, p("role_title"))
    if role_label:
        click(page, "radio", role_label)
    fill_textbox(page, p("name_label"), name, settle_ms=300)
    fill_textbox(page, p("path_label"), str(path), settle_ms=300)
    fill_textbox(page, p("passphrase_label"), PASS, settle_ms=300)
    wait_for_text(page, p("strength_strong"))
    page.wait_for_timeout(300)


def tour(page, prefix: str, theme: str, mentee: bool, name: str) -> None:
    """Every pair screen of one side, as it is now, into screenshots."""
    to_pair_tab(page)
    wait_for_text(page, p("sync_now"))
    page.shot(f"{prefix}-tab-{theme}")
    if mentee:
        open_goal(page, GOAL)
        wait_for_text(page, p("comments_title", name=name))
        page.shot(f"{prefix}-comments-{theme}")
        to_pair_tab(page)
        click(page, "button", p("what_they_see", name=name))
        wait_for_text(page, p("sharing_intro", name=name))
        page.shot(f"{prefix}-sharing-{theme}")
        click(page, "button", p("preview", name=name))
        wait_for_text(page, p("preview_intro"))
        page.shot(f"{prefix}-preview-{theme}")
        click(page, "button", p("preview_close"))
        to_pair_tab(page)
    else:
        click(page, "button", p("their_items", name=name))
        wait_for_text(page, p("theirs_intro", name=name))
        page.shot(f"{prefix}-theirs-{theme}")
        to_pair_tab(page)
    click(page, "button", p("review"))
    wait_for_text(page, p("review_intro"))
    page.shot(f"{prefix}-review-{theme}")
    to_pair_tab(page)
    click(page, "button", p("agreement"))
    wait_for_text(page, p("agreement_intro"))
    page.shot(f"{prefix}-agreement-{theme}")
    to_pair_tab(page)
    scroll_down(page)
    click(page, "button", p("end"))
    wait_for_text(page, p("end_title"))
    page.shot(f"{prefix}-end-{theme}")
    click(page, "button", p("end_keep"))


def test_a_pair_from_start_to_end(tmp_path, serve_app, open_app, shot):
    shared = tmp_path / "Sync"
    shared.mkdir()
    path = shared / "pair.trellis"
    mentee_data, mentor_data = tmp_path / "mentee", tmp_path / "mentor"
    seed(mentee_data, "Sam", "mentee", goals=True)
    seed(mentor_data, "Alex", "mentor", goals=False)
    mentee_url = serve_app(mentee_data, extra_env=ENV)
    mentor_url = serve_app(mentor_data, extra_env=ENV)
    mentee = open_app(mentee_url, wait_text=words("nav.pair"))
    mentor = open_app(mentor_url, wait_text=words("nav.pair"))
    for page in (mentee, mentor):
        page.shot = lambda name, page=page: shot(page, name)

    # ---- the mentee starts a pair ----
    tab(mentee, "pair")
    wait_for_text(mentee, p("intro_title"))
    assert text_present(mentee, p("never_shared")) and not text_present(mentee, "coming soon")
    mentee.shot("pair-mentee-intro-light")
    setup(mentee, "start", path, "Alex")
    mentee.shot("pair-mentee-start-light")
    click(mentee, "button", p("submit_start"))
    wait_for_text(mentee, p("safety_waiting", name="Alex"), timeout=SLOW)
    assert path.exists()

    # ---- and shares one goal; the preview shows exactly it ----
    open_goal(mentee, GOAL)
    click(mentee, "switch", words("goals.share_label"))
    wait_for_text(mentee, words("goals.share_on_text"))
    sync(mentee)
    click(mentee, "button", p("what_they_see", name="Alex"))
    wait_for_text(mentee, p("sharing_intro", name="Alex"))
    click(mentee, "button", p("preview", name="Alex"))
    wait_for_text(mentee, p("preview_intro"))
    assert text_present(mentee, GOAL) and text_present(mentee, "Write a CV")
    assert not text_present(mentee, PRIVATE) and not text_present(mentee, "Interview practice")
    click(mentee, "button", p("preview_close"))

    # ---- the mentor joins, sees it, and reads the safety code ----
    tab(mentor, "pair")
    wait_for_text(mentor, p("intro_title"))
    setup(mentor, "join", path, "Sam", p("role_mentor"))
    mentor.shot("pair-mentor-join-light")
    click(mentor, "button", p("submit_join"))
    wait_for_text(mentor, p("safety_why"), timeout=SLOW)
    mentor.shot("pair-mentor-safety-light")
    code = safety_code(mentor)
    to_pair_tab(mentor)
    click(mentor, "button", p("their_items", name="Sam"))
    wait_for_text(mentor, GOAL)
    assert text_present(mentor, "1 of 2 steps done") and not text_present(mentor, PRIVATE)

    # ---- comments and a celebration ----
    click(mentor, "button", p("comment"))
    wait_for_text(mentor, p("comment_title", name="Sam"))
    fill_textbox(mentor, p("comment_label"), "Proud of you for starting")
    mentor.shot("pair-mentor-comment-light")
    click(mentor, "button", p("comment_send"))
    wait_for_text(mentor, p("comment_sent", name="Sam"))
    click(mentor, "button", p("celebrate_step"))
    wait_for_text(mentor, p("comment_title", name="Sam"))
    click(mentor, "button", p("comment_send"))
    wait_for_text(mentor, p("celebrate_text"))
    sync(mentor)

    # ---- the mentee compares the code, sees both notes and hides one ----
    sync(mentee)
    wait_for_text(mentee, code.split()[0])
    assert safety_code(mentee) == code
    open_goal(mentee, GOAL)
    wait_for_text(mentee, "Proud of you for starting")
    assert text_present(mentee, p("celebrate_text"))
    mentee.shot("pair-mentee-comments-light")
    click(mentee, "button", p("hide"))  # exactly "Hide": not the app bar's "Hide now"
    wait_for_text(mentee, "Proud of you for starting", gone=True)
    for _ in range(6):  # the page redraws without the hidden note; the step's note may sit lower
        if text_present(mentee, p("celebrate_text")):
            break
        scroll_down(mentee, 300)
    assert text_present(mentee, p("celebrate_text"))

    # ---- a review together, with a next step the mentee accepts ----
    to_pair_tab(mentee)
    click(mentee, "button", p("review"))
    wait_for_text(mentee, p("review_intro"))
    fill_textbox(mentee, p("notes_label"), "We talked about the CV")
    fill_textbox(mentee, p("next_label"), "Ask about the course")
    scroll_down(mentee)
    click(mentee, "button", p("save_review"))
    wait_for_text(mentee, p("review_saved", name="Alex"))
    scroll_down(mentee)
    click(mentee, "button", p("accept"))
    wait_for_text(mentee, p("accepted"))

    # ---- both agree to the agreement ----
    to_pair_tab(mentee)
    click(mentee, "button", p("agreement"))
    wait_for_text(mentee, p("agreement_intro"))
    click(mentee, "button", p("agree_button"))
    wait_for_text(mentee, p("agreed_toast"))
    sync(mentee)
    sync(mentor)
    click(mentor, "button", p("agreement"))
    wait_for_text(mentor, p("agreement_intro"))
    wait_for_text(mentor, "Sam agreed on")
    click(mentor, "button", p("agree_button"))
    wait_for_text(mentor, p("both_agreed"))
    to_pair_tab(mentor)
    click(mentor, "button", p("review"))
    wait_for_text(mentor, "We talked about the CV")
    assert text_present(mentor, "Ask about the course")

    # ---- screenshots of every screen, both sides, light and dark ----
    tour(mentee, "pair-mentee", "light", True, "Alex")
    tour(mentor, "pair-mentor", "light", False, "Sam")
    for url, prefix, mine, name in ((mentee_url, "pair-mentee", True, "Alex"), (mentor_url, "pair-mentor", False, "Sam")):
        dark = open_app(url, theme="dark", wait_text=words("nav.pair"))
        dark.shot = lambda n, page=dark: shot(page, n)
        tour(dark, prefix, "dark", mine, name)
        dark.context.close()

    # ---- the mentee withdraws the goal; the mentor no longer sees it ----
    open_goal(mentee, GOAL)
    click(mentee, "switch", words("goals.share_label"))
    wait_for_text(mentee, words("goals.share_off_text"))
    sync(mentee)
    sync(mentor)
    click(mentor, "button", p("their_items", name="Sam"))
    wait_for_text(mentor, p("theirs_empty", name="Sam"))
    assert not text_present(mentor, GOAL)

    # ---- ending the pair, on both sides ----
    to_pair_tab(mentor)
    scroll_down(mentor)
    click(mentor, "button", p("end"))
    wait_for_text(mentor, p("end_title"))
    assert text_present(mentor, p("end_forget", name="Sam"))
    click(mentor, "button", p("end_confirm"))
    wait_for_text(mentor, p("intro_title"))
    to_pair_tab(mentee)
    scroll_down(mentee)
    click(mentee, "button", p("end"))
    wait_for_text(mentee, p("end_mentee", name="Alex"))
    click(mentee, "button", p("end_confirm"))
    wait_for_text(mentee, p("intro_title"))
    assert not mentee.console_errors and not mentor.console_errors
    for url, prefix in ((mentee_url, "pair-mentee"), (mentor_url, "pair-mentor")):
        dark = open_app(url, theme="dark", wait_text=words("nav.pair"))
        to_pair_tab(dark)
        wait_for_text(dark, p("intro_title"))
        shot(dark, f"{prefix}-intro-dark")
        scroll_down(dark)
        click(dark, "button", p("start" if "mentee" in prefix else "join"))
        wait_for_text(dark, p("role_title"))
        shot(dark, f"{prefix}-{'start' if 'mentee' in prefix else 'join'}-dark")
