"""Faults on the engine's level: bad files change nothing, kills never break
the file or the store, and clocks that disagree still converge."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import pairfile, pairstate
from app.models import Goal
from app.pair import PairError
from app.services import Trellis
from app.store import Store
from tests.pair_helpers import PASS, add_goal, fast_kdf, open_pair, share_goal  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def _local_files(t: Trellis) -> list[tuple[str, bytes]]:
    """What a sync may change on the device, but the pair's status line."""
    return sorted(
        (str(p), p.read_bytes()) for p in Path(t.store.dir).rglob("*")
        if p.is_file() and p.name not in ("state.json", "trellis.lock")
    )


@pytest.fixture
def locked_pair(tmp_path):
    mentee, mentor, path, _ = open_pair(tmp_path)
    share_goal(mentee, mentor, "Walk daily")
    yield mentee, mentor, path
    mentee.close()
    mentor.close()


def test_each_byte_region_tampered_is_refused_and_changes_nothing(locked_pair):
    mentee, mentor, path = locked_pair
    add = add_goal(mentee, "Second goal")
    mentee.pair.share(add.id)
    mentee.pair.sync()
    good = path.read_bytes()
    before = _local_files(mentor)
    for position in range(0, len(good), max(1, len(good) // 40)):
        bad = bytearray(good)
        bad[position] ^= 0x41
        path.write_bytes(bytes(bad))
        try:
            mentor.pair.sync()
        except PairError as error:
            assert "\n" not in str(error)
        else:
            # A flip of the header's line end reads as a file still being written:
            # "no news", and the mentor writes the file again from what it verified.
            assert position < len(good.split(b"\n", 1)[0]) + 1
            path.write_bytes(good)
            continue
        assert path.read_bytes() == bytes(bad)
        assert _local_files(mentor) == before, position
    path.write_bytes(good)
    assert "1 new goal" in mentor.pair.sync().lines()[0]


@pytest.mark.parametrize(
    "content, words",
    [
        (b'{"name": "not ours"}', "not a Trellis pair file"),
        (b"\x00" * 100, "not a Trellis pair file"),
    ],
)
def test_foreign_files_are_one_plain_message(locked_pair, content, words):
    mentee, mentor, path = locked_pair
    before = _local_files(mentor)
    path.write_bytes(content)
    with pytest.raises(PairError, match=words):
        mentor.pair.sync()
    assert _local_files(mentor) == before and path.read_bytes() == content
    assert mentor.pair.get().last_error


def test_another_pairs_file_a_newer_file_and_a_hostile_lock(locked_pair, tmp_path):
    mentee, mentor, path = locked_pair
    good = path.read_bytes()
    line, body = good.split(b"\n", 1)
    fields = json.loads(line)
    fields.pop("hsum")
    for change, words in (
        ({"pair": "f" * 32}, "another pair"),
        ({"version": 2}, "newer Trellis"),
        ({"protection": {**fields["protection"], "kdf": {**fields["protection"]["kdf"], "memory_kib": 8 * 1024 * 1024}}}, "more work"),
    ):
        path.write_bytes(pairfile._header_line({**fields, **change}) + body)
        started = time.monotonic()
        with pytest.raises(PairError, match=words):
            mentor.pair.sync()
        assert time.monotonic() - started < 2


def test_a_50_mb_file_is_refused_before_it_is_read(locked_pair):
    mentee, mentor, path = locked_pair
    with open(path, "r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(PairError, match="larger than a pair file can be"):
        mentor.pair.sync()


def test_a_truncated_file_is_no_news_and_the_last_verified_part_is_kept(locked_pair):
    mentee, mentor, path = locked_pair
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    report = mentor.pair.sync()
    assert not report.received and [g.goal.title for g in mentor.pair.view().goals] == ["Walk daily"]
    # The mentor wrote the file again with the mentee's last verified part.
    assert "Nothing new" in mentee.pair.sync().lines()[0]
    assert [g.goal.title for g in mentor.pair.view().goals] == ["Walk daily"]


def test_wrong_passphrase_on_join_changes_nothing(locked_pair, tmp_path):
    other = Trellis.open(tmp_path / "third")
    with pytest.raises(PairError, match="does not open"):
        other.pair.join(locked_pair[2], "mentor", passphrase="not it")
    assert other.pair.pairs() == [] and not (tmp_path / "third" / "pairs").exists() or not list(
        (tmp_path / "third" / "pairs").iterdir()
    )
    other.close()


def _trellis_with_clock(folder: Path, offset: list[float]) -> Trellis:
    return Trellis(Store(folder, wall=lambda: time.time() + offset[0]))


def test_clocks_an_hour_apart_and_one_jumping_back_still_converge(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    path = shared / "pair.trellis"
    mentee_clock, mentor_clock = [0.0], [3600.0]  # the mentor's clock runs an hour ahead
    mentee = _trellis_with_clock(tmp_path / "mentee", mentee_clock)
    mentor = _trellis_with_clock(tmp_path / "mentor", mentor_clock)
    mentee.pair.start(path, "mentee", passphrase=None)
    mentor.pair.join(path, "mentor", passphrase=None)
    goal = add_goal(mentee, "First title")
    mentee.pair.share(goal.id)
    mentee.pair.sync()
    mentor.pair.sync()
    mentor.pair.comment(goal.id, "Ahead of time")
    mentor.pair.sync()
    mentee.pair.sync()  # the mentee's clock now follows the mentor's stamps
    mentee_clock[0] = -7200.0  # and then jumps two hours back
    mentee.goals.edit_goal(goal.id, {"title": "Edited after the jump"})
    mentee.pair.sync()
    mentor.pair.sync()
    assert [g.goal.title for g in mentor.pair.view().goals] == ["Edited after the jump"]
    assert [c.text for c in mentee.pair.view().comments] == ["Ahead of time"]
    # A stamp more than a day ahead is held back and reported, then taken once the clock catches up.
    mentor_clock[0] = 3 * 86400.0
    mentor.pair.comment(goal.id, "From the future")
    mentor.pair.sync()
    report = mentee.pair.sync()
    assert report.held_back == 1 and "held back (its clock is ahead)" in report.lines()[0]
    assert [c.text for c in mentee.pair.view().comments] == ["Ahead of time"]
    mentee_clock[0] = 3 * 86400.0
    mentee.pair.sync()
    assert sorted(c.text for c in mentee.pair.view().comments) == ["Ahead of time", "From the future"]
    mentee.close()
    mentor.close()


def _cli(data: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRELLIS_PASSPHRASE": PASS}
    env.pop("TRELLIS_DATA_DIR", None)
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_killed_mid_sync_twenty_times(tmp_path):
    mentee, mentor, path, pair_id = open_pair(tmp_path, passphrase=None)
    goals = mentee.store.save_many([Goal(title=f"Goal number {n}", why="x" * 500, shared=True) for n in range(300)])
    state = pairstate.load_state(mentee.store.dir, pair_id)
    mentee.close()
    mentor.close()
    rng = random.Random(7)
    for round_ in range(20):
        who = tmp_path / ("mentee" if round_ % 2 == 0 else "mentor")
        if round_ % 2 == 0:  # give the mentee something new to write each time
            with Trellis.open(tmp_path / "mentee") as t:
                t.goals.edit_goal(goals[round_].id, {"title": f"Edited {round_}"})
        proc = _cli(who, "sync")
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The file is old or new, never broken.
        pins = {}
        found = pairfile.read_pair_file(path, pair_id, None, pins)
        assert isinstance(found, pairfile.PairFile), found
        for folder in ("mentee", "mentor"):
            with Store(tmp_path / folder) as store:
                assert store.check() == []
    with Trellis.open(tmp_path / "mentee") as t:
        t.pair.sync()
    with Trellis.open(tmp_path / "mentor") as t:
        t.pair.sync()
        titles = sorted(g.goal.title for g in t.pair.view().goals)
    with Trellis.open(tmp_path / "mentee") as t:
        assert sorted(g.title for g in t.goals.goals()) == titles
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp") and p.stat().st_mtime < time.time() - 600]
    assert state is not None
