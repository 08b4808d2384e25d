"""Learn: short cards on the ideas that shape Trellis, and what a person does with them.

The cards live in content/learn.toml and are checked on load the way the
rest of content/ is (a broken file is a ContentError naming the file and
field). The LearnService searches them offline, keeps which ones helped,
saves private reflections written from a card, offers at most one card at
the right moment (each offer can be turned off for good), and gives mentors
a short path of cards to read before a first meeting.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from pathlib import Path
from typing import Annotated, Callable, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, field_validator

from .content import ContentError, Line, Short, Text, _Model, _read_toml, _unique, _validate, default_directory
from .models import Agreement, CardMark, Comment, Goal, JournalEntry
from .store import Store

LEARN_FILE = "learn.toml"
PATH_LENGTH = 5  # cards on the mentors' "before your first meeting" path

Action = Literal["checkin", "new_goal", "goals", "wins", "reflection", "support"]
Role = Literal["mentee", "mentor"] | None

# The moments a card is offered at, and which card. Each moment has its own
# card, so turning a card's offer off turns that moment off.
SUGGESTIONS: dict[str, str] = {
    "goal_let_go": "resilience",  # on a goal's page, once it has been let go
    "before_first_comment": "feedback",  # a mentor about to write their first comment
    "pair_set_up": "boundaries",  # when a pair has just been set up, before an agreement
}


def _two(prompts: tuple[str, ...]) -> tuple[str, ...]:
    if len(prompts) != 2:
        raise ValueError("exactly 2 prompts are needed")
    return prompts


class Card(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    title: Short
    summary: Line
    body: Text
    for_mentee: Line
    for_mentor: Line
    prompts: Annotated[tuple[Line, ...], AfterValidator(_two)]
    activity: Line
    activity_with: Literal["alone", "together", "either"]
    connects: Line
    action: Action | None = None  # None: the place is not built yet, so only the words show

    def why(self, role: Role) -> list[tuple[str, str]]:
        """(whose, text) pairs to show: the one for the person's role, or both when unset."""
        if role == "mentee":
            return [("mentee", self.for_mentee)]
        if role == "mentor":
            return [("mentor", self.for_mentor)]
        return [("mentee", self.for_mentee), ("mentor", self.for_mentor)]


class LearnFile(_Model):
    cards: tuple[Card, ...] = Field(min_length=1, max_length=100)
    first_meeting: tuple[str, ...]  # card ids, in reading order

    @field_validator("cards")
    @classmethod
    def _unique_cards(cls, cards: tuple[Card, ...]) -> tuple[Card, ...]:
        _unique([c.id for c in cards], "id")
        _unique([c.title for c in cards], "title")
        return cards

    @field_validator("first_meeting")
    @classmethod
    def _known_path(cls, ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if len(ids) != PATH_LENGTH:
            raise ValueError(f"exactly {PATH_LENGTH} cards are needed")
        _unique(list(ids), "card")
        known = {c.id for c in info.data.get("cards") or ()}
        if known:  # when the cards themselves are broken, that is the error to show
            unknown = [i for i in ids if i not in known]
            if unknown:
                raise ValueError(f"there is no card with the id {unknown[0]!r}")
        return ids


def load_learn(directory: Path | None = None) -> LearnFile:
    """The Learn cards, checked; the installed ones are read once per process.
    Raises ContentError naming the file and field."""
    if directory is None:
        return _load_default()
    return _load(Path(directory))


def _load(directory: Path) -> LearnFile:
    label = f"{directory.name}/{LEARN_FILE}"
    learn = _validate(LearnFile, _read_toml(directory / LEARN_FILE, label), label)
    missing = [card for card in SUGGESTIONS.values() if card not in {c.id for c in learn.cards}]
    if missing:
        raise ContentError(label, "cards", f"a card with the id {missing[0]!r} is needed (it is suggested in the app)")
    return learn


@functools.lru_cache(maxsize=1)
def _load_default() -> LearnFile:
    return _load(default_directory())


def fold(text: str) -> str:
    """Text for matching: accents and case set aside ("Résilience" finds "resilience")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class LearnService:
    def __init__(self, store: Store, today: Callable[[], dt.date], role: Callable[[], Role],
                 learn: LearnFile | None = None):
        self.store = store
        self.today = today
        self.role = role
        self.learn = learn or load_learn()
        self._by_id = {c.id: c for c in self.learn.cards}
        # Everything a card shows, folded once: the cards are few and never change while running.
        self._index = {
            c.id: (fold(c.title), fold(" ".join([c.title, c.summary, c.body, c.for_mentee, c.for_mentor,
                                                 *c.prompts, c.activity, c.connects])))
            for c in self.learn.cards
        }

    # ---- the cards ------------------------------------------------------------
    def cards(self) -> list[Card]:
        return list(self.learn.cards)

    def card(self, card_id: str) -> Card:
        try:
            return self._by_id[card_id]
        except KeyError:
            raise ValueError(f"there is no Learn card called {card_id!r}") from None

    def search(self, query: str) -> list[Card]:
        """Cards holding every word of the query, those with a word in the title first.
        An empty query finds every card."""
        words = fold(query or "").split()
        if not words:
            return self.cards()
        found = [c for c in self.learn.cards if all(w in self._index[c.id][1] for w in words)]
        return sorted(found, key=lambda c: not any(w in self._index[c.id][0] for w in words))

    def listing(self, query: str = "") -> tuple[list[Card], list[Card]]:
        """(helpful to you, the rest) among the cards the query finds, each in card order."""
        helpful = self.helpful_ids()
        found = self.search(query)
        return [c for c in found if c.id in helpful], [c for c in found if c.id not in helpful]

    # ---- marks ------------------------------------------------------------------
    def marks(self) -> dict[str, CardMark]:
        """One mark per card; of two copies (two devices) the one changed last."""
        latest: dict[str, CardMark] = {}
        for mark in self.store.list(CardMark):
            kept = latest.get(mark.card_id)
            if kept is None or mark.updated > kept.updated:
                latest[mark.card_id] = mark
        return latest

    def mark(self, card_id: str) -> CardMark:
        self.card(card_id)
        return self.marks().get(card_id) or CardMark(card_id=card_id)

    def _change(self, card_id: str, **changes) -> CardMark:
        # A patch of the named fields only: a mark changed on another screen keeps its other fields.
        current = self.marks().get(card_id)
        if current is None:
            self.card(card_id)
            return self.store.save(CardMark(card_id=card_id, **changes))
        return self.store.patch(CardMark, current.id, changes)

    def helpful_ids(self) -> set[str]:
        return {card_id for card_id, mark in self.marks().items() if mark.helpful and card_id in self._by_id}

    def set_helpful(self, card_id: str, helpful: bool) -> CardMark:
        return self._change(card_id, helpful=bool(helpful))

    def mark_seen(self, card_id: str) -> CardMark:
        """Remember the first day a card was read (written once, not on every visit)."""
        current = self.mark(card_id)
        if current.seen_on is not None:
            return current
        return self._change(card_id, seen_on=self.today())

    # ---- reflections --------------------------------------------------------------
    def reflect(self, card_id: str, prompt: str, text: str) -> JournalEntry:
        """Save a private reflection written from a card; the prompt is one of the card's own."""
        card = self.card(card_id)
        if prompt and prompt not in card.prompts:
            raise ValueError("that question is not one of this card's")
        return self.store.save(JournalEntry(day=self.today(), card_id=card_id, prompt=prompt, text=text))

    def reflections(self, card_id: str | None = None) -> list[JournalEntry]:
        """Reflections written from the cards (or from one card), newest first."""
        where = None if card_id is None else (lambda d: d.get("card_id") == card_id)
        return list(reversed(self.store.list(JournalEntry, where=where)))

    def delete_reflection(self, entry_id: str) -> JournalEntry:
        return self.store.delete(JournalEntry, entry_id)

    # ---- in context -------------------------------------------------------------
    def _moment_applies(self, moment: str, goal: Goal | None) -> bool:
        if moment == "goal_let_go":
            return goal is not None and goal.status == "let_go"
        if moment == "before_first_comment":
            return self.role() == "mentor" and not self.store.count(
                Comment, where=lambda d: d.get("author_role") == "mentor")
        if moment == "pair_set_up":
            return not self.store.count(Agreement)
        raise ValueError(f"no Learn suggestion for the moment {moment!r}")

    def suggestion(self, *moments: str, goal: Goal | None = None) -> Card | None:
        """At most one card for what is happening now: the first of the moments
        (most important first) that applies and whose card the person has
        neither turned off nor marked helpful already."""
        marks = self.marks()
        for moment in moments:
            if not self._moment_applies(moment, goal):
                continue
            card_id = SUGGESTIONS[moment]
            mark = marks.get(card_id)
            if mark is not None and (mark.suggestion_dismissed or mark.helpful):
                continue
            return self.card(card_id)
        return None

    def dismiss_suggestion(self, card_id: str) -> CardMark:
        """Never offer this card at its moment again (it stays on Learn)."""
        return self._change(card_id, suggestion_dismissed=True)

    # ---- for mentors ------------------------------------------------------------
    def first_meeting_path(self) -> list[tuple[Card, bool]]:
        """The five cards to read before a first meeting, in order, each with whether it was read."""
        marks = self.marks()
        return [(self.card(i), bool(marks.get(i) and marks[i].seen_on)) for i in self.learn.first_meeting]

    def meeting_prompt(self, day: dt.date | None = None) -> tuple[Card, str]:
        """A question for a meeting, from a card not read yet (any card once all
        are read); the same all day, moving on each day."""
        day = day or self.today()
        marks = self.marks()
        unseen = [c for c in self.learn.cards if not (marks.get(c.id) and marks[c.id].seen_on)]
        pool = unseen or list(self.learn.cards)
        card = pool[day.toordinal() % len(pool)]
        return card, card.prompts[(day.toordinal() // len(pool)) % 2]
