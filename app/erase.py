"""Delete everything: every record becomes an empty marker, and the files are rewritten.

Markers (tombstones) are kept so that a sync or an import of an old copy
never brings a deleted item back; what the person wrote is cleared from them.
Only what a record needs to stay a valid marker is kept: its id, its dates
and the ids that link it to other records. Then the store is compacted, so
the old words are gone from the snapshot and the journal, not only hidden.
"""

from __future__ import annotations

from typing import Callable

from .models import RECORD_TYPES, SYNC_FIELDS
from .store import Store

# Required text that cannot be blank; a single dash stands in for it.
_PLACEHOLDER = "-"
# Required fields that link or identify rather than say anything: kept.
_KEEP = {"goal_id", "target_id", "rule", "author_role", "day", "week"}


def _cleared(doc: dict) -> dict:
    model = RECORD_TYPES[doc["kind"]]
    out = {k: v for k, v in doc.items() if k in SYNC_FIELDS}
    for name, field in model.model_fields.items():
        if name in SYNC_FIELDS:
            continue
        if not field.is_required():
            out[name] = field.get_default(call_default_factory=True)
        elif name == "key":
            # A win's award key, made unique, so the win can be earned again.
            out[name] = f"erased-{doc['id']}"
        elif name in _KEEP:
            out[name] = doc.get(name)
        else:
            out[name] = _PLACEHOLDER
    out["deleted"] = True
    out["shared"] = doc.get("shared", False)  # so the other side learns it is gone
    return model.model_validate(out).model_dump(mode="json")


def erase_everything(store: Store, progress: Callable[[float], None] | None = None) -> int:
    """Turn every live record into an empty marker; returns how many were cleared."""
    live = [d for d in store.raw_docs() if not d.get("deleted")]
    records = []
    for index, doc in enumerate(live, start=1):
        records.append(RECORD_TYPES[doc["kind"]].model_validate(_cleared(doc)))
        if progress and index % 500 == 0:
            progress(index / max(len(live), 1) * 0.8)
    store.save_many(records)
    store.compact()
    if progress:
        progress(1.0)
    return len(records)
