"""Private files: the data folder 0700 and every file in it 0600, whatever the umask."""

import os
import stat
from pathlib import Path

import pytest

from app.exchange import export
from app.journal import SNAPSHOT_NAME
from app.models import Goal, SelfCareCheckin
from app.private_files import loose_paths, mkdir_private, tighten, write_private
from app.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def open_umask():
    """The loosest umask: anything not made private on purpose shows up as 0666/0777."""
    old = os.umask(0)
    yield
    os.umask(old)


def modes(directory: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(directory.stat().st_mode)}
    for path in directory.rglob("*"):
        found[str(path.relative_to(directory))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def assert_private(directory: Path) -> None:
    wrong = {
        name: oct(mode)
        for name, mode in modes(directory).items()
        if mode != (0o700 if (directory / name).is_dir() else 0o600)
    }
    assert not wrong, f"not private: {wrong}"


def test_saves_compaction_export_and_repair_leave_only_private_files(tmp_path, open_umask):
    data = tmp_path / "data"
    with Store(data) as store:
        for i in range(5):
            store.save(SelfCareCheckin(day=f"2026-01-0{i + 1}", mood=3))
        assert_private(data)
        store.compact()
        store.save(Goal(title="after the compaction"))
        assert_private(data)
        out = tmp_path / "export.json"
        export(store, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        export(store, tmp_path / "export.csv", "csv")
        assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == 0o600
    names = set(modes(data))
    assert {"device.json", "trellis.lock", SNAPSHOT_NAME, "journal-1.jsonl"} <= names
    # Damage the snapshot and the journal: the repair writes a snapshot and keeps copies aside.
    snapshot = data / SNAPSHOT_NAME
    lines = snapshot.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"mood", b"MOOD")
    snapshot.write_bytes(b"\n".join(lines))
    journal = data / "journal-1.jsonl"
    journal.write_bytes(journal.read_bytes() + b"0000 damaged\n")
    with Store(data) as store:
        assert len(store.notices) == 2
    assert len(list((data / "set-aside").iterdir())) == 2
    assert_private(data)


def test_a_loose_folder_is_tightened_on_open_with_a_notice(tmp_path):
    data = tmp_path / "data"
    with Store(data) as store:
        store.save(Goal(title="private"))
    os.chmod(data, 0o755)
    for path in data.iterdir():
        os.chmod(path, 0o644)
    assert loose_paths(data)
    with Store(data, read_only=True) as reader:  # reading changes nothing
        assert not any("private" in n for n in reader.notices)
    assert stat.S_IMODE(data.stat().st_mode) == 0o755
    with Store(data) as store:
        assert any("now private to you" in n for n in store.notices)
    assert_private(data)
    with Store(data) as store:
        assert store.notices == []  # said once, not on every start


def test_a_new_store_says_nothing_about_privacy(tmp_path, open_umask):
    with Store(tmp_path / "fresh") as store:
        assert store.notices == []
    assert_private(tmp_path / "fresh")


def test_helpers(tmp_path, open_umask):
    folder = tmp_path / "a" / "b"
    assert mkdir_private(folder) and not mkdir_private(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    write_private(folder / "f", b"x")
    assert stat.S_IMODE((folder / "f").stat().st_mode) == 0o600
    assert not (folder / "f.tmp").exists()
    outside = tmp_path / "outside"
    outside.write_text("not ours")
    os.chmod(outside, 0o644)
    (folder / "link").symlink_to(outside)
    os.chmod(folder, 0o755)
    assert tighten(folder) == [folder]
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # a link out of the folder is not followed
    with pytest.raises(FileNotFoundError):
        write_private(tmp_path / "missing" / "f", b"x")


def test_only_trellis_own_files_are_touched_in_a_folder_the_person_chose(tmp_path):
    chosen = tmp_path / "Documents"
    chosen.mkdir()
    script = chosen / "my-script.sh"
    script.write_text("#!/bin/sh\n")
    os.chmod(script, 0o755)
    (chosen / "photos").mkdir()
    os.chmod(chosen / "photos", 0o755)
    with Store(chosen) as store:
        store.save(Goal(title="mine"))
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert stat.S_IMODE((chosen / "photos").stat().st_mode) == 0o755
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o700
    for name in ("device.json", "trellis.lock", "journal-0.jsonl"):
        assert stat.S_IMODE((chosen / name).stat().st_mode) == 0o600
