"""Real-browser journey through the Wins tab.

A store is seeded with the command line before the server starts (a goal, a
milestone finished, a check-in: each celebrated once by the CLI), then the
app is served in web mode on 127.0.0.1 and driven by Debian's Chromium
through Flutter's semantics tree (see tests/e2e/conftest.py): first run is
skipped, the Wins tab shows the three wins, the Goals chip leaves the goal
wins, and one of them is opened to add how it felt. "Today" is pinned with
TRELLIS_TODAY for the CLI and the server alike. Screenshots (412x860, light
and dark) go to artifacts/screenshots/wins-*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from app.content import load_content
from app.services import Trellis
from tests.e2e.conftest import REPO, click, fill_textbox, semantics_texts, text_present, wait_for_text, trellis_cli

TODAY = dt.date(2026, 3, 14)
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
GOAL, STEP = "Walk to the park", "Put on my shoes"


def words(key: str, **values) -> str:
    text = CONTENT.ui[key]
    return text.format(**values) if values else text


def cli(data, *args: str) -> str:
    return trellis_cli(data, *args, env=ENV)


@pytest.fixture
def seeded(tmp_path):
    """A goal with one milestone done and one check-in, all through the CLI."""
    data = tmp_path / "data"
    goal_id = cli(data, "goal", "add", GOAL, "--why", "Fresh air helps me")
    step_id = cli(data, "milestone", "add", goal_id, STEP)
    cli(data, "milestone", "add", goal_id, "Walk to the corner")
    cli(data, "milestone", "done", step_id)
    cli(data, "checkin", "--mood", "4", "--feeling", "hopeful")
    listed = cli(data, "wins")
    assert listed.count("\n") == 2, listed  # first goal, the step, first check-in
    return data


def titles():
    c = CONTENT.celebrations
    step_title, step_message = CONTENT.celebration("milestone_done", milestone=STEP, goal=GOAL)
    return {
        "goal": (c.first_goal.title, c.first_goal.message),
        "step": (step_title, step_message),
        "checkin": (c.first_checkin.title, c.first_checkin.message),
    }


def skip_first_run(page) -> None:
    """The CLI does not do first run; the app offers it. Skip it, as a person may."""
    wait_for_text(page, words("onboarding.skip"))
    click(page, "button", words("onboarding.skip"))
    wait_for_text(page, words("nav.wins"))


def open_wins(page) -> None:
    click(page, "tab", words("nav.wins"))
    wait_for_text(page, words("wins.intro"))


def win_card(page, title: str):
    """The card of a win: a button named by its texts (title, message, kind and date)."""
    return page.get_by_role("button", name=re.compile("^" + re.escape(title))).first


def chip_checked(page, label: str) -> bool:
    chip = page.get_by_role("checkbox", name=label, exact=True).first
    chip.wait_for(state="attached")
    return chip.get_attribute("aria-checked") == "true"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_see_filter_open_and_note_how_a_win_felt(seeded, serve_app, open_app, shot, theme):
    t = titles()
    url = serve_app(seeded, extra_env=ENV)
    page = open_app(url, theme=theme)
    skip_first_run(page)
    open_wins(page)

    # All three wins, newest first, under this month's heading.
    for title, message in t.values():
        wait_for_text(page, title)
        assert text_present(page, message)
    assert text_present(page, words("wins.month_heading", month=words("wins.month_3"), year=2026))
    assert chip_checked(page, words("wins.filter_all"))
    assert page.get_by_role("group", name=words("wins.filters_label")).count() == 1
    shot(page, f"wins-all-{theme}")

    # Goals: the goal and the step stay, the check-in leaves.
    click(page, "checkbox", words("wins.filter_goals"))
    wait_for_text(page, t["checkin"][0], gone=True)
    assert text_present(page, t["goal"][0]) and text_present(page, t["step"][1])
    assert chip_checked(page, words("wins.filter_goals")) and not chip_checked(page, words("wins.filter_all"))
    shot(page, f"wins-goals-{theme}")

    # Open the finished step: its moment, its date, a place for how it felt, sharing off.
    win_card(page, t["step"][0]).dispatch_event("click")
    wait_for_text(page, words("wins.feeling_why"))
    assert text_present(page, words("wins.detail_when", date=f"14 {words('wins.month_3')} 2026"))
    assert text_present(page, words("celebrate.share_no_pair"))  # no pair yet: said so
    share = page.get_by_role("switch", name=words("wins.share_label")).first
    assert share.get_attribute("aria-checked") == "false"
    fill_textbox(page, words("wins.feeling_label"), "Proud, and a bit tired")
    shot(page, f"wins-open-{theme}")
    click(page, "button", words("wins.done"))
    wait_for_text(page, words("wins.feeling_why"), gone=True)
    wait_for_text(page, words("wins.feeling_quote", feeling="Proud, and a bit tired"))
    assert words("wins.shared_badge") not in semantics_texts(page).splitlines()  # still private
    shot(page, f"wins-noted-{theme}")
    assert not page.console_errors, page.console_errors

    # It was saved: reopening shows the note, and the store has it once the app is closed.
    win_card(page, t["step"][0]).dispatch_event("click")
    box = page.get_by_role("textbox", name=words("wins.feeling_label")).first
    box.wait_for(state="attached")
    box.focus()
    page.wait_for_function("el => el.value === 'Proud, and a bit tired'", arg=box.element_handle())
    click(page, "button", words("wins.done"))
    for app in serve_app.apps:
        app.stop()
    with Trellis.open(seeded) as trellis:
        noted = {w.title: (w.feeling, w.shared) for w in trellis.wins()}
    assert noted == {t["step"][0]: ("Proud, and a bit tired", False), t["goal"][0]: ("", False),
                     t["checkin"][0]: ("", False)}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_new_store_shows_a_friendly_first_step(tmp_path, serve_app, open_app, shot, theme):
    data = tmp_path / "data"
    with Trellis.open(data) as trellis:
        trellis.people.save_settings(onboarded=True)
    page = open_app(serve_app(data, extra_env=ENV), theme=theme)
    wait_for_text(page, words("nav.wins"))
    empty = CONTENT.messages.empty.wins
    click(page, "tab", words("nav.wins"))
    wait_for_text(page, empty.title)
    assert text_present(page, empty.text)
    shot(page, f"wins-empty-{theme}")
    click(page, "button", empty.action)
    wait_for_text(page, CONTENT.checkin.intro)  # the first step is one tap away


def test_ten_years_of_wins_open_with_the_newest_50(tmp_path, serve_app, open_app, shot):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "app", "demo", "--years", "10", "--data-dir", str(data)],
                   cwd=REPO, env={**os.environ, **ENV}, check=True, capture_output=True, timeout=300)
    page = open_app(serve_app(data, extra_env=ENV), theme="light")
    wait_for_text(page, words("nav.wins"))
    click(page, "tab", words("nav.wins"))
    wait_for_text(page, words("wins.showing", shown=50, total=500))
    assert page.get_by_role("button", name=re.compile(r"^A milestone done")).count() <= 50
    click(page, "button", words("wins.show_more"))
    wait_for_text(page, words("wins.showing", shown=100, total=500))
    page.get_by_role("button", name=words("wins.show_more")).scroll_into_view_if_needed()
    shot(page, "wins-ten-years-light")
