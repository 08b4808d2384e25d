"""The steps of the pair journey in the browser, shared by the journeys that
walk it: through a plain shared folder (test_pair.py) and through two real
Syncthing instances (test_pair_syncthing.py).

Steps name their screenshots with ``page.shot(name)``; a journey decides what
that does (see :func:`attach_shots`), so both journeys run the same steps and
each keeps its own pictures.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Optional

from app.content import load_content
from app.models import Goal
from app.services import Trellis
from tests.e2e.conftest import click, fill_textbox, semantics_texts, text_present, wait_for_text

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


def attach_shots(page, shot: Callable, rename: Callable[[str], Optional[str]] = lambda name: name) -> None:
    """Give ``page`` the ``shot(name)`` the steps call: saved under
    ``rename(name)``, or not at all when that is None."""

    def take(name: str):
        chosen = rename(name)
        return shot(page, chosen) if chosen else None

    page.shot = take


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


# ---- moving around -------------------------------------------------------------
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


# ---- the journey's steps, in the order they happen ------------------------------
def start_pair(mentee, path, name: str = "Alex") -> None:
    """The mentee reads the Pair tab's intro and starts a pair in ``path``."""
    tab(mentee, "pair")
    wait_for_text(mentee, p("intro_title"))
    assert text_present(mentee, p("never_shared")) and not text_present(mentee, "coming soon")
    mentee.shot("pair-mentee-intro-light")
    setup(mentee, "start", path, name)
    mentee.shot("pair-mentee-start-light")
    click(mentee, "button", p("submit_start"))
    wait_for_text(mentee, p("safety_waiting", name=name), timeout=SLOW)
    assert path.exists()


def share_goal(mentee) -> None:
    """The mentee shares GOAL from its page and syncs."""
    open_goal(mentee, GOAL)
    click(mentee, "switch", words("goals.share_label"))
    wait_for_text(mentee, words("goals.share_on_text"))
    sync(mentee)


def open_sharing(page, name: str = "Alex") -> None:
    """From the Pair tab to the Sharing screen ("What {name} sees")."""
    to_pair_tab(page)
    intro = p("sharing_intro", name=name)
    for attempt in range(3):  # the tab syncs as it opens and redraws: a click on the old drawing is lost
        if text_present(page, intro):
            break
        click(page, "button", p("what_they_see", name=name))
        try:
            wait_for_text(page, intro, timeout=5000 if attempt < 2 else 10000)
            break
        except AssertionError:
            if attempt == 2:
                raise


def preview_shows_only_the_goal(mentee, name: str = "Alex") -> None:
    """The preview of what the mentor will see holds the goal and its step,
    never the private goal nor the goal's private support note."""
    open_sharing(mentee, name)
    click(mentee, "button", p("preview", name=name))
    wait_for_text(mentee, p("preview_intro"))
    assert text_present(mentee, GOAL) and text_present(mentee, "Write a CV")
    assert not text_present(mentee, PRIVATE) and not text_present(mentee, "Interview practice")
    click(mentee, "button", p("preview_close"))


def join_pair(mentor, path, name: str = "Sam") -> str:
    """The mentor joins the pair in ``path`` (as its mentor); returns the safety code shown."""
    tab(mentor, "pair")
    wait_for_text(mentor, p("intro_title"))
    setup(mentor, "join", path, name, p("role_mentor"))
    mentor.shot("pair-mentor-join-light")
    click(mentor, "button", p("submit_join"))
    wait_for_text(mentor, p("safety_why"), timeout=SLOW)
    mentor.shot("pair-mentor-safety-light")
    return safety_code(mentor)


def mentor_sees_goal(mentor, name: str = "Sam") -> None:
    """The mentor opens the mentee's shared goals: GOAL with its progress, nothing private."""
    to_pair_tab(mentor)
    click(mentor, "button", p("their_items", name=name))
    wait_for_text(mentor, GOAL)
    assert text_present(mentor, "1 of 2 steps done") and not text_present(mentor, PRIVATE)


def comment(mentor, text: str, name: str = "Sam") -> None:
    """From the mentee's goals screen, the mentor leaves a comment on the goal."""
    click(mentor, "button", p("comment"))
    wait_for_text(mentor, p("comment_title", name=name))
    fill_textbox(mentor, p("comment_label"), text)
    mentor.shot("pair-mentor-comment-light")
    click(mentor, "button", p("comment_send"))
    wait_for_text(mentor, p("comment_sent", name=name))


def celebrate_step(mentor, name: str = "Sam") -> None:
    click(mentor, "button", p("celebrate_step"))
    wait_for_text(mentor, p("comment_title", name=name))
    click(mentor, "button", p("comment_send"))
    wait_for_text(mentor, p("celebrate_text"))


def mentee_sees_comment(mentee, text: str) -> None:
    open_goal(mentee, GOAL)
    wait_for_text(mentee, text)


def withdraw_goal(mentee) -> None:
    """The mentee turns sharing off on the goal's page and syncs."""
    open_goal(mentee, GOAL)
    click(mentee, "switch", words("goals.share_label"))
    wait_for_text(mentee, words("goals.share_off_text"))
    sync(mentee)


def mentor_no_longer_sees_goal(mentor, name: str = "Sam") -> None:
    """After a sync, the mentee's shared goals screen is empty on the mentor's side."""
    sync(mentor)
    click(mentor, "button", p("their_items", name=name))
    wait_for_text(mentor, p("theirs_empty", name=name))
    assert not text_present(mentor, GOAL)


def mentor_ends(mentor, name: str = "Sam") -> None:
    """The mentor ends the pair, forgetting the mentee's items (the default)."""
    to_pair_tab(mentor)
    scroll_down(mentor)
    click(mentor, "button", p("end"))
    wait_for_text(mentor, p("end_title"))
    assert text_present(mentor, p("end_forget", name=name))
    click(mentor, "button", p("end_confirm"))
    wait_for_text(mentor, p("intro_title"))


def mentee_ends(mentee, name: str = "Alex") -> None:
    to_pair_tab(mentee)
    scroll_down(mentee)
    click(mentee, "button", p("end"))
    wait_for_text(mentee, p("end_mentee", name=name))
    click(mentee, "button", p("end_confirm"))
    wait_for_text(mentee, p("intro_title"))
