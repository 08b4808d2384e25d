"""Imports that cannot hurt, exports that leave nothing behind."""

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.exchange import MAX_IMPORT_BYTES, export, read_export
from app.models import Goal, SelfCareCheckin
from app.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent


def _export_of(tmp_path, n=3) -> Path:
    with Store(tmp_path / "source") as store:
        for i in range(n):
            store.save(Goal(title=f"goal {i}"))
        out = tmp_path / "export.json"
        export(store, out)
    return out


def test_export_round_trip_reads_back_every_record(tmp_path):
    out = _export_of(tmp_path, 5)
    records = read_export(out)
    assert sorted(r["title"] for r in records) == [f"goal {i}" for i in range(5)]
    assert json.loads(out.read_text())["format"] == "trellis-export"  # still plain JSON


def test_a_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = {}

    def attempt():
        try:
            read_export(fifo)
        except StoreError as exc:
            result["error"] = str(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the stuck open so the test run can end
        with open(fifo, "w"):
            pass
        pytest.fail("reading a pipe hung")
    assert "not a file" in result["error"]


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_devices_are_refused_before_reading(path):
    if not os.path.exists(path):
        pytest.skip(f"{path} is missing here")
    with pytest.raises(StoreError, match="not a file"):
        read_export(Path(path))


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        read_export(tmp_path)


def test_deep_nesting_is_refused_plainly(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "trellis-export", "schema": 1, "records": [{"x": ' + "[" * 200_000 + "]" * 200_000 + "}]}")
    with pytest.raises(StoreError, match="nested too deeply"):
        read_export(deep)


def test_a_file_larger_than_the_cap_is_refused_without_reading(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(StoreError, match="too large"):
        read_export(huge)


def test_the_cap_fits_a_thirty_year_export():
    # Issue 7 measured a 12-year export with long notes at 70 MB.
    assert MAX_IMPORT_BYTES >= 70e6 / 12 * 30


def test_an_export_larger_than_64_mb_imports_in_bounded_memory(tmp_path):
    """Whitespace is legal JSON: an export padded past the old 64 MB cap must
    import, and the process must not hold the whole file in memory."""
    out = _export_of(tmp_path, 3)
    text = out.read_text()
    padded = tmp_path / "padded.json"
    cut = text.index("[") + 1
    with open(padded, "w") as handle:
        handle.write(text[:cut])
        for _ in range(90):
            handle.write(" " * (1 << 20))
        handle.write(text[cut:])
    assert padded.stat().st_size > 90 * 2**20
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    # VmHWM, not ru_maxrss: on Linux ru_maxrss carries over the parent's size from before exec.
    probe = (
        "import re; from pathlib import Path; from app.exchange import read_export;"
        f"n = len(read_export(Path({str(padded)!r})));"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1);"
        "print(n, int(hwm) // 1024)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    count, peak_mb = map(int, done.stdout.split())
    assert count == 3
    assert peak_mb < 80, f"peak memory {peak_mb} MB for a 90 MB file: it was read whole"


def test_a_truncated_export_imports_nothing(tmp_path):
    out = _export_of(tmp_path, 20)
    data = out.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with Store(tmp_path / "target") as store:
        with pytest.raises(StoreError, match="not a Trellis export"):
            store.merge(read_export(cut))
        assert store.count(Goal) == 0


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"format": "something else", "records": []}', "not a Trellis export"),
        ('{"format": "trellis-export", "schema": 99, "records": []}', "newer Trellis"),
        ('{"format": "trellis-export", "schema": 1, "records": [1, 2]}', "damaged"),
        ('{"format": "trellis-export", "schema": 1}', "damaged"),
        ('{"format": "trellis-export", "schema": 1, "records": []} trailing', "not a Trellis export"),
        ("[]", "not a Trellis export"),
        ("", "not a Trellis export"),
        ('{"format": "trellis-export", "schema": 1, "records": [{"a": "\xff"}]}', "not a Trellis export"),
    ],
)
def test_foreign_and_damaged_files_are_refused(tmp_path, text, message):
    path = tmp_path / "x.json"
    path.write_bytes(text.encode("utf-8").replace("\xff".encode("utf-8"), b"\xff"))
    with pytest.raises(StoreError, match=message):
        read_export(path)


def test_numbers_split_across_read_chunks_are_read_whole(tmp_path, monkeypatch):
    import app.exchange as exchange

    monkeypatch.setattr(exchange, "_CHUNK", 7)
    path = tmp_path / "x.json"
    path.write_text('{"format": "trellis-export", "schema": 1, "records": [{"n": 123456789, "s": "ünïcødé"}]}')
    assert read_export(path) == [{"n": 123456789, "s": "ünïcødé"}]


def test_an_export_into_a_missing_folder_or_onto_a_folder_leaves_nothing(tmp_path):
    with Store(tmp_path / "data") as store:
        store.save(Goal(title="mine"))
        with pytest.raises(StoreError, match="does not exist"):
            export(store, tmp_path / "missing" / "e.json")
        target = tmp_path / "folder"
        target.mkdir()
        with pytest.raises(StoreError, match="is a folder"):
            export(store, target)
    assert not (tmp_path / "missing").exists()
    assert list(target.iterdir()) == [] and not list(tmp_path.glob("*.tmp"))


def test_a_failed_export_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    import app.exchange as exchange

    with Store(tmp_path / "data") as store:
        store.save(SelfCareCheckin(day="2026-01-01"))
        out = tmp_path / "e.json"
        out.write_text("the previous export")

        def broken(handle, docs):
            handle.write(b"partial")
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(exchange, "_write_json", broken)
        with pytest.raises(StoreError, match="disk is full"):
            export(store, out)
    assert out.read_text() == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "e.json"]
