"""What of a record may go into a pair file: an allow-list per kind.

Pure functions on plain record documents (the store's dicts). A shared item
goes in at one of two levels its owner chose:

- "headline": enough to follow along (a goal's title, status and dates; a
  step's title and whether it is done; a win's title and day);
- "notes": the headline plus what the person wrote about it (a goal's why,
  measure, support, what was learned; a step's note; a check-in's note).

Only fields on the list go in, each with its own clock stamp and no other
stamp, and the record's `updated` is recomputed from those stamps alone, so
not even the time of an edit to a private field leaves the device. A field
that is not on a list (a new field, a typo) stays private by default.

An item that was shared and then withdrawn or deleted becomes a content-free
marker (id, kind, owner, the flag and its stamp), so the other side knows to
remove its copy. The caller emits a marker only for items the pair has seen:
a marker for an item never shared would tell the other side it exists.

Profile, settings and support contacts never go in, at any level.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping

Level = Literal["headline", "notes"]
LEVELS: tuple[Level, ...] = ("headline", "notes")

# Kept on every projected record; `deleted` and `shared` are fields with stamps.
IDENTITY_FIELDS = ("id", "kind", "owner", "version")
STATE_FIELDS = ("deleted", "shared")

# kind -> (headline fields, extra fields with notes)
ALLOWED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "goal": (
        ("title", "status", "by", "created"),
        ("measure", "doable", "why", "strengths", "support", "learned"),
    ),
    "milestone": (("goal_id", "title", "order", "done", "done_on"), ("note",)),
    "achievement": (("rule", "key", "day", "title", "message", "subject_id"), ("feeling",)),
    # Check-ins and reflections are private unless shared one by one; the
    # scales are the headline, the words the person wrote are notes.
    "selfcare": (("day", "mood", "energy", "sleep", "stress", "feelings", "care"), ("note",)),
    "resilience": (("week", "bounce_back"), ("challenge", "helped", "strength", "supporters", "next_step")),
    "goal_reflection": (("goal_id", "day"), ("text",)),
    # A reflection written from a Learn card: which card, and the words only with notes.
    "journal": (("day", "card_id", "prompt"), ("text",)),
    # Written for the pair in the first place: every field, at either level.
    "comment": (("target_id", "author_role", "day", "text", "encouragement"), ()),
    "review": (("day", "milestone_ids", "notes", "next_steps"), ()),
    "agreement": (("text", "how_we_meet", "mentee_agreed_on", "mentor_agreed_on"), ()),
}
# card_mark: which Learn cards helped this person is theirs alone.
NEVER_SHARED = frozenset({"profile", "settings", "contact", "card_mark"})


def shareable(kind: str) -> bool:
    """True for kinds that may go into a pair file at all."""
    return kind in ALLOWED and kind not in NEVER_SHARED


def allowed_fields(kind: str, level: Level) -> tuple[str, ...]:
    """The content fields of `kind` that go in at `level` (empty when none may)."""
    if not shareable(kind):
        return ()
    if level not in LEVELS:
        raise ValueError("a sharing level is headline or notes")
    headline, notes = ALLOWED[kind]
    return headline + notes if level == "notes" else headline


def _stamps(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    stamps = doc.get("stamps")
    return stamps if isinstance(stamps, Mapping) else {}


def share_view(doc: Mapping[str, Any], level: Level) -> dict[str, Any]:
    """The record as the pair may see it at `level`.

    Raises ValueError for a kind that is never shared.
    """
    kind = doc.get("kind")
    if not isinstance(kind, str) or not shareable(kind):
        raise ValueError(f"records of kind {kind!r} are never shared")
    fields = allowed_fields(kind, level)
    out: dict[str, Any] = {name: doc[name] for name in IDENTITY_FIELDS if name in doc}
    stamps = _stamps(doc)
    kept: dict[str, str] = {}
    for name in (*STATE_FIELDS, *fields):
        if name in doc:
            out[name] = doc[name]
        if isinstance(stamps.get(name), str):
            kept[name] = stamps[name]
    out["stamps"] = kept
    out["updated"] = max(kept.values(), default="")
    return out


def _marker(doc: Mapping[str, Any], flag: str, stamp: str) -> dict[str, Any]:
    out: dict[str, Any] = {name: doc[name] for name in IDENTITY_FIELDS if name in doc}
    out[flag] = True
    out["stamps"] = {flag: stamp}
    out["updated"] = stamp
    return out


def withdrawn_marker(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A content-free record saying consent to share `doc` was withdrawn.

    Stamped with the time consent changed (the `shared` field's stamp).
    """
    return _marker(doc, "withdrawn", str(_stamps(doc).get("shared", "")))


def deleted_marker(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A content-free record saying `doc` was deleted (its `deleted` stamp)."""
    return _marker(doc, "deleted", str(_stamps(doc).get("deleted", "")))


def is_marker(doc: Mapping[str, Any]) -> bool:
    """True for a withdrawn or deleted marker (the other side purges its copy)."""
    return doc.get("withdrawn") is True or (
        doc.get("deleted") is True and set(doc) <= {*IDENTITY_FIELDS, "deleted", "stamps", "updated"}
    )


def project(doc: Mapping[str, Any], level: Level | None, *, was_shared: bool) -> dict[str, Any] | None:
    """What goes into the pair file for one of my records, or None for nothing.

    `level` is the owner's current choice for this pair (None: not shared);
    `was_shared` says whether the pair has ever been sent this item. A record
    whose `shared` flag is off counts as not shared, whatever `level` says.
    """
    kind = doc.get("kind")
    if not isinstance(kind, str) or not shareable(kind):
        return None
    if doc.get("deleted") is True:
        return deleted_marker(doc) if was_shared else None
    if level is None or doc.get("shared") is not True:
        return withdrawn_marker(doc) if was_shared else None
    return share_view(doc, level)


def pair_exists(trellis) -> bool:
    """Whether this person has a pair, so screens can say honestly what sharing
    does: until one exists nothing has anyone to be shared with, and screens
    say "when you set up a pair" instead of "shared with your mentor"."""
    pair = getattr(trellis, "pair", None)
    exists = getattr(pair, "exists", None)
    return bool(exists()) if callable(exists) else False
