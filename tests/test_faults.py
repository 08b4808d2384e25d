"""Crashes and damage: no acknowledged save is lost, no damage passes silently."""

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.journal import SNAPSHOT_NAME
from app.models import Goal, SelfCareCheckin
from app.store import Store

ROOT = Path(__file__).resolve().parent.parent
KILLS = 24


def test_kill_at_random_moments_loses_no_acknowledged_save(tmp_path):
    rng = random.Random(int(os.environ.get("TRELLIS_KILL_SEED", "1234")))
    acknowledged: list[str] = []
    for round_no in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.saver", str(tmp_path), (dt.date(2000, 1, 1) + dt.timedelta(days=round_no * 2000)).isoformat()],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        # Only complete lines count: a line cut by the kill was never printed whole.
        lines = out.split("\n")
        acknowledged += [line for line in lines[:-1] if line]
    assert len(acknowledged) > 100, "the saver hardly saved anything; the test proves little"
    with Store(tmp_path) as store:
        stored = {c.id for c in store.list(SelfCareCheckin)}
        assert store.check() == []
        assert not store.notices, store.notices
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged saves were lost"


def test_truncated_journal_tail_is_dropped_and_later_saves_survive(tmp_path):
    with Store(tmp_path) as store:
        kept = store.save(Goal(title="kept"))
        store.save(Goal(title="torn"))
    journal = tmp_path / "journal-0.jsonl"
    data = journal.read_bytes()
    journal.write_bytes(data[:-25])  # a crash tore the last save
    with Store(tmp_path) as store:
        assert [g.title for g in store.list(Goal)] == ["kept"]
        assert store.notices == []  # a torn tail is normal after a crash, not damage
        after = store.save(Goal(title="after the crash"))
    assert not (tmp_path / "set-aside").exists()
    with Store(tmp_path) as store:
        assert {g.id for g in store.list(Goal)} == {kept.id, after.id}


def test_damaged_snapshot_is_set_aside_and_the_rest_recovered(tmp_path):
    with Store(tmp_path) as store:
        ids = [store.save(SelfCareCheckin(day=dt.date(2026, 1, 1) + dt.timedelta(days=i))).id for i in range(10)]
        store.compact()
        late = store.save(Goal(title="saved after the snapshot"))
    snapshot = tmp_path / SNAPSHOT_NAME
    lines = snapshot.read_bytes().split(b"\n")
    lines[3] = lines[3][:20] + b"GARBAGE" + lines[3][27:]  # one record damaged on disk
    snapshot.write_bytes(b"\n".join(lines))
    with Store(tmp_path) as store:
        assert store.notices and "could not be read" in store.notices[0]
        recovered = {c.id for c in store.list(SelfCareCheckin)}
        assert len(recovered) == 9 and recovered < set(ids)
        assert store.get(Goal, late.id).title == "saved after the snapshot"
    aside = list((tmp_path / "set-aside").iterdir())
    assert len(aside) == 1 and b"GARBAGE" in aside[0].read_bytes()
    with Store(tmp_path) as store:  # the damage was dealt with once, not on every start
        assert store.notices == []
        assert store.count(SelfCareCheckin) == 9


def test_garbage_in_the_middle_of_the_journal_is_reported(tmp_path):
    with Store(tmp_path) as store:
        for i in range(5):
            store.save(Goal(title=f"g{i}"))
    journal = tmp_path / "journal-0.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[2] = b"\x00\x00\x00 not json at all"
    journal.write_bytes(b"\n".join(lines))
    with Store(tmp_path) as store:
        assert store.notices and "damaged" in store.notices[0]
        assert sorted(g.title for g in store.list(Goal)) == ["g0", "g1", "g3", "g4"]
    assert any((tmp_path / "set-aside").iterdir())


def test_a_foreign_file_in_place_of_the_store_is_never_silently_replaced(tmp_path):
    (tmp_path / SNAPSHOT_NAME).write_text("this is someone's shopping list\n")
    with Store(tmp_path) as store:
        assert store.notices
        assert store.list(Goal) == []
    kept = list((tmp_path / "set-aside").iterdir())
    assert kept and kept[0].read_text() == "this is someone's shopping list\n"


def test_a_damaged_complete_last_line_is_kept_aside_and_reported(tmp_path):
    """A last line with its newline was acknowledged: damage to it is not a torn save."""
    with Store(tmp_path) as store:
        store.save(Goal(title="first"))
        store.save(Goal(title="acknowledged, then damaged on disk"))
    journal = tmp_path / "journal-0.jsonl"
    data = bytearray(journal.read_bytes())
    data[-20] ^= 0x04  # one flipped bit inside the last line
    journal.write_bytes(bytes(data))
    with Store(tmp_path) as store:
        assert len(store.notices) == 1 and "1 damaged line" in store.notices[0] and "kept at" in store.notices[0]
        assert [g.title for g in store.list(Goal)] == ["first"]
    kept = list((tmp_path / "set-aside").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)


def test_a_journal_converted_to_crlf_keeps_every_save(tmp_path):
    with Store(tmp_path) as store:
        ids = {store.save(Goal(title=f"goal {i}")).id for i in range(5)}
    journal = tmp_path / "journal-0.jsonl"
    journal.write_bytes(journal.read_bytes().replace(b"\n", b"\r\n"))
    with Store(tmp_path) as store:
        assert {g.id for g in store.list(Goal)} == ids
        assert store.notices == []
        later = store.save(Goal(title="after the conversion"))
    with Store(tmp_path) as store:
        assert {g.id for g in store.list(Goal)} == ids | {later.id}


def test_a_snapshot_converted_to_crlf_keeps_every_record(tmp_path):
    with Store(tmp_path) as store:
        ids = {store.save(Goal(title=f"goal {i}")).id for i in range(5)}
        store.compact()
    snapshot = tmp_path / SNAPSHOT_NAME
    snapshot.write_bytes(snapshot.read_bytes().replace(b"\n", b"\r\n"))
    with Store(tmp_path) as store:
        assert {g.id for g in store.list(Goal)} == ids and store.notices == []


def test_a_damaged_snapshot_is_replaced_before_anything_is_kept_aside(tmp_path, monkeypatch):
    """At the moment the damaged snapshot is kept aside, the repaired one is already
    complete on disk (as a temp file about to take its place) and the damaged one
    is still where it was."""
    import app.journal as journal

    with Store(tmp_path) as store:
        for i in range(10):
            store.save(Goal(title=f"goal {i}"))
        store.compact()
    snapshot = tmp_path / SNAPSHOT_NAME
    lines = snapshot.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"goal", b"GOAL")
    snapshot.write_bytes(b"\n".join(lines))
    seen = []
    real = journal.DurableLog.set_aside

    def watching(self, path):
        tmp = tmp_path / (SNAPSHOT_NAME + ".tmp")
        seen.append((tmp.exists() and tmp.read_bytes().count(b"\n"), snapshot.exists()))
        return real(self, path)

    monkeypatch.setattr(journal.DurableLog, "set_aside", watching)
    with Store(tmp_path) as store:
        assert store.count(Goal) == 9
    assert seen == [(10, True)]  # header + 9 records written before; original still in place
