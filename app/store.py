"""The store: TinyDB documents in memory, kept durable by the journal.

TinyDB holds one table per kind of record and answers the queries; every save
is first appended to the journal and fsynced (app/journal.py), and only then
applied to TinyDB and acknowledged. Opening replays snapshot and journal into
memory; closing folds a long journal into a fresh snapshot.

Services call the methods here; views never do, and nothing else opens the
files. One Store per data directory per process (an OS lock enforces it
across processes); a threading lock makes it safe for the browser sessions
that the web mode serves from one process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from .dateindex import DateIndex
from .filelock import DirectoryLock, StoreLockedError
from .hlc import HybridClock
from .journal import OWN_NAMES, DurableLog, StoreTooNewError, fsync_dir, fsync_file
from .private_files import mkdir_private, plain_os_error, tighten
from .merge import merge_docs
from .models import RECORD_TYPES, SCHEMA_VERSION, Record, parse_record, plain_errors

__all__ = ["Store", "StoreError", "StoreLockedError", "StoreTooNewError", "RecordNotFound"]

R = TypeVar("R", bound=Record)

# Fold the journal into the snapshot on close once it holds this many saves.
COMPACT_AFTER_LINES = 2000


class StoreError(Exception):
    """A problem the person can be told about in one line."""


class RecordNotFound(StoreError):
    pass


def _migrate(doc: dict) -> dict:
    """Bring a document from an older schema version to this one.

    Version 1 is the first; later versions add a step here (1 -> 2, ...)."""
    version = doc.get("version", 1)
    if version > SCHEMA_VERSION:
        raise StoreTooNewError(
            f"A record was saved by a newer Trellis (data version {version}); "
            f"this one reads up to version {SCHEMA_VERSION}. Update Trellis to open it."
        )
    return doc


def _read_device_id(directory: Path) -> str:
    try:
        device = json.loads((directory / "device.json").read_text("utf-8"))["device_id"]
        if isinstance(device, str) and device.isalnum() and device.islower() and len(device) <= 32:
            return device
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return "unknown"


def _load_device_id(directory: Path) -> str:
    device = _read_device_id(directory)
    if device != "unknown":
        return device
    path = directory / "device.json"
    device = secrets.token_hex(8)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"device_id": device}, handle)
        handle.flush()
        fsync_file(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(directory)
    return device


def _lines(count: int) -> str:
    return "1 damaged line" if count == 1 else f"{count} damaged lines"


class Store:
    def __init__(self, directory: Path | str, *, wall: Callable[[], float] = time.time, read_only: bool = False):
        """Open the store in `directory`. read_only=True reads it as it is on
        disk, even while the app has it open (for export and doctor): no lock,
        no repairs, and every save is refused."""
        self.dir = Path(directory)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._dir_lock = DirectoryLock(self.dir / "trellis.lock")
        self.notices: list[str] = []
        if read_only:
            if not self.dir.is_dir():
                raise StoreError(f"There is no Trellis data in {self.dir}.")
        else:
            try:
                mkdir_private(self.dir)
                self._dir_lock.acquire()
            except OSError as exc:
                raise StoreError(f"Cannot use the data folder {self.dir}: {plain_os_error(exc)}.") from None
        try:
            if not read_only and tighten(self.dir, OWN_NAMES):
                self.notices.append(
                    "Your data folder could be read by other accounts on this computer; "
                    "it is now private to you."
                )
            self.device = _read_device_id(self.dir) if read_only else _load_device_id(self.dir)
            if not read_only:
                tighten(self.dir, OWN_NAMES)  # a device id written just now
            self.clock = HybridClock(self.device, wall)
            self._log = DurableLog(self.dir, read_only=read_only)
            loaded = self._log.load(SCHEMA_VERSION)
            self.notices += loaded.notices
            self.damaged = loaded.damaged
            self._db = TinyDB(storage=MemoryStorage)
            self._where: dict[str, tuple[str, int]] = {}  # record id -> (kind, TinyDB doc id)
            self._fill(loaded.docs.values())
            self._repair(loaded)
        except OSError as exc:
            self._dir_lock.release()
            if getattr(self, "_log", None) is not None:
                self._log.close()
            raise StoreError(f"Cannot open your data in {self.dir}: {plain_os_error(exc)}. Nothing was changed.") from None
        except BaseException:
            self._dir_lock.release()
            if getattr(self, "_log", None) is not None:
                self._log.close()
            raise

    def _repair(self, loaded) -> None:
        """Fold damaged or old-format files into a fresh snapshot and report the damage.

        The new snapshot is written and fsynced before any damaged file is kept
        aside, and damaged files are kept by link or copy, never moved: a kill
        or a full disk at any instant leaves a complete store behind. On a full
        disk the open fails plainly and the next open tries again."""
        kept: dict[Path, Path] = {}
        # A torn tail needs no rewrite (load trimmed it), so a full disk after a
        # crash still opens. `_migrated`: set by _fill when a migration changed documents.
        migrated = getattr(self, "_migrated", False)
        if not self.read_only and (loaded.damaged or loaded.schema < SCHEMA_VERSION or migrated):
            try:
                kept = self._log.compact(
                    list(self._all_docs()), SCHEMA_VERSION, keep_aside=[d.path for d in loaded.damage]
                )
            except OSError as exc:
                raise StoreError(
                    f"Your data needs a small repair, but it cannot be written ({plain_os_error(exc)}). "
                    "Nothing was changed; free some space or fix the disk and open Trellis again."
                ) from None
        for damage in loaded.damage:
            where = kept.get(damage.path)
            if damage.snapshot:
                what = _lines(damage.bad_lines) if damage.bad_lines else "missing lines"
                first = f"Part of your saved data could not be read ({what} in {damage.path.name}). "
            else:
                first = f"{_lines(damage.bad_lines)} in your recent saves could not be read. "
            if where is not None:
                rest = f"The file as it was is kept at {where}. {len(loaded.docs)} records were recovered."
            else:
                rest = f"Trellis keeps a copy of {damage.path} aside when it next opens this data normally."
            self.notices.append(first + rest)

    # ---- opening -------------------------------------------------------
    def _fill(self, docs: Iterable[dict]) -> None:
        tables: dict[str, dict[str, dict]] = {kind: {} for kind in RECORD_TYPES}
        latest = ""
        skipped = 0
        for doc in docs:
            kind = doc.get("kind")
            if kind not in tables:
                skipped += 1
                continue
            doc = _migrate(doc)
            table = tables[kind]
            doc_id = len(table) + 1
            table[str(doc_id)] = doc
            self._where[doc["id"]] = (kind, doc_id)
            latest = max(latest, doc.get("updated", ""))
        if skipped:
            self.notices.append(f"{skipped} saved items of an unknown kind were left out.")
        # Bulk load straight into the storage: inserting one by one is quadratic in TinyDB.
        self._db.storage.write(tables)
        self._tables: dict[str, dict[str, dict]] = self._db.storage.read()
        self._next_id = {kind: len(table) + 1 for kind, table in tables.items()}
        self._dates = {
            kind: DateIndex((doc.get(model.DATE_FIELD), doc["id"]) for doc in tables[kind].values())
            for kind, model in RECORD_TYPES.items()
            if model.DATE_FIELD
        }
        if latest:
            try:
                self.clock.observe(latest)
            except ValueError:
                pass

    def close(self) -> None:
        with self._lock:
            if not self.read_only and self._log.journal_lines >= COMPACT_AFTER_LINES:
                self.compact()
            self._log.close()
            self._dir_lock.release()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def compact(self) -> None:
        if self.read_only:
            raise StoreError("This copy of the data was opened only for reading.")
        with self._lock:
            self._log.compact(list(self._all_docs()), SCHEMA_VERSION)

    # ---- reading -------------------------------------------------------
    def _all_docs(self) -> Iterator[dict]:
        for kind in RECORD_TYPES:
            yield from self._rows(kind).values()

    def _doc(self, record_id: str) -> dict | None:
        where = self._where.get(record_id)
        if where is None:
            return None
        return self._rows(where[0]).get(str(where[1]))

    def get(self, model: type[R], record_id: str, *, include_deleted: bool = False) -> R:
        with self._lock:
            doc = self._doc(record_id)
        if doc is None or doc["kind"] != model.KIND or (doc.get("deleted") and not include_deleted):
            raise RecordNotFound(f"No {model.KIND} with id {record_id}.")
        return model.model_validate(dict(doc))

    def list(
        self,
        model: type[R],
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        where: Callable[[dict], bool] | None = None,
        include_deleted: bool = False,
        newest: int | None = None,
    ) -> list[R]:
        """Records of one kind, optionally within [start, end] on the kind's date field,
        sorted by that date (oldest first); with `newest`, only the last few, so
        that only those are validated into models."""
        date_field = model.DATE_FIELD
        lo = start.isoformat() if start else None
        hi = end.isoformat() if end else None

        def wanted(doc: dict) -> bool:
            if doc.get("deleted") and not include_deleted:
                return False
            if date_field and (lo or hi):
                value = doc.get(date_field)
                if value is None or (lo and value < lo) or (hi and value > hi):
                    return False
            return where is None or where(doc)

        with self._lock:
            if date_field and (lo or hi):
                docs = self._in_range(model, lo, hi, wanted, newest)
            else:
                docs = [doc for doc in self._rows(model.KIND).values() if wanted(doc)]
            if date_field:
                docs.sort(key=lambda d: (d.get(date_field) or "", d.get("updated", "")))
            if newest is not None:
                docs = docs[-newest:] if newest > 0 else []
            docs = [dict(doc) for doc in docs]  # copies: callers never reach the stored documents
        return [model.model_validate(doc) for doc in docs]

    def _in_range(self, model: type[Record], lo, hi, wanted, newest: int | None) -> list[dict]:
        """Documents on the days in [lo, hi] that pass `wanted`, found through the
        date index; with `newest`, walking back from `hi` only as far as needed."""
        days = self._dates[model.KIND].days(lo, hi)
        if newest is not None:
            days = reversed(days)
        found: list[dict] = []
        for day in days:
            for record_id in self._dates[model.KIND].ids_on(day):
                doc = self._doc(record_id)
                if doc is not None and wanted(doc):
                    found.append(doc)
            if newest is not None and len(found) >= newest:
                break
        return found

    def count(self, model: type[Record], *, where: Callable[[dict], bool] | None = None) -> int:
        with self._lock:
            return sum(
                1
                for doc in self._rows(model.KIND).values()
                if not doc.get("deleted") and (where is None or where(doc))
            )

    def search(self, model: type[R], condition) -> list[R]:
        """Records matching a TinyDB query, e.g. `where("title").search("walk")`."""
        with self._lock:
            docs = [dict(d) for d in self._db.table(model.KIND).search(condition) if not d.get("deleted")]
        return [model.model_validate(doc) for doc in docs]

    def field_values(self, model: type[Record], name: str, *, include_deleted: bool = False) -> list:
        """One field of every record of a kind, without building models (cheap on big kinds)."""
        with self._lock:
            return [
                doc.get(name) for doc in self._rows(model.KIND).values() if include_deleted or not doc.get("deleted")
            ]

    def singleton(self, model: type[R]) -> R | None:
        """The one live record of a kind kept once per device (profile, settings)."""
        found = self.list(model)
        if not found:
            return None
        return max(found, key=lambda r: r.updated)

    def raw_docs(self, kinds: Iterable[str] | None = None) -> list[dict]:
        """Plain copies of stored documents, tombstones included (for export)."""
        with self._lock:
            selected = RECORD_TYPES if kinds is None else kinds
            return [dict(doc) for kind in selected for doc in self._rows(kind).values()]

    # ---- writing -------------------------------------------------------
    def _stamp(self, doc: dict, old: dict | None, stamp: str) -> bool:
        """Give each changed field the new stamp; False when nothing changed."""
        model = RECORD_TYPES[doc["kind"]]
        stamps = dict(old["stamps"]) if old else {}
        changed = old is None
        for name in model.content_fields():
            if old is None or old.get(name) != doc.get(name):
                stamps[name] = stamp
                changed = True
        doc["stamps"] = stamps
        doc["updated"] = stamp
        doc["owner"] = (old or {}).get("owner") or doc.get("owner") or self.device
        return changed

    def save(self, record: R) -> R:
        """Durably save one record; returns it as stored (with owner and stamps)."""
        return self.save_many([record])[0]

    def save_many(self, records: list[R]) -> list[R]:
        """Save several records with one fsync; all or none."""
        with self._lock:
            out: list[dict] = []
            changed: list[dict] = []
            for record in records:
                doc = record.model_dump(mode="json")
                old = self._doc(doc["id"])
                if old is not None and old["kind"] != doc["kind"]:
                    raise StoreError(f"Id {doc['id']} already belongs to a {old['kind']}.")
                if self._stamp(doc, old, self.clock.now()):
                    changed.append(doc)
                else:
                    doc = dict(old)  # nothing new: no write, same stamps
                out.append(doc)
            self._commit(changed)
            return [type(r).model_validate(d) for d, r in zip(out, records)]

    def delete(self, model: type[R], record_id: str) -> R:
        """Keep a tombstone, so a later sync or import never brings it back."""
        record = self.get(model, record_id)
        return self.save(record.model_copy(update={"deleted": True}))

    def merge(self, docs: list[dict]) -> tuple[int, int]:
        """Merge documents from an export or the pair (field by field, newest wins).

        Every document is validated first; one bad document changes nothing.
        Returns (added, changed)."""
        validated = []
        for index, doc in enumerate(docs, start=1):
            try:
                validated.append(parse_record(doc).model_dump(mode="json"))
            except (ValidationError, ValueError) as exc:
                detail = plain_errors(exc) if isinstance(exc, ValidationError) else str(exc)
                raise StoreError(f"Item {index} cannot be imported: {detail}.") from None
        added = changed = 0
        with self._lock:
            out = []
            for doc in validated:
                old = self._doc(doc["id"])
                if old is not None and old["kind"] != doc["kind"]:
                    raise StoreError(f"Id {doc['id']} already belongs to a {old['kind']}.")
                merged = merge_docs(dict(old) if old else None, doc)
                if old is not None and merged == old:
                    continue
                if old is None:
                    added += 1
                    merged["owner"] = merged.get("owner") or self.device
                else:
                    changed += 1
                out.append(merged)
                if merged.get("updated"):
                    try:
                        self.clock.observe(merged["updated"])
                    except ValueError:
                        pass
            self._commit(out)
        return added, changed

    def _commit(self, docs: list[dict]) -> None:
        if not docs:
            return
        if self.read_only:
            raise StoreError("This copy of the data was opened only for reading; nothing was saved.")
        self._log.append(docs)  # durable first, then visible
        by_kind: dict[str, list[dict]] = {}
        for doc in docs:
            by_kind.setdefault(doc["kind"], []).append(doc)
        for kind, group in by_kind.items():
            rows = self._rows(kind)
            dates = self._dates.get(kind)
            date_field = RECORD_TYPES[kind].DATE_FIELD
            for doc in group:
                where = self._where.get(doc["id"])
                if where is None:
                    where = self._where[doc["id"]] = (kind, self._next_id[kind])
                    self._next_id[kind] += 1
                elif dates is not None:
                    dates.remove(rows[str(where[1])].get(date_field), doc["id"])
                if dates is not None:
                    dates.add(doc.get(date_field), doc["id"])
                rows[str(where[1])] = doc
            self._db.table(kind).clear_cache()  # TinyDB caches query results per table

    def _rows(self, kind: str) -> dict[str, dict]:
        """TinyDB's documents of one kind, as its storage holds them ({doc id: document}).

        Why not TinyDB's table methods: each call copies every document of the
        table (insert and update rebuild it), so a save would cost time in
        proportion to years of history. Reading and writing the storage's
        dict is O(1) per record; TinyDB's queries still see the same data."""
        return self._tables[kind]
    # ---- health --------------------------------------------------------
    def check(self) -> list[str]:
        """Problems found in stored documents (empty when all is well)."""
        problems = []
        with self._lock:
            docs = list(self._all_docs())
        for doc in docs:
            try:
                parse_record(dict(doc))
            except (ValidationError, ValueError) as exc:
                detail = plain_errors(exc) if isinstance(exc, ValidationError) else str(exc)
                problems.append(f"{doc.get('kind')} {doc.get('id')}: {detail}")
        return problems

    @property
    def journal_lines(self) -> int:
        return self._log.journal_lines
