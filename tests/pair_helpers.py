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


def open_pair(root: Path, passphrase: str | None = PASS, names: tuple[str, str] = ("", "")):
    """Two people in one pair: the mentee starts it in the shared folder and the
    mentor joins (`names`: what each calls the other). Returns mentee, mentor,
    the pair file and the pair's id; the caller closes both."""
    mentee, mentor, path = open_people(root)
    info = mentee.pair.start(path, "mentee", names[0], passphrase=passphrase)
    mentor.pair.join(path, "mentor", names[1], passphrase=passphrase)
    return mentee, mentor, path, info.id


def open_two_mentees(root: Path):
    """One mentor in two pairs, with Ana and with Bo. Returns Ana, Bo, the mentor,
    and the two pair ids (Ana's, Bo's); the caller closes all three."""
    first, mentor, path_a = open_people(root)
    second = Trellis.open(root / "second")
    path_b = path_a.with_name("other.trellis")
    a = first.pair.start(path_a, "mentee", passphrase=PASS).id
    b = second.pair.start(path_b, "mentee", passphrase=PASS).id
    mentor.pair.join(path_a, "mentor", "Ana", passphrase=PASS)
    mentor.pair.join(path_b, "mentor", "Bo", passphrase=PASS)
    return first, second, mentor, a, b


def open_devices(root: Path):
    """One person's phone and laptop kept in step through one device file:
    the phone starts it, the laptop joins. The caller closes both."""
    phone, laptop = Trellis.open(root / "phone"), Trellis.open(root / "laptop")
    path = root / "devices.trellis"
    phone.pair.devices_start(path, PASS)
    laptop.pair.devices_join(path, PASS)
    return phone, laptop, path


def share_goal(mentee: Trellis, mentor: Trellis, title: str) -> Goal:
    """A new goal the mentee shares, synced to the mentor."""
    goal = add_goal(mentee, title)
    mentee.pair.share(goal.id)
    mentee.pair.sync()
    mentor.pair.sync()
    return goal


def shared_bytes(folder: Path) -> bytes:
    """Every byte of every file in the shared folder (temp files and copies too)."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())
