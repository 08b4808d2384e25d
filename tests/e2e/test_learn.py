"""Real-browser journey through Learn.

A store with first run done and one goal is prepared with the services, then
the app is served in web mode on 127.0.0.1 (tests/e2e/conftest.py) and driven
by Debian's Chromium through Flutter's semantics tree: Learn is opened from
Today, "boundaries" is searched for, the card is read, a reflection written
and the card marked helpful; the reflection is found under "Your
reflections" and the card under "Helpful to you". Then a goal is let go: the
resilience card is offered once, and after "Don't suggest this again" not
again. Screenshots of the list and a card (412x860) in light and dark, at
the normal and at the largest text size of Settings, go to
artifacts/screenshots/learn-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

from app.content import load_content
from app.learn import load_learn
from app.models import Goal, JournalEntry
from app.services import Trellis
from tests.e2e.conftest import click, fill_textbox, scroll_to_text, text_present, wait_for_text

TODAY = dt.date(2026, 3, 14)
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
CARDS = {c.id: c for c in load_learn().cards}
GOAL = "Learn to drive"
REFLECTION = "Texts are fine, calls only on weekdays."
LARGEST_TEXT = 1.5  # the largest size Settings offers


def words(key: str, **values) -> str:
    text = CONTENT.ui[key]
    return text.format(**values) if values else text


def prepare(data) -> None:
    with Trellis.open(data, today=lambda: TODAY) as trellis:
        trellis.people.save_settings(onboarded=True)
        trellis.people.save_profile("Sam", None)
        trellis.goals.save_goal(Goal(title=GOAL))


def scroll_into_view(page, text: str, steps: int = 40) -> None:
    """Scroll until the node showing ``text`` is inside the window (for screenshots)."""
    scroll_to_text(page, text, steps=steps)
    height = page.viewport_size["height"]
    for _ in range(steps):
        node = page.locator("flt-semantics, header, h1, h2, h3, h4, h5, h6", has_text=text).last
        box = node.bounding_box() if node.count() else None
        if box and 60 <= box["y"] and box["y"] + min(box["height"], 200) <= height - 90:
            return
        page.mouse.wheel(0, 200 if not box or box["y"] > 60 else -200)
        page.wait_for_timeout(250)


def press_button(page, name_start: str) -> None:
    """A tappable card is one button named by its texts, the title first."""
    button = page.get_by_role("button", name=re.compile("^" + re.escape(name_start))).first
    button.wait_for(state="attached")
    button.dispatch_event("click")


def open_learn(page) -> None:
    scroll_to_text(page, words("learn.today_button"))
    click(page, "button", words("learn.today_button"))
    wait_for_text(page, words("learn.intro"))


def open_card(page, card_id: str) -> None:
    press_button(page, CARDS[card_id].title)
    wait_for_text(page, CARDS[card_id].body)


def screenshots(page, shot, name: str) -> None:
    """The Learn list and one of the longest cards, from Today."""
    open_learn(page)
    page.wait_for_timeout(400)
    shot(page, f"learn-list-{name}")
    open_card(page, "confidentiality")
    page.wait_for_timeout(400)
    shot(page, f"learn-card-{name}")
    scroll_into_view(page, words("learn.card_reflections_title"))
    shot(page, f"learn-card-end-{name}")


def test_learn_from_today_reflect_mark_helpful_and_one_suggestion(tmp_path, serve_app, open_app, shot):
    data = tmp_path / "data"
    prepare(data)
    url = serve_app(data, extra_env=ENV)
    page = open_app(url, theme="light", wait_text=words("nav.today"))

    # Learn from Today, then search.
    open_learn(page)
    assert text_present(page, words("learn.all_title"))
    shot(page, "learn-list-light")
    fill_textbox(page, words("learn.search_label"), "boundaries")
    wait_for_text(page, CARDS["trust"].summary, gone=True)
    assert text_present(page, CARDS["boundaries"].title)

    # Read the card; both "why" texts show, as no role is set.
    open_card(page, "boundaries")
    assert text_present(page, words("learn.why_mentee_unset")) and text_present(page, words("learn.why_mentor_unset"))
    shot(page, "learn-card-light")

    # Write a reflection on its first question.
    scroll_to_text(page, words("learn.reflect"))
    page.get_by_role("button", name=re.compile("^" + re.escape(words("learn.reflect")))).first.dispatch_event("click")
    wait_for_text(page, words("learn.dialog_why"))
    fill_textbox(page, words("learn.dialog_label"), REFLECTION)
    shot(page, "learn-reflect-dialog-light")
    click(page, "button", words("learn.dialog_save"))
    wait_for_text(page, words("learn.saved"))

    # Mark it helpful.
    scroll_to_text(page, words("learn.helpful_label"))
    click(page, "switch", words("learn.helpful_label"))
    wait_for_text(page, words("learn.helpful_on"))
    scroll_into_view(page, REFLECTION)  # shown on the card too
    shot(page, "learn-card-reflected-light")

    # Back on Learn: the card is helpful to you, and the reflection is listed.
    click(page, "button", words("nav.back"))
    wait_for_text(page, words("learn.intro"))
    fill_textbox(page, words("learn.search_label"), "")
    wait_for_text(page, words("learn.helpful_title"))
    scroll_to_text(page, words("learn.more_title"))  # below the fold once targets are 48 px
    scroll_into_view(page, REFLECTION)
    assert text_present(page, words("learn.reflection_from", title=CARDS["boundaries"].title))
    shot(page, "learn-your-reflections-light")

    # Let a goal go: the resilience card is offered, once.
    click(page, "tab", words("nav.goals"))
    press_button(page, GOAL)
    wait_for_text(page, words("goals.steps_title"))
    scroll_to_text(page, words("goals.let_go"))
    click(page, "button", words("goals.let_go"))
    wait_for_text(page, words("goals.let_go_text"))
    click(page, "button", words("goals.let_go_confirm"))
    wait_for_text(page, words("goals.status_let_go_text"))
    scroll_into_view(page, words("learn.suggest_dismiss"))
    assert text_present(page, CARDS["resilience"].title)
    shot(page, "learn-suggestion-light")
    click(page, "button", words("learn.suggest_dismiss"))
    wait_for_text(page, words("learn.suggest_dismissed"))
    wait_for_text(page, words("learn.suggest_title"), gone=True)

    click(page, "tab", words("nav.goals"))
    press_button(page, GOAL)
    wait_for_text(page, words("goals.steps_title"))
    scroll_to_text(page, words("goals.answers_title"))
    assert not text_present(page, words("learn.suggest_title"))
    assert not page.console_errors, page.console_errors

    # The same screens in dark, then both themes at the largest text size.
    screenshots(open_app(url, theme="dark", wait_text=words("nav.today")), shot, "dark")
    for app in serve_app.apps:
        app.stop()
    with Trellis.open(data, today=lambda: TODAY) as trellis:
        [entry] = trellis.store.list(JournalEntry)
        assert (entry.card_id, entry.text, entry.shared) == ("boundaries", REFLECTION, False)
        assert trellis.learn.helpful_ids() == {"boundaries"}
        trellis.people.save_settings(text_scale=LARGEST_TEXT)
    url = serve_app(data, extra_env=ENV)
    for theme in ("light", "dark"):
        screenshots(open_app(url, theme=theme, wait_text=words("nav.today")), shot, f"largest-{theme}")
