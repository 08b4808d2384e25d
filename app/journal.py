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
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

SNAPSHOT_NAME = "store.jsonl"
STORE_FORMAT = "trellis-store"
SET_ASIDE_DIR = "set-aside"


class StoreTooNewError(Exception):
    pass


def encode_line(doc: dict) -> bytes:
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode_line(raw: bytes) -> dict | None:
    """The document on a line, or None when the line is torn or damaged."""
    if len(raw) < 11 or raw[8:9] != b" " or not raw.endswith(b"\n"):
        return None
    body = raw[9:-1]
    try:
        if int(raw[:8], 16) != zlib.crc32(body):
            return None
        doc = json.loads(body)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def fsync_file(fd: int) -> None:
    if sys.platform == "darwin":  # plain fsync on macOS does not reach the disk
        import fcntl

        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
    elif hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:  # pragma: no cover
        os.fsync(fd)


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened there
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class LoadResult:
    docs: dict[str, dict]
    schema: int
    notices: list[str] = field(default_factory=list)
    journal_lines: int = 0
    dropped_torn_tail: bool = False
    damaged: bool = False


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
            self.generation = int(header.get("generation", 0))
        bad = 0
        for raw in lines[1:] if good_header else lines:
            doc = decode_line(raw)
            if doc is None or "id" not in doc:
                bad += 1
                continue
            result.docs[doc["id"]] = doc
        expected = header.get("count") if good_header else None
        if not good_header or bad or (isinstance(expected, int) and expected != len(lines) - 1):
            kept = self.set_aside(path)
            result.damaged = True
            result.notices.append(
                f"Part of your saved data could not be read. The damaged file is kept at {kept}. "
                f"{len(result.docs)} records were recovered."
            )

    def _load_journal(self, path: Path, result: LoadResult) -> None:
        with open(path, "rb") as handle:
            lines = handle.readlines()
        good_end = 0  # byte offset after the last good line
        offset = 0
        bad_before_good = 0
        pending_bad = 0
        for raw in lines:
            offset += len(raw)
            doc = decode_line(raw)
            if doc is None or "id" not in doc:
                pending_bad += 1
                continue
            bad_before_good += pending_bad
            pending_bad = 0
            result.docs[doc["id"]] = doc
            result.journal_lines += 1
            good_end = offset
        if bad_before_good:
            kept = self.set_aside(path, copy=True)
            result.damaged = True
            result.notices.append(
                f"{bad_before_good} damaged lines in your recent saves were skipped; "
                f"the file as it was is kept at {kept}."
            )
        if pending_bad:
            # A save cut off by a crash before it was confirmed: drop it so the
            # next save does not land glued to its half line.
            result.dropped_torn_tail = True
            if not self.read_only:
                os.truncate(path, good_end)

    # ---- writing -------------------------------------------------------
    def _journal_path(self, gen: int) -> Path:
        return self.dir / f"journal-{gen}.jsonl"

    def _open_journal(self) -> None:
        path = self._journal_path(self.generation)
        created = not path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
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

    def compact(self, docs: list[dict], schema: int) -> None:
        """Fold the journal into a new snapshot; safe to interrupt at any instant."""
        new_gen = self.generation + 1
        header = {"format": STORE_FORMAT, "schema": schema, "generation": new_gen, "count": len(docs)}
        tmp = self.dir / (SNAPSHOT_NAME + ".tmp")
        with open(tmp, "wb") as handle:
            handle.write(encode_line(header))
            handle.write(b"".join(encode_line(doc) for doc in docs))
            handle.flush()
            fsync_file(handle.fileno())
        os.replace(tmp, self.dir / SNAPSHOT_NAME)
        fsync_dir(self.dir)
        old = self._journal_path(self.generation)
        self.close()
        self.generation = new_gen
        self.journal_lines = 0
        self._open_journal()
        if old.exists():
            old.unlink()

    def set_aside(self, path: Path, copy: bool = False) -> Path:
        if self.read_only:
            return path  # left where it is; the next normal open sets it aside
        folder = self.dir / SET_ASIDE_DIR
        folder.mkdir(exist_ok=True)
        target = folder / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}{path.suffix}"
        if copy:
            target.write_bytes(path.read_bytes())
        else:
            os.replace(path, target)
        fsync_dir(folder)
        fsync_dir(self.dir)
        return target

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
