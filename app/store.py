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
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from .dateindex import DateIndex
from .filelock import DirectoryLock, StoreLockedError
from .hlc import WALL_DIGITS, HybridClock, is_stamp
from .identity import load_identity
from .journal import OWN_NAMES, PURGED, DurableLog, StoreTooNewError
from .merge import NOUNS, MergeReport, OwnerConflict, changes_between, describe, merge_docs
from .models import RECORD_TYPES, SCHEMA_VERSION, GoalReflection, Record, parse_record, plain_errors, scrub_doc
from .private_files import mkdir_private, plain_os_error, tighten

__all__ = [
    "Store", "StoreError", "StoreLockedError", "StoreTooNewError", "RecordNotFound", "RecordDeleted",
    "MergeRefused", "MergeReport",
]

R = TypeVar("R", bound=Record)

# Fold the journal into the snapshot on close once it holds this many saves.
COMPACT_AFTER_LINES = 2000


class StoreError(Exception):
    """A problem the person can be told about in one line."""


class RecordNotFound(StoreError):
    pass


class RecordDeleted(RecordNotFound):
    """A change to a record that was deleted meanwhile (restore brings it back)."""


class MergeRefused(StoreError):
    """A merge that was refused as a whole; nothing changed."""


def _reflection_id(goal_id: str, day: object, text: object, occurrence: int) -> str:
    """The same id on every device that migrates the same goal, so that two
    devices migrating one goal do not end up with two copies of a note."""
    key = json.dumps([goal_id, day, text, occurrence], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _goal_v1_to_v2(doc: dict) -> list[dict]:
    """A version-1 goal kept its reflections in a list (one last-writer-wins cell:
    two devices each adding one kept one). Version 2 keeps each as a record."""
    doc = dict(doc)
    stamps = dict(doc.get("stamps") or {})
    notes = doc.pop("reflections", None)
    stamp = stamps.pop("reflections", None) or doc.get("updated", "")
    doc["stamps"] = stamps
    out = [doc]
    seen: dict[tuple, int] = {}
    for note in notes if isinstance(notes, list) else []:
        if not isinstance(note, dict):
            continue
        day, text = note.get("day"), note.get("text")
        occurrence = seen[(day, text)] = seen.get((day, text), 0) + 1
        content = {"goal_id": doc.get("id"), "day": day, "text": text,
                   "deleted": bool(doc.get("deleted")), "shared": bool(doc.get("shared"))}
        out.append({
            "id": _reflection_id(str(doc.get("id")), day, text, occurrence),
            "kind": GoalReflection.KIND,
            "owner": doc.get("owner", ""),
            "updated": stamp,
            "stamps": {name: stamp for name in content} if stamp else {},
            "version": 2,
            **content,
        })
    return out


def _migrate(doc: dict) -> list[dict]:
    """Bring a document from an older schema version to this one; a migration
    may turn one document into several (1 -> 2: a goal and its notes)."""
    version = doc.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
        raise StoreTooNewError(
            f"A record was saved by a newer Trellis (data version {version}); "
            f"this one reads up to version {SCHEMA_VERSION}. Update Trellis to open it."
        )
    docs = [doc]
    if version < 2:
        docs = _goal_v1_to_v2(doc) if doc.get("kind") == "goal" else [doc]
        # Version 1 took any text; what cannot be shown is taken out, so every record reads back.
        docs = [scrub_doc(each) for each in docs]
        for each in docs:
            each["version"] = 2
    return docs


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
            identity = load_identity(self.dir, read_only=read_only)
            self.device, self.person = identity.device, identity.person
            if not read_only:
                tighten(self.dir, OWN_NAMES)  # a device id written just now
            self.clock = HybridClock(self.device, wall)
            self._log = DurableLog(self.dir, read_only=read_only)
            loaded = self._log.load(SCHEMA_VERSION)
            self.notices += identity.notices + loaded.notices
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
        skipped = ahead = 0
        limit = self.clock.ahead_limit()
        self._migrated = False
        for raw in docs:
            if raw.get("kind") not in tables:
                skipped += 1
                continue
            migrated = _migrate(raw)
            self._migrated = self._migrated or migrated[0] is not raw
            for doc in migrated:
                kind = doc.get("kind")
                if kind not in tables:
                    skipped += 1
                    continue
                table = tables[kind]
                where = self._where.get(doc["id"])
                if where is not None and where[0] == kind:
                    doc_id = where[1]  # a note migrated again (same id): the newer copy wins
                else:
                    doc_id = len(table) + 1
                table[str(doc_id)] = doc
                self._where[doc["id"]] = (kind, doc_id)
                stamp = doc.get("updated", "")
                if stamp[:WALL_DIGITS] > limit:
                    ahead += 1  # written under a wrong clock: do not follow it
                elif stamp > latest:
                    latest = stamp
        if skipped:
            self.notices.append(f"{skipped} saved items of an unknown kind were left out.")
        if ahead:
            self.notices.append(
                f"{ahead} saved items carry a time more than a day ahead of this device's clock "
                "(perhaps the clock was wrong once). New changes use the right time again."
            )
        # Bulk load straight into the storage: inserting one by one is quadratic in TinyDB.
        self._db.storage.write(tables)
        self._tables: dict[str, dict[str, dict]] = self._db.storage.read()
        self._next_id = {kind: len(table) + 1 for kind, table in tables.items()}
        self._dates = {
            kind: DateIndex((doc.get(model.DATE_FIELD), doc["id"]) for doc in tables[kind].values())
            for kind, model in RECORD_TYPES.items()
            if model.DATE_FIELD
        }
        if latest and is_stamp(latest):
            self.clock.observe(latest)

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

    def raw_doc(self, record_id: str) -> dict | None:
        """A plain copy of one stored document (tombstones too), or None."""
        with self._lock:
            doc = self._doc(record_id)
            return dict(doc) if doc is not None else None

    def raw_docs(self, kinds: Iterable[str] | None = None, *, copy: bool = True) -> list[dict]:
        """Plain copies of stored documents, tombstones included (for export).

        copy=False hands out the stored documents themselves, for a caller
        that only reads them at once (pair sync's projection): never change them."""
        with self._lock:
            selected = RECORD_TYPES if kinds is None else kinds
            if not copy:
                return [doc for kind in selected for doc in self._rows(kind).values()]
            return [dict(doc) for kind in selected for doc in self._rows(kind).values()]

    def ids(self, *, include_deleted: bool = False) -> set[str]:
        """The ids of the records held (live ones unless include_deleted)."""
        with self._lock:
            if include_deleted:
                return set(self._where)
            return {i for i in self._where if not self._doc(i).get("deleted")}

    # ---- writing -------------------------------------------------------
    def _stamp(self, doc: dict, old: dict | None, stamp: Callable[[], str]) -> bool:
        """Give each changed field a new stamp; False (and nothing stamped) when nothing changed."""
        model = RECORD_TYPES[doc["kind"]]
        names = [n for n in model.content_fields() if old is None or old.get(n) != doc.get(n)]
        if old is not None and not names:
            return False
        now = stamp()
        stamps = dict(old["stamps"]) if old else {}
        stamps.update((name, now) for name in names)
        doc["stamps"] = stamps
        doc["updated"] = now
        # The owner is set when a record is made and never moves.
        doc["owner"] = (old or {}).get("owner") or doc.get("owner") or self.person
        doc["version"] = SCHEMA_VERSION
        return True

    @staticmethod
    def _validated(model: type[Record], doc: dict) -> dict:
        """The document as the complete model would store it, or the model's ValidationError."""
        return model.model_validate(doc).model_dump(mode="json")

    def save(self, record: R) -> R:
        """Durably save one record; returns it as stored (with owner and stamps).

        Meant for new records; an edit of a stored record should be a patch,
        so that fields this copy did not mean to change are left as they are."""
        return self.save_many([record])[0]

    def save_many(self, records: list[R]) -> list[R]:
        """Save several records with one fsync; all or none, each validated
        as a complete model before anything is written. A deleted record is
        not brought back by saving a copy of it (see restore)."""
        with self._lock:
            out: list[dict] = []
            changed: list[dict] = []
            seen: set[str] = set()
            for record in records:
                doc = self._validated(type(record), record.model_dump(mode="json"))
                if doc["id"] in seen:
                    raise StoreError(f"Id {doc['id']} is in this save twice.")
                seen.add(doc["id"])
                old = self._doc(doc["id"])
                if old is not None and old["kind"] != doc["kind"]:
                    raise StoreError(f"Id {doc['id']} already belongs to a {old['kind']}.")
                if old is not None and old.get("deleted") and not doc.get("deleted"):
                    raise RecordDeleted(f"This {NOUNS[old['kind']]} was deleted, so the change was not saved.")
                if self._stamp(doc, old, self.clock.now):
                    changed.append(doc)
                else:
                    doc = dict(old)  # nothing new: no write, same stamps
                out.append(doc)
            self._commit(changed)
            return [type(r).model_validate(d) for d, r in zip(out, records)]

    def patch(self, model: type[R], record_id: str, changes: dict, *, restore: bool = False) -> R:
        """Change named fields of a stored record (and only those).

        The change is applied to the stored document under the lock, so a copy
        read earlier never writes its old values back; the result is validated
        as the complete model before anything is written, and only fields whose
        value differs get a new stamp. A deleted record is refused plainly,
        unless restore=True brings it back."""
        return self.patch_many([(model, record_id, changes)], restore=restore)[0]

    def patch_many(self, patches: list[tuple[type[Record], str, dict]], *, restore: bool = False) -> list:
        """Several patches with one fsync; all or none."""
        with self._lock:
            out: list[dict] = []
            changed: list[dict] = []
            seen: set[str] = set()
            for model, record_id, changes in patches:
                unknown = set(changes) - set(model.content_fields())
                if unknown:
                    raise StoreError(f"{', '.join(sorted(unknown))} cannot be changed by an edit.")
                if record_id in seen:
                    raise StoreError(f"Id {record_id} is in this change twice.")
                seen.add(record_id)
                old = self._doc(record_id)
                if old is None or old["kind"] != model.KIND:
                    raise RecordNotFound(f"No {model.KIND} with id {record_id}.")
                if old.get("deleted") and not restore:
                    raise RecordDeleted(f"This {NOUNS[model.KIND]} was deleted, so the change was not saved.")
                doc = {**old, **changes}
                if restore:
                    doc["deleted"] = False
                doc = self._validated(model, doc)
                if self._stamp(doc, old, self.clock.now):
                    changed.append(doc)
                else:
                    doc = old
                out.append(doc)
            self._commit(changed)
            return [model.model_validate(dict(d)) for d, (model, _, _) in zip(out, patches)]

    def delete(self, model: type[R], record_id: str) -> R:
        """Keep a tombstone, so a later sync or import never brings it back."""
        return self.patch(model, record_id, {"deleted": True})

    def restore(self, model: type[R], record_id: str) -> R:
        """Bring a deleted record back, as it was when it was deleted."""
        return self.patch(model, record_id, {}, restore=True)

    def purge(self, ids: Iterable[str]) -> int:
        """Remove records for good (not a tombstone): the other side's copy of an
        item its owner withdrew. One durable journal line per record, then a
        compaction, so the text leaves the journal and every later snapshot.
        Returns how many records were removed."""
        with self._lock:
            found = [i for i in dict.fromkeys(ids) if i in self._where]
            if not found:
                return 0
            self._commit([], purged=found)
            self._log.compact(list(self._all_docs()), SCHEMA_VERSION)
            return len(found)

    def merge(self, docs: list[dict], *, purge: Iterable[str] = ()) -> MergeReport:
        """Merge documents from an export or the pair (field by field, newest wins).

        All or nothing: every document is checked first, and one that cannot be
        taken (invalid, from a newer Trellis, a stamp that is not a stamp, one
        id for two kinds, another owner for a record we have, a second
        check-in for one day) refuses the whole batch with a MergeRefused that
        says which and why. A document stamped more than a day ahead of this
        device's clock is held back: not merged, counted in the report, and
        taken on a later try once the clock has caught up.

        `purge`: ids to remove for good in the same durable save (see purge);
        an incoming document with one of these ids is not merged.

        Returns a MergeReport (which also unpacks as (added, changed))."""
        report = MergeReport()
        purge = set(purge)
        docs = [d for d in docs if not (isinstance(d, dict) and d.get("id") in purge)]
        with self._lock:
            limit = self.clock.ahead_limit()
            incoming: dict[str, tuple[int, dict]] = {}
            for index, raw in enumerate(docs, start=1):
                for doc in self._checked_incoming(index, raw):
                    if max([doc["updated"], *doc["stamps"].values()])[:WALL_DIGITS] > limit:
                        report.held_back += 1
                        continue
                    first = incoming.get(doc["id"])
                    if first is not None:
                        if first[1]["kind"] != doc["kind"]:
                            raise MergeRefused(
                                f"Items {first[0]} and {index} use one id for a {first[1]['kind']} "
                                f"and a {doc['kind']}; nothing was imported."
                            )
                        try:
                            doc = merge_docs(first[1], doc)
                        except OwnerConflict:
                            raise MergeRefused(
                                f"Items {first[0]} and {index} are one record with two different owners; "
                                "nothing was imported."
                            ) from None
                        index = first[0]
                    incoming[doc["id"]] = (index, doc)
            out: list[dict] = []
            olds: dict[str, dict | None] = {}
            for index, doc in incoming.values():
                old = self._doc(doc["id"])
                if old is not None and old["kind"] != doc["kind"]:
                    raise MergeRefused(
                        f"Item {index} is a {doc['kind']} with the id of a {old['kind']} you have; nothing was imported."
                    )
                try:
                    merged = merge_docs(dict(old) if old else None, doc)
                except OwnerConflict:
                    raise MergeRefused(
                        f"Item {index} ({describe(doc)}) names another owner than your copy; "
                        "a record never changes hands, so nothing was imported."
                    ) from None
                if old is not None and merged == old:
                    report.unchanged += 1
                    continue
                try:
                    merged = self._validated(RECORD_TYPES[doc["kind"]], merged)
                except ValidationError as exc:
                    raise MergeRefused(f"Item {index} cannot be merged: {plain_errors(exc)}; nothing was imported.") from None
                olds[doc["id"]] = old
                out.append(merged)
            self._check_one_per_day(out)
            for merged in out:
                old = olds[merged["id"]]
                if old is None:
                    report.added += 1
                else:
                    report.changed += 1
                report.changes += changes_between(old, merged)
            purged = [i for i in sorted(purge) if i in self._where]
            self._commit(out, purged=purged)
            if purged:
                self._log.compact(list(self._all_docs()), SCHEMA_VERSION)
            newest = max((d["updated"] for d in out), default="")
            if newest:
                self.clock.observe(newest)  # only stamps that were taken move the clock
        return report

    def _checked_incoming(self, index: int, raw: object) -> list[dict]:
        """One incoming document, migrated and validated, or MergeRefused."""
        if not isinstance(raw, dict):
            raise MergeRefused(f"Item {index} is not a record; nothing was imported.")
        try:
            migrated = _migrate(raw)
        except StoreTooNewError:
            raise MergeRefused(
                f"Item {index} was saved by a newer Trellis (data version {raw.get('version')}); "
                "update Trellis to import it. Nothing was imported."
            ) from None
        out = []
        for doc in migrated:
            try:
                doc = parse_record(doc).model_dump(mode="json")
            except (ValidationError, ValueError) as exc:
                detail = plain_errors(exc) if isinstance(exc, ValidationError) else str(exc)
                raise MergeRefused(f"Item {index} cannot be imported: {detail}. Nothing was imported.") from None
            fields = set(RECORD_TYPES[doc["kind"]].content_fields())
            stamps = [doc["updated"], *doc["stamps"].values()]
            if not all(is_stamp(stamp) for stamp in stamps) or set(doc["stamps"]) - fields:
                raise MergeRefused(
                    f"Item {index} ({describe(doc)}) has a clock stamp Trellis cannot read; nothing was imported."
                )
            if not doc["owner"]:
                raise MergeRefused(f"Item {index} ({describe(doc)}) names no owner; nothing was imported.")
            out.append(doc)
        return out

    def _check_one_per_day(self, docs: list[dict]) -> None:
        """Refuse a merge that would leave two live check-ins on one day (or
        two weekly reflections in one week)."""
        by_id = {d["id"]: d for d in docs}
        for kind in ("selfcare", "resilience"):
            date_field = RECORD_TYPES[kind].DATE_FIELD
            days = {d.get(date_field) for d in docs if d["kind"] == kind and not d.get("deleted")}
            for day in days:
                live = {i for i in self._dates[kind].ids_on(day) if i not in by_id and not self._doc(i).get("deleted")}
                live |= {
                    d["id"] for d in docs if d["kind"] == kind and d.get(date_field) == day and not d.get("deleted")
                }
                if len(live) > 1:
                    noun = "check-ins" if kind == "selfcare" else "weekly reflections"
                    raise MergeRefused(f"This would make two {noun} for {day}; nothing was imported.")

    def _commit(self, docs: list[dict], purged: list[str] = ()) -> None:
        if not docs and not purged:
            return
        if self.read_only:
            raise StoreError("This copy of the data was opened only for reading; nothing was saved.")
        self._log.append([*docs, *({"id": i, PURGED: True} for i in purged)])  # durable first, then visible
        for record_id in purged:
            kind, doc_id = self._where.pop(record_id)
            old = self._rows(kind).pop(str(doc_id))
            dates = self._dates.get(kind)
            if dates is not None:
                dates.remove(old.get(RECORD_TYPES[kind].DATE_FIELD), record_id)
            self._db.table(kind).clear_cache()
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
    def adopt_person(self, person: str) -> int:
        """Make every record owned by this device's person owned by `person`
        (joining one's own device file); returns how many changed. The store
        is compacted so no record names the old owner afterwards."""
        from .identity import set_person

        with self._lock:
            old = self.person
            changed = 0
            for doc in self._all_docs():
                if doc.get("owner") == old:
                    doc["owner"] = person
                    changed += 1
            self._log.compact(list(self._all_docs()), SCHEMA_VERSION)
            set_person(self.dir, person)
            self.person = person
            return changed

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
