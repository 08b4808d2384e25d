"""Unsaved answers and small device choices, kept on this device only.

A draft is what someone picked before tapping "Not today" or closing the app:
it is not a record (it is never synced, exported or shared), so it lives
beside the store in its own small file, `drafts.json`, readable by this user
only (0600), rewritten whole and atomically (it holds a handful of keys).
Why not a record kind: records carry sync metadata and are merged with other
devices; a half-answered check-in must never travel, and dropping it must
leave no tombstone behind. A damaged file means "no drafts", never a crash.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from .private_files import mkdir_private, write_private

FILE = "drafts.json"
MAX_BYTES = 256 * 1024  # a draft is small; a huge file is not ours to parse


class Drafts:
    def __init__(self, directory: Path | str):
        self.path = Path(directory) / FILE
        self._lock = threading.Lock()

    @classmethod
    def beside(cls, trellis) -> "Drafts":
        """The drafts of the store a Trellis has open."""
        return cls(trellis.store.dir)

    def _read(self) -> dict[str, Any]:
        try:
            if self.path.stat().st_size > MAX_BYTES:
                return {}
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        mkdir_private(self.path.parent)
        write_private(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._read().get(key, default)

    def put(self, key: str, value: Any) -> None:
        """Keep a JSON-able value under `key` (OSError if the folder cannot be written)."""
        json.dumps(value)  # fail before touching the file
        with self._lock:
            data = self._read()
            data[key] = value
            self._write(data)

    def drop(self, key: str) -> None:
        with self._lock:
            data = self._read()
            if key in data:
                del data[key]
                self._write(data)
