"""Export and import: a person's own copy of their data, and a way back in.

JSON exports carry every field, the clock stamps and the tombstones, so that
importing merges field by field: importing the same file twice changes
nothing the second time. CSV is for reading in a spreadsheet.

Exports are written atomically (a private temp file, fsynced, renamed), are
readable by this account only (0600), and a failed export leaves nothing
behind. Imports read the file as a stream, never the whole text at once:

- only a regular file is read (a pipe, device or folder is refused before
  anything is read, and it is opened non-blocking so a pipe swapped in
  cannot hang while the store is locked);
- at most MAX_IMPORT_BYTES are read (a file that grows past it is refused);
- one JSON value (a record, or a header field) is at most MAX_ITEM_CHARS.

Memory while importing is therefore one read chunk (1 MiB) plus one item
being parsed (at most 4 M characters) plus the records read so far, which the
store holds anyway once they are merged.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from .content import Content
from .models import SCHEMA_VERSION
from .private_files import atomic_private, plain_os_error
from .spreadsheet import export_zip
from .store import Store, StoreError

EXPORT_FORMAT = "trellis-export"

# The cap, computed: a 12-year export with long notes measured 70 MB (issue 7),
# about 5.8 MB a year, so a 30-year export is about 175 MB. 256 MiB (268 MB)
# fits it with half as much again to spare for longer notes.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
# One record holds at most a few dozen text fields of 5,000 characters;
# 4 M characters is far beyond any real one and keeps a single item bounded.
MAX_ITEM_CHARS = 4 * 1024 * 1024
_CHUNK = 1024 * 1024
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


# ---- export --------------------------------------------------------------------
def _check_destination(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder: give a file name for the export, for example {path / 'trellis-export.json'}")
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist, so nothing was written")


def export(store: Store, path: Path, fmt: str = "json", content: Content | None = None) -> int:
    """Write every record (tombstones too) to path as JSON, the full backup;
    or, with fmt "csv", a ZIP of spreadsheets (app/spreadsheet.py) for
    reading, not for importing back. Returns the count of records or rows."""
    if fmt not in ("json", "csv"):
        raise StoreError(f"Unknown export format {fmt!r}: use json or csv.")
    path = Path(path)
    _check_destination(path)
    try:
        if fmt == "csv":
            return sum(export_zip(store, path, content).values())
        docs = sorted(store.raw_docs(), key=lambda d: (d["kind"], d["id"]))
        with atomic_private(path) as handle:
            count = _write_json(handle, docs)
    except OSError as exc:
        raise StoreError(f"Cannot write {path}: {plain_os_error(exc)}. Nothing was written") from None
    return count


def _write_json(handle: BinaryIO, docs: list[dict]) -> int:
    # One record per line, written as it goes: the export is never held in memory twice.
    head = {
        "format": EXPORT_FORMAT,
        "schema": SCHEMA_VERSION,
        "exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    handle.write(json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "records": [')
    for index, doc in enumerate(docs):
        line = json.dumps(doc, ensure_ascii=False, sort_keys=True)
        handle.write((("," if index else "") + "\n" + line).encode("utf-8"))
    handle.write(b"\n]}\n")
    return len(docs)


# ---- import --------------------------------------------------------------------
class _NotJson(Exception):
    pass


class _Stream:
    """JSON values read one at a time from a file, with bounded buffers."""

    def __init__(self, handle: BinaryIO, path: Path):
        self.handle = handle
        self.path = path
        self.text = ""
        self.pos = 0
        self.read = 0
        self.eof = False
        self.utf8 = codecs.getincrementaldecoder("utf-8")()

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(_CHUNK)
        self.read += len(chunk)
        if self.read > MAX_IMPORT_BYTES:
            raise StoreError(f"{self.path} is larger than any Trellis export ({MAX_IMPORT_BYTES // 2**20} MiB at most)")
        try:
            more = self.utf8.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise _NotJson from None
        self.eof = not chunk
        self.text = self.text[self.pos:] + more
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _NotJson
        self.pos += 1

    def value(self):
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                value, end = None, -1
            except RecursionError:
                raise StoreError(f"{self.path} is nested too deeply to be a Trellis export") from None
            # A value that ends where the text read so far ends may go on (a number).
            if end != -1 and (end < len(self.text) or self.eof):
                self.pos = end
                return value
            if len(self.text) - self.pos > MAX_ITEM_CHARS:
                raise StoreError(f"{self.path} holds an item far larger than any Trellis record")
            if not self._fill():
                if end != -1:
                    self.pos = end
                    return value
                raise _NotJson


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, or a plain StoreError if it is not a regular file."""
    try:
        before = os.stat(path)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {plain_os_error(exc)}") from None
    if stat.S_ISDIR(before.st_mode):
        raise StoreError(f"{path} is a folder: give the file that trellis export wrote")
    if not stat.S_ISREG(before.st_mode):
        raise StoreError(f"{path} is not a file (a device, pipe or socket); import reads a file that trellis export wrote")
    if before.st_size > MAX_IMPORT_BYTES:
        raise StoreError(
            f"{path} is too large to be a Trellis export ({before.st_size // 1_000_000} MB; "
            f"at most {MAX_IMPORT_BYTES // 2**20} MiB)"
        )
    try:
        # Non-blocking: if a pipe took the file's place since the check, opening cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {plain_os_error(exc)}") from None
    now = os.fstat(fd)
    if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise StoreError(f"{path} changed while it was being opened; try again")
    return os.fdopen(fd, "rb")


def read_export(path: Path) -> list[dict]:
    """The records of a Trellis JSON export, or a StoreError saying plainly why not."""
    path = Path(path)
    not_export = f"{path} is not a Trellis export (import reads the JSON export; CSV is for spreadsheets)"
    with _open_regular(path) as handle:
        stream = _Stream(handle, path)
        header: dict = {}
        records = None
        try:
            stream.expect("{")
            while stream.peek() != "}":
                key = stream.value()
                if not isinstance(key, str):
                    raise _NotJson
                stream.expect(":")
                if key == "records" and stream.peek() == "[":
                    records = _read_records(stream, path)
                else:
                    header[key] = stream.value()
                    if key == "format" and header[key] != EXPORT_FORMAT:
                        raise StoreError(not_export)  # before reading the rest of a foreign file
                if stream.peek() == ",":
                    stream.pos += 1
                elif stream.peek() != "}":
                    raise _NotJson
            stream.pos += 1
            if stream.peek() != "":
                raise _NotJson
        except (_NotJson, OSError):
            raise StoreError(not_export) from None
    if header.get("format") != EXPORT_FORMAT:
        raise StoreError(not_export)
    schema = header.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema > SCHEMA_VERSION:
        raise StoreError(f"{path} was made by a newer Trellis (data version {schema}). Update Trellis to import it.")
    if records is None:
        raise StoreError(f"{path} is damaged: its list of records cannot be read.")
    return records


def _read_records(stream: _Stream, path: Path) -> list[dict]:
    stream.expect("[")
    records: list[dict] = []
    while stream.peek() != "]":
        record = stream.value()
        if not isinstance(record, dict):
            raise StoreError(f"{path} is damaged: its list of records cannot be read.")
        records.append(record)
        if stream.peek() == ",":
            stream.pos += 1
        elif stream.peek() != "]":
            raise _NotJson
    stream.pos += 1
    return records


def import_file(store: Store, path: Path) -> tuple[int, int]:
    """Merge an export into the store; returns (added, changed). Nothing changes on error."""
    return store.merge(read_export(path))
