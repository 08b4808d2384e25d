"""The Goals tab, the guided "Add a goal" flow and a goal's page, without a
browser: the real shell runs in a real Flet session over a fake connection
(tests/flet_session.py) on a temporary store with today pinned, and taps,
typing and ticks are delivered the way the web client delivers them."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import flet as ft
import pytest

from app import demo
from app.models import Goal, Milestone
from app.services import Trellis
from tests.flet_session import make_page
from tests.view_fakes import walk
from views import goal_new, goal_page, goals
from views.context import AppContext
from views.shell import Shell

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = ROOT / "content" / "ui_goals.toml"
VIEW_FILES = [ROOT / "views" / name for name in ("goals.py", "goal_new.py", "goal_page.py")]
TODAY = dt.date(2026, 3, 14)
SHAMING = re.compile(r"\b(failed|fail|failure|missed|broken|behind|lazy|should have|streak)\b", re.IGNORECASE)


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        t.people.save_settings(onboarded=True)
        t.people.save_profile("Sam", "mentee")
        yield t


@pytest.fixture
def shell(trellis):
    return {}


@pytest.fixture
def ui(trellis, shell):
    def main(page):
        shell["it"] = Shell(page, trellis)
        shell["it"].start()

    with make_page(main) as page:
        page.shell = shell["it"]
        yield page


def words(key: str, **values) -> str:
    text = UI[f"goals.{key}"]
    return text.format(**values) if values else text


UI = {f"goals.{k}": v for k, v in tomllib.loads(UI_FILE.read_text(encoding="utf-8"))["goals"].items()}


def step_box(ui, trellis, goal_id: str, title: str) -> ft.Checkbox:
    """A step's checkbox (its title is the Text beside it, merged for screen readers)."""
    (step_id,) = [m.id for m in trellis.goals.milestones(goal_id) if m.title == title]
    return ui.find(ft.Checkbox, where=lambda c: c.data == step_id)


def go_goals(ui) -> None:
    ui.select_tab(1)


def button(ui, label: str, nth: int = 0):
    found = ui.find_all((ft.Button, ft.FilledButton, ft.OutlinedButton, ft.TextButton),
                        where=lambda c: getattr(c.content, "value", c.content) == label)
    assert len(found) > nth, f"no button {label!r} (#{nth}); texts: {ui.texts()}"
    return found[nth]


def tap(ui, label: str, nth: int = 0) -> None:
    ui.click(button(ui, label, nth))


def field(ui, label: str) -> ft.TextField:
    return ui.find(ft.TextField, label=label)


def type_into(ui, label: str, text: str) -> None:
    ui.change(field(ui, label), text)


def step_text(ui) -> str:
    return next(t for t in ui.texts() if t.startswith("Step "))


def open_goal(ui, trellis, title: str) -> goal_page.GoalPage:
    go_goals(ui)
    goal_id = next(g.id for g in trellis.goals.goals() if g.title == title)
    ui.click(ui.find(ft.Card, where=lambda c: c.data == goal_id).content)  # the card's tappable area
    return current_page(ui)


def current_page(ui) -> goal_page.GoalPage:
    page = ui.shell.ctx.state.get(goal_page.PAGE_KEY)
    assert page is not None and ui.shell.stack and ui.shell.stack[-1].build is goal_page.build, "no goal page on screen"
    return page


def dialog(ui) -> ft.AlertDialog:
    opened = [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
    assert opened, "no dialog open"
    return opened[-1]


def dialog_texts(ui) -> list[str]:
    return ui.texts(dialog(ui))


def close_celebrations(ui) -> list[str]:
    """Press "Thank you" on each celebration shown; returns their titles."""
    titles = []
    while True:
        opened = [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        if not opened or not any(getattr(b, "content", None) == "Thank you" for b in opened[-1].actions):
            return titles
        titles.append(opened[-1].title.value)
        ui.click(next(b for b in opened[-1].actions if b.content == "Thank you"))


def add_goal(trellis, title="Walk to the park", status="active", steps=(), done=(), **fields) -> Goal:
    goal, _ = trellis.goals.save_goal(Goal(title=title, status=status, **fields))
    for i, step in enumerate(steps):
        m = trellis.goals.add_milestone(goal.id, step)
        if i in done:
            trellis.goals.set_done(m.id, True)
    return goal


def red_controls(ui) -> list:
    """Controls painted in the error (red) colour, anywhere on the page or in open dialogs."""
    out = []
    for c in walk(ui.page, closed_dialogs=False):
        colours = [getattr(c, "color", None), getattr(c, "bgcolor", None)]
        style = getattr(c, "style", None)
        if isinstance(style, ft.ButtonStyle):
            colours += [style.bgcolor, style.color]
        if any(v in (ft.Colors.ERROR, ft.Colors.RED, "error", "red") for v in colours):
            out.append(c)
    return out


# ---- the words ------------------------------------------------------------------

def used_keys() -> set[str]:
    keys = set()
    for path in VIEW_FILES:
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""["'](goals\.[a-z_0-9]+)["']""", source))
        keys |= {f"goals.{k}" for k in re.findall(r"""\bw\(["']goals\.([a-z_0-9]+)["']""", source)}
    return keys


def test_every_literal_key_the_screens_use_is_in_the_content(trellis):
    keys = {k for k in used_keys() if k not in ("goals.new", "goals.open", "goals.page", "goals.arrange",
                                               "goals.unfolded", "goals.query", "goals.sort", "goals.view")}  # ctx.state keys, not words
    missing = sorted(k for k in keys if k not in trellis.content.ui)
    assert not missing, missing
    assert len(keys) > 60  # the scan found the keys, it did not pass by finding none


def test_built_keys_exist_for_every_status_and_answer(trellis):
    ui = trellis.content.ui
    for status in ("active", "paused", "achieved", "let_go"):
        assert f"goals.status_{status}" in ui and f"goals.status_{status}_text" in ui
    for name in goal_page.ANSWERS:
        assert f"goals.{name}_title" in ui
    for _, why, label, hint in goal_new.TEXT_STEPS.values():
        assert f"goals.{why}" in ui and f"goals.{label}" in ui and (hint is None or f"goals.{hint}" in ui)


def test_the_words_are_gentle():
    for key, text in UI.items():
        assert not SHAMING.search(text), (key, text)
        assert "!" not in text, (key, text)
        assert "SMART" not in text, (key, text)


def test_progress_is_told_as_what_was_done(trellis):
    ctx = AppContext(page=None, trellis=trellis)
    assert goals.progress_words(ctx, 0, 0) == "No steps yet"
    assert goals.progress_words(ctx, 0, 1) == "1 step planned"
    assert goals.progress_words(ctx, 0, 4) == "4 steps planned"
    assert goals.progress_words(ctx, 2, 5) == "2 of 5 steps done"
    assert goals.progress_words(ctx, 5, 5) == "All 5 steps done"
    assert goals.progress_words(ctx, 1, 1) == "Your step is done"
    assert goals.date_words(ctx, dt.date(2026, 3, 4)) == "4 Mar 2026"


# ---- the Goals tab --------------------------------------------------------------

def test_empty_tab_helps_the_first_goal_happen(ui, trellis):
    go_goals(ui)
    empty = trellis.content.messages.empty.goals
    assert ui.has_text(empty.title, exact=True) and ui.has_text(empty.text, exact=True)
    tap(ui, words("example_2"))
    assert step_text(ui) == "Step 1 of 8"
    assert field(ui, words("title_label")).value == words("example_2")


def test_goals_are_grouped_with_rings_and_only_groups_that_have_goals(ui, trellis):
    add_goal(trellis, "Read one book a month", steps=["a", "b", "c", "d", "e"], done=(0, 3))
    add_goal(trellis, "Learn to drive", status="achieved", steps=["a"], done=(0,))
    add_goal(trellis, "Keep my room tidy", status="let_go")
    go_goals(ui)
    texts = ui.texts()
    assert "Active (1)" in texts and "Achieved (1)" in texts and "Let go (1)" in texts
    assert not any(t.startswith("Paused") for t in texts)
    assert texts.index("Active (1)") < texts.index("Read one book a month") < texts.index("Achieved (1)")
    assert texts.index("Achieved (1)") < texts.index("Learn to drive") < texts.index("Let go (1)")
    assert "2 of 5 steps done" in texts and "Your step is done" in texts and "No steps yet" in texts
    rings = [c.value for c in ui.find_all(ft.ProgressRing)]
    assert rings == [pytest.approx(0.4), 1.0, 0.0]
    assert len(ui.find_all(ft.FilledButton, where=lambda c: c.content == words("add"))) == 1
    assert not red_controls(ui)


def test_tapping_a_goal_opens_its_page(ui, trellis):
    goal = add_goal(trellis, "Read one book a month", why="Reading calms me.")
    page = open_goal(ui, trellis, "Read one book a month")
    assert page.goal.id == goal.id
    assert ui.has_text("Reading calms me.", exact=True)
    assert ui.has_text(words("page_title"), exact=True)


def test_many_finished_goals_fold_behind_show_all(ui, trellis):
    for i in range(7):
        add_goal(trellis, f"Goal {i}", status="achieved")
    add_goal(trellis, "Still going")
    go_goals(ui)
    assert ui.has_text("Goal 3", exact=True) and not ui.has_text("Goal 4", exact=True)
    tap(ui, words("show_all", count=7))
    assert ui.has_text("Goal 6", exact=True)
    tap(ui, words("show_fewer"))
    assert not ui.has_text("Goal 6", exact=True)


def test_ten_years_of_goals_show_every_group_with_its_count(tmp_path):
    with Trellis.open(tmp_path / "ten", today=lambda: TODAY) as t:
        t.store.save_many(demo.build(10, t.content, TODAY))
        items = t.goals.with_progress()
        assert len(items) == 150
        ctx = AppContext(page=None, trellis=t)
        view = goals.build(ctx)
        shown = [c.value for c in walk(view, closed_dialogs=False) if isinstance(c, ft.Text)]
        for status in ("active", "paused", "achieved", "let_go"):
            count = sum(i.goal.status == status for i in items)
            assert f"{words('group_' + status)} ({count})" in shown
        cards = [c for c in walk(view, closed_dialogs=False) if isinstance(c, ft.Card)]
        active_paused = sum(i.goal.status in ("active", "paused") for i in items)
        assert len(cards) == active_paused + 2 * goals.FOLDED


# ---- the guided flow --------------------------------------------------------------

def start_flow(ui) -> None:
    go_goals(ui)
    tap(ui, words("add"))
    assert step_text(ui) == "Step 1 of 8"


def test_a_blank_goal_gets_a_clear_message_and_nothing_is_saved(ui, trellis):
    start_flow(ui)
    tap(ui, words("next"))
    assert step_text(ui) == "Step 1 of 8"
    assert ui.has_text(words("title_needed"), exact=True)
    assert trellis.goals.goals() == []
    assert not red_controls(ui)  # a calm message, not a red one
    type_into(ui, words("title_label"), "   ")
    ui.submit(field(ui, words("title_label")))
    assert step_text(ui) == "Step 1 of 8"


def test_a_goal_with_only_the_first_step(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "Walk to the park")
    tap(ui, words("next"))
    for n in range(2, 8):
        assert step_text(ui) == f"Step {n} of 8"
        tap(ui, words("skip"))
    assert step_text(ui) == "Step 8 of 8"
    switch = ui.find(ft.Switch, label=words("share_label"))
    assert switch.value is False and ui.has_text(words("share_off_text"), exact=True)
    tap(ui, words("save"))
    saved = trellis.goals.goals()
    assert [g.title for g in saved] == ["Walk to the park"]
    goal = saved[0]
    assert (goal.measure, goal.doable, goal.why, goal.by, goal.strengths, goal.support) == ("", "", "", None, "", "")
    assert goal.shared is False and goal.status == "active" and goal.created == TODAY
    assert close_celebrations(ui) == []  # a small win: no dialog
    assert ui.has_text("Your first goal", exact=True)  # but a quiet note on the goal page
    assert current_page(ui).goal.id == goal.id
    assert ui.has_text("Walk to the park", exact=True)


def test_a_goal_with_every_step(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "Walk to the park")
    ui.submit(field(ui, words("title_label")))  # Enter goes on, too
    type_into(ui, words("measure_label"), "I walk there twice a week")
    tap(ui, words("next"))
    ui.change(ui.find(ft.Chip, text=words("doable_partly")), True)
    type_into(ui, words("doable_label"), "Start with the short way")
    tap(ui, words("next"))
    type_into(ui, words("why_label"), "Fresh air helps me")
    tap(ui, words("next"))
    assert ui.has_text(words("no_date"), exact=True)
    tap(ui, words("pick_date"))
    picker = next(d for d in ui.open_dialogs() if isinstance(d, ft.DatePicker))
    picked = dt.datetime(2026, 5, 31, 11, 0, tzinfo=dt.timezone.utc)  # 1 June picked in Auckland
    ui.fire(picker, "change", picked, {"value": picked})
    assert ui.has_text(words("by_date", date="1 Jun 2026"), exact=True)
    tap(ui, words("next"))
    type_into(ui, words("strengths_label"), "I keep going")
    tap(ui, words("next"))
    type_into(ui, words("support_label"), "A walk with Alex")
    tap(ui, words("next"))
    ui.change(ui.find(ft.Switch, label=words("share_label")), True)
    assert ui.has_text(words("share_on_no_pair"), exact=True)
    tap(ui, words("save"))
    goal = trellis.goals.goals()[0]
    assert goal.model_dump(include={"title", "measure", "doable", "why", "by", "strengths", "support", "shared"}) == {
        "title": "Walk to the park", "measure": "I walk there twice a week",
        "doable": "Partly. Start with the short way", "why": "Fresh air helps me", "by": dt.date(2026, 6, 1),
        "strengths": "I keep going", "support": "A walk with Alex", "shared": True,
    }


def test_back_keeps_answers_and_skip_leaves_one_out(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "Save a little")
    tap(ui, words("next"))
    type_into(ui, words("measure_label"), "Fifty in the jar")
    tap(ui, words("back"))
    assert field(ui, words("title_label")).value == "Save a little"
    tap(ui, words("next"))
    assert field(ui, words("measure_label")).value == "Fifty in the jar"
    tap(ui, words("skip"))
    tap(ui, words("back"))
    assert field(ui, words("measure_label")).value == ""


def test_a_trip_to_support_and_back_keeps_the_answers(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "Sleep before midnight")
    tap(ui, words("next"))
    type_into(ui, words("measure_label"), "Lights off by 23:30")
    ui.click("Need support?")
    assert not any(t.startswith("Step ") for t in ui.texts())
    ui.shell.back()
    assert step_text(ui) == "Step 2 of 8"
    assert field(ui, words("measure_label")).value == "Lights off by 23:30"


def test_cancel_on_the_first_step_saves_nothing(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "Maybe later")
    tap(ui, words("cancel"))
    assert trellis.goals.goals() == []
    assert ui.has_text(trellis.content.messages.empty.goals.title, exact=True)
    tap(ui, words("add"))  # starts afresh
    assert field(ui, words("title_label")).value == ""


def test_a_very_long_goal_is_asked_to_be_shorter(ui, trellis):
    start_flow(ui)
    type_into(ui, words("title_label"), "x" * 201)
    tap(ui, words("next"))
    assert step_text(ui) == "Step 1 of 8"
    assert ui.has_text(words("too_long", max="200"), exact=True)


@pytest.mark.parametrize(
    "value, day",
    [
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # Auckland, summer (+13)
        (dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # Auckland, winter (+12)
        (dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # Los Angeles (-8)
        (dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # Honolulu (-10)
        (dt.datetime(2026, 11, 28, 18, 30, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # Kolkata (+5:30)
        (dt.datetime(2026, 11, 29, 0, 0, tzinfo=dt.timezone.utc), dt.date(2026, 11, 29)),  # UTC
        (dt.datetime(2026, 11, 29, 0, 0), dt.date(2026, 11, 29)),
        ("2026-11-29T00:00:00", dt.date(2026, 11, 29)),
        (dt.date(2026, 11, 29), dt.date(2026, 11, 29)),
        (None, None),
    ],
)
def test_the_picked_day_is_the_day_the_person_tapped(value, day):
    assert goal_new.picked_day(value) == day


# ---- a goal's page -------------------------------------------------------------------

def steps_in_store(trellis, goal_id) -> list[str]:
    return [m.title for m in trellis.goals.milestones(goal_id)]


def add_steps(ui, *titles) -> None:
    for title in titles:
        type_into(ui, words("step_label"), title)
        tap(ui, words("add_step"))


def test_steps_are_added_reordered_completed_and_undone(ui, trellis):
    goal = add_goal(trellis, "Walk to the park")
    trellis.celebrate([])  # the first-goal moment is not what this test is about
    open_goal(ui, trellis, "Walk to the park")
    assert ui.has_text(words("steps_empty"), exact=True)
    tap(ui, words("add_step"))
    assert ui.has_text(words("step_needed"), exact=True)
    add_steps(ui, "Find shoes", "Walk to the corner")
    ui.submit(field(ui, words("step_label")), "Walk to the park")  # Enter adds, too
    assert steps_in_store(trellis, goal.id) == ["Find shoes", "Walk to the corner", "Walk to the park"]
    assert field(ui, words("step_label")).value == ""
    assert ui.has_text("3 steps planned", exact=True)

    tap(ui, words("arrange"))
    ups = ui.find_all(ft.TextButton, where=lambda c: getattr(c.content, "value", c.content) == words("move_up"))
    downs = ui.find_all(ft.TextButton, where=lambda c: getattr(c.content, "value", c.content) == words("move_down"))
    assert [b.disabled for b in ups] == [True, False, False] and [b.disabled for b in downs] == [False, False, True]
    ui.click(ups[2])
    assert steps_in_store(trellis, goal.id) == ["Find shoes", "Walk to the park", "Walk to the corner"]
    ui.click(ui.find_all(ft.TextButton, where=lambda c: getattr(c.content, "value", c.content) == words("move_down"))[0])
    assert steps_in_store(trellis, goal.id) == ["Walk to the park", "Find shoes", "Walk to the corner"]
    tap(ui, words("arrange_done"))

    box = step_box(ui, trellis, goal.id, "Find shoes")
    ui.change(box, True)
    assert trellis.goals.milestones(goal.id)[1].done is True
    shown = dialog_texts(ui)
    assert "A step done" in shown
    assert any("Find shoes" in t and "Walk to the park" in t for t in shown)
    assert close_celebrations(ui) == ["A step done"]
    assert ui.has_text("1 of 3 steps done", exact=True)
    assert ui.has_text(words("done_on", date="14 Mar 2026"), exact=True)
    ring = ui.find_all(ft.ProgressRing)[0]
    assert ring.value == pytest.approx(1 / 3)

    ui.change(step_box(ui, trellis, goal.id, "Find shoes"), False)  # undo
    assert trellis.goals.milestones(goal.id)[1].done is False
    assert ui.snackbar_texts() == [words("step_open_again")]
    assert ui.has_text("3 steps planned", exact=True)
    ui.change(step_box(ui, trellis, goal.id, "Find shoes"), True)  # done again: celebrated once only
    assert close_celebrations(ui) == []


def test_a_step_can_be_renamed_and_removed(ui, trellis):
    goal = add_goal(trellis, "Walk to the park", steps=["Find shoes", "Walk to the corner"])
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk to the park")
    tap(ui, words("edit"), nth=0)
    ui.change(ui.find(ft.TextField, label=words("step_title_label"), root=dialog(ui)), "")
    tap(ui, words("save_step"))
    assert ui.has_text(words("step_needed"), exact=True)
    ui.change(ui.find(ft.TextField, label=words("step_title_label"), root=dialog(ui)), "Find my good shoes")
    tap(ui, words("save_step"))
    assert steps_in_store(trellis, goal.id) == ["Find my good shoes", "Walk to the corner"]
    tap(ui, words("edit"), nth=1)
    tap(ui, words("remove_step"))
    assert steps_in_store(trellis, goal.id) == ["Find my good shoes"]
    removed = trellis.store.list(Milestone, include_deleted=True)
    assert any(m.deleted and m.title == "Walk to the corner" for m in removed)


def test_pausing_and_picking_up_again_is_gentle(ui, trellis):
    goal = add_goal(trellis, "Walk to the park")
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk to the park")
    tap(ui, words("pause"))
    assert trellis.goals.get(goal.id).status == "paused"
    assert ui.snackbar_texts() == [words("paused_toast")]
    assert ui.has_text(words("status_paused_text"), exact=True)
    assert not red_controls(ui)
    tap(ui, words("resume"))
    assert trellis.goals.get(goal.id).status == "active"


def test_letting_go_asks_what_was_learned_and_is_not_a_failure(ui, trellis):
    goal = add_goal(trellis, "Learn to drive")
    trellis.celebrate([])
    open_goal(ui, trellis, "Learn to drive")
    tap(ui, words("let_go"))
    assert words("let_go_text") in dialog_texts(ui)
    tap(ui, words("let_go_keep"))
    assert trellis.goals.get(goal.id).status == "active"
    tap(ui, words("let_go"))
    ui.change(ui.find(ft.TextField, label=words("learned_label")), "Buses work for me for now")
    tap(ui, words("let_go_confirm"))
    saved = trellis.goals.get(goal.id)
    assert (saved.status, saved.learned) == ("let_go", "Buses work for me for now")
    assert ui.has_text(words("learned", text="Buses work for me for now"), exact=True)
    assert ui.has_text(words("status_let_go_text"), exact=True)
    assert not red_controls(ui)
    assert not any(SHAMING.search(t) for t in ui.texts())
    go_goals(ui)
    assert ui.has_text("Let go (1)", exact=True)


def test_reaching_a_goal_celebrates(ui, trellis):
    goal = add_goal(trellis, "Walk to the park", steps=["One"], done=(0,))
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk to the park")
    assert ui.has_text(words("all_steps_hint"), exact=True)
    tap(ui, words("achieve"))
    assert trellis.goals.get(goal.id).status == "achieved"
    assert close_celebrations(ui) == ["Goal reached"]
    assert ui.has_text(words("status_achieved_text"), exact=True)


def test_answers_are_edited_in_one_dialog(ui, trellis):
    goal = add_goal(trellis, "Walk", why="Air", by=dt.date(2026, 5, 1))
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk")
    assert ui.has_text("1 May 2026", exact=True)
    tap(ui, words("edit_answers"))
    box = dialog(ui)
    ui.change(ui.find(ft.TextField, label=words("title_label"), root=box), "")
    tap(ui, words("save_answers"))
    assert ui.has_text(words("title_needed"), exact=True)
    assert trellis.goals.get(goal.id).title == "Walk"
    ui.change(ui.find(ft.TextField, label=words("title_label"), root=box), "Walk to the park")
    ui.change(ui.find(ft.TextField, label=words("strengths_title"), root=box), "I keep going")
    tap(ui, words("clear_date"))
    tap(ui, words("save_answers"))
    saved = trellis.goals.get(goal.id)
    assert (saved.title, saved.why, saved.strengths, saved.by) == ("Walk to the park", "Air", "I keep going", None)
    assert ui.has_text("Walk to the park", exact=True) and ui.has_text("I keep going", exact=True)
    assert ui.snackbar_texts() == [words("saved")]


def test_reflections_are_dated_notes(ui, trellis):
    goal = add_goal(trellis, "Walk")
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk")
    tap(ui, words("add_reflection"))
    assert ui.has_text(words("reflection_needed"), exact=True)
    type_into(ui, words("reflection_label"), "Harder in the rain, still went")
    tap(ui, words("add_reflection"))
    notes = trellis.goals.reflections(goal.id)
    assert [(n.day, n.text) for n in notes] == [(TODAY, "Harder in the rain, still went")]
    assert ui.has_text("14 Mar 2026", exact=True) and ui.has_text("Harder in the rain, still went", exact=True)
    assert field(ui, words("reflection_label")).value == ""


def test_sharing_is_a_switch_with_a_plain_sentence(ui, trellis):
    goal = add_goal(trellis, "Walk")
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk")
    assert ui.has_text(words("share_off_text"), exact=True)
    ui.change(ui.find(ft.Switch, label=words("share_label")), True)
    assert trellis.goals.get(goal.id).shared is True
    assert ui.has_text(words("share_on_no_pair"), exact=True)
    ui.change(ui.find(ft.Switch, label=words("share_label")), False)
    assert trellis.goals.get(goal.id).shared is False


def test_deleting_asks_first_with_the_only_red_button_and_leaves_a_tombstone(ui, trellis):
    goal = add_goal(trellis, "Walk", steps=["One", "Two"])
    add_goal(trellis, "Read")
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk")
    assert not red_controls(ui)
    tap(ui, words("delete"))
    assert words("delete_text") in dialog_texts(ui)
    red = red_controls(ui)
    assert len(red) == 1 and red[0].content == words("delete_confirm")
    tap(ui, words("delete_keep"))
    assert trellis.goals.get(goal.id).title == "Walk"
    tap(ui, words("delete"))
    tap(ui, words("delete_confirm"))
    assert [g.title for g in trellis.goals.goals()] == ["Read"]
    kept = trellis.store.get(Goal, goal.id, include_deleted=True)
    assert kept.deleted is True
    assert all(m.deleted for m in trellis.store.list(Milestone, include_deleted=True) if m.goal_id == goal.id)
    assert ui.has_text("Active (1)", exact=True)  # back on the Goals tab
    assert ui.snackbar_texts() == [words("deleted")]


def test_a_goal_that_is_gone_shows_a_gentle_note(trellis):
    ctx = AppContext(page=None, trellis=trellis)
    ctx.state[goal_page.OPEN_KEY] = "0" * 32
    view = goal_page.build(ctx)
    shown = [c.value for c in walk(view, closed_dialogs=False) if isinstance(c, ft.Text)]
    assert words("gone_title") in shown


def test_a_step_dialog_open_while_the_step_is_ticked_elsewhere_keeps_it_done(ui, trellis):
    goal = add_goal(trellis, "Walk to the park", steps=["Find shoes"])
    trellis.celebrate([])
    open_goal(ui, trellis, "Walk to the park")
    tap(ui, words("edit"), nth=0)
    step = trellis.goals.milestones(goal.id)[0]
    trellis.goals.set_done(step.id)  # another tab, while this dialog is open
    ui.change(ui.find(ft.TextField, label=words("step_title_label"), root=dialog(ui)), "Find my good shoes")
    tap(ui, words("save_step"))
    saved = trellis.store.get(Milestone, step.id)
    assert (saved.title, saved.done) == ("Find my good shoes", True)


def test_answers_saved_from_a_page_whose_goal_was_deleted_elsewhere_do_not_bring_it_back(ui, trellis):
    goal = add_goal(trellis, "Walk", why="Air")
    trellis.celebrate([])
    page = open_goal(ui, trellis, "Walk")
    tap(ui, words("edit_answers"))
    box = dialog(ui)
    trellis.goals.set_status(goal.id, "paused")  # another tab pauses it...
    ui.change(ui.find(ft.TextField, label=words("why_title"), root=box), "Fresh air")
    tap(ui, words("save_answers"))
    saved = trellis.goals.get(goal.id)
    assert (saved.status, saved.why) == ("paused", "Fresh air")  # ...and the pause stays
    tap(ui, words("edit_answers"))
    trellis.goals.delete_goal(goal.id)  # another tab deletes it
    ui.change(ui.find(ft.TextField, label=words("why_title"), root=dialog(ui)), "Still here?")
    assert page.goal is not None
    tap(ui, words("save_answers"))
    assert trellis.goals.goals() == []
    assert trellis.store.get(Goal, goal.id, include_deleted=True).why == "Fresh air"


def test_the_share_switch_is_at_the_top_of_the_goal_page(ui, trellis):
    add_goal(trellis, "Walk", steps=("One", "Two"))
    page = open_goal(ui, trellis, "Walk")
    parts = page.control.controls
    assert parts.index(page.share) == 1  # right under the title
    assert parts.index(page.share) < parts.index(page.steps)


def test_with_a_pair_the_words_say_what_goes_and_the_list_says_shared(ui, trellis, monkeypatch):
    monkeypatch.setattr("views.goals.pair_exists", lambda t: True)
    goal = add_goal(trellis, "Walk")
    open_goal(ui, trellis, "Walk")
    ui.change(ui.find(ft.Switch, label=words("share_label")), True)
    assert ui.has_text(words("share_on_text"), exact=True)
    assert "its steps" in words("share_on_text") and "notes" not in words("share_on_text")
    from views import goals as goals_view
    assert goals_view.shared_badge(ui.shell.ctx) == words("shared_badge")
    assert trellis.goals.get(goal.id).shared


def test_before_a_pair_nothing_says_shared_with_your_mentor(ui, trellis):
    add_goal(trellis, "Walk", shared=True)
    go_goals(ui)
    assert ui.has_text(words("shared_badge_no_pair"), exact=True)
    assert not ui.has_text(words("shared_badge"), exact=True)


# ---------------------------------------------------------------------------- many goals


def many_goals(trellis, n=12):
    for i in range(n):
        goal, _ = trellis.goals.save_goal(Goal(title=f"Goal {chr(ord('a') + i)}", created=TODAY - dt.timedelta(days=i),
                                               by=TODAY + dt.timedelta(days=(i * 7) % 30) if i % 3 else None))


def goals_view(ui):
    return ui.shell.ctx.state["goals.view"]


def card_titles(view) -> list[str]:
    out = []
    for c in view.list.controls:
        if isinstance(c, ft.Card):
            texts = [t.value for t in walk(c, hidden=True) if isinstance(t, ft.Text) and t.value]
            out.append(texts[0])
    return out


def test_fewer_than_ten_goals_have_no_search(ui, trellis):
    many_goals(trellis, 9)
    go_goals(ui)
    assert not ui.find_all(ft.TextField) and not ui.find_all(ft.SegmentedButton)
    assert not ui.has_text(words("added_on", date="12 Mar 2026"), exact=True)


def test_from_ten_goals_search_sort_and_dates_added(ui, trellis):
    many_goals(trellis, 12)
    go_goals(ui)
    view = goals_view(ui)
    assert card_titles(view)[:3] == ["Goal a", "Goal b", "Goal c"]  # newest added first
    assert ui.has_text(words("added_on", date="12 Mar 2026"), exact=True)
    ui.change(ui.find(ft.SegmentedButton), "title")
    assert card_titles(goals_view(ui)) == sorted(card_titles(goals_view(ui)), key=str.casefold)
    ui.change(ui.find(ft.SegmentedButton), "date")
    dated = [i.goal for i in sort_goals_of(trellis, "date")]
    assert dated[-1].by is None and dated[0].by == min(g.by for g in dated if g.by)
    ui.change(ui.find(ft.TextField, label=words("search_label")), "goal k")
    assert card_titles(goals_view(ui)) == ["Goal k"]
    assert ui.has_text(words("search_count", count=1, query="goal k"), exact=True)
    ui.change(ui.find(ft.TextField, label=words("search_label")), "swimming")
    assert card_titles(goals_view(ui)) == [] and ui.has_text(words("search_none", query="swimming"), exact=True)
    ui.click(words("search_clear"))
    assert len(card_titles(goals_view(ui))) == 12


def sort_goals_of(trellis, how):
    from views import goals as goals_view_module

    return goals_view_module.sort_goals(trellis.goals.with_progress(), how)


def test_two_goals_with_one_title_show_the_day_each_was_added(ui, trellis):
    trellis.goals.save_goal(Goal(title="Walk", created=TODAY - dt.timedelta(days=30)))
    trellis.goals.save_goal(Goal(title="walk ", created=TODAY))
    trellis.goals.save_goal(Goal(title="Read", created=TODAY))
    go_goals(ui)
    assert ui.has_text(words("added_on", date="12 Feb 2026"), exact=True)
    assert ui.has_text(words("added_on", date="14 Mar 2026"), exact=True)
    assert len([t for t in ui.texts() if t.startswith("Added ")]) == 2  # not for "Read"
