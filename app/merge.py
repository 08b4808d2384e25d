"""Field-by-field merge of two copies of one record.

Each field carries the clock stamp of its last edit; the newer stamp wins. When
two cells have the same stamp, the whole cell (stamp and value, as canonical
JSON) is compared, so the result never depends on which side merges first:
the merge is commutative, associative and idempotent.
"""

from __future__ import annotations

import json
from typing import Any

from .models import SYNC_FIELDS


def _cell_key(stamp: str, value: Any) -> tuple[str, str]:
    return stamp, json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merge_docs(local: dict | None, remote: dict) -> dict:
    """The merged document; neither input is changed."""
    if local is None:
        return dict(remote)
    if local.get("kind") != remote.get("kind") or local.get("id") != remote.get("id"):
        raise ValueError("cannot merge two different records")
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
    # The owner and version never move backwards by a merge.
    merged["owner"] = min(filter(None, (local.get("owner"), remote.get("owner"))), default="")
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
