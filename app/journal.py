"""Durable files behind the store: a snapshot and an append-only journal.

Why not TinyDB's JSON file: it rewrites the whole history in place on every
save, which costs tens of milliseconds at ten years of data and can leave a
truncated file after a crash. Here a save appends one checksummed line to the
journal and fsyncs it (well under a millisecond); the snapshot is rewritten
only on compaction, atomically (temp file, fsync, rename, fsync directory).

Both files hold one JSON document per line, each behind its CRC-32, so a torn
or damaged line is recognised and everything else is still recovered.

    store.jsonl            header line, then one line per record
    journal-<gen>.jsonl    records saved since snapshot generation <gen>
    set-aside/             damaged files, kept for the person, never deleted
"""

from __future__ import annotations

import json
import os
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .private_files import fsync_dir, fsync_file, mkdir_private, open_private, write_private

__all__ = ["DurableLog", "LoadResult", "Damage", "StoreTooNewError", "encode_line", "decode_line", "fsync_dir", "fsync_file"]

SNAPSHOT_NAME = "store.jsonl"
STORE_FORMAT = "trellis-store"
SET_ASIDE_DIR = "set-aside"
# Everything Trellis itself keeps in the data folder (glob patterns), so that
# making files private never touches anything else in a folder the person chose.
OWN_NAMES = (
    SNAPSHOT_NAME, SNAPSHOT_NAME + ".tmp", "journal-*.jsonl", SET_ASIDE_DIR,
    "device*.json", "device*.tmp", "trellis.lock",
    "drafts.json", "drafts.json.tmp", "lock.json", "lock.json.tmp", "display.json", "display.json.tmp",  # app/drafts.py: answers not saved yet, this device's choices
    # Pair sync (app/pair.py): this person's signing key and one folder per pair.
    "identity-key.json", "identity-key.json.tmp", "pairs",
)
# A journal line {"id": ..., "purged": true} drops that record for good (pair
# sync purges the other side's item once its owner withdrew it); compaction
# then writes a snapshot without it.
PURGED = "purged"


def is_purge_line(doc: dict) -> bool:
    return doc.get(PURGED) is True and "kind" not in doc


class StoreTooNewError(Exception):
    pass


def encode_line(doc: dict) -> bytes:
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode_line(raw: bytes) -> dict | None:
    """The document on a complete line, or None when the line is torn or damaged.

    A line ending in CRLF (a file converted by an editor or a copy tool) is
    read as if it ended in LF: the checksum covers the body only."""
    if not raw.endswith(b"\n"):
        return None
    body = raw[9:-1]
    if body.endswith(b"\r"):
        body = body[:-1]
    if len(raw) < 11 or raw[8:9] != b" ":
        return None
    try:
        if int(raw[:8], 16) != zlib.crc32(body):
            return None
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


@dataclass
class Damage:
    """A file holding complete lines that cannot be read (not a torn tail)."""

    path: Path
    bad_lines: int
    snapshot: bool
    missing: int = 0  # snapshot lines its header counts but the file lacks


@dataclass
class LoadResult:
    docs: dict[str, dict]
    schema: int
    notices: list[str] = field(default_factory=list)
    journal_lines: int = 0
    dropped_torn_tail: bool = False
    damage: list[Damage] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return bool(self.damage)


class DurableLog:
    def __init__(self, directory: Path, read_only: bool = False):
        # Read-only: another process may own the files; look, never touch.
        self.read_only = read_only
        self.dir = directory
        self.generation = 0
        self._fd: int | None = None
        self._size = 0
        self.journal_lines = 0

    # ---- reading -------------------------------------------------------
    def load(self, current_schema: int) -> LoadResult:
        docs: dict[str, dict] = {}
        result = LoadResult(docs=docs, schema=current_schema)
        snapshot = self.dir / SNAPSHOT_NAME
        if snapshot.exists():
            self._load_snapshot(snapshot, result, current_schema)
        for gen, path in self._journals():
            if gen < self.generation:
                if not self.read_only:
                    path.unlink()  # already folded into the snapshot by a compaction
                continue
            self._load_journal(path, result)
            self.generation = max(self.generation, gen)
        self.journal_lines = result.journal_lines
        if not self.read_only:
            self._open_journal()
        return result

    def _journals(self) -> list[tuple[int, Path]]:
        found = []
        for path in self.dir.glob("journal-*.jsonl"):
            try:
                found.append((int(path.stem.split("-", 1)[1]), path))
            except ValueError:
                continue
        return sorted(found)

    def _load_snapshot(self, path: Path, result: LoadResult, current_schema: int) -> None:
        with open(path, "rb") as handle:
            lines = handle.readlines()
        header = decode_line(lines[0]) if lines else None
        good_header = isinstance(header, dict) and header.get("format") == STORE_FORMAT
        if good_header:
            schema = header.get("schema")
            if not isinstance(schema, int) or schema > current_schema:
                raise StoreTooNewError(
                    f"This data was saved by a newer Trellis (data version {schema}); "
                    f"this one reads up to version {current_schema}. Update Trellis to open it."
                )
            result.schema = schema
            generation = header.get("generation", 0)
            self.generation = generation if isinstance(generation, int) and generation >= 0 else 0
        bad = 0
        for raw in lines[1:] if good_header else lines:
            doc = decode_line(raw)
            if doc is None or not isinstance(doc.get("id"), str):
                bad += 1
                continue
            result.docs[doc["id"]] = doc
        expected = header.get("count") if good_header else None
        missing = max(0, expected - (len(lines) - 1)) if isinstance(expected, int) else 0
        if not good_header or bad or missing:
            # Nothing is moved here: the repair (compact with keep_aside) writes
            # the new snapshot first and only then keeps this file aside.
            result.damage.append(Damage(path, bad, snapshot=True, missing=missing))

    def _load_journal(self, path: Path, result: LoadResult) -> None:
        with open(path, "rb") as handle:
            lines = handle.readlines()
        bad = 0
        if lines and not lines[-1].endswith(b"\n"):
            # A last line without its newline is a save cut off by a crash before
            # it was confirmed (a save is acknowledged only after its newline is
            # on disk): not damage. Trim it so the next save starts on a clean line.
            lines.pop()
            result.dropped_torn_tail = True
            if not self.read_only:
                os.truncate(path, sum(len(raw) for raw in lines))
        for raw in lines:
            doc = decode_line(raw)
            if doc is None or not isinstance(doc.get("id"), str):
                if raw.strip():  # a blank line holds nothing to lose
                    bad += 1
                continue
            if is_purge_line(doc):
                result.docs.pop(doc["id"], None)
            else:
                result.docs[doc["id"]] = doc
            result.journal_lines += 1
        if bad:
            # A complete line that does not read back was acknowledged once:
            # never dropped silently, kept aside by the repair and reported.
            result.damage.append(Damage(path, bad, snapshot=False))

    # ---- writing -------------------------------------------------------
    def _journal_path(self, gen: int) -> Path:
        return self.dir / f"journal-{gen}.jsonl"

    def _open_journal(self) -> None:
        path = self._journal_path(self.generation)
        created = not path.exists()
        self._fd = open_private(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        self._size = os.fstat(self._fd).st_size
        if created:
            fsync_dir(self.dir)

    def append(self, docs: Iterable[dict]) -> None:
        """Returns only once the documents are on disk."""
        data = b"".join(encode_line(doc) for doc in docs)
        if not data:
            return
        assert self._fd is not None, "journal is closed"
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            fsync_file(self._fd)
        except OSError:
            # Disk full or similar: take the partial line back so the journal stays clean.
            try:
                os.ftruncate(self._fd, self._size)
            except OSError:
                pass
            raise
        self._size += len(data)
        self.journal_lines += data.count(b"\n")

    def compact(self, docs: list[dict], schema: int, keep_aside: Iterable[Path] = ()) -> dict[Path, Path]:
        """Fold the journal into a new snapshot; safe to interrupt at any instant.

        `keep_aside`: damaged files to keep in set-aside/. They are kept only
        after the new snapshot is on disk, and by a hard link or a copy, never a
        move: at every instant one complete set of files is in place. Returns
        {damaged file: where its copy is}. On any error (a full disk) nothing
        has changed but a leftover set-aside copy, and the error is raised."""
        new_gen = self.generation + 1
        header = {"format": STORE_FORMAT, "schema": schema, "generation": new_gen, "count": len(docs)}
        snapshot = self.dir / SNAPSHOT_NAME
        tmp = self.dir / (SNAPSHOT_NAME + ".tmp")
        kept: dict[Path, Path] = {}
        try:
            with os.fdopen(open_private(tmp), "wb") as handle:
                handle.write(encode_line(header))
                handle.write(b"".join(encode_line(doc) for doc in docs))
                handle.flush()
                fsync_file(handle.fileno())
            for path in keep_aside:
                kept[path] = self.set_aside(path)
            os.replace(tmp, snapshot)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        fsync_dir(self.dir)
        self.close()
        self.generation = new_gen
        self.journal_lines = 0
        self._open_journal()
        for gen, path in self._journals():
            if gen < new_gen:  # folded into the snapshot just written
                path.unlink()
        return kept

    def set_aside(self, path: Path, copy: bool = True) -> Path:
        """Keep the file as it is now in set-aside/ (a hard link, else a copy) and
        return where; the file itself stays in place (`copy` is accepted for
        older callers: nothing is ever moved, the caller replaces the file
        afterwards). A file kept already (an earlier repair was interrupted)
        is not kept twice."""
        if self.read_only:
            return path  # left where it is; the next normal open keeps it aside
        folder = self.dir / SET_ASIDE_DIR
        mkdir_private(folder)
        data = None
        size = path.stat().st_size
        for existing in folder.iterdir():
            try:
                if existing.stat().st_size != size:
                    continue
                if os.path.samefile(existing, path):
                    return existing
                data = path.read_bytes() if data is None else data
                if existing.read_bytes() == data:
                    return existing
            except OSError:
                continue
        stem = f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        target = folder / f"{stem}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{stem}-{n}{path.suffix}"
        try:
            os.link(path, target)
        except OSError:  # no hard links here (some phones, FAT): a private copy
            write_private(target, path.read_bytes())
        fsync_dir(folder)
        return target

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
