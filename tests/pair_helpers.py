"""Builders for the pair engine tests: two data folders and one shared folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import pair
from app.models import Goal
from app.services import Trellis
from tests.pairfile_helpers import fast_params

PASS = "quiet river stones"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    # The cheapest Argon2id the reader accepts, so tests derive keys quickly.
    monkeypatch.setattr(pair, "new_kdf_params", lambda: fast_params(os.urandom(16)))


def open_people(root: Path):
    shared = root / "shared"
    shared.mkdir(exist_ok=True)
    return Trellis.open(root / "mentee"), Trellis.open(root / "mentor"), shared / "pair.trellis"


def add_goal(t: Trellis, title: str, **extra) -> Goal:
    goal, _ = t.goals.save_goal(Goal(title=title, **extra))
    return goal


def shared_bytes(folder: Path) -> bytes:
    """Every byte of every file in the shared folder (temp files and copies too)."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())
