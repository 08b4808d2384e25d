"""The whole pairing journey through a real sync tool: two Syncthing instances
on 127.0.0.1, two data folders, the mentee's and the mentor's command lines.
Both then edit while Syncthing is paused, so a real conflict copy appears;
both converge and the copy is tidied away on both sides."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.conflicts import find_conflict_copies

from .syncthing_pair import SyncthingPair, available

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.skipif(not available(), reason="needs Debian's syncthing at /usr/bin/syncthing (.ci/run installs it)"),
]

ROOT = Path(__file__).resolve().parents[1]
NAME = "pair.trellis"


def cli(data: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRELLIS_PASSPHRASE": "walk by the river"}
    env.pop("TRELLIS_DATA_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def test_mentee_and_mentor_pair_through_syncthing_and_a_real_conflict_is_tidied(tmp_path):
    mentee, mentor = tmp_path / "mentee-data", tmp_path / "mentor-data"
    with SyncthingPair(tmp_path / "sync") as sync:
        try:
            a_file, b_file = sync.a.folder / NAME, sync.b.folder / NAME

            def travel(node, condition, what):
                sync.scan(node)
                sync.wait(condition, 15, what)

            pair_id = cli(mentee, "pair", "start", str(a_file), "--role", "mentee", "--name", "Ben").splitlines()[-1]
            travel(sync.a, b_file.exists, "the new pair file to reach the mentor")
            assert cli(mentor, "pair", "join", str(b_file), "--role", "mentor", "--name", "Anna").splitlines()[-1] == pair_id
            travel(sync.b, lambda: a_file.read_bytes() == b_file.read_bytes(), "the mentor's part to reach the mentee")

            goal = cli(mentee, "goal", "add", "Walk each morning", "--why", "a private why").strip()
            cli(mentee, "milestone", "add", goal, "Find a route")
            cli(mentee, "goal", "add", "A private goal")
            cli(mentee, "share", goal)
            cli(mentee, "sync")
            travel(sync.a, lambda: a_file.read_bytes() == b_file.read_bytes(), "the shared goal to travel")
            assert "1 new goal and 1 new step" in cli(mentor, "sync")
            view = cli(mentor, "pair", "view")
            assert "Walk each morning" in view and "Find a route" in view and "private" not in view

            cli(mentor, "comment", goal, "Great plan", "--encourage")
            cli(mentor, "sync")
            travel(sync.b, lambda: a_file.read_bytes() == b_file.read_bytes(), "the comment to travel")
            assert "1 new comment" in cli(mentee, "sync")
            assert cli(mentee, "pair", "show", "--safety-code") == cli(mentor, "pair", "show", "--safety-code")

            # Both change the file while they cannot see each other.
            sync.pause()
            step = cli(mentee, "milestone", "add", goal, "Walk twice a week").strip()
            cli(mentee, "sync")
            now = time.time()
            os.utime(a_file, (now - 5, now - 5))  # the mentor's write is the newer one
            cli(mentor, "comment", goal, "Keep going", "--encourage")
            cli(mentor, "sync")
            sync.scan(sync.a)
            sync.scan(sync.b)
            sync.resume()

            def conflicted():
                return (
                    len(find_conflict_copies(a_file, pair_id)) == 1
                    and len(find_conflict_copies(b_file, pair_id)) == 1
                    and a_file.read_bytes() == b_file.read_bytes()
                )

            sync.wait(conflicted, 20, "a real conflict copy on both sides")

            # The mentee merges both versions, writes, and only then removes the copy.
            report = cli(mentee, "sync")
            assert "conflict cop" in report, report
            assert not find_conflict_copies(a_file, pair_id)
            travel(sync.a, lambda: not find_conflict_copies(b_file, pair_id) and a_file.read_bytes() == b_file.read_bytes(),
                   "the tidied file to reach the mentor")
            assert "1 new step" in cli(mentor, "sync")
            assert "Walk twice a week" in cli(mentor, "pair", "view") and step in cli(mentor, "pair", "view")
            comments = cli(mentee, "pair", "view")
            assert "Great plan" in comments and "Keep going" in comments
            # Both converge: another round changes nothing.
            travel(sync.b, lambda: a_file.read_bytes() == b_file.read_bytes(), "the last write to settle")
            assert "Nothing new received; nothing new to send" in cli(mentee, "sync")
            assert "Nothing new received; nothing new to send" in cli(mentor, "sync")
            assert not [p for p in list(sync.a.folder.iterdir()) + list(sync.b.folder.iterdir()) if "conflict" in p.name]
            assert b"private" not in a_file.read_bytes() and b"Walk each" not in a_file.read_bytes()
        except (AssertionError, TimeoutError):
            print(sync.logs())
            raise
