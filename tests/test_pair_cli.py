"""The pair commands, run as two people would: two data folders, one shared folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASS = "pass words here"


def cli(data: Path, *args: str, passphrase: str | None = PASS, stdin: str = ""):
    env = {k: v for k, v in os.environ.items() if k not in ("TRELLIS_PASSPHRASE", "TRELLIS_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    if passphrase is not None:
        env["TRELLIS_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), *args],
        capture_output=True, text=True, env=env, input=stdin, timeout=120,
    )


def ok(data: Path, *args: str, **kw) -> str:
    proc = cli(data, *args, **kw)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def test_pairing_journey_on_the_command_line(tmp_path):
    a, b, shared = tmp_path / "mentee", tmp_path / "mentor", tmp_path / "shared"
    shared.mkdir()
    path = str(shared / "pair.trellis")
    pair_id = ok(a, "pair", "start", path, "--role", "mentee", "--name", "Sam").splitlines()[-1]
    assert len(pair_id) == 32
    assert ok(b, "pair", "join", path, "--role", "mentor", "--name", "Alex").splitlines()[-1] == pair_id
    goal = ok(a, "goal", "add", "Run a 5k", "--why", "my secret why").strip()
    private = ok(a, "goal", "add", "Private thing").strip()
    ok(a, "milestone", "add", goal, "Buy shoes")
    ok(a, "share", goal, "--headline")
    assert "sent 2 changes" in ok(a, "sync")
    assert "Received 1 new goal and 1 new step" in ok(b, "sync", pair_id)
    view = ok(b, "pair", "view")
    assert "Run a 5k" in view and "Buy shoes" in view and "Private" not in view
    assert "secret why" not in ok(b, "pair", "view", "--json")
    comment = ok(b, "comment", goal, "You can do it", "--encourage").strip()
    assert len(comment) == 32
    ok(b, "sync")
    assert "1 new comment" in ok(a, "sync")
    assert "You can do it" in ok(a, "pair", "view")
    code_a = ok(a, "pair", "show", pair_id, "--safety-code").strip()
    assert code_a == ok(b, "pair", "show", "--safety-code").strip() and len(code_a) == 29
    assert b"Run a 5k" not in (shared / "pair.trellis").read_bytes()
    assert goal in ok(a, "pair", "preview") and private not in ok(a, "pair", "preview", "--json")
    # Withdraw: the mentor's copy is purged from its store and its files.
    ok(a, "share", goal, "--off")
    ok(a, "sync")
    assert "taken away" in ok(b, "sync")
    assert "Run a 5k" not in ok(b, "pair", "view")
    mentor_files = b"".join(p.read_bytes() for p in b.rglob("*") if p.is_file())
    assert b"Run a 5k" not in mentor_files and b"Buy shoes" not in mentor_files
    assert "ended" in cli(a, "pair", "end", pair_id).stderr
    assert ok(a, "pair", "list") == ""
    assert ok(a, "doctor") and ok(b, "doctor")


def test_passphrase_rules(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    path = str(tmp_path / "pair.trellis")
    proc = cli(a, "pair", "start", path, "--role", "mentee", passphrase=None)
    assert proc.returncode == 2 and "passphrase" in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "pair.trellis").exists()
    proc = cli(a, "pair", "start", path, "--role", "mentee", "--no-passphrase", passphrase=None)
    assert proc.returncode == 0 and "No passphrase" in proc.stderr
    proc = cli(b, "pair", "join", path, "--role", "mentor")
    assert proc.returncode == 2 and "no passphrase" in proc.stderr
    proc = cli(b, "pair", "join", path, "--role", "mentor", "--no-passphrase", passphrase=None)
    assert proc.returncode == 0
    proc = cli(b, "sync", "nonexistent")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_bad_files_exit_2_and_change_nothing(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    path = tmp_path / "pair.trellis"
    ok(a, "pair", "start", str(path), "--role", "mentee")
    ok(b, "pair", "join", str(path), "--role", "mentor")
    goal = ok(a, "goal", "add", "Walk").strip()
    ok(a, "share", goal)
    ok(a, "sync")
    good = path.read_bytes()
    ok(b, "sync")

    def files():  # everything the mentor keeps, but the pair's status line
        return sorted((str(p), p.read_bytes()) for p in b.rglob("*") if p.is_file() and p.name != "state.json")

    before = files()
    for bad in (good[:-7] + b"x" * 7, b'{"format":"something else"}\n{}', good.replace(b'"version":1', b'"version":9', 1)):
        path.write_bytes(bad)
        proc = cli(b, "sync")
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert path.read_bytes() == bad  # the file was left as it was
    assert files() == before
    path.write_bytes(good)
    proc = cli(b, "sync", passphrase="wrong")  # the key is kept on the device: no passphrase needed to sync
    assert proc.returncode == 0
    assert "Walk" in ok(b, "pair", "view")


def test_devices_join_asks_first(tmp_path):
    phone, laptop = tmp_path / "phone", tmp_path / "laptop"
    path = str(tmp_path / "devices.trellis")
    goal = ok(phone, "goal", "add", "Phone goal").strip()
    ok(phone, "devices", "start", path)
    ok(laptop, "goal", "add", "Laptop goal")
    proc = cli(laptop, "devices", "join", path)
    assert proc.returncode == 2 and "--yes" in proc.stderr
    assert "Phone goal" not in ok(laptop, "goal", "list")
    ok(laptop, "devices", "join", path, "--yes")
    assert "Phone goal" in ok(laptop, "goal", "list")
    ok(laptop, "sync")
    ok(phone, "sync")
    listing = ok(phone, "goal", "list")
    assert "Laptop goal" in listing and goal in listing
    proc = cli(laptop, "devices", "start", str(tmp_path / "other.trellis"), passphrase=None)
    assert proc.returncode == 2
