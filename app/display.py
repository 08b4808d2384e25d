"""How this device shows Trellis: preferences that belong to one screen and
one pair of eyes, not to the person's records (so never synced or exported).

Kept in display.json in the data folder. A missing or damaged file means
the defaults; the next change writes a good one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .private_files import mkdir_private, write_private

DISPLAY_FILE = "display.json"
DEFAULTS = {"high_contrast": False}


class DisplayPrefs:
    def __init__(self, directory: str | os.PathLike):
        self.path = Path(directory) / DISPLAY_FILE

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return dict(DEFAULTS)
        out = dict(DEFAULTS)
        if isinstance(data, dict):
            for key, default in DEFAULTS.items():
                if isinstance(data.get(key), type(default)):
                    out[key] = data[key]
        return out

    @property
    def high_contrast(self) -> bool:
        return self.read()["high_contrast"]

    def save(self, **changes) -> None:
        unknown = set(changes) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"unknown display setting: {', '.join(sorted(unknown))}")
        data = {**self.read(), **{k: type(DEFAULTS[k])(v) for k, v in changes.items()}}
        mkdir_private(self.path.parent)
        write_private(self.path, json.dumps(data).encode("utf-8"))
