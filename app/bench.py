"""`trellis bench`: figures against the budgets of DESIGN.md.

Builds the ten-year reference store in a temporary folder, then measures:
one durable check-in save (p50, p95), opening the store with the Today
screen's data ready, the trends, goals and wins data, the peak memory of a
fresh process holding the store, and the same single save done by SQLite
(WAL, synchronous=FULL) in the same run for comparison. Prints a table and,
last, one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import demo
from .models import SelfCareCheckin
from .services import Trellis
from .store import Store

SAVES = 300
# The pair's one-change syncs, in the order they run: what the table calls each, and its key.
ONE_CHANGE = (
    ("mentee sends one change, median of 5", "sync_one_change_send_ms"),
    ("mentor receives it", "sync_one_change_receive_ms"),
    ("mentor sends one comment", "sync_comment_send_ms"),
    ("mentee receives it", "sync_comment_receive_ms"),
)
BUDGETS = {"save_p50_ms": 5.0, "open_today_ms": 300.0, "peak_memory_mb": 150.0, "screen_ms": 300.0, "sync_ms": 1000.0, "sync_one_ms": 100.0}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def median_seconds(fn, repeat: int) -> float:
    """The median time of `repeat` calls of fn."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_reference_store(directory: Path, years: float = 10) -> int:
    with Trellis(Store(directory)) as trellis:
        records = demo.build(years, trellis.content, trellis.today())
        trellis.store.save_many(records)
        trellis.store.compact()
        return len(records)


def _save_latencies(directory: Path) -> tuple[list[float], list[float]]:
    """Times of whole saves (as the check-in screen does them), and of the
    journal's write+fsync inside each, to tell our work from the disk's."""
    times, disk = [], []
    with Trellis(Store(directory)) as trellis:
        log = trellis.store._log
        real_append = log.append

        def timed_append(docs):
            start = time.perf_counter()
            real_append(docs)
            disk.append(time.perf_counter() - start)

        log.append = timed_append
        first = trellis.today() + dt.timedelta(days=1)
        for i in range(SAVES):
            checkin = SelfCareCheckin(day=first + dt.timedelta(days=i), mood=3, energy=4, care=["Went for a walk"])
            start = time.perf_counter()
            trellis.checkins.save_selfcare(checkin)
            times.append(time.perf_counter() - start)
        log.append = real_append
        # Put the reference store back as it was for the other figures.
        trellis.store.save_many(
            [c.model_copy(update={"deleted": True}) for c in trellis.checkins.history(start=first)]
        )
        trellis.store.compact()
    return times, disk


def _sqlite_latencies(directory: Path, rows: int) -> list[float]:
    db = sqlite3.connect(directory / "bench.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT, day TEXT, doc TEXT)")
    body = json.dumps(SelfCareCheckin(day=dt.date(2020, 1, 1), mood=3).model_dump(mode="json"))
    db.execute("BEGIN")
    db.executemany("INSERT INTO records VALUES (?, 'selfcare', '2020-01-01', ?)", ((f"r{i}", body) for i in range(rows)))
    db.execute("COMMIT")
    times = []
    for i in range(SAVES):
        start = time.perf_counter()
        db.execute("INSERT INTO records VALUES (?, 'selfcare', '2030-01-01', ?)", (f"new{i}", body))
        times.append(time.perf_counter() - start)
    db.close()
    return times


def _probe_memory(directory: str) -> None:
    """Run in a fresh process: open the store, build Today and trends, report peak RSS."""
    with Trellis(Store(directory)) as trellis:
        trellis.today_data()
        trellis.checkins.trends(90)
        trellis.goals.with_progress()
        trellis.wins()
    print(_peak_mb())


def _peak_mb() -> float:
    """Peak resident memory of this process. On Linux from VmHWM: ru_maxrss
    there carries over the size of the parent from before exec (the bench,
    holding a store itself), which inflated this figure."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _measure_memory(directory: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", f"from app.bench import _probe_memory; _probe_memory({str(directory)!r})"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
    )
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def run(repeat: int = 7) -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="trellis-bench-") as tmp:
        store_dir = Path(tmp) / "store"
        start = time.perf_counter()
        results["records"] = build_reference_store(store_dir)
        results["build_s"] = round(time.perf_counter() - start, 2)

        saves, disk = _save_latencies(store_dir)
        results["save_p50_ms"] = _ms(statistics.median(saves))
        results["save_fsync_p50_ms"] = _ms(statistics.median(disk))
        results["save_p95_ms"] = _ms(_percentile(saves, 0.95))

        def open_today() -> None:
            with Trellis(Store(store_dir)) as trellis:
                trellis.today_data()

        results["open_today_ms"] = _ms(median_seconds(open_today, repeat))
        with Trellis(Store(store_dir)) as trellis:
            results["trends_90d_ms"] = _ms(median_seconds(lambda: trellis.checkins.trends(90), repeat))
            results["goals_ms"] = _ms(median_seconds(trellis.goals.with_progress, repeat))
            results["wins_ms"] = _ms(median_seconds(trellis.wins, repeat))
            results["history_all_ms"] = _ms(median_seconds(trellis.checkins.history, repeat))
        results["store_mb"] = round(sum(f.stat().st_size for f in store_dir.iterdir() if f.is_file()) / 1e6, 2)
        results["peak_memory_mb"] = _measure_memory(store_dir)

        sqlite = _sqlite_latencies(Path(tmp), results["records"])
        results["sqlite_save_p50_ms"] = _ms(statistics.median(sqlite))
        results["sqlite_save_p95_ms"] = _ms(_percentile(sqlite, 0.95))
        results["ours_vs_sqlite_p50"] = round(results["save_p50_ms"] / max(results["sqlite_save_p50_ms"], 1e-6), 2)
        results.update(sync_figures(Path(tmp), store_dir))
    results["sync_ms"] = results["sync_first_ms"]
    return results


def _share_everything(trellis: Trellis) -> int:
    """The mentee shares every goal, step and win, and one check-in a week."""
    from .models import Achievement, Goal, Milestone

    patches = [(model, r.id, {"shared": True}) for model in (Goal, Milestone, Achievement) for r in trellis.store.list(model)]
    checkins = trellis.store.list(SelfCareCheckin)
    patches += [(SelfCareCheckin, c.id, {"shared": True}) for c in checkins if c.day.weekday() == 0]
    trellis.store.patch_many(patches)
    return len(patches)


def sync_figures(tmp: Path, mentee_dir: Path) -> dict:
    """Pair sync of two ten-year stores through one encrypted file.

    The pair is started and joined first (each derives the key once: the KDF,
    reported on its own); then the mentee shares everything and the figures
    are the first full sync both ways (mentee writes, mentor reads, merges
    and writes back, mentee reads), a sync after one change on each side,
    and the file's size."""
    from . import paircrypto
    from .goals import GoalService
    from .models import Milestone
    from .paircrypto import KdfParams

    out: dict = {}
    start = time.perf_counter()
    paircrypto.derive_key("bench pass phrase", KdfParams.new())
    out["kdf_ms"] = _ms(time.perf_counter() - start)
    mentor_dir = tmp / "mentor"
    build_reference_store(mentor_dir)
    shared = tmp / "shared"
    shared.mkdir()
    path = shared / "pair.trellis"
    with Trellis(Store(mentee_dir)) as mentee, Trellis(Store(mentor_dir)) as mentor:
        mentee.pair.start(path, "mentee", "Mentor", passphrase="bench pass phrase")
        mentor.pair.join(path, "mentor", "Mentee", passphrase="bench pass phrase")
        out["shared_items"] = _share_everything(mentee)
        start = time.perf_counter()
        mentee.pair.sync()
        out["sync_first_write_ms"] = _ms(time.perf_counter() - start)
        start = time.perf_counter()
        mentor.pair.sync()
        mentee.pair.sync()
        out["sync_first_ms"] = _ms(time.perf_counter() - start) + out["sync_first_write_ms"]
        out["pair_file_kb"] = round(path.stat().st_size / 1024, 1)
        # One change at a time, each way; the median of a few rounds.
        steps = GoalService(mentee.store)
        step = mentee.store.list(Milestone)[-1]
        times: dict[str, list[float]] = {key: [] for _, key in ONE_CHANGE}
        send, receive, comment_send, comment_receive = times.values()
        target = mentor.pair.view().goals[0].goal.id
        for round_ in range(5):
            steps.edit_milestone(step.id, {"title": f"Renamed for the bench {round_}"})
            _timed(mentee.pair.sync, send)
            report = _timed(mentor.pair.sync, receive)
            assert report.received.get("milestone") == 1, report.lines()
            mentor.pair.comment(target, f"Well done {round_}")
            _timed(mentor.pair.sync, comment_send)
            report = _timed(mentee.pair.sync, comment_receive)
            assert report.received.get("comment") == 1, report.lines()
        out.update({key: _ms(statistics.median(seconds)) for key, seconds in times.items()})
    return out


def _timed(sync, seconds: list[float]):
    """Run one sync, add how long it took to `seconds`; returns its report."""
    start = time.perf_counter()
    report = sync()
    seconds.append(time.perf_counter() - start)
    return report


def table(results: dict) -> str:
    rows = [
        ("records in the ten-year store", results["records"], ""),
        ("save one check-in, p50 (ms)", results["save_p50_ms"], f"<= {BUDGETS['save_p50_ms']}"),
        ("save one check-in, p95 (ms)", results["save_p95_ms"], ""),
        ("  of which journal write + fsync, p50 (ms)", results["save_fsync_p50_ms"], ""),
        ("same save in SQLite WAL FULL, p50 (ms)", results["sqlite_save_p50_ms"], "reference"),
        ("same save in SQLite WAL FULL, p95 (ms)", results["sqlite_save_p95_ms"], "reference"),
        ("ours / SQLite (p50)", results["ours_vs_sqlite_p50"], ""),
        ("open store + Today data ready (ms)", results["open_today_ms"], f"<= {BUDGETS['open_today_ms']}"),
        ("trends data, 90 days (ms)", results["trends_90d_ms"], f"<= {BUDGETS['screen_ms']}"),
        ("goals with progress (ms)", results["goals_ms"], f"<= {BUDGETS['screen_ms']}"),
        ("wins timeline (ms)", results["wins_ms"], f"<= {BUDGETS['screen_ms']}"),
        ("all check-ins as models (ms)", results["history_all_ms"], ""),
        ("peak memory, fresh process (MB)", results["peak_memory_mb"], f"<= {BUDGETS['peak_memory_mb']}"),
        ("store on disk (MB)", results["store_mb"], ""),
        ("pair: key from the passphrase, Argon2id (ms)", results["kdf_ms"], "once per device"),
        ("pair: items shared by the mentee", results["shared_items"], ""),
        ("pair: first full sync, both directions (ms)", results["sync_first_ms"], f"<= {BUDGETS['sync_ms']}"),
        ("  of which the mentee's first write (ms)", results["sync_first_write_ms"], ""),
        *((f"pair: {what} (ms)", results[key], f"<= {BUDGETS['sync_one_ms']}") for what, key in ONE_CHANGE),
        ("pair file, encrypted (KB)", results["pair_file_kb"], ""),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'figure':{width}}  {'measured':>14}  budget", "-" * (width + 32)]
    for name, value, budget in rows:
        lines.append(f"{name:{width}}  {value!s:>14}  {budget}")
    return "\n".join(lines)


def main(repeat: int = 7) -> int:
    print(f"Building the ten-year reference store and measuring (repeat={repeat}, {SAVES} saves)…", file=sys.stderr)
    results = run(repeat)
    print(table(results))
    within = (
        results["save_p50_ms"] <= BUDGETS["save_p50_ms"]
        and results["open_today_ms"] <= BUDGETS["open_today_ms"]
        and results["peak_memory_mb"] <= BUDGETS["peak_memory_mb"]
        and results["sync_first_ms"] <= BUDGETS["sync_ms"]
        and results["sync_one_change_send_ms"] <= BUDGETS["sync_one_ms"]
        and results["sync_one_change_receive_ms"] <= BUDGETS["sync_one_ms"]
    )
    results["within_budgets"] = within
    print(json.dumps(results, sort_keys=True))
    return 0
