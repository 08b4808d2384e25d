"""Field-by-field merge of two copies of one record, and what a merge did.

Each field carries the clock stamp of its last edit; the newer stamp wins. When
two cells have the same stamp, the whole cell (stamp and value, as canonical
JSON) is compared, so the result never depends on which side merges first:
the merge is commutative, associative and idempotent.

The owner is not merged: it is set when a record is made and a copy that
names another owner is refused (OwnerConflict), never taken over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from .models import RECORD_TYPES, SCHEMA_VERSION, SYNC_FIELDS


class OwnerConflict(ValueError):
    """Two copies of one record name different owners."""


def _cell_key(stamp: str, value: Any) -> tuple[str, str]:
    return stamp, json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merge_docs(local: dict | None, remote: dict) -> dict:
    """The merged document; neither input is changed."""
    if local is None:
        return dict(remote)
    if local.get("kind") != remote.get("kind") or local.get("id") != remote.get("id"):
        raise ValueError("cannot merge two different records")
    mine_owner, their_owner = local.get("owner") or "", remote.get("owner") or ""
    if mine_owner and their_owner and mine_owner != their_owner:
        raise OwnerConflict(f"the copies name different owners ({mine_owner}, {their_owner})")
    merged = dict(local)
    stamps = dict(local.get("stamps") or {})
    remote_stamps = remote.get("stamps") or {}
    fields = (set(local) | set(remote)) - SYNC_FIELDS
    for name in sorted(fields):
        mine = _cell_key(stamps.get(name, ""), local.get(name))
        theirs = _cell_key(remote_stamps.get(name, ""), remote.get(name))
        if theirs > mine:
            if name in remote:
                merged[name] = remote[name]
            if name in remote_stamps:
                stamps[name] = remote_stamps[name]
    merged["stamps"] = stamps
    _keep_alive_after_newer_edit(merged)
    merged["updated"] = max(local.get("updated", ""), remote.get("updated", ""))
    merged["owner"] = mine_owner or their_owner
    merged["version"] = max(local.get("version", 1), remote.get("version", 1))
    return merged


def _keep_alive_after_newer_edit(doc: dict) -> None:
    """An edit newer than the deletion keeps the record: someone still cared
    for it after the other side deleted it. The deletion's stamp is left as it
    is, so that merging in any order or grouping gives the same result (the
    rule is applied again, with the same outcome, after every merge)."""
    stamps = doc["stamps"]
    if doc.get("deleted") is True:
        newest_edit = max((v for k, v in stamps.items() if k != "deleted"), default="")
        if newest_edit > stamps.get("deleted", ""):
            doc["deleted"] = False


# ---- what a merge did, in words a person can read ------------------------------
NOUNS = {
    "profile": "your profile",
    "goal": "goal",
    "goal_reflection": "note on a goal",
    "milestone": "step",
    "selfcare": "check-in",
    "resilience": "weekly reflection",
    "achievement": "win",
    "comment": "comment",
    "review": "review",
    "agreement": "agreement",
    "contact": "contact",
    "settings": "settings",
    "journal": "reflection from Learn",
    "card_mark": "Learn card mark",
}
_LABEL_FIELDS = ("title", "name", "day", "week", "text")
assert set(NOUNS) == set(RECORD_TYPES), "every kind needs a noun"
assert SCHEMA_VERSION >= 1


def describe(doc: dict) -> str:
    """'goal 'Walk more'', 'check-in of 2026-03-01': which record, in words."""
    noun = NOUNS.get(doc.get("kind"), "item")
    for name in _LABEL_FIELDS:
        value = doc.get(name)
        if isinstance(value, str) and value:
            short = value if len(value) <= 40 else value[:39] + "…"
            return f"{noun} of {short}" if name in ("day", "week") else f"{noun} '{short}'"
    return noun


def changes_between(old: dict | None, new: dict) -> list[str]:
    """Plain lines for what changed from old to new ('changed title of goal ...')."""
    if old is None:
        return [f"{'added (deleted) ' if new.get('deleted') else 'added '}{describe(new)}"]
    if new.get("deleted") and not old.get("deleted"):
        return [f"deleted {describe(old)}"]
    lines = []
    if old.get("deleted") and not new.get("deleted"):
        lines.append(f"brought back {describe(new)}")
    names = [n for n in RECORD_TYPES[new["kind"]].content_fields() if n != "deleted" and old.get(n) != new.get(n)]
    if names:
        lines.append(f"changed {', '.join(n.replace('_', ' ') for n in names)} of {describe(old)}")
    return lines


@dataclass
class MergeReport:
    """What a merge did. Unpacks as (added, changed) for older callers."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    held_back: int = 0
    changes: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[int]:
        return iter((self.added, self.changed))

    def lines(self) -> list[str]:
        out = list(self.changes)
        if self.held_back:
            items = "item" if self.held_back == 1 else "items"
            out.append(
                f"held back {self.held_back} {items} (its clock is more than a day ahead of this device); "
                "it will be tried again on the next import or sync"
            )
        return out
