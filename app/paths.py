"""Where Trellis keeps its data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "Trellis"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir wins, then TRELLIS_DATA_DIR, then the packaged app's storage
    (FLET_APP_STORAGE_DATA, kept across app updates), then the platform's user
    data directory. An explicit empty folder name is refused: falling back to
    the real data folder would put a test's or script's writes among the
    person's own data."""
    if explicit is not None and not str(explicit).strip():
        raise ValueError("The data folder name is empty: give a folder, or leave the option out")
    for candidate in (explicit, os.environ.get("TRELLIS_DATA_DIR"), os.environ.get("FLET_APP_STORAGE_DATA")):
        if candidate:
            return Path(candidate).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
