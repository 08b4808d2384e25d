"""Learn's cards and service: every key idea of the course has a card, a
broken learn.toml is refused naming the file and field, search ignores case
and accents, helpful marks and reflections are kept, and at most one card is
offered at a moment, never again once turned off."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.content import ContentError
from app.learn import PATH_LENGTH, SUGGESTIONS, LearnService, fold, load_learn
from app.models import Agreement, CardMark, Comment, Goal, JournalEntry
from app.services import Trellis

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
TODAY = dt.date(2026, 3, 14)

# The key ideas the issue lists, and the card that carries each.
KEY_IDEAS = {
    "trust": "trust",
    "safety": "safety",
    "boundaries": "boundaries",
    "confidentiality and its limits": "confidentiality",
    "empathy": "empathy",
    "active listening": "active_listening",
    "transparency": "transparency",
    "respect": "respect",
    "feedback, giving and receiving": "feedback",
    "accountability": "accountability",
    "conflict": "conflict",
    "empowerment": "empowerment",
    "self-care": "self_care",
    "psychological safety": "psychological_safety",
    "power dynamics": "power_dynamics",
    "cultural humility": "cultural_humility",
    "resilience": "resilience",
    "goal setting": "goal_setting",
    "reflective practice": "reflective_practice",
    "strengths": "strengths",
    "celebrating achievements": "celebrating",
    "adapting to change": "adapting_to_change",
    "how a mentoring relationship ends well": "endings",
}


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


@pytest.fixture
def learn(trellis) -> LearnService:
    return trellis.learn


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(directory: Path, old: str, new: str) -> None:
    path = directory / "learn.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in learn.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- the cards ------------------------------------------------------------------

def test_every_key_idea_has_a_card_with_two_prompts_and_an_activity():
    by_id = {c.id: c for c in load_learn().cards}
    for idea, card_id in KEY_IDEAS.items():
        card = by_id.get(card_id)
        assert card is not None, f"no card for the key idea {idea!r}"
        assert len(card.prompts) == 2 and all(p.strip() for p in card.prompts), idea
        assert card.activity.strip() and card.activity_with in ("alone", "together", "either"), idea
        assert card.for_mentee.strip() and card.for_mentor.strip() and card.connects.strip(), idea
    assert len(set(KEY_IDEAS.values())) == len(KEY_IDEAS), "two key ideas share one card"


def test_cards_link_where_the_issue_says_and_never_to_a_place_not_built():
    by_id = {c.id: c for c in load_learn().cards}
    assert by_id["self_care"].action == "checkin"
    assert by_id["goal_setting"].action == "new_goal"
    # The agreement comes with the pair features: words only, no button yet.
    assert by_id["boundaries"].action is None and "coming with the pair features" in by_id["boundaries"].connects
    assert by_id["feedback"].action is None and "strengths first" in by_id["feedback"].connects


def test_cards_are_short():
    for card in load_learn().cards:
        sentences = [s for s in card.body.replace("?", ".").split(".") if s.strip()]
        assert 2 <= len(sentences) <= 6, card.id
        assert len(card.summary) <= 100, card.id


def test_first_meeting_path_has_five_known_cards_and_suggested_cards_exist():
    learn = load_learn()
    ids = {c.id for c in learn.cards}
    assert len(learn.first_meeting) == PATH_LENGTH == 5
    assert set(learn.first_meeting) <= ids
    assert set(SUGGESTIONS.values()) <= ids


def test_role_aware_why():
    card = load_learn().cards[0]
    assert card.why("mentee") == [("mentee", card.for_mentee)]
    assert card.why("mentor") == [("mentor", card.for_mentor)]
    assert [w for w, _ in card.why(None)] == ["mentee", "mentor"]


BROKEN = [
    ('  "What is the smallest first step you could take this week?",\n', "", "cards[17].prompts",
     "exactly 2 prompts"),
    ('activity_with = "alone"\nconnects = "The weekly reflection asks', 'activity_with = "sometimes"\nconnects = '
     '"The weekly reflection asks', "cards[16].activity_with", "must be one of"),
    ('action = "new_goal"\n\n[[cards]]\nid = "reflective_practice"',
     'action = "new_page"\n\n[[cards]]\nid = "reflective_practice"', "cards[17].action", "must be one of"),
    ('id = "empathy"', 'id = "trust"', "cards", "more than once"),
    ('"active_listening", "power_dynamics"]', '"active_listening"]', "first_meeting", "exactly 5 cards"),
    ('"active_listening", "power_dynamics"]', '"active_listening", "kindness"]', "first_meeting",
     "no card with the id 'kindness'"),
    ('title = "Respect"', 'title = "Respect"\ncolour = "teal"', "cards[7].colour", "not a known field"),
    ('summary = "Respect means', 'summary = "{name} Respect means', "cards[7].summary", "no {placeholders}"),
    ('id = "resilience"', 'id = "bouncing_back"', "cards", "'resilience' is needed"),
]


@pytest.mark.parametrize("old, new, field, problem", BROKEN)
def test_broken_learn_file_is_refused_naming_file_and_field(content_copy, old, new, field, problem):
    edit(content_copy, old, new)
    with pytest.raises(ContentError) as caught:
        load_learn(content_copy)
    assert caught.value.file == "content/learn.toml"
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_missing_or_unreadable_learn_file_is_named(content_copy):
    (content_copy / "learn.toml").unlink()
    with pytest.raises(ContentError, match="content/learn.toml: the file is missing"):
        load_learn(content_copy)
    (content_copy / "learn.toml").write_text("first_meeting = [\n[[cards]]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"content/learn.toml: line \d+, column \d+: not valid TOML"):
        load_learn(content_copy)


# ---- search -----------------------------------------------------------------------

def test_fold_sets_case_and_accents_aside():
    assert fold("Résilience ÉCOUTE") == "resilience ecoute"


def test_search_is_case_and_accent_insensitive(learn):
    assert [c.id for c in learn.search("boundaries")][0] == "boundaries"
    assert [c.id for c in learn.search("BOUNDÁRIES")][0] == "boundaries"
    assert learn.search("  ") == learn.cards()
    assert learn.search("zebra crossing") == []


def test_search_reads_bodies_and_prompts_and_puts_title_hits_first(learn):
    # A word only in a prompt of the resilience card.
    assert "resilience" in [c.id for c in learn.search("came through")]
    # Every word must be found, in any order.
    assert [c.id for c in learn.search("promise small")] and all(
        "promise" in fold(c.body + " ".join(c.prompts) + c.activity + c.summary) for c in learn.search("promise small"))
    found = learn.search("trust")
    assert found[0].id == "trust" and len(found) > 1


# ---- marks -----------------------------------------------------------------------

def test_helpful_cards_come_first_and_can_be_unmarked(learn, trellis):
    learn.set_helpful("strengths", True)
    learn.set_helpful("trust", True)
    helpful, rest = learn.listing()
    assert [c.id for c in helpful] == ["trust", "strengths"]  # in card order
    assert "trust" not in [c.id for c in rest] and len(helpful) + len(rest) == len(learn.cards())
    learn.set_helpful("trust", False)
    assert [c.id for c in learn.listing()[0]] == ["strengths"]
    assert trellis.store.count(CardMark) == 2  # one record per card, updated in place
    helpful, rest = learn.listing("boundaries")
    assert helpful == [] and [c.id for c in rest] == ["boundaries"]


def test_unknown_card_is_a_plain_error_and_changes_nothing(learn, trellis):
    with pytest.raises(ValueError, match="no Learn card"):
        learn.set_helpful("kindness", True)
    with pytest.raises(ValueError, match="no Learn card"):
        learn.reflect("kindness", "", "Hello")
    assert trellis.store.count(CardMark) == 0 and trellis.store.count(JournalEntry) == 0


def test_seen_is_written_once(learn, trellis):
    first = learn.mark_seen("trust")
    assert first.seen_on == TODAY
    again = learn.mark_seen("trust")
    assert again.updated == first.updated


def test_two_copies_of_a_mark_the_last_changed_wins(learn, trellis):
    trellis.store.save(CardMark(card_id="trust", helpful=True))
    trellis.store.save(CardMark(card_id="trust", helpful=False))
    assert learn.helpful_ids() == set()


# ---- reflections ------------------------------------------------------------------

def test_a_reflection_is_private_and_listed_newest_first(trellis):
    days = iter([dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)])
    learn = LearnService(trellis.store, lambda: next(days), lambda: None)
    card = learn.card("trust")
    a = learn.reflect("trust", card.prompts[0], "My sister, because she turns up.")
    b = learn.reflect("empathy", "", "  Someone listened.  ")
    c = learn.reflect("trust", card.prompts[1], "Being on time.")
    assert not a.shared and not b.shared and not c.shared
    assert b.text == "Someone listened." and a.day == dt.date(2026, 3, 1)
    assert [e.id for e in learn.reflections()] == [c.id, b.id, a.id]
    assert [e.id for e in learn.reflections("trust")] == [c.id, a.id]
    learn.delete_reflection(a.id)
    assert [e.id for e in learn.reflections("trust")] == [c.id]


def test_bad_reflections_are_refused_and_change_nothing(learn, trellis):
    with pytest.raises(ValidationError):
        learn.reflect("trust", "", "   ")
    with pytest.raises(ValidationError):
        learn.reflect("trust", "", "x" * 5001)
    with pytest.raises(ValueError, match="not one of this card's"):
        learn.reflect("trust", "A question from elsewhere?", "Text")
    assert trellis.store.count(JournalEntry) == 0


def test_reflections_survive_reopening(tmp_path):
    with Trellis.open(tmp_path / "d", today=lambda: TODAY) as t:
        saved = t.learn.reflect("resilience", "", "I came through the winter.")
        t.learn.set_helpful("resilience", True)
    with Trellis.open(tmp_path / "d", today=lambda: TODAY) as t:
        assert [e.id for e in t.learn.reflections()] == [saved.id]
        assert t.learn.helpful_ids() == {"resilience"}


# ---- in context ------------------------------------------------------------------

def let_go(trellis) -> Goal:
    goal, _ = trellis.goals.save_goal(Goal(title="Run a marathon"))
    return trellis.goals.set_status(goal.id, "let_go", "My knees said no")[0]


def test_resilience_after_a_goal_is_let_go_until_dismissed(learn, trellis):
    goal, _ = trellis.goals.save_goal(Goal(title="Walk more"))
    assert learn.suggestion("goal_let_go", goal=goal) is None  # still active
    assert learn.suggestion("goal_let_go") is None  # no goal given
    gone = let_go(trellis)
    assert learn.suggestion("goal_let_go", goal=gone).id == "resilience"
    learn.dismiss_suggestion("resilience")
    assert learn.suggestion("goal_let_go", goal=gone) is None
    assert learn.suggestion("goal_let_go", goal=let_go(trellis)) is None  # for good, on any goal
    assert "resilience" in [c.id for c in learn.cards()]  # the card stays on Learn


def test_a_card_marked_helpful_is_not_offered(learn, trellis):
    learn.set_helpful("resilience", True)
    assert learn.suggestion("goal_let_go", goal=let_go(trellis)) is None


def test_feedback_before_a_mentors_first_comment_only(learn, trellis):
    assert learn.suggestion("before_first_comment") is None  # no role
    trellis.people.save_profile("Sam", "mentee")
    assert learn.suggestion("before_first_comment") is None
    trellis.people.save_profile("Sam", "mentor")
    assert learn.suggestion("before_first_comment").id == "feedback"
    trellis.store.save(Comment(target_id="a" * 32, author_role="mentee", day=TODAY, text="Hi"))
    assert learn.suggestion("before_first_comment").id == "feedback"  # the mentee's comment does not count
    trellis.store.save(Comment(target_id="a" * 32, author_role="mentor", day=TODAY, text="Well done"))
    assert learn.suggestion("before_first_comment") is None


def test_boundaries_when_a_pair_is_set_up_until_an_agreement_exists(learn, trellis):
    assert learn.suggestion("pair_set_up").id == "boundaries"
    trellis.store.save(Agreement(text="We meet on Tuesdays"))
    assert learn.suggestion("pair_set_up") is None


def test_never_more_than_one_at_a_time(learn, trellis):
    trellis.people.save_profile("Sam", "mentor")
    gone = let_go(trellis)
    first = learn.suggestion("pair_set_up", "before_first_comment", "goal_let_go", goal=gone)
    assert first.id == "boundaries"
    learn.dismiss_suggestion("boundaries")
    assert learn.suggestion("pair_set_up", "before_first_comment", "goal_let_go", goal=gone).id == "feedback"
    learn.dismiss_suggestion("feedback")
    assert learn.suggestion("pair_set_up", "before_first_comment", "goal_let_go", goal=gone).id == "resilience"


def test_an_unknown_moment_is_an_error(learn):
    with pytest.raises(ValueError, match="no Learn suggestion"):
        learn.suggestion("birthday")


# ---- for mentors -----------------------------------------------------------------

def test_first_meeting_path_in_order_with_what_was_read(learn):
    path = learn.first_meeting_path()
    assert [c.id for c, _ in path] == list(learn.learn.first_meeting)
    assert not any(read for _, read in path)
    learn.mark_seen(path[1][0].id)
    assert [read for _, read in learn.first_meeting_path()] == [False, True, False, False, False]


def test_meeting_prompt_comes_from_cards_not_yet_seen(learn):
    for card in learn.cards()[:-1]:
        learn.mark_seen(card.id)
    last = learn.cards()[-1]
    for offset in range(4):
        card, prompt = learn.meeting_prompt(TODAY + dt.timedelta(days=offset))
        assert card.id == last.id and prompt in last.prompts
    learn.mark_seen(last.id)
    seen_all = {learn.meeting_prompt(TODAY + dt.timedelta(days=d))[0].id for d in range(len(learn.cards()))}
    assert len(seen_all) == len(learn.cards())  # once all are read, any card in turn
