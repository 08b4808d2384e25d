"""Pair sync: one shared file per pair, consent per item, merged field by field.

`PairService` (reached as `trellis.pair`) is what screens and the command
line call; the file layer (app/pairfile.py) never sees the store. A sync:

1. reads the pair file and every conflict copy beside it, verifying each
   section against the keys pinned when the pair was joined (the first key
   seen for the other person is pinned then: compare the safety code once);
2. keeps only what the other person may write (a mentee: their own records;
   a mentor: comments, encouragement, reviews, agreements and celebrations on
   what the mentee shared), drops the rest and says so;
3. merges it into a store kept for this pair alone (pairs/<id>/items), so a
   mentor's mentees are never mixed and nothing of theirs appears among the
   person's own goals; withdrawn or deleted items are purged there for good;
4. merges every copy of my own section too (another device of mine may have
   written it) into my store;
5. writes the file back (my section re-signed, theirs copied as last
   verified) and only then removes the conflict copies it merged.

A wrong passphrase, a changed, cut, foreign or newer file raises PairError
with one plain line, before anything local changes.

The device file (`devices_start` / `devices_join`) is the same engine for
one person's own phone and laptop: one section, every record of the person,
passphrase required; joining adopts the person id and signing key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import paircrypto, pairfile, pairstate, sharing
from .conflicts import find_conflict_copies, remove_conflict_copies
from .merge import NOUNS, merge_docs
from .models import (
    Achievement,
    Agreement,
    Comment,
    Goal,
    GoalReflection,
    JournalEntry,
    Milestone,
    PairReview,
    Record,
    ResilienceCheckin,
    SelfCareCheckin,
    parse_record,
)
from .paircrypto import CryptoError, KdfParams, PairKey
from .pairfile import NoNews, PairFile, PairFileError, SectionStatus, TrustedSection
from .pairstate import PairState
from .private_files import plain_os_error
from .store import MergeRefused, Store, StoreError

Role = Literal["mentee", "mentor"]

# What each side may carry in its section (checked on import, before merging).
MENTEE_KINDS = frozenset(
    {"goal", "milestone", "achievement", "selfcare", "resilience", "goal_reflection", "journal", "comment",
     "review", "agreement"}
)
MENTOR_KINDS = frozenset({"comment", "review", "agreement", "achievement"})
# Written for the pair in the first place: they go only to the pair they belong to.
PAIR_KINDS = frozenset({"comment", "review", "agreement"})
# Kinds whose headline says nothing without the words: shared with notes always.
WORDS_ONLY = frozenset({"goal_reflection", "journal", "comment", "review", "agreement"})
IDENTITY_RECORD = "identity_key"

# Fresh KDF parameters for a new pair (tests swap in cheaper ones).
new_kdf_params: Callable[[], KdfParams] = KdfParams.new


class PairError(ValueError):
    """A pair problem in one plain line; nothing changed locally (a ValueError,
    so the command line reports it like any bad input: exit 2)."""


class ConfirmNeeded(PairError):
    """Joining the device file would make this device's own records the person's."""


class PairInfo(BaseModel):
    id: str
    kind: Literal["pair", "devices"] = "pair"
    my_role: Role
    their_name: str
    their_person_id: str | None
    path: str
    protected: bool
    last_synced: dt.datetime | None
    last_report: list[str]
    last_error: str | None
    safety_code: str | None
    key_changed: bool = False


class SharedGoal(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    goal: Goal
    steps: list[Milestone] = Field(default_factory=list)
    reflections: list[GoalReflection] = Field(default_factory=list)


class PairView(BaseModel):
    """What this device can see of the other person in one pair."""

    pair_id: str
    my_role: Role
    their_name: str
    goals: list[SharedGoal] = Field(default_factory=list)
    wins: list[Achievement] = Field(default_factory=list)
    checkins: list[SelfCareCheckin] = Field(default_factory=list)
    weekly: list[ResilienceCheckin] = Field(default_factory=list)
    journal: list[JournalEntry] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)  # theirs, on my items or theirs
    reviews: list[PairReview] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)

    def comments_on(self, target_id: str) -> list[Comment]:
        return [c for c in self.comments if c.target_id == target_id]


@dataclass
class SyncReport:
    pair_id: str = ""
    received: dict[str, int] = field(default_factory=dict)  # kind -> new or changed
    removed: int = 0  # their items purged (withdrawn or deleted)
    sent: int = 0
    held_back: int = 0
    problems: list[str] = field(default_factory=list)
    wrote: bool = False
    conflict_copies: int = 0
    notes_taken_back: bool = False

    def lines(self) -> list[str]:
        parts = []
        got = [_count(n, kind) for kind, n in sorted(self.received.items()) if n]
        parts.append(("Received " + _join(got)) if got else "Nothing new received")
        parts.append(f"sent {_plural(self.sent, 'change')}" if self.sent else "nothing new to send")
        if self.removed:
            parts.append(f"{_plural(self.removed, 'item')} taken away as its owner asked")
        if self.held_back:
            parts.append(f"{_plural(self.held_back, 'item')} held back (its clock is ahead)")
        if self.conflict_copies:
            parts.append(f"{_plural(self.conflict_copies, 'conflict copy', 'conflict copies')} merged and tidied away")
        return ["; ".join(parts) + "."] + list(self.problems)

    def add(self, other: "SyncReport") -> None:
        for kind, n in other.received.items():
            self.received[kind] = self.received.get(kind, 0) + n
        self.removed += other.removed
        self.sent += other.sent
        self.held_back += other.held_back
        self.problems += other.problems
        self.wrote = self.wrote or other.wrote
        self.conflict_copies += other.conflict_copies


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


_NOUN_PLURALS = {"check-in": "check-ins", "weekly reflection": "weekly reflections"}


def _count(n: int, kind: str) -> str:
    noun = {"milestone": "step", "achievement": "win"}.get(kind, NOUNS.get(kind, kind))
    return f"{n} new {noun}" if n == 1 else f"{n} new {_NOUN_PLURALS.get(noun, noun + 's')}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _stamps(doc: dict) -> dict:
    stamps = doc.get("stamps")
    return stamps if isinstance(stamps, dict) else {}


class PairService:
    def __init__(self, trellis):
        self.trellis = trellis
        self.store: Store = trellis.store
        self.data = Path(self.store.dir)
        self._items: dict[str, Store] = {}
        self._open_lock = threading.Lock()
        self._last_sent: dict[str, dict[str, bytes]] = {}  # pair id -> record id -> encoding last written
        self._views: dict[str, dict] = {}  # pair id -> record id -> (key, projected view), never changed
        self._identity: paircrypto.IdentityKey | None = None

    # ---- housekeeping ----------------------------------------------------
    def close(self) -> None:
        for items in self._items.values():
            items.close()
        self._items.clear()

    def identity(self) -> paircrypto.IdentityKey:
        if self._identity is None:
            try:
                self._identity = pairstate.load_identity_key(self.data)
            except (CryptoError, OSError) as error:
                raise PairError(f"Your signing key cannot be used: {error}") from None
        return self._identity

    def _items_store(self, pair_id: str) -> Store:
        with self._open_lock:  # the web mode serves several sessions from one process
            return self._open_items(pair_id)

    def _open_items(self, pair_id: str) -> Store:
        items = self._items.get(pair_id)
        if items is None:
            # The same wall clock as my store: "too far ahead" means the same on both.
            wall = getattr(self.store.clock, "_wall", None) or time.time
            items = self._items[pair_id] = Store(pairstate.pair_dir(self.data, pair_id) / "items", wall=wall)
        return items

    def _state(self, pair_id: str | None, *, kind: str = "pair") -> PairState:
        states = [s for s in pairstate.list_states(self.data) if s.kind == kind and not s.ended]
        if pair_id is None:
            if len(states) == 1:
                return states[0]
            if not states:
                raise PairError("There is no pair yet." if kind == "pair" else "This device has no device file yet.")
            raise PairError("You have more than one pair; say which one.")
        for state in states:
            if state.id == pair_id or (len(pair_id) >= 4 and state.id.startswith(pair_id)):
                return state
        raise PairError(f"There is no pair {pair_id} on this device.")

    def _info(self, state: PairState) -> PairInfo:
        code = None
        if state.their_key:
            try:
                code = paircrypto.safety_code(self.identity().public, bytes.fromhex(state.their_key))
            except ValueError:
                code = None
        return PairInfo(
            id=state.id,
            kind=state.kind,
            my_role=state.my_role,
            their_name=state.their_name,
            their_person_id=state.their_person_id,
            path=state.path,
            protected=state.protected,
            last_synced=dt.datetime.fromisoformat(state.last_synced) if state.last_synced else None,
            last_report=state.last_report,
            last_error=state.last_error,
            safety_code=code,
            key_changed=state.pending_key is not None,
        )

    # ---- the contract: pairs -------------------------------------------------
    def exists(self) -> bool:
        return bool(self.pairs())

    def pairs(self) -> list[PairInfo]:
        return [self._info(s) for s in pairstate.list_states(self.data) if s.kind == "pair" and not s.ended]

    def devices(self) -> PairInfo | None:
        states = [s for s in pairstate.list_states(self.data) if s.kind == "devices" and not s.ended]
        return self._info(states[0]) if states else None

    def get(self, pair_id: str | None = None) -> PairInfo:
        return self._info(self._state(pair_id))

    def _check_path(self, path: str | Path) -> Path:
        target = Path(path).expanduser()
        try:
            target = target.resolve()
            data = self.data.resolve()
        except OSError as error:
            raise PairError(f"That file cannot be used: {plain_os_error(error)}.") from None
        if target == data or data in target.parents:
            raise PairError("The pair file must be outside your Trellis data folder; pick a folder your sync tool shares.")
        if not target.parent.is_dir():
            raise PairError(f"The folder {target.parent} does not exist.")
        if target.is_dir():
            raise PairError(f"{target} is a folder; give a file name in it.")
        return target

    def _new_key(self, passphrase: str | None) -> PairKey | None:
        if passphrase is None:
            return None
        if not passphrase.strip():
            raise PairError("The passphrase is empty; choose one you can tell the other person.")
        return paircrypto.derive_key(passphrase, new_kdf_params())

    def start(self, path, role: str, their_name: str = "", passphrase: str | None = None) -> PairInfo:
        return self._start(path, role, their_name, passphrase, kind="pair")

    def _start(self, path, role: str, their_name: str, passphrase: str | None, *, kind: str) -> PairInfo:
        if role not in ("mentee", "mentor"):
            raise PairError("The role is mentee or mentor.")
        target = self._check_path(path)
        if target.exists() and target.stat().st_size > 0:
            raise PairError(f"There is already a file at {target}; to use it, join instead of starting.")
        self._check_not_used(target)
        key = self._new_key(passphrase)
        state = PairState(
            id=secrets.token_hex(16), kind=kind, my_role=role, their_name=their_name.strip(), path=str(target),
            protected=key is not None,
        )
        self._save_new(state, key)
        self.sync(state.id) if kind == "pair" else self.sync_devices()
        return self._info(pairstate.load_state(self.data, state.id) or state)

    def _check_not_used(self, target: Path) -> None:
        for state in pairstate.list_states(self.data):
            if not state.ended and Path(state.path) == target:
                raise PairError("This device already uses that file for a pair.")

    def _save_new(self, state: PairState, key: PairKey | None) -> None:
        self.identity()
        try:
            pairstate.save_state(self.data, state)
            if key is not None:
                pairstate.save_key(self.data, state.id, key)
        except OSError as error:
            raise PairError(f"The pair cannot be kept on this device: {plain_os_error(error)}.") from None

    def _open_existing(self, target: Path, passphrase: str | None) -> tuple[str, PairKey | None, bytes]:
        """The pair id, key and bytes of a file someone else started."""
        data = pairfile.read_bounded(target)
        if isinstance(data, NoNews):
            if data.reason == "missing":
                raise PairError("The pair file is not there yet; ask the other person to start the pair and let it sync.")
            raise PairError(data.message)
        line = data.split(b"\n", 1)[0]
        try:
            header = json.loads(line.decode("ascii"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise PairError(pairfile.NotPairFile.message) from None
        if not isinstance(header, dict) or header.get("format") != pairfile.FORMAT:
            raise PairError(pairfile.NotPairFile.message)
        if type(header.get("version")) is int and header["version"] > pairfile.FORMAT_VERSION:
            raise PairError(pairfile.NewerFormat.message)
        pair_id = header.get("pair")
        if not isinstance(pair_id, str) or not pairfile._ID.match(pair_id):
            raise PairError(pairfile.Tampered.message)
        protection = header.get("protection")
        key = None
        if protection == "none":
            if passphrase is not None:
                raise PairError("This pair file has no passphrase; join it without one (--no-passphrase).")
        else:
            if passphrase is None:
                raise PairError(pairfile.NeedPassphrase.message)
            try:
                params = KdfParams.from_json(protection.get("kdf") if isinstance(protection, dict) else None)
                key = paircrypto.derive_key(passphrase, params)
            except CryptoError as error:
                raise PairError(str(error)) from None
            except ValueError:
                raise PairError("The passphrase is empty.") from None
        if pairstate.load_state(self.data, pair_id) is not None:
            raise PairError("This device is already in that pair.")
        return pair_id, key, data

    def _first_contact(self, data: bytes, pair_id: str, key: PairKey | None, pins: dict) -> tuple[str, bytes, TrustedSection]:
        """The other person's id, key and section the first time we see them."""
        try:
            found = pairfile.decode_pair_file(data, pair_id, key, pins)
        except PairFileError as error:
            raise PairError(str(error)) from None
        if isinstance(found, NoNews):
            raise PairError(found.message)
        for report in found.reports:
            if report.status is SectionStatus.UNKNOWN_PERSON and report.person not in pins:
                again = pairfile.decode_pair_file(data, pair_id, key, {**pins, report.person: report.public})
                for second in again.reports:
                    if second.section is not None and second.person == report.person:
                        return report.person, report.public, second.section
        raise PairError("The pair file holds no part from the other person that can be used.")

    def join(self, path, role: str, their_name: str = "", passphrase: str | None = None) -> PairInfo:
        if role not in ("mentee", "mentor"):
            raise PairError("The role is mentee or mentor.")
        target = self._check_path(path)
        self._check_not_used(target)
        pair_id, key, data = self._open_existing(target, passphrase)
        me = self.store.person
        person, public, section = self._first_contact(data, pair_id, key, {me: self.identity().public})
        if section.role == role:
            raise PairError(f"The other person also joined as {role}; one of you is the mentee and the other the mentor.")
        state = PairState(
            id=pair_id, my_role=role, their_name=their_name.strip(), their_person_id=person, their_key=public.hex(),
            path=str(target), protected=key is not None,
        )
        self._save_new(state, key)
        self.sync(pair_id)
        return self.get(pair_id)

    def confirm_key(self, pair_id: str | None = None) -> PairInfo:
        state = self._state(pair_id)
        if state.pending_key is None:
            raise PairError("There is no new key to confirm for this pair.")
        state.their_key, state.pending_key = state.pending_key, None
        pairstate.save_state(self.data, state)
        return self._info(state)

    # ---- sharing -------------------------------------------------------------
    def share(self, record_id: str, *, pair_id: str | None = None, level: str = "headline", with_steps: bool = True):
        if level not in sharing.LEVELS:
            raise PairError("Share at headline or with notes.")
        state = self._state(pair_id)
        doc = self._my_doc(record_id)
        kind = doc["kind"]
        if not sharing.shareable(kind) or kind not in MENTEE_KINDS:
            raise PairError(f"A {NOUNS.get(kind, kind)} is never shared.")
        model = type(parse_record(dict(doc)))
        if kind == "milestone" and self._goal_takes_steps(state, doc.get("goal_id", "")):
            # A step of a goal shared with its steps, switched on again: it follows
            # its goal once more (level, and withdrawal with the goal), rather than
            # being shared on its own and staying behind if the goal is taken back.
            record = self.store.patch(model, record_id, {"shared": True})
            state.excluded = [i for i in state.excluded if i != record_id]
            state.levels.pop(record_id, None)
            pairstate.save_state(self.data, state)
            return record
        record = self.store.patch(model, record_id, {"shared": True})
        level = "notes" if kind in WORDS_ONLY else level
        if state.levels.get(record_id, level) != level or (kind == "goal" and state.steps.get(record_id, True) != with_steps):
            state.consent[record_id] = self.store.clock.now()  # the other side follows the new choice
        state.levels[record_id] = level
        state.excluded = [i for i in state.excluded if i != record_id]
        if kind == "goal":
            state.steps[record_id] = with_steps
        pairstate.save_state(self.data, state)
        return record

    def _goal_takes_steps(self, state: PairState, goal_id: str) -> bool:
        """The goal is mine, shared, and shared with its steps in this pair."""
        goal = next((d for d in self.store.raw_docs(["goal"], copy=False) if d["id"] == goal_id), None)
        return (goal is not None and not goal.get("deleted") and goal.get("owner") == self.store.person
                and goal.get("shared") is True and state.steps.get(goal_id, True))

    def steps_follow(self, goal_id: str, pair_id: str | None = None) -> bool:
        """Whether the steps of this goal go with it in this pair, steps added
        later included (share(..., with_steps=True), the default); a step can
        still be kept back on its own with unshare(step_id)."""
        return self._state(pair_id).steps.get(goal_id, True)

    def steps_sent(self, goal_id: str, pair_id: str | None = None) -> tuple[int, int]:
        """(how many of this goal's steps the next sync sends, how many it has),
        so a screen can say honestly when some steps are kept back."""
        sent = {d["id"] for d in self.preview(pair_id) if d["kind"] == "milestone" and not sharing.is_marker(d)}
        steps = [d["id"] for d in self.store.raw_docs(["milestone"], copy=False)
                 if d.get("goal_id") == goal_id and not d.get("deleted")]
        return sum(1 for i in steps if i in sent), len(steps)

    def unshare(self, record_id: str, *, pair_id: str | None = None):
        state = self._state(pair_id)
        doc = self._my_doc(record_id)
        record = self.store.patch(type(parse_record(dict(doc))), record_id, {"shared": False})
        state.levels.pop(record_id, None)
        if doc["kind"] == "milestone" and record_id not in state.excluded:
            state.excluded.append(record_id)
        pairstate.save_state(self.data, state)
        return record

    def _my_doc(self, record_id: str) -> dict:
        docs = [d for d in self.store.raw_docs() if d["id"] == record_id]
        if not docs or docs[0].get("deleted"):
            raise PairError(f"There is no item {record_id} of yours.")
        if docs[0].get("owner") != self.store.person:
            raise PairError("Only the person who wrote an item can share it.")
        return docs[0]

    def sharing(self, pair_id: str | None = None) -> list[tuple[Record, str]]:
        state = self._state(pair_id)
        by_id = {d["id"]: d for d in self.store.raw_docs()}
        out = []
        for doc in self._projection(state):
            if sharing.is_marker(doc):
                continue
            level = "notes" if any(f in doc for f in sharing.ALLOWED[doc["kind"]][1]) else "headline"
            out.append((parse_record(dict(by_id[doc["id"]])), level))
        return out

    def preview(self, pair_id: str | None = None) -> list[dict]:
        return self._projection(self._state(pair_id))

    def _their_ids(self, state: PairState) -> set[str]:
        if state.kind != "pair":
            return set()
        return self._items_store(state.id).ids()

    def _projection(self, state: PairState, *, ending: bool = False) -> list[dict]:
        """Exactly the documents my section carries for this pair."""
        me = self.store.person
        kinds = [k for k in sharing.ALLOWED if sharing.shareable(k)]
        docs = [d for d in self.store.raw_docs(kinds, copy=False) if d.get("owner") == me]
        by_id = {d["id"]: d for d in docs}
        theirs = self._their_ids(state)
        sent = set(state.sent)
        live_goals: dict[str, tuple[str, str]] = {}  # goal id -> (level, consent stamp)
        out: list[dict] = []
        memo = self._views.setdefault(state.id, {})

        def level_of(doc: dict) -> tuple[str | None, str]:
            """(level or None, consent stamp) for one of my records in this pair."""
            kind = doc["kind"]
            consent = max(str(_stamps(doc).get("shared", "")), state.consent.get(doc["id"], ""))
            if ending:
                return None, consent
            if state.my_role == "mentor" and kind not in MENTOR_KINDS:
                return None, consent
            if kind in PAIR_KINDS or (state.my_role == "mentor" and kind == "achievement"):
                target = doc.get("target_id") or doc.get("subject_id")
                if kind in ("comment", "achievement"):  # only while what it is about is shared
                    belongs = target in theirs or target in live_goals_and_items
                else:
                    belongs = doc["id"] in state.attached
                if not belongs or doc.get("shared") is not True:
                    return None, consent
                return "notes", consent
            if kind == "milestone":
                goal = live_goals.get(doc.get("goal_id", ""))
                goal_doc = by_id.get(doc.get("goal_id", ""))
                goal_consent = (
                    max(str(_stamps(goal_doc).get("shared", "")), state.consent.get(goal_doc["id"], "")) if goal_doc else ""
                )
                consent = max(consent, goal_consent)
                if doc["id"] in state.excluded:
                    return None, consent  # taken back on its own, though its goal is shared
                if doc["id"] in state.levels and doc.get("shared") is True:
                    return state.levels[doc["id"]], consent
                if goal is not None and state.steps.get(doc["goal_id"], True):
                    return goal[0], consent
                return None, consent
            if doc.get("shared") is not True:
                return None, consent
            level = state.levels.get(doc["id"], "headline")
            return ("notes" if kind in WORDS_ONLY else level), consent

        live_goals_and_items: set[str] = set()
        known: dict[str, tuple[str | None, str]] = {}

        def cached(doc: dict) -> tuple[str | None, str]:
            found = known.get(doc["id"])
            if found is None:
                found = known[doc["id"]] = level_of(doc)
            return found

        def nowhere(doc: dict) -> bool:
            # Most records (daily check-ins): never shared, never sent, not a step.
            return doc.get("shared") is not True and doc["id"] not in sent and doc["kind"] != "milestone"

        if state.my_role == "mentee":
            for doc in docs:
                if doc["kind"] == "goal" and not doc.get("deleted"):
                    level, consent = level_of(doc)
                    if level is not None:
                        live_goals[doc["id"]] = (level, consent)
        # Items of mine the pair can see: a comment on them belongs to the pair.
        for doc in docs:
            if doc["kind"] not in PAIR_KINDS and not doc.get("deleted") and not nowhere(doc):
                level, _ = cached(doc)
                if level is not None:
                    live_goals_and_items.add(doc["id"])
        for doc in docs:
            if nowhere(doc):
                continue
            level, consent = cached(doc)
            if doc.get("deleted") is True:
                if doc["id"] in sent:
                    out.append(_marker(doc, "deleted", consent))
                continue
            if level is None:
                if doc["id"] in sent:
                    out.append(_marker(doc, "withdrawn", consent))
                continue
            # Any change to a record moves its `updated`: a view made before is still exact.
            memo_key = (doc.get("updated"), level, consent)
            remembered = memo.get(doc["id"])
            if remembered is not None and remembered[0] == memo_key:
                out.append(remembered[1])
                continue
            view = sharing.share_view({**doc, "shared": True}, level)  # type: ignore[arg-type]
            # Every field is sent as at least as new as the consent it goes under: a
            # change of level (notes to headline and back) then wins on the other
            # side over what the earlier level sent.
            if consent:
                view["stamps"] = {name: max(stamp, consent) for name, stamp in view["stamps"].items()}
                view["stamps"]["shared"] = max(view["stamps"].get("shared", ""), consent)
            view["updated"] = max(view["stamps"].values(), default="")
            memo[doc["id"]] = (memo_key, view, pairfile.canonical(view))
            out.append(view)
        out.sort(key=lambda d: d["id"])
        return out

    def _encoded(self, state: PairState, views: list[dict]) -> list[bytes]:
        """canonical(view) of each projected view, remembered for unchanged ones."""
        memo = self._views.get(state.id, {})
        out = []
        for view in views:
            remembered = memo.get(view["id"])
            out.append(remembered[2] if remembered is not None and remembered[1] is view else pairfile.canonical(view))
        return out

    # ---- what I can see --------------------------------------------------------
    def view(self, pair_id: str | None = None) -> PairView:
        state = self._state(pair_id)
        docs = [d for d in self._items_store(state.id).raw_docs() if not d.get("deleted")]
        records = []
        for doc in docs:
            try:
                records.append(parse_record(dict(doc)))
            except (ValidationError, ValueError):
                continue
        view = PairView(pair_id=state.id, my_role=state.my_role, their_name=state.their_name)
        goals = {r.id: SharedGoal(goal=r) for r in records if isinstance(r, Goal)}
        for r in records:
            if isinstance(r, Milestone) and r.goal_id in goals:
                goals[r.goal_id].steps.append(r)
            elif isinstance(r, GoalReflection) and r.goal_id in goals:
                goals[r.goal_id].reflections.append(r)
            elif isinstance(r, Achievement):
                view.wins.append(r)
            elif isinstance(r, SelfCareCheckin):
                view.checkins.append(r)
            elif isinstance(r, ResilienceCheckin):
                view.weekly.append(r)
            elif isinstance(r, JournalEntry):
                view.journal.append(r)
            elif isinstance(r, Comment) and r.id not in state.hidden:
                view.comments.append(r)
            elif isinstance(r, PairReview):
                view.reviews.append(r)
            elif isinstance(r, Agreement):
                view.agreements.append(r)
        for g in goals.values():
            g.steps.sort(key=lambda m: (m.order, m.title))
        view.goals = sorted(goals.values(), key=lambda g: g.goal.title.lower())
        view.wins.sort(key=lambda a: a.day, reverse=True)
        view.checkins.sort(key=lambda c: c.day)
        view.comments.sort(key=lambda c: (c.day, c.updated))
        return view

    def comment(self, target_id: str, text: str, *, encourage: bool = False, pair_id: str | None = None) -> Comment:
        state = self._pair_of(target_id, pair_id)
        try:
            comment = Comment(
                target_id=target_id, author_role=state.my_role, day=self.trellis.today(), text=text,
                encouragement=encourage, shared=True,
            )
        except ValidationError as error:
            from .models import plain_errors

            raise PairError(f"The comment cannot be saved: {plain_errors(error)}.") from None
        saved = self.store.save(comment)
        self._tie(state, saved.id)
        return saved

    def attach(self, record_id: str, pair_id: str | None = None):
        """Tie a record of mine written for one pair (a comment, a review, an
        agreement) to that pair, so it goes into this pair's file and no other.

        Writing it for the pair is the consent: the record is marked shared.
        Attaching twice changes nothing; a record already tied to another pair
        is refused, so what was written for one mentee never reaches another."""
        state = self._state(pair_id)
        doc = self._my_doc(record_id)
        kind = doc["kind"]
        if kind not in PAIR_KINDS:
            raise PairError(f"A {NOUNS.get(kind, kind)} is shared item by item; only comments, reviews and "
                           "agreements are written for a pair.")
        for other in pairstate.list_states(self.data):
            if other.id != state.id and record_id in other.attached:
                raise PairError(f"This {NOUNS.get(kind, kind)} was written for another pair.")
        record = parse_record(dict(doc))
        if doc.get("shared") is not True:
            record = self.store.patch(type(record), record_id, {"shared": True})
        self._tie(state, record_id)
        return record

    def _tie(self, state: PairState, record_id: str) -> None:
        if record_id not in state.attached:
            state.attached.append(record_id)
            pairstate.save_state(self.data, state)

    def _pair_of(self, target_id: str, pair_id: str | None) -> PairState:
        states = [self._state(pair_id)] if pair_id else [
            s for s in pairstate.list_states(self.data) if s.kind == "pair" and not s.ended
        ]
        for state in states:
            if target_id in self._their_ids(state):
                return state
            if any(d["id"] == target_id and not sharing.is_marker(d) for d in self._projection(state)):
                return state
        raise PairError(f"There is no shared item {target_id} to comment on.")

    def hide_comment(self, comment_id: str) -> None:
        for state in pairstate.list_states(self.data):
            if state.kind == "pair" and comment_id in self._their_ids(state):
                if comment_id not in state.hidden:
                    state.hidden.append(comment_id)
                    pairstate.save_state(self.data, state)
                return
        raise PairError(f"There is no comment {comment_id} from the other side.")

    # ---- ending ------------------------------------------------------------------
    def end(self, pair_id: str | None = None, *, forget_their_items: bool = False) -> str:
        state = self._state(pair_id)
        key = self._key(state)
        done = []
        mine = self._projection(state, ending=True)
        try:
            theirs = self._best_theirs(state, [])
            section = pairfile.sign_section(
                state.id, self.store.person, state.my_role, self.identity(), mine, self.store.clock.now()
            )
            pairfile.write_pair_file(Path(state.path), state.id, [section] + ([theirs] if theirs else []), key)
            done.append(f"Your part of the pair file now holds no content ({_plural(len(mine), 'item')} taken back).")
        except (OSError, PairFileError, ValueError) as error:
            done.append(f"The pair file could not be written ({error}); nothing of yours is added to it any more.")
        state.ended = True
        pairstate.save_state(self.data, state)
        items = self._items.pop(state.id, None)
        if items is not None:
            items.close()
        folder = pairstate.pair_dir(self.data, state.id) / "items"
        if forget_their_items:
            shutil.rmtree(folder, ignore_errors=True)
            for name in ("key.json", "theirs.json"):
                (pairstate.pair_dir(self.data, state.id) / name).unlink(missing_ok=True)
            done.append("Their items were removed from this device.")
        else:
            done.append("Their items stay on this device, to read; nothing more is sent or received.")
        return " ".join(["The pair has ended."] + done)

    # ---- syncing -------------------------------------------------------------------
    def _key(self, state: PairState) -> PairKey | None:
        if not state.protected:
            return None
        key = pairstate.load_key(self.data, state.id)
        if key is None:
            raise PairError("The pair key on this device is missing or damaged; join the pair again with the passphrase.")
        return key

    def sync(self, pair_id: str | None = None) -> SyncReport:
        """Sync one pair (or, with no id, every pair and the device file)."""
        if pair_id is not None:
            return self._sync_pair(self._state(pair_id))
        total = SyncReport()
        states = [s for s in pairstate.list_states(self.data) if not s.ended]
        if not states:
            raise PairError("There is no pair or device file to sync yet.")
        for state in states:
            total.add(self._sync_devices(state) if state.kind == "devices" else self._sync_pair(state))
        return total

    def _known(self, state: PairState) -> dict[bytes, str]:
        """My section as this device last wrote it: trusted without parsing it again."""
        if state.kind != "pair" or not state.my_signature:
            return {}
        return {bytes.fromhex(state.my_signature): state.my_role}

    def _read_all(self, state: PairState, key: PairKey | None, pins: dict) -> tuple[PairFile | NoNews, list]:
        path = Path(state.path)
        try:
            main = pairfile.read_pair_file(path, state.id, key, pins, self._known(state))
        except PairFileError as error:
            state.last_error = str(error)
            pairstate.save_state(self.data, state)
            raise PairError(str(error)) from None
        copies = []
        for copy in find_conflict_copies(path, state.id):
            try:
                found = pairfile.read_pair_file(copy.path, state.id, key, pins, self._known(state))
            except PairFileError as error:
                copies.append((copy, error))
                continue
            copies.append((copy, found))
        return main, copies

    @staticmethod
    def _each_copy(main: PairFile | NoNews, copies: list, report: SyncReport, merged_copies: list) -> Iterator[PairFile]:
        """The main file, then each conflict copy, that holds news. A copy that
        could not be read goes into the report; one that is used is added to
        merged_copies (tidied once the merged file is written)."""
        for name, found in [(None, main), *copies]:
            if isinstance(found, PairFileError):
                report.problems.append(f"A conflict copy ({name.path.name}) could not be used: {found}")
                continue
            if isinstance(found, NoNews):
                continue
            if name is not None:
                merged_copies.append(name)
            yield found

    def _fail(self, state: PairState, message: str) -> PairError:
        state.last_error = message
        pairstate.save_state(self.data, state)
        return PairError(message)

    def _sync_pair(self, state: PairState) -> SyncReport:
        report = SyncReport(pair_id=state.id)
        key = self._key(state)
        me = self.store.person
        path = Path(state.path)
        pairfile.remove_stale_temp_files(path)
        pins = {me: self.identity().public}
        if state.their_key:
            pins[state.their_person_id] = bytes.fromhex(state.their_key)
        main, copies = self._read_all(state, key, pins)
        if state.their_key is None:
            # First sight of the other person: pin their key (compare the safety code once).
            for found in [main] + [c[1] for c in copies]:
                if not isinstance(found, PairFile):
                    continue
                for r in found.reports:
                    if r.status is SectionStatus.UNKNOWN_PERSON and r.person != me and state.their_key is None:
                        state.their_person_id, state.their_key = r.person, r.public.hex()
            if state.their_key:
                pins[state.their_person_id] = bytes.fromhex(state.their_key)
                main, copies = self._read_all(state, key, pins)
        mine: list[TrustedSection] = []
        theirs: list[TrustedSection] = []
        merged_copies = []
        for found in self._each_copy(main, copies, report, merged_copies):
            for r in found.reports:
                if r.section is not None:
                    if r.person == me:
                        mine.append(r.section)
                    elif r.person == state.their_person_id:
                        if r.section.role == state.my_role:
                            report.problems.append("The other part of the file claims your role, so it was not used.")
                        else:
                            theirs.append(r.section)
                    continue
                if r.status is SectionStatus.KEY_CHANGED and r.person == state.their_person_id:
                    state.pending_key = r.public.hex() if r.public else None
                    report.problems.append(
                        "The other person's key changed; compare the safety code with them and confirm it before their part is used."
                    )
                elif r.status is SectionStatus.KEY_CHANGED and r.person == me:
                    report.problems.append("A part of the file claims to be yours with another key, so it was not used.")
                else:
                    report.problems.append(r.message)
        # The other person's records: ownership and kinds checked before anything is merged.
        items = self._items_store(state.id)
        gone = self._gone(state)
        # What I share now: a mentee checks the mentor's comments against it.
        my_view = self._projection(state) if state.my_role == "mentee" else None
        my_ids = {d["id"] for d in my_view or () if not sharing.is_marker(d)}
        held = items.ids(include_deleted=True)
        docs, purge = self._incoming(state, theirs, my_ids, gone, report, items.raw_doc)
        purge = [i for i in purge if i in held]
        try:
            merged = items.merge(docs, purge=purge)
        except (MergeRefused, StoreError) as error:
            raise self._fail(state, f"The other person's part could not be merged: {error}") from None
        report.held_back += merged.held_back
        if report.notes_taken_back:
            items.compact()  # the journal still held the notes now taken back
        if merged.added + merged.changed:
            for doc in docs:
                report.received[doc["kind"]] = report.received.get(doc["kind"], 0) + 1
        report.removed = len(purge)
        # My own section, as other devices of mine may have written it.
        # Write back: my section now, theirs as last verified.
        # New items of theirs change nothing I send (a comment needs its item first);
        # my own part from another device or their withdrawals may.
        # My part as this device wrote it last holds nothing new; another device's may.
        mine = [m for m in mine if m.signature.hex() != state.my_signature]
        if self._merge_mine(state, mine, report) or report.removed or my_view is None:
            my_view = self._projection(state)
        # An item taken back and now shared again (a comment whose goal is shared
        # again) has no newer stamp of its own, and the other side keeps the
        # marker's stamp to drop older copies: send it under a fresh consent.
        returning = [d["id"] for d in my_view if not sharing.is_marker(d) and d["id"] in state.taken_back]
        if returning:
            stamp = self.store.clock.now()
            for record_id in returning:
                state.consent[record_id] = stamp
            my_view = self._projection(state)
        state.taken_back = sorted(d["id"] for d in my_view if d.get("withdrawn") is True)
        best = self._best_theirs(state, theirs)
        current_mine = next(
            (r.section for r in (main.reports if isinstance(main, PairFile) else []) if r.section and r.person == me),
            None,
        )
        current_theirs = next(
            (r.section for r in (main.reports if isinstance(main, PairFile) else [])
             if r.section and r.person == state.their_person_id), None,
        )
        encoded = self._encoded(state, my_view)
        now_sent = {d["id"]: enc for d, enc in zip(my_view, encoded)}
        digest = hashlib.sha256(b",".join(encoded)).hexdigest()
        if current_mine is not None and current_mine.signature.hex() == state.my_signature and state.my_digest:
            # The file holds my part as this device wrote it: compare digests, not records.
            unchanged = digest == state.my_digest
            before = self._last_sent.get(state.id)
            if before is None:
                before = {d["id"]: pairfile.canonical(d) for d in current_mine.records}
        else:
            before = {d["id"]: pairfile.canonical(d) for d in (current_mine.records if current_mine else [])}
            unchanged = current_mine is not None and before == now_sent
        report.sent = sum(1 for record_id, enc in now_sent.items() if before.get(record_id) != enc)
        self._last_sent[state.id] = now_sent
        needs_write = (
            not isinstance(main, PairFile)
            or current_mine is None
            or not unchanged
            or (best is not None and (current_theirs is None or current_theirs.signature != best.signature))
            or bool(main.problems)
            or bool(merged_copies)
        )
        if needs_write:
            section = pairfile.sign_section(
                state.id, me, state.my_role, self.identity(), my_view, self.store.clock.now(), encoded=encoded
            )
            try:
                pairfile.write_pair_file(path, state.id, [section] + ([best] if best else []), key)
            except (OSError, PairFileError, ValueError) as error:
                detail = plain_os_error(error) if isinstance(error, OSError) else str(error)
                raise self._fail(state, f"The pair file could not be written: {detail}.") from None
            report.wrote = True
            state.my_signature, state.my_digest = section.signature.hex(), digest
            removed = remove_conflict_copies(path, state.id, merged_copies)
            report.conflict_copies = len(removed)
        if best is not None and best.signature.hex() != state.theirs_signature:
            pairstate.save_theirs(self.data, state.id, best)
            state.theirs_signature, state.theirs_written = best.signature.hex(), best.written
        state.sent = sorted(set(state.sent) | {d["id"] for d in my_view})
        state.last_synced = _now_iso()
        state.last_error = None
        state.last_report = report.lines()
        pairstate.save_state(self.data, state)
        return report

    def _gone(self, state: PairState) -> dict[str, str]:
        path = pairstate.pair_dir(self.data, state.id) / "gone.json"
        try:
            value = json.loads(path.read_bytes())
            return value if isinstance(value, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_gone(self, state: PairState, gone: dict[str, str]) -> None:
        from .private_files import write_private

        write_private(pairstate.pair_dir(self.data, state.id) / "gone.json", json.dumps(gone).encode("utf-8"))

    def _incoming(
        self, state: PairState, theirs: list[TrustedSection], my_ids: set[str], gone: dict, report: SyncReport,
        held: Callable[[str], dict | None],
    ):
        """The other person's documents that may be merged, and the ids to purge."""
        allowed = MENTEE_KINDS if state.my_role == "mentor" else MENTOR_KINDS
        newest: dict[str, dict] = {}
        for section in theirs:
            for doc in section.records:
                record_id = doc.get("id")
                kept = newest.get(record_id)
                if kept is None:
                    newest[record_id] = dict(doc)
                elif sharing.is_marker(doc) or sharing.is_marker(kept):
                    if str(doc.get("updated", "")) > str(kept.get("updated", "")):
                        newest[record_id] = dict(doc)
                else:
                    try:
                        newest[record_id] = merge_docs(kept, doc)
                    except ValueError:
                        continue
        their_ids = {i for i, d in newest.items() if not sharing.is_marker(d)}
        docs, purge = [], []
        not_theirs = wrong_kind = unreadable = 0
        dropped_kinds: dict[str, int] = {}
        changed_gone = False
        for record_id, doc in newest.items():
            if doc.get("owner") != state.their_person_id:
                not_theirs += 1
                continue
            kind = doc.get("kind")
            if kind not in allowed:
                wrong_kind += 1
                dropped_kinds[str(kind)] = dropped_kinds.get(str(kind), 0) + 1
                continue
            if sharing.is_marker(doc):
                stamp = str(doc.get("updated", ""))
                if stamp >= gone.get(record_id, ""):
                    gone[record_id] = stamp
                    changed_gone = True
                purge.append(record_id)
                continue
            if str(doc.get("updated", "")) <= gone.get(record_id, ""):
                continue  # an older copy of something its owner took back
            if _nothing_newer(held(record_id), doc):
                continue  # merged before: nothing to check again
            if state.my_role == "mentee":
                target = doc.get("target_id") if kind == "comment" else doc.get("subject_id") if kind == "achievement" else None
                if kind in ("comment", "achievement") and target not in my_ids and target not in their_ids:
                    continue  # on an item no longer shared: kept back quietly
            blanked = _without_unsent_notes(doc)
            if blanked is not doc:
                kept = held(record_id) or {}
                if any(kept.get(name) for name in blanked["stamps"] if blanked.get(name) == "" and name not in doc):
                    report.notes_taken_back = True  # their old words must leave this device's files too
                doc = blanked
            try:
                parse_record(dict(doc))
            except (ValidationError, ValueError):
                unreadable += 1
                continue
            docs.append(doc)
        if changed_gone:
            self._save_gone(state, gone)
        who = state.their_name or ("your mentee" if state.my_role == "mentor" else "your mentor")
        if not_theirs:
            report.problems.append(f"Left out {_plural(not_theirs, 'item')} in {who}'s part that {'was' if not_theirs == 1 else 'were'} not theirs to write.")
        if wrong_kind:
            what = _join([_plural(n, NOUNS.get(k, k)) for k, n in sorted(dropped_kinds.items())])
            report.problems.append(f"Left out {what} in {who}'s part: a {'mentor' if state.my_role == 'mentee' else 'mentee'} cannot write {'that' if wrong_kind == 1 else 'those'} for the pair.")
        if unreadable:
            report.problems.append(f"Left out {_plural(unreadable, 'item')} in {who}'s part that could not be read.")
        return docs, purge

    def _merge_mine(self, state: PairState, sections: list[TrustedSection], report: SyncReport) -> bool:
        me = self.store.person
        docs = []
        for section in sections:
            for doc in section.records:
                if sharing.is_marker(doc) or doc.get("owner") != me:
                    continue
                if _nothing_newer(self.store.raw_doc(doc["id"]), doc):
                    continue
                try:
                    parse_record(dict(doc))
                except (ValidationError, ValueError):
                    continue
                docs.append(doc)
        if not docs:
            return False
        try:
            merged = self.store.merge(docs)
        except (MergeRefused, StoreError) as error:
            report.problems.append(f"Your own part written on another device could not be merged: {error}")
            return False
        report.held_back += merged.held_back
        return bool(merged.added or merged.changed)

    def _best_theirs(self, state: PairState, theirs: list[TrustedSection]) -> TrustedSection | None:
        """The newest verified copy of the other section (never a changed one)."""
        candidates = list(theirs)
        newest = max((s.written for s in theirs), default=None)
        # The kept copy (a large file) is read only when it may be newer than what the file holds.
        kept = None if newest is not None and newest >= state.theirs_written else pairstate.load_theirs(self.data, state.id)
        if kept is not None and state.their_key and kept.public.hex() == state.their_key and kept.pair == state.id:
            candidates.append(kept)
        if not candidates:
            return None
        return max(candidates, key=lambda s: (s.written, s.signature))

    # ---- your own devices ---------------------------------------------------------------
    def devices_start(self, path, passphrase: str) -> PairInfo:
        if not passphrase:
            raise PairError("A device file needs a passphrase: it carries everything you keep.")
        return self._start(path, "mentee", "", passphrase, kind="devices")

    def devices_join(self, path, passphrase: str, *, adopt: bool = False) -> PairInfo:
        if not passphrase:
            raise PairError("A device file needs its passphrase.")
        target = self._check_path(path)
        self._check_not_used(target)
        pair_id, key, data = self._open_existing(target, passphrase)
        if key is None:
            raise PairError("This file has no passphrase, so it is not a Trellis device file.")
        try:
            found = pairfile.decode_pair_file(data, pair_id, key, {})
            report = next(r for r in found.reports if r.status is SectionStatus.UNKNOWN_PERSON)
            found = pairfile.decode_pair_file(data, pair_id, key, {report.person: report.public})
            section = found.trusted[0]
        except (PairFileError, StopIteration, IndexError, AttributeError):
            raise PairError("This device file holds nothing that can be used.") from None
        secret = next((d for d in section.records if d.get("kind") == IDENTITY_RECORD), None)
        try:
            identity = paircrypto.IdentityKey.from_bytes(bytes.fromhex(str(secret.get("private", ""))))
        except (CryptoError, ValueError, AttributeError):
            raise PairError("This is a pair file, not a device file.") from None
        if identity.public != section.public:
            raise PairError("This device file is damaged: its key does not match its signature.")
        person = section.person
        if person != self.store.person:
            own = [d for d in self.store.raw_docs() if d.get("owner") == self.store.person]
            if own and not adopt:
                raise ConfirmNeeded(
                    f"This device already holds {_plural(len(own), 'item')} of its own; joining makes them part of "
                    "the same person as the device file, and they will be copied to your other devices. "
                    "Confirm to go on."
                )
            pairstate.save_identity_key(self.data, identity)
            self._identity = identity
            self.store.adopt_person(person)
        state = PairState(id=pair_id, kind="devices", my_role="mentee", path=str(target), protected=True)
        self._save_new(state, key)
        self.sync_devices()
        return self._info(pairstate.load_state(self.data, pair_id) or state)

    def _one_per_day(self, docs: list[dict], local: dict[str, dict], report: SyncReport) -> list[dict]:
        """Two devices that each made a check-in for one day (or a weekly
        reflection for one week): on every device the one with the larger id
        is set aside as deleted (kept, with all its answers, restorable), so
        every device ends with the same one."""
        from .models import RECORD_TYPES

        out = list(docs)
        for kind in ("selfcare", "resilience"):
            date_field = RECORD_TYPES[kind].DATE_FIELD
            live: dict[str, set[str]] = {}
            for doc in [*local.values(), *out]:
                if doc.get("kind") == kind and not doc.get("deleted") and doc.get(date_field):
                    live.setdefault(doc[date_field], set()).add(doc["id"])
            for day, ids in sorted(live.items()):
                if len(ids) < 2:
                    continue
                keep = min(ids)
                for loser in sorted(ids - {keep}):
                    stamp = self.store.clock.now()
                    if loser in local and not local[loser].get("deleted"):
                        self.store.delete(RECORD_TYPES[kind], loser)
                    out = [
                        {**d, "deleted": True, "stamps": {**_stamps(d), "deleted": stamp}, "updated": max(str(d.get("updated", "")), stamp)}
                        if d.get("id") == loser else d
                        for d in out
                    ]
                noun = "check-ins" if kind == "selfcare" else "weekly reflections"
                report.problems.append(
                    f"Two {noun} for {day} were made on different devices; one is kept and the other is set aside (deleted, so it can be restored)."
                )
        return out

    def sync_devices(self) -> SyncReport:
        return self._sync_devices(self._state(None, kind="devices"))

    def _sync_devices(self, state: PairState) -> SyncReport:
        report = SyncReport(pair_id=state.id)
        key = self._key(state)
        me = self.store.person
        path = Path(state.path)
        pairfile.remove_stale_temp_files(path)
        main, copies = self._read_all(state, key, {me: self.identity().public})
        docs, merged_copies = [], []
        for found in self._each_copy(main, copies, report, merged_copies):
            report.problems += [r.message for r in found.problems]
            for section in found.trusted:
                docs += [d for d in section.records if d.get("kind") != IDENTITY_RECORD and d.get("owner") == me]
        before = {d["id"]: d for d in self.store.raw_docs()}
        docs = self._one_per_day(docs, before, report)
        try:
            merged = self.store.merge(docs)
        except (MergeRefused, StoreError) as error:
            raise self._fail(state, f"Your other device's data could not be merged: {error}") from None
        report.held_back += merged.held_back
        for doc in self.store.raw_docs():
            if before.get(doc["id"]) != doc:
                report.received[doc["kind"]] = report.received.get(doc["kind"], 0) + 1
        everything = sorted((d for d in self.store.raw_docs() if d.get("owner") == me), key=lambda d: d["id"])
        secret = {"id": "identitykey", "kind": IDENTITY_RECORD, "private": self.identity().to_bytes().hex()}
        records = [secret] + everything
        current = next(
            (s for s in (main.trusted if isinstance(main, PairFile) else []) if s.person == me), None
        )
        old = {d["id"]: d for d in (current.records if current else [])}
        report.sent = sum(1 for d in everything if old.get(d["id"]) != d)
        if current is None or current.records != records or merged_copies or (isinstance(main, PairFile) and main.problems):
            section = pairfile.sign_section(state.id, me, "mentee", self.identity(), records, self.store.clock.now())
            try:
                pairfile.write_pair_file(path, state.id, [section], key)
            except (OSError, PairFileError, ValueError) as error:
                detail = plain_os_error(error) if isinstance(error, OSError) else str(error)
                raise self._fail(state, f"The device file could not be written: {detail}.") from None
            report.wrote = True
            report.conflict_copies = len(remove_conflict_copies(path, state.id, merged_copies))
        state.last_synced = _now_iso()
        state.last_error = None
        state.last_report = report.lines()
        pairstate.save_state(self.data, state)
        return report


def _nothing_newer(local: dict | None, remote: dict) -> bool:
    """True when `remote` carries no field stamp newer than `local` has: merging
    it would change nothing, so it need not be checked or merged again."""
    if local is None or local.get("owner") != remote.get("owner"):
        return False
    mine = _stamps(local)
    theirs = remote.get("stamps")
    if not isinstance(theirs, dict):
        return False
    return all(isinstance(v, str) and mine.get(k, "") >= v for k, v in theirs.items()) and str(
        local.get("updated", "")
    ) >= str(remote.get("updated", ""))


def _without_unsent_notes(doc: dict) -> dict:
    """The other person's record with the notes they no longer share blanked,
    stamped with the consent they were taken back under (newer than any note
    sent before), so a copy kept from "with notes" loses them."""
    kind = doc.get("kind")
    if kind not in sharing.ALLOWED or kind in WORDS_ONLY:
        return doc
    consent = _stamps(doc).get("shared")
    missing = [name for name in sharing.ALLOWED[kind][1] if name not in doc]
    if not missing or not isinstance(consent, str):
        return doc
    out = dict(doc)
    out["stamps"] = {**_stamps(doc), **{name: consent for name in missing}}
    for name in missing:
        out[name] = ""
    return out


def _marker(doc: dict, flag: str, consent: str) -> dict:
    """A content-free record: id, kind, owner, the flag and a stamp newer than
    anything sent of the item (so it wins over every earlier copy)."""
    stamps = _stamps(doc)
    kind = doc["kind"]
    fields = sharing.ALLOWED.get(kind, ((), ()))
    relevant = [str(stamps.get(n, "")) for n in (*fields[0], *fields[1], "shared", "deleted")]
    stamp = max([consent, *relevant])
    out: dict[str, Any] = {name: doc[name] for name in sharing.IDENTITY_FIELDS if name in doc}
    out[flag] = True
    out["stamps"] = {flag: stamp}
    out["updated"] = stamp
    return out
