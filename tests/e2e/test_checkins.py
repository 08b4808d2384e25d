"""Real-browser journeys through the check-ins: the daily check-in (everything
answered, everything skipped, an edit), the weekly reflection, and the
Check-ins tab with ten years of demo data.

The app is served in web mode on 127.0.0.1 and driven by Debian's Chromium
through Flutter's semantics tree (see tests/e2e/conftest.py). "Today" is
pinned with TRELLIS_TODAY for the CLI and the server alike, so dates and
weeks are the same in every run. Screenshots (412x860, light and dark) go to
artifacts/screenshots/checkins-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time

import pytest

from app.content import load_content
from app.services import Trellis
from tests.e2e.conftest import REPO, click, semantics_texts, text_present, wait_for_text

TODAY = dt.date(2026, 3, 12)  # a Thursday
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
UI = CONTENT.ui
CHECKIN = CONTENT.checkin
THEMES = ["light", "dark"]


def words(key: str, **values) -> str:
    text = UI[key]
    return text.format(**values) if values else text


def cli(*args: str, data) -> subprocess.CompletedProcess:
    """`python -m app ...` on the journey's store, with today pinned."""
    proc = subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data)],
        cwd=REPO, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def data(tmp_path):
    """A store that has finished first run (so the app opens on Today)."""
    path = tmp_path / "data"
    with Trellis.open(path) as trellis:
        trellis.people.save_profile("Ada", "mentee")
        trellis.people.save_settings(onboarded=True)
    return path


@pytest.fixture
def start(serve_app, open_app):
    """Serve the store and open it in a 412x860 browser page in the theme."""

    def go(data, theme: str):
        url = serve_app(data, extra_env=ENV)
        page = open_app(url, theme=theme, wait_text=words("nav.today"))
        listen_for_toasts(page)
        return page

    return go


def stop_server(serve_app) -> None:
    for app in serve_app.apps:
        app.stop()


# ---------------------------------------------------------------------------- driving the screens


def open_by(page, role: str, name: str, expect: str) -> None:
    """Tap and wait for `expect`; tap again if the first tap landed while
    Flutter was still replacing the semantics nodes (seen now and then)."""
    for attempt in range(3):
        click(page, role, name)
        try:
            wait_for_text(page, expect, timeout=4000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def to_checkins_tab(page) -> None:
    open_by(page, "tab", words("nav.checkins"), words("checkins.week_title"))


def answer(page, question: str, word: str) -> None:
    """Tap a word under a scale question: a radio (questions share words, so look in its group)."""
    group = page.get_by_role("group", name=re.compile("^" + re.escape(question)))
    chip = group.get_by_role("radio", name=word, exact=True).first
    chip.wait_for(state="attached")
    chip.dispatch_event("click")
    page.wait_for_timeout(150)


def is_checked(page, question: str, word: str) -> bool:
    group = page.get_by_role("group", name=re.compile("^" + re.escape(question)))
    chip = group.get_by_role("radio", name=word, exact=True).first
    chip.wait_for(state="attached")
    return chip.get_attribute("aria-checked") == "true"


def pick(page, word: str) -> None:
    """Tap a chip that is the only one with its words (feelings, self-care)."""
    click(page, "checkbox", word)
    page.wait_for_timeout(150)


def fill(page, label: str, text: str) -> None:
    """Type into the TextField labelled `label`. Flutter makes a field's name from
    the texts of its card around the label (and the hint while focused), so the
    label is looked for anywhere in the name."""
    box = page.get_by_role("textbox", name=re.compile(re.escape(label))).first
    box.wait_for(state="attached")
    box.focus()
    page.wait_for_timeout(150)
    box.fill(text)
    page.wait_for_timeout(150)


def field_value(page, label: str) -> str:
    """What a TextField holds. Flutter fills the DOM field only while it has focus."""
    box = page.get_by_role("textbox", name=re.compile(re.escape(label))).first
    box.wait_for(state="attached")
    box.focus()
    page.wait_for_timeout(200)
    return box.input_value()


LISTEN = """() => {
  if (window.__announced) return;
  window.__announced = [];
  new MutationObserver(() => {
    for (const e of document.querySelectorAll('flt-announcement-polite, flt-announcement-assertive'))
      if (e.textContent && !window.__announced.includes(e.textContent)) window.__announced.push(e.textContent);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def listen_for_toasts(page) -> None:
    """Keep every SnackBar text Flutter announces: a celebration dialog opened
    at once hides the SnackBar from the semantics tree."""
    page.evaluate(LISTEN)


def wait_for_toast(page, text: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in a for a in page.evaluate("() => window.__announced || []")):
        assert time.monotonic() < deadline, f"no toast {text!r}; heard: {page.evaluate('() => window.__announced')}"
        page.wait_for_timeout(100)


def button_count(page, name: str) -> int:
    return page.get_by_role("button", name=name, exact=True).count()


def wait_checked(page, word: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    chip = page.get_by_role("checkbox", name=word, exact=True).first
    while chip.get_attribute("aria-checked") != "true":
        assert time.monotonic() < deadline, f"{word!r} is not chosen"
        page.wait_for_timeout(100)


def scroll(page, dy: int) -> None:
    page.mouse.move(206, 430)
    page.mouse.wheel(0, dy)
    page.wait_for_timeout(500)


def see_small_win(page, rule: str, **values) -> None:
    """A small win: a quiet note on the screen the person lands on, no dialog."""
    title, message = CONTENT.celebration(rule, **values)
    wait_for_text(page, message)
    assert button_count(page, words("celebrate.close")) == 0


def history_rows(page) -> list[str]:
    return re.findall(r"^" + re.escape(words("checkins.open_label", date="")) + r"(.+)$", semantics_texts(page), re.M)


# ---------------------------------------------------------------------------- journeys


@pytest.mark.parametrize("theme", THEMES)
def test_a_full_check_in_with_every_question_answered(data, start, shot, theme):
    page = start(data, theme)
    to_checkins_tab(page)
    empty = CONTENT.messages.empty.checkins
    wait_for_text(page, empty.title)
    shot(page, f"checkins-empty-{theme}")

    open_by(page, "button", empty.action, CHECKIN.intro)
    answer(page, CHECKIN.mood.question, "Good")
    answer(page, CHECKIN.energy.question, "Some")
    answer(page, CHECKIN.sleep.question, "Mostly")
    answer(page, CHECKIN.stress.question, "Calm")
    assert is_checked(page, CHECKIN.mood.question, "Good")
    assert not is_checked(page, CHECKIN.energy.question, "Good")
    shot(page, f"checkins-form-top-{theme}")
    pick(page, "hopeful")
    assert not text_present(page, "proud")  # not shown until "More feelings"
    click(page, "button", words("checkins.more_feelings"))
    wait_for_text(page, "proud")
    pick(page, "proud")
    pick(page, "Drank water")
    scroll(page, 600)
    fill(page, words("checkins.add_own_label"), "Played guitar")
    click(page, "button", words("checkins.add_own_button"))
    wait_for_text(page, "Played guitar")
    wait_checked(page, "Played guitar")
    fill(page, words("checkins.note_label"), "A slow, kind day.")
    scroll(page, 3000)
    shot(page, f"checkins-form-bottom-{theme}")

    click(page, "button", words("checkins.save"))
    see_small_win(page, "first_checkin")
    wait_for_toast(page, CONTENT.thanks_for(TODAY))
    wait_for_text(page, words("checkins.today_done"))
    shot(page, f"celebration-inline-{theme}")
    texts = semantics_texts(page)
    assert "Mood: Good · Energy: Some · Sleep: Mostly · Stress: Calm" in texts
    assert words("checkins.month_one") in texts
    assert "hopeful, proud" in texts and "Drank water, Played guitar" in texts
    assert history_rows(page) == ["Today"]
    assert words("checkins.chart_label", measure="Mood", range=words("checkins.range_words_30"),
                 summary=words("checkins.on_average", word="Good")) in texts
    shot(page, f"checkins-tab-after-first-{theme}")
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("theme", THEMES)
def test_a_check_in_with_everything_skipped(data, start, shot, theme):
    page = start(data, theme)
    open_by(page, "button", words("today.checkin_start"), CHECKIN.intro)  # from Today
    click(page, "button", words("checkins.save"))
    see_small_win(page, "first_checkin")
    wait_for_toast(page, CONTENT.thanks_for(TODAY))
    wait_for_text(page, words("today.checkin_done"))  # back on Today
    to_checkins_tab(page)
    wait_for_text(page, words("checkins.nothing_answered"))
    texts = semantics_texts(page)
    assert words("checkins.month_one") in texts
    assert words("checkins.edit_today") in texts
    assert history_rows(page) == ["Today"]
    shot(page, f"checkins-tab-all-skipped-{theme}")
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("theme", THEMES)
def test_editing_todays_check_in_from_the_cli_and_exporting_it(data, start, serve_app, shot, theme, tmp_path):
    # Saved with the CLI before the server starts: the UI shows it.
    cli("checkin", "--mood", "4", "--feeling", "calm", data=data)
    page = start(data, theme)
    to_checkins_tab(page)
    wait_for_text(page, "Mood: Good")
    open_by(page, "button", words("checkins.edit_today"), words("checkins.for_day", date="Thursday 12 Mar"))
    assert is_checked(page, CHECKIN.mood.question, "Good")
    wait_checked(page, "calm")
    assert button_count(page, CHECKIN.skip) == 0  # no "Not today" when editing
    assert button_count(page, words("checkins.save")) == 1
    shot(page, f"checkins-edit-{theme}")
    answer(page, CHECKIN.mood.question, "Low")
    answer(page, CHECKIN.sleep.question, "A little")
    click(page, "button", words("checkins.save"))
    wait_for_toast(page, words("checkins.updated"))
    wait_for_text(page, "Mood: Low · Sleep: A little")
    assert history_rows(page) == ["Today"]  # still one check-in today
    shot(page, f"checkins-tab-edited-{theme}")
    assert not page.console_errors, page.console_errors

    # Saved in the UI: the export shows it, once the app has let go of the store.
    stop_server(serve_app)
    out = tmp_path / "export.json"
    cli("export", str(out), data=data)
    exported = json.loads(out.read_text())
    records = exported["records"] if isinstance(exported, dict) else exported
    today = [r for r in records if r.get("kind") == "selfcare" and r.get("day") == TODAY.isoformat()]
    assert len(today) == 1
    assert (today[0]["mood"], today[0]["sleep"], today[0]["feelings"]) == (2, 2, ["calm"])


@pytest.mark.parametrize("theme", THEMES)
def test_a_weekly_reflection(data, start, shot, theme):
    page = start(data, theme)
    to_checkins_tab(page)
    open_by(page, "button", words("checkins.reflect"), words("checkins.step", number=1, total=6))
    prompts = CONTENT.resilience.prompts
    assert text_present(page, prompts["challenge"].prompt) and text_present(page, prompts["challenge"].why)
    assert text_present(page, words("checkins.private"))
    fill(page, words("checkins.answer_label"), "A hard talk with my landlord")
    shot(page, f"checkins-reflection-step1-{theme}")
    click(page, "button", words("checkins.next"))
    wait_for_text(page, words("checkins.step", number=2, total=6))
    click(page, "button", words("checkins.skip"))
    wait_for_text(page, prompts["strength"].prompt)
    fill(page, words("checkins.answer_label"), "I stayed patient")
    click(page, "button", words("checkins.next"))
    wait_for_text(page, prompts["supporters"].prompt)
    click(page, "button", words("checkins.previous"))  # back keeps what was written
    wait_for_text(page, prompts["strength"].prompt)
    assert field_value(page, words("checkins.answer_label")) == "I stayed patient"
    click(page, "button", words("checkins.next"))
    wait_for_text(page, prompts["supporters"].prompt)
    click(page, "button", words("checkins.skip"))
    wait_for_text(page, words("checkins.step", number=5, total=6))
    answer(page, prompts["bounce_back"].prompt, "Mostly")
    assert is_checked(page, prompts["bounce_back"].prompt, "Mostly")
    shot(page, f"checkins-reflection-step5-{theme}")
    click(page, "button", words("checkins.next"))
    wait_for_text(page, prompts["next_step"].prompt)
    fill(page, words("checkins.answer_label"), "Ask about the evening course")
    click(page, "button", words("checkins.save_reflection"))
    see_small_win(page, "first_reflection", count=1)
    wait_for_toast(page, CONTENT.resilience.thanks)
    wait_for_text(page, words("checkins.week_done"))
    assert text_present(page, words("checkins.edit_reflection"))
    # Opening it again edits this week's reflection.
    open_by(page, "button", words("checkins.edit_reflection"), words("checkins.step", number=1, total=6))
    assert field_value(page, words("checkins.answer_label")) == "A hard talk with my landlord"
    assert not page.console_errors, page.console_errors


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory):
    """Ten years of demo data, seeded with the CLI (once for both themes)."""
    path = tmp_path_factory.mktemp("ten-years") / "data"
    cli("demo", "--years", "10", data=path)
    return path


@pytest.mark.parametrize("theme", THEMES)
def test_trends_with_ten_years_of_demo_data(ten_years, start, shot, theme, record_property):
    page = start(ten_years, theme)
    began = time.monotonic()
    click(page, "tab", words("nav.checkins"))
    wait_for_text(page, "Mood, the last 30 days. ")
    shown_after = time.monotonic() - began
    record_property("checkins_tab_seconds", round(shown_after, 2))
    print(f"\nCheck-ins tab with ten years ({theme}): shown {shown_after * 1000:.0f} ms after the tap")
    texts = semantics_texts(page)
    assert re.search(words("checkins.month_count", count=r"\d+"), texts)
    assert "streak" not in texts.lower()
    for measure in ("mood", "energy", "sleep", "stress"):
        assert words("checkins.chart_label", measure=words(f"checkins.{measure}"),
                     range=words("checkins.range_words_30"), summary="") in texts
    assert words("checkins.care_title") in texts
    rows = history_rows(page)
    assert len(rows) == 30 and rows[:2] == ["Today", "Yesterday"]
    shot(page, f"checkins-tab-ten-years-{theme}")

    click(page, "button", words("checkins.range_90"))
    wait_for_text(page, "Mood, the last 90 days. ")
    assert not text_present(page, "Mood, the last 30 days. ")
    scroll(page, 400)
    shot(page, f"checkins-trends-90-days-{theme}")
    # All time: ten years as monthly averages, said on screen, with feelings and what went with mood.
    click(page, "button", words("checkins.range_all"))
    wait_for_text(page, "Mood, all your check-ins. ")
    assert words("checkins.monthly_note") in semantics_texts(page)
    shot(page, f"checkins-trends-all-{theme}")
    scroll(page, 900)
    wait_for_text(page, words("checkins.together_title"))
    shot(page, f"checkins-trends-all-together-{theme}")
    scroll(page, -1300)
    click(page, "button", words("checkins.range_7"))
    wait_for_text(page, "Mood, the last 7 days. ")

    click(page, "button", words("checkins.show_more"))
    deadline = time.monotonic() + 10
    while len(history_rows(page)) < 60:
        assert time.monotonic() < deadline, len(history_rows(page))
        page.wait_for_timeout(100)
    assert len(history_rows(page)) == 60
    # An old day opens to read first, then for editing on request.
    old = page.get_by_role("button", name=re.compile("^" + re.escape(words("checkins.open_label", date="Monday 2 Mar"))))
    old.first.dispatch_event("click")
    wait_for_text(page, words("checkins.read_title", date="Monday 2 Mar"))
    assert text_present(page, words("checkins.past.care", when=words("checkins.when_date", date="2 Mar")))
    shot(page, f"checkin-past-day-{theme}")
    click(page, "button", words("checkins.edit"))
    wait_for_text(page, words("checkins.for_day", date="Monday 2 Mar"))
    assert not page.console_errors, page.console_errors


def test_not_today_keeps_a_draft_that_survives_a_restart(data, start, serve_app, shot):
    page = start(data, "light")
    open_by(page, "button", words("today.checkin_start"), CHECKIN.intro)
    mood = CHECKIN.scales["mood"]
    answer(page, mood.question, mood.labels[1])
    click(page, "button", CHECKIN.skip)
    wait_for_text(page, words("checkins.not_today_text"))
    shot(page, "checkin-not-today-light")
    click(page, "button", words("checkins.not_today_keep_button"))
    wait_for_toast(page, words("checkins.not_today_kept"))
    wait_for_text(page, words("today.checkin_start"))  # back on Today, nothing saved
    stop_server(serve_app)  # the app is closed
    page = start(data, "light")
    open_by(page, "button", words("today.checkin_start"), words("checkins.draft_kept"))
    assert is_checked(page, mood.question, mood.labels[1])
    assert not page.console_errors, page.console_errors
