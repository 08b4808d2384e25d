"""Real-browser journeys through the Goals tab, the guided "Add a goal" flow
and a goal's page.

The app is served in web mode on 127.0.0.1 (tests/e2e/conftest.py) with
"today" pinned by TRELLIS_TODAY, and driven by Debian's Chromium through
Flutter's semantics tree. Stores are prepared with the services or the
command line before the server starts (first run done, so the app opens on
Today). Journeys: a goal made with only the first question answered, and
one with every question; three steps added, reordered and one completed,
with its celebration and "Your latest win" on Today; a goal paused and
another let go, with no screen showing a shaming word. Screenshots at
412x860 in light and dark go to artifacts/screenshots/goals-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.content import load_content
from app.services import Trellis
from tests.e2e.conftest import click, fill_textbox, semantics_texts, text_present, wait_for_text, trellis_cli
from tests.e2e.conftest import scroll_to_text, wait_for_order

TODAY = dt.date(2026, 3, 14)
ENV = {"TRELLIS_TODAY": TODAY.isoformat()}
CONTENT = load_content()
SHAMING = re.compile(r"\b(failed|fail|failure|missed|broken|behind|lazy|should have|streak)\b", re.IGNORECASE)
THEMES = ["light", "dark"]


def words(key: str, **values) -> str:
    text = CONTENT.ui[key]
    return text.format(**values) if values else text


def g(key: str, **values) -> str:
    return words(f"goals.{key}", **values)


def cli(data, *args: str) -> str:
    return trellis_cli(data, *args, env=ENV)


def onboarded(data) -> None:
    with Trellis.open(data, today=lambda: TODAY) as trellis:
        trellis.people.save_settings(onboarded=True)
        trellis.people.save_profile("Sam", "mentee")


def stored_goals(serve_app, data):
    """The goals in the store, read once the app has let go of it."""
    for app in serve_app.apps:
        app.stop()
    with Trellis.open(data, today=lambda: TODAY) as trellis:
        return trellis.goals.goals(), {g.id: trellis.goals.milestones(g.id) for g in trellis.goals.goals()}


def open_goals_tab(page) -> None:
    click(page, "tab", words("nav.goals"))


def open_goal_card(page, title: str) -> None:
    """A goal's card is one button named by its texts, the title first."""
    card = page.get_by_role("button", name=re.compile("^" + re.escape(title))).first
    card.wait_for(state="attached")
    card.dispatch_event("click")
    wait_for_text(page, g("steps_title"))


def next_step(page, number: int, action: str | None = None) -> None:
    """Press Next (or Skip) and wait for the next question."""
    click(page, "button", action or g("next"))
    wait_for_text(page, g("step_of", number=number, total=8))


def step_names(page) -> list[str]:
    return [c.get_attribute("aria-label") for c in page.get_by_role("checkbox").all()]


def assert_gentle(page, where: str) -> None:
    found = SHAMING.findall(semantics_texts(page))
    assert not found, f"{where}: {found}"


# ---- creating a goal ---------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_a_goal_with_only_the_first_question(tmp_path, serve_app, open_app, shot, theme):
    data = tmp_path / "data"
    onboarded(data)
    page = open_app(serve_app(data, extra_env=ENV), theme=theme, wait_text=words("nav.goals"))
    open_goals_tab(page)
    empty = CONTENT.messages.empty.goals
    wait_for_text(page, empty.title)
    assert text_present(page, empty.text) and text_present(page, g("example_1"))
    shot(page, f"goals-empty-{theme}")

    click(page, "button", empty.action)
    wait_for_text(page, g("step_of", number=1, total=8))
    click(page, "button", g("next"))  # nothing written yet: a clear, calm message
    wait_for_text(page, g("title_needed"))
    assert text_present(page, g("step_of", number=1, total=8))
    shot(page, f"goals-new-blank-{theme}")

    fill_textbox(page, g("title_label"), "Walk to the park")
    next_step(page, 2)
    for number in range(3, 9):
        next_step(page, number, g("skip"))
    assert text_present(page, g("share_off_text"))
    share = page.get_by_role("switch", name=g("share_label")).first
    assert share.get_attribute("aria-checked") == "false"  # nothing is shared by default
    shot(page, f"goals-new-share-{theme}")

    click(page, "button", g("save"))
    wait_for_text(page, CONTENT.celebrations.first_goal.title)  # the first goal: a quiet note, no dialog
    assert text_present(page, CONTENT.celebrations.first_goal.message)
    assert page.get_by_role("button", name=words("celebrate.close"), exact=True).count() == 0
    shot(page, f"goals-new-celebrated-{theme}")
    wait_for_text(page, g("steps_empty"))  # the new goal's page, ready for a first step
    assert text_present(page, "Walk to the park") and text_present(page, g("status_active"))
    shot(page, f"goals-new-page-{theme}")
    assert not page.console_errors, page.console_errors

    saved, _ = stored_goals(serve_app, data)
    assert [(x.title, x.measure, x.doable, x.why, x.by, x.strengths, x.support, x.shared) for x in saved] == [
        ("Walk to the park", "", "", "", None, "", "", False)
    ]


def test_a_goal_with_every_question(tmp_path, serve_app, open_app, shot):
    data = tmp_path / "data"
    onboarded(data)
    page = open_app(serve_app(data, extra_env=ENV), theme="light", wait_text=words("nav.goals"))
    open_goals_tab(page)
    click(page, "button", CONTENT.messages.empty.goals.action)
    wait_for_text(page, g("step_of", number=1, total=8))
    fill_textbox(page, g("title_label"), "Walk to the park")
    next_step(page, 2)
    fill_textbox(page, g("measure_label"), "I walk there twice a week")
    next_step(page, 3)
    click(page, "checkbox", g("doable_partly"))
    fill_textbox(page, g("doable_label"), "Start with the short way")
    shot(page, "goals-new-doable-light")
    next_step(page, 4)
    fill_textbox(page, g("why_label"), "Fresh air helps me")
    next_step(page, 5)
    click(page, "button", g("pick_date"))
    # The DatePicker's day button; its words are day-first, as the app writes dates.
    day = page.get_by_role("button", name=re.compile(r"^20, Friday, 20 March 2026")).first
    day.wait_for(state="attached")
    shot(page, "goals-date-picker-light")
    day.dispatch_event("click")
    click(page, "button", "OK")
    wait_for_text(page, g("by_date", date="20 Mar 2026"))
    shot(page, "goals-new-date-light")
    next_step(page, 6)
    fill_textbox(page, g("strengths_label"), "I keep going")
    next_step(page, 7)
    fill_textbox(page, g("support_label"), "A walk with Alex")
    next_step(page, 8)
    click(page, "switch", g("share_label"))
    wait_for_text(page, g("share_on_no_pair"))
    click(page, "button", g("save"))
    wait_for_text(page, CONTENT.celebrations.first_goal.title)
    wait_for_text(page, g("steps_empty"))
    for answer in ("I walk there twice a week", "Partly. Start with the short way", "Fresh air helps me",
                   "I keep going", "A walk with Alex"):
        scroll_to_text(page, answer, steps=12)
    shot(page, "goals-new-answers-light")
    assert not page.console_errors, page.console_errors

    saved, _ = stored_goals(serve_app, data)
    assert len(saved) == 1
    answers = {"title", "measure", "doable", "why", "by", "strengths", "support", "shared"}
    assert saved[0].model_dump(include=answers) == {
        "title": "Walk to the park", "measure": "I walk there twice a week",
        "doable": "Partly. Start with the short way", "why": "Fresh air helps me", "by": dt.date(2026, 3, 20),
        "strengths": "I keep going", "support": "A walk with Alex", "shared": True,
    }


# ---- steps: add, reorder, complete, celebrate -----------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_three_steps_reordered_and_one_completed_is_celebrated(tmp_path, serve_app, open_app, shot, theme):
    data = tmp_path / "data"
    onboarded(data)
    cli(data, "goal", "add", "Walk to the park", "--why", "Fresh air helps me")  # the CLI celebrates the first goal
    page = open_app(serve_app(data, extra_env=ENV), theme=theme, wait_text=words("nav.goals"))
    open_goals_tab(page)
    wait_for_text(page, g("group_count", label=g("group_active"), count=1))
    shot(page, f"goals-tab-one-{theme}")
    open_goal_card(page, "Walk to the park")

    for title in ("Find my shoes", "Walk to the corner", "Walk to the park gate"):
        fill_textbox(page, g("step_label"), title)
        click(page, "button", g("add_step"))
        page.get_by_role("checkbox", name=title, exact=True).wait_for(state="attached")
    assert step_names(page) == ["Find my shoes", "Walk to the corner", "Walk to the park gate"]
    wait_for_text(page, g("steps_planned", total=3))

    click(page, "button", g("arrange"))
    wait_for_text(page, g("arrange_done"))
    shot(page, f"goals-arrange-{theme}")
    click(page, "button", words("a11y.move_up", title="Walk to the park gate"))  # the gate goes before the corner
    wait_for_order(page, ["Find my shoes", "Walk to the park gate", "Walk to the corner"])
    click(page, "button", words("a11y.move_down", title="Find my shoes"))  # the shoes go after the gate
    wait_for_order(page, ["Walk to the park gate", "Find my shoes", "Walk to the corner"])
    click(page, "button", g("arrange_done"))
    wait_for_text(page, g("arrange"))
    page.get_by_role("checkbox").first.wait_for(state="attached")
    assert step_names(page) == ["Walk to the park gate", "Find my shoes", "Walk to the corner"]

    click(page, "checkbox", "Find my shoes")
    title, message = CONTENT.celebration("milestone_done", milestone="Find my shoes", goal="Walk to the park")
    wait_for_text(page, title)
    assert text_present(page, message)
    shot(page, f"goals-step-celebrated-{theme}")
    click(page, "button", words("celebrate.close"))
    wait_for_text(page, g("steps_done", done=1, total=3))
    assert page.get_by_role("checkbox", name="Find my shoes", exact=True).get_attribute("aria-checked") == "true"
    shot(page, f"goals-page-progress-{theme}")

    click(page, "tab", words("nav.today"))
    wait_for_text(page, words("today.latest_win"))
    assert text_present(page, title)
    shot(page, f"goals-today-latest-win-{theme}")
    assert not page.console_errors, page.console_errors

    saved, steps = stored_goals(serve_app, data)
    assert [(m.title, m.done) for m in steps[saved[0].id]] == [
        ("Walk to the park gate", False), ("Find my shoes", True), ("Walk to the corner", False)
    ]


# ---- pause one, let another go: no shaming anywhere ----------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_pause_one_goal_and_let_another_go_with_no_shaming_words(tmp_path, serve_app, open_app, shot, theme):
    data = tmp_path / "data"
    onboarded(data)
    for title in ("Learn to drive", "Read one book a month"):
        goal_id = cli(data, "goal", "add", title)
        cli(data, "milestone", "add", goal_id, "Make a plan")
    page = open_app(serve_app(data, extra_env=ENV), theme=theme, wait_text=words("nav.goals"))
    open_goals_tab(page)
    wait_for_text(page, g("group_count", label=g("group_active"), count=2))

    open_goal_card(page, "Read one book a month")
    click(page, "button", g("pause"))
    wait_for_text(page, g("paused_toast"))
    wait_for_text(page, g("status_paused_text"))
    assert_gentle(page, "paused goal")
    shot(page, f"goals-paused-{theme}")

    open_goals_tab(page)
    open_goal_card(page, "Learn to drive")
    click(page, "button", g("let_go"))
    wait_for_text(page, g("let_go_text"))
    fill_textbox(page, g("learned_label"), "Buses work for me for now")
    shot(page, f"goals-let-go-dialog-{theme}")
    click(page, "button", g("let_go_confirm"))
    wait_for_text(page, g("learned", text="Buses work for me for now"))
    assert text_present(page, g("status_let_go_text"))
    assert_gentle(page, "goal let go")
    shot(page, f"goals-let-go-{theme}")

    open_goals_tab(page)
    wait_for_text(page, g("group_count", label=g("group_paused"), count=1))
    assert text_present(page, g("group_count", label=g("group_let_go"), count=1))
    assert not text_present(page, g("group_active"))  # no heading for an empty group
    assert_gentle(page, "Goals tab")
    shot(page, f"goals-tab-paused-let-go-{theme}")

    for tab, ready in (("nav.today", "today.idea_title"), ("nav.checkins", None), ("nav.wins", None),
                       ("nav.pair", None)):
        click(page, "tab", words(tab))
        page.wait_for_timeout(800)
        if ready:
            wait_for_text(page, words(ready))
        assert_gentle(page, words(tab))
    assert not page.console_errors, page.console_errors

    saved, _ = stored_goals(serve_app, data)
    assert {x.title: (x.status, x.learned) for x in saved} == {
        "Read one book a month": ("paused", ""), "Learn to drive": ("let_go", "Buses work for me for now"),
    }


# ---- deleting, and ten years of goals ---------------------------------------------------------

def test_deleting_asks_first_then_returns_to_the_goals(tmp_path, serve_app, open_app, shot):
    data = tmp_path / "data"
    onboarded(data)
    cli(data, "goal", "add", "Keep my room tidy")
    cli(data, "goal", "add", "Drink more water")
    page = open_app(serve_app(data, extra_env=ENV), theme="light", wait_text=words("nav.goals"))
    open_goals_tab(page)
    open_goal_card(page, "Keep my room tidy")
    click(page, "button", g("delete"))
    wait_for_text(page, g("delete_text"))
    shot(page, "goals-delete-confirm-light")
    click(page, "button", g("delete_confirm"))
    wait_for_text(page, g("group_count", label=g("group_active"), count=1))
    assert not text_present(page, "Keep my room tidy")
    saved, _ = stored_goals(serve_app, data)
    assert [x.title for x in saved] == ["Drink more water"]


def test_ten_years_of_goals_open_quickly_and_fold(tmp_path, serve_app, open_app, shot):
    data = tmp_path / "data"
    cli(data, "demo", "--years", "10")
    with Trellis.open(data, today=lambda: TODAY) as trellis:
        counts = {s: sum(x.status == s for x in trellis.goals.goals()) for s in ("active", "achieved")}
    page = open_app(serve_app(data, extra_env=ENV), theme="light", wait_text=words("nav.goals"))
    open_goals_tab(page)
    wait_for_text(page, g("group_count", label=g("group_active"), count=counts["active"]))
    shot(page, "goals-ten-years-light")
    click(page, "button", g("show_all", count=counts["achieved"]))
    wait_for_text(page, g("show_fewer"))
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_many_goals_can_be_searched_and_told_apart(tmp_path, serve_app, open_app, shot, theme):
    from app.models import Goal

    data = tmp_path / "data"
    onboarded(data)
    with Trellis.open(data) as trellis:
        titles = ["Walk to the park", "Read a chapter", "Call my sister", "Drink more water", "Sleep by eleven",
                  "Cook once a week", "Stretch in the morning", "Learn ten words", "Tidy one drawer",
                  "Walk to the park", "Write a letter"]
        for i, title in enumerate(titles):
            trellis.goals.save_goal(Goal(title=title, created=TODAY - dt.timedelta(days=3 * i)))
    page = open_app(serve_app(data, extra_env=ENV), theme=theme, wait_text=words("nav.goals"))
    open_goals_tab(page)
    wait_for_text(page, g("search_label"))
    assert text_present(page, g("added_on", date=f"{TODAY.day} {words('checkins.month.' + ('jan feb mar apr may jun jul aug sep oct nov dec'.split()[TODAY.month - 1]))} {TODAY.year}"))
    shot(page, f"goals-many-{theme}")
    fill_textbox(page, g("search_label"), "walk")
    wait_for_text(page, g("search_count", count=2, query="walk"))
    assert text_present(page, "Walk to the park") and not text_present(page, "Read a chapter")
    shot(page, f"goals-search-{theme}")
    assert not page.console_errors, page.console_errors
