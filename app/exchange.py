"""Export and import: a person's own copy of their data, and a way back in.

JSON exports carry every field, the clock stamps and the tombstones, so that
importing merges field by field: importing the same file twice changes
nothing the second time. CSV is for reading in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

from .journal import fsync_file
from .models import RECORD_TYPES, SCHEMA_VERSION
from .store import Store, StoreError

EXPORT_FORMAT = "trellis-export"
MAX_IMPORT_BYTES = 64 * 1024 * 1024


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        fsync_file(handle.fileno())
    os.replace(tmp, path)


def export(store: Store, path: Path, fmt: str = "json") -> int:
    """Write every record (tombstones too, for JSON) to path; returns the count."""
    docs = sorted(store.raw_docs(), key=lambda d: (d["kind"], d["id"]))
    if fmt == "json":
        payload = {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA_VERSION,
            "exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "records": docs,
        }
        _write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1))
        return len(docs)
    if fmt == "csv":
        live = [d for d in docs if not d.get("deleted")]
        columns = ["kind", "id"]
        for model in RECORD_TYPES.values():
            columns += [f for f in model.model_fields if f not in columns and f not in ("stamps",)]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for doc in live:
            writer.writerow(
                {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in doc.items()}
            )
        _write_atomically(path, out.getvalue())
        return len(live)
    raise StoreError(f"Unknown export format {fmt!r}: use json or csv.")


def read_export(path: Path) -> list[dict]:
    """The records of a Trellis JSON export, or a StoreError saying plainly why not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if size > MAX_IMPORT_BYTES:
        raise StoreError(f"{path} is too large to be a Trellis export ({size // 1_000_000} MB).")
    try:
        payload = json.loads(path.read_bytes())
    except (OSError, ValueError):
        raise StoreError(f"{path} is not a Trellis export (import reads the JSON export; CSV is for spreadsheets).") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise StoreError(f"{path} is not a Trellis export.")
    schema = payload.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise StoreError(f"{path} was made by a newer Trellis (data version {schema}). Update Trellis to import it.")
    records = payload.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise StoreError(f"{path} is damaged: its list of records cannot be read.")
    return records


def import_file(store: Store, path: Path) -> tuple[int, int]:
    """Merge an export into the store; returns (added, changed). Nothing changes on error."""
    return store.merge(read_export(path))
