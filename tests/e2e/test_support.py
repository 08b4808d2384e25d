"""Real-browser journeys through the support screen ("Need support?").

The app is served in web mode on 127.0.0.1 and driven by Debian's Chromium
through Flutter's semantics tree (see tests/e2e/conftest.py). Each store is
seeded with a profile so the journeys start on Today, not on first run.
Screenshots (412x860, light and dark) go to artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from app.content import load_content
from app.services import Trellis
from tests.e2e.conftest import click, semantics_texts, text_present, wait_for_text
from tests.e2e.conftest import fill_textbox, wait_for_tab

CONTENT = load_content()
UI = CONTENT.ui
SUPPORT = CONTENT.support


def words(key: str, **values) -> str:
    text = UI[key]
    return text.format(**values) if values else text


@pytest.fixture
def started(tmp_path, serve_app):
    """Factory: a served app on a fresh store that has finished first run."""

    def start(reduced_motion: bool = False, name: str = "data") -> str:
        data = tmp_path / name
        with Trellis.open(data) as trellis:
            trellis.people.save_profile("Ada", "mentee")
            trellis.people.save_settings(onboarded=True, reduced_motion=reduced_motion)
        return serve_app(data)

    return start


def open_support(page) -> None:
    """One tap on the app bar's "Need support?" and wait for the screen."""
    click(page, "button", words("support.button"))
    wait_for_text(page, SUPPORT.not_crisis)


def fill_field(page, label: str, text: str) -> None:
    """Type into a TextField by its label (conftest's fill_textbox)."""
    fill_textbox(page, label, text)


def scroll_down(page, pixels: int = 700) -> None:
    """Scroll the screen with the mouse wheel (Flutter scrolls its own canvas)."""
    page.mouse.move(206, 430)
    page.mouse.wheel(0, pixels)
    page.wait_for_timeout(800)


def test_support_is_one_tap_from_today_check_ins_and_goals(started, open_app, shot):
    page = open_app(started(), wait_text=words("nav.today"))
    for tab in ("nav.today", "nav.checkins", "nav.goals"):
        click(page, "tab", words(tab))
        wait_for_tab(page, words(tab))
        wait_for_text(page, SUPPORT.not_crisis, gone=True)  # the tab itself, not support
        open_support(page)  # one tap
        assert SUPPORT.intro in semantics_texts(page)
    shot(page, "support-from-goals-light")
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_add_a_contact_and_see_it_listed(started, open_app, shot, theme):
    page = open_app(started(), theme=theme, wait_text=words("nav.today"))
    open_support(page)
    wait_for_text(page, words("support.empty_title"))
    shot(page, f"support-empty-{theme}")

    click(page, "button", words("support.add_contact"))
    wait_for_text(page, words("support.dialog_intro"))
    fill_field(page, words("support.name_label"), "Aunt June")
    fill_field(page, words("support.phone_label"), "call me")
    click(page, "button", words("support.save"))
    wait_for_text(page, words("support.phone_invalid"))  # shown in the field; nothing saved
    shot(page, f"support-dialog-error-{theme}")

    fill_field(page, words("support.phone_label"), "+1 555 010 0199")
    click(page, "button", words("support.save"))
    wait_for_text(page, words("support.dialog_intro"), gone=True)
    wait_for_text(page, "Aunt June")
    wait_for_text(page, "+1 555 010 0199")
    assert page.get_by_role("button", name=words("a11y.call", name="Aunt June"), exact=True).count() == 1
    assert page.get_by_role("button", name=words("a11y.message", name="Aunt June"), exact=True).count() == 1

    # A crisis line goes first, under its own heading.
    click(page, "button", words("support.add_crisis_line"))
    wait_for_text(page, words("support.dialog_intro"))
    fill_field(page, words("support.name_label"), "City Helpline")
    fill_field(page, words("support.phone_label"), "555 0100")
    click(page, "button", words("support.save"))
    wait_for_text(page, words("support.dialog_intro"), gone=True)
    wait_for_text(page, words("support.saved", name="City Helpline"))
    lines = semantics_texts(page).splitlines()  # one line per text; a card's texts are lines of its label
    assert lines.index(words("support.crisis_heading")) < lines.index("City Helpline") < lines.index("Aunt June")
    wait_for_text(page, words("support.saved", name="City Helpline"), gone=True)  # the note passes before the picture
    shot(page, f"support-contacts-{theme}")

    # Removing asks first.
    click(page, "button", words("support.remove"), nth=1)
    wait_for_text(page, words("support.remove_title", name="Aunt June"))
    shot(page, f"support-remove-{theme}")
    confirm = page.get_by_role("alertdialog").get_by_role("button", name=words("support.remove_confirm"), exact=True)
    confirm.dispatch_event("click")
    wait_for_text(page, words("support.removed", name="Aunt June"))
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_breathing_guide_starts_and_shows_a_phase_word(started, open_app, shot, theme):
    page = open_app(started(), theme=theme, wait_text=words("nav.today"))
    open_support(page)
    click(page, "button", words("support.breathing_start"))
    wait_for_text(page, SUPPORT.breathing.breathe_in)
    wait_for_text(page, words("support.breathing_round", number=1, total=SUPPORT.breathing.rounds))
    page.get_by_role("button", name=words("support.breathing_stop"), exact=True).wait_for(state="attached")
    scroll_down(page)  # bring the guide into view for the picture
    page.wait_for_timeout(SUPPORT.breathing.in_seconds * 1000 - 1500)  # the circle near its fullest
    shot(page, f"support-breathing-{theme}", settle=False)
    wait_for_text(page, SUPPORT.breathing.breathe_out, timeout=(SUPPORT.breathing.in_seconds
                                                               + SUPPORT.breathing.hold_seconds + 3) * 1000)
    click(page, "button", words("support.breathing_stop"))
    wait_for_text(page, words("support.breathing_stopped"))
    # Leaving the screen stops the guide; coming back shows it at rest.
    click(page, "tab", words("nav.today"))
    wait_for_text(page, SUPPORT.not_crisis, gone=True)
    open_support(page)
    wait_for_text(page, words("support.breathing_ready"))
    assert not page.console_errors, page.console_errors


def test_with_reduced_motion_the_guide_shows_words_only(started, open_app, shot):
    page = open_app(started(reduced_motion=True), wait_text=words("nav.today"))
    open_support(page)
    wait_for_text(page, words("support.breathing_words_only"))
    click(page, "button", words("support.breathing_start"))
    wait_for_text(page, SUPPORT.breathing.breathe_in)
    scroll_down(page)
    shot(page, "support-breathing-reduced-motion-light", settle=False)
    click(page, "button", words("support.breathing_stop"))
    wait_for_text(page, words("support.breathing_stopped"))


def test_reduced_motion_asked_for_by_the_system_is_followed(started, open_app):
    # The setting is off; the browser says prefers-reduced-motion: reduce.
    page = open_app(started(reduced_motion=False), wait_text=words("nav.today"), reduced_motion="reduce")
    page.wait_for_timeout(500)  # the shell asks the client once at start
    open_support(page)
    wait_for_text(page, words("support.breathing_words_only"))


def test_without_reduced_motion_the_guide_moves(started, open_app):
    page = open_app(started(reduced_motion=False), wait_text=words("nav.today"))
    page.wait_for_timeout(500)
    open_support(page)
    wait_for_text(page, words("support.breathing_start"))
    assert not text_present(page, words("support.breathing_words_only"))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_crisis_lines_for_the_device_region_are_one_tap_away(tmp_path, serve_app, open_app, shot, theme):
    data = tmp_path / "data"
    with Trellis.open(data) as trellis:
        trellis.people.save_profile("Ada", "mentee")
        trellis.people.save_settings(onboarded=True)
    url = serve_app(data, extra_env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"})
    page = open_app(url, theme=theme, wait_text=words("nav.today"))
    open_support(page)
    wait_for_text(page, "Samaritans")
    for number in ("999", "116 123"):
        page.get_by_role("button", name=words("support.call_number", number=number), exact=True).wait_for(
            state="attached")
    assert text_present(page, words("support.lines_may_change"))
    shot(page, f"support-lines-gb-{theme}")
    assert not page.console_errors, page.console_errors
