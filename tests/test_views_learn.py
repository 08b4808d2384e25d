"""Learn's screens without a browser: built with a real Trellis on a temporary
store and a small fake page; the handlers the buttons, fields and switches
carry are called directly, as a tap would."""

from __future__ import annotations


import flet as ft
import pytest

from app.models import Goal, JournalEntry
from tests.view_fakes import TODAY, Event, buttons_called, ctx, tap, texts, trellis, walk  # noqa: F401 (ctx, trellis: fixtures)
from views import coming_soon, goal_page, learn, today

def words(ctx, key, **values):
    return ctx.words(key, **values)


def open_list(ctx) -> learn.LearnList:
    learn.build(ctx)
    return ctx.state[learn.LIST_KEY]


def open_card(ctx, card_id: str) -> learn.CardView:
    ctx.state[learn.CARD_KEY] = card_id
    learn.build_card(ctx)
    return ctx.state[learn.CARD_VIEW_KEY]


def card_ids(view: learn.LearnList) -> list[str]:
    return [c.data for c in view.results.controls if isinstance(c, ft.Card)]


def search(view: learn.LearnList, query: str) -> None:
    view.search.value = query
    view.search.on_change(Event(view.search))


# ---- getting there --------------------------------------------------------------

def test_today_has_a_learn_card_that_opens_learn(ctx):
    screen = today.build(ctx)
    assert words(ctx, "learn.today_text") in texts(screen)
    tap(screen, words(ctx, "learn.today_button"))
    assert ctx.opened[-1].build is learn.build and ctx.opened[-1].title == words(ctx, "learn.title")


def test_the_pair_tab_opens_learn(ctx):
    screen = coming_soon.pair(ctx)
    tap(screen, words(ctx, "learn.pair_button"))
    assert ctx.opened[-1].build is learn.build


# ---- the list ---------------------------------------------------------------------

def test_list_shows_every_card_and_search_narrows_it(ctx, trellis):
    view = open_list(ctx)
    assert card_ids(view) == [c.id for c in trellis.learn.cards()]
    assert words(ctx, "learn.all_title") in texts(view.results)
    search(view, "Boundaries")
    assert card_ids(view) == ["boundaries"]
    assert ctx.state[learn.QUERY_KEY] == "Boundaries"
    search(view, "zebra")
    assert card_ids(view) == [] and words(ctx, "learn.no_match", query="zebra") in texts(view.results)
    # The query stays when coming back from a card.
    assert open_list(ctx).search.value == "zebra"


def test_tapping_a_card_opens_it(ctx):
    view = open_list(ctx)
    item = next(c for c in view.results.controls if isinstance(c, ft.Card) and c.data == "empathy")
    item.content.on_click(Event(item.content))
    assert ctx.opened[-1].build is learn.build_card and ctx.state[learn.CARD_KEY] == "empathy"


def test_helpful_cards_are_listed_first(ctx, trellis):
    trellis.learn.set_helpful("strengths", True)
    view = open_list(ctx)
    shown = texts(view.results)
    assert shown[0] == words(ctx, "learn.helpful_title")
    assert card_ids(view)[0] == "strengths" and card_ids(view).count("strengths") == 1
    assert words(ctx, "learn.more_title") in shown


def test_mentors_see_the_first_meeting_path_in_order(ctx, trellis):
    assert open_list(ctx).path.content is None  # no role
    trellis.people.save_profile("Ana", "mentor")
    trellis.learn.mark_seen("trust")
    view = open_list(ctx)
    tiles = [c for c in walk(view.path.content) if isinstance(c, ft.ListTile)]
    assert [t.data for t in tiles] == list(trellis.learn.learn.first_meeting)
    assert tiles[0].title.value == words(ctx, "learn.path_step", number=1, title="Trust")
    assert [t.subtitle.value for t in tiles[:2]] == [words(ctx, "learn.path_read"), words(ctx, "learn.path_unread")]
    tiles[2].on_click(Event(tiles[2]))
    assert ctx.state[learn.CARD_KEY] == tiles[2].data
    search(view, "trust")
    assert view.path.content is None  # out of the way while searching
    trellis.people.save_profile("Ana", "mentee")
    assert open_list(ctx).path.content is None


def test_your_reflections_are_listed_newest_first_and_open_their_card(ctx, trellis):
    view = open_list(ctx)
    assert words(ctx, "learn.reflections_empty") in texts(view.reflections)
    trellis.learn.reflect("trust", "", "First thought")
    trellis.learn.reflect("empathy", "", "Second thought")
    view = open_list(ctx)
    shown = texts(view.reflections)
    assert shown.index("Second thought") < shown.index("First thought")
    assert any(words(ctx, "learn.reflection_from", title="Empathy") in t for t in shown)
    entry = next(c for c in walk(view.reflections) if isinstance(c, ft.Card))
    entry.content.on_click(Event(entry.content))
    assert ctx.state[learn.CARD_KEY] == "empathy"


# ---- one card -------------------------------------------------------------------

def test_card_shows_its_parts_and_is_marked_read(ctx, trellis):
    view = open_card(ctx, "trust")
    c = trellis.learn.card("trust")
    shown = texts(view.control)
    for text in (c.title, c.body, *c.prompts, c.activity, c.connects, words(ctx, "learn.activity_together")):
        assert text in shown
    assert len(buttons_called(view.control, words(ctx, "learn.reflect"))) == 2
    assert trellis.learn.mark("trust").seen_on == TODAY


def test_why_it_matters_follows_the_role(ctx, trellis):
    c = trellis.learn.card("feedback")
    shown = texts(open_card(ctx, "feedback").control)
    assert c.for_mentee in shown and c.for_mentor in shown and words(ctx, "learn.why_mentor_unset") in shown
    trellis.people.save_profile("Ana", "mentor")
    shown = texts(open_card(ctx, "feedback").control)
    assert c.for_mentor in shown and c.for_mentee not in shown and words(ctx, "learn.why_mentor") in shown
    trellis.people.save_profile("Ana", "mentee")
    shown = texts(open_card(ctx, "feedback").control)
    assert c.for_mentee in shown and c.for_mentor not in shown


def test_in_trellis_buttons_lead_to_their_place(ctx, trellis):
    from views import checkin, goal_new

    tap(open_card(ctx, "self_care").control, words(ctx, "learn.go_checkin"))
    assert ctx.opened[-1].build is checkin.build and ctx.state["checkin_day"] == TODAY
    tap(open_card(ctx, "goal_setting").control, words(ctx, "learn.go_new_goal"))
    assert ctx.opened[-1].build is goal_new.build
    tap(open_card(ctx, "celebrating").control, words(ctx, "learn.go_wins"))
    assert ctx.went[-1] == "wins"


def test_the_boundaries_card_names_the_agreement_without_a_dead_button(ctx, trellis):
    view = open_card(ctx, "boundaries")
    assert trellis.learn.card("boundaries").connects in texts(view.control)
    go_labels = {words(ctx, f"learn.go_{a}") for a in ("checkin", "new_goal", "goals", "wins", "reflection", "support")}
    assert not go_labels & set(texts(view.control))


def test_unknown_place_is_an_error():
    with pytest.raises(ValueError):
        learn._go(None, "agreement")


def test_a_card_that_is_gone_says_so(ctx):
    screen = (ctx.state.update({learn.CARD_KEY: "kindness"}), learn.build_card(ctx))[1]
    assert words(ctx, "learn.gone") in texts(screen)


def test_helpful_switch_marks_the_card(ctx, trellis):
    view = open_card(ctx, "empathy")
    assert view.helpful.value is False
    view.helpful.value = True
    view.helpful.on_change(Event(view.helpful))
    assert trellis.learn.helpful_ids() == {"empathy"}
    assert ctx.page.snacks[-1] == words(ctx, "learn.helpful_on")
    assert open_card(ctx, "empathy").helpful.value is True
    view.helpful.value = False
    view.helpful.on_change(Event(view.helpful))
    assert trellis.learn.helpful_ids() == set()


# ---- reflecting -------------------------------------------------------------------

def test_reflecting_saves_a_private_entry_shown_on_the_card(ctx, trellis):
    view = open_card(ctx, "resilience")
    prompt = trellis.learn.card("resilience").prompts[1]
    tap(view.control, words(ctx, "learn.reflect"), nth=1)
    dialog = ctx.page.dialogs[-1]
    assert prompt in texts(dialog) and words(ctx, "learn.dialog_why") in texts(dialog)
    field = next(c for c in walk(dialog) if isinstance(c, ft.TextField))
    field.value = "  To ask for help sooner.  "
    tap(dialog, words(ctx, "learn.dialog_save"))
    assert ctx.page.dialogs == []
    assert ctx.page.snacks[-1] == words(ctx, "learn.saved")
    [entry] = trellis.store.list(JournalEntry)
    assert (entry.card_id, entry.prompt, entry.text, entry.shared) == ("resilience", prompt, "To ask for help sooner.",
                                                                       False)
    assert "To ask for help sooner." in texts(view.written)


def test_an_empty_or_long_reflection_is_explained_and_nothing_saved(ctx, trellis):
    view = open_card(ctx, "trust")
    dialog_view = view.reflect(trellis.learn.card("trust").prompts[0])
    dialog_view.field.value = "   "
    assert dialog_view.save() is None
    assert dialog_view.hint.visible and dialog_view.hint.value == words(ctx, "learn.dialog_needed")
    dialog_view.field.value = "x" * 5001
    assert dialog_view.save() is None
    assert dialog_view.hint.value == words(ctx, "learn.dialog_too_long", max=5000)
    assert trellis.store.count(JournalEntry) == 0 and ctx.page.dialogs  # still open, text kept
    tap(ctx.page.dialogs[-1], words(ctx, "learn.dialog_cancel"))
    assert ctx.page.dialogs == [] and trellis.store.count(JournalEntry) == 0


def test_a_reflection_can_be_removed(ctx, trellis):
    trellis.learn.reflect("trust", "", "Not what I meant")
    view = open_card(ctx, "trust")
    tap(view.written, words(ctx, "learn.delete_reflection"))
    tap(ctx.page.dialogs[-1], words(ctx, "learn.remove_keep"))  # asked first; keeping it changes nothing
    assert ctx.page.dialogs == [] and len(trellis.learn.reflections()) == 1
    tap(view.written, words(ctx, "learn.delete_reflection"))
    tap(ctx.page.dialogs[-1], words(ctx, "learn.remove_confirm"))
    assert ctx.page.dialogs == [] and trellis.learn.reflections() == []
    assert "Not what I meant" not in texts(view.written)
    assert ctx.page.snacks[-1] == words(ctx, "learn.reflection_removed")


# ---- a card at the right moment ------------------------------------------------------

def goal_screen(ctx, goal_id: str) -> goal_page.GoalPage:
    ctx.state[goal_page.OPEN_KEY] = goal_id
    goal_page.build(ctx)
    return ctx.state[goal_page.PAGE_KEY]


def test_resilience_is_offered_after_letting_a_goal_go_until_dismissed(ctx, trellis):
    goal, _ = trellis.goals.save_goal(Goal(title="Learn the guitar"))
    page = goal_screen(ctx, goal.id)
    assert page.suggestion.content.content is None  # active: nothing offered
    page.set_status("let_go", "Not for now")
    offered = page.suggestion.content
    assert offered.data == "resilience" and "Bouncing back" in texts(offered)
    tap(offered, words(ctx, "learn.suggest_read"))
    assert ctx.state[learn.CARD_KEY] == "resilience"
    tap(offered, words(ctx, "learn.suggest_dismiss"))
    assert offered.content is None and ctx.page.snacks[-1] == words(ctx, "learn.suggest_dismissed")
    assert goal_screen(ctx, goal.id).suggestion.content.content is None  # not again


def test_at_most_one_suggestion_is_shown(ctx, trellis):
    trellis.people.save_profile("Ana", "mentor")
    box = learn.suggestion(ctx, "pair_set_up", "before_first_comment")
    assert box.data == "boundaries"
    assert sum(1 for c in walk(box) if isinstance(c, ft.Card)) == 1


def test_learn_bench_prints_every_figure():
    from views import bench_learn

    figures = bench_learn.run(repeat=1)
    assert set(figures) == {"load_learn_toml_ms", "search_ms", "learn_list_ms", "learn_card_ms", "save_reflection_ms"}
    assert all(isinstance(v, float) and v >= 0 for v in figures.values())
    assert figures["learn_list_ms"] > 0 and figures["load_learn_toml_ms"] > 0  # a search may round to 0.0
