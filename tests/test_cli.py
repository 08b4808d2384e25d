"""The trellis command line, run as a person or a script would run it."""

import json


def test_checkin_prints_only_the_id_and_export_shows_it(run_cli, tmp_path):
    proc = run_cli("checkin", "--mood", "4", "--energy", "2", "--feeling", "calm", "--care", "Went for a walk", "--note", "ok", "--date", "2026-11-20", check=True)
    record_id = proc.stdout.strip()
    assert len(record_id) == 32 and proc.stdout == record_id + "\n"
    out = tmp_path / "export.json"
    run_cli("export", str(out), check=True)
    records = {r["id"]: r for r in json.loads(out.read_text())["records"]}
    assert records[record_id]["mood"] == 4 and records[record_id]["feelings"] == ["calm"]
    assert records[record_id]["day"] == "2026-11-20"


def test_second_checkin_same_day_edits_the_first(run_cli):
    first = run_cli("checkin", "--mood", "2", "--date", "2026-11-20", check=True).stdout.strip()
    second = run_cli("checkin", "--stress", "3", "--date", "2026-11-20", check=True).stdout.strip()
    assert first == second


def test_bad_input_is_one_line_exit_2_and_changes_nothing(run_cli, tmp_path):
    run_cli("checkin", "--mood", "3", "--date", "2026-11-01", check=True)
    before = sorted(p.read_bytes() for p in run_cli.data.glob("journal-*.jsonl"))
    cases = [
        ("checkin", "--mood", "7"),
        ("checkin", "--date", "27/11/2026"),
        ("checkin", "--note", "x" * 10_000),
        ("goal", "add", "   "),
        ("milestone", "done", "f" * 32),
        ("milestone", "add", "nonsense", "A step"),
        ("import", str(tmp_path / "missing.json")),
        ("goal", "add", "ok", "--by", "next week"),
    ]
    for args in cases:
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("trellis: "), (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    after = sorted(p.read_bytes() for p in run_cli.data.glob("journal-*.jsonl"))
    assert before == after


def test_goal_and_milestones(run_cli):
    goal_id = run_cli("goal", "add", "Walk three times a week", "--why", "Clear head", "--share", check=True).stdout.strip()
    m1 = run_cli("milestone", "add", goal_id, "Find a route", check=True).stdout.strip()
    run_cli("milestone", "add", goal_id, "Walk once", check=True)
    run_cli("milestone", "done", m1, check=True)
    listing = run_cli("goal", "list", check=True).stdout
    assert goal_id in listing and "1/2 done" in listing and "shared" in listing
    wins = run_cli("wins", check=True).stdout
    assert "Find a route" in wins or "milestone" in wins.lower()
    run_cli("goal", "status", goal_id, "paused", check=True)
    assert "paused" in run_cli("goal", "list", check=True).stdout


def test_import_twice_creates_no_duplicates(run_cli, tmp_path):
    source = tmp_path / "source"
    for day in ("2026-11-01", "2026-11-02"):
        run_cli("checkin", "--mood", "3", "--date", day, data_dir=source, check=True)
    run_cli("goal", "add", "Read more", data_dir=source, check=True)
    export = tmp_path / "e.json"
    run_cli("export", str(export), data_dir=source, check=True)
    first = run_cli("import", str(export), check=True)
    second = run_cli("import", str(export), check=True)
    assert "5 new" in first.stderr  # 2 check-ins, 1 goal, and the 2 wins they earned
    assert "added goal 'Read more'" in first.stderr  # the import says what came in, in words
    assert "0 new, 0 updated" in second.stderr
    again = tmp_path / "again.json"
    run_cli("export", str(again), check=True)
    records = json.loads(again.read_text())["records"]
    assert sum(r["kind"] == "selfcare" for r in records) == 2
    assert sum(r["kind"] == "goal" for r in records) == 1
    assert sorted(r["key"] for r in records if r["kind"] == "achievement") == ["first_checkin", "first_goal"]


def test_import_refuses_foreign_and_damaged_files(run_cli, tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"hello": "world"}')
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "trellis-export", "schema": 1, "records": [{"kind": "goal", "title": ""}]}')
    for path in (foreign, damaged):
        proc = run_cli("import", str(path))
        assert proc.returncode == 2 and "trellis:" in proc.stderr
    assert "cannot be imported" in run_cli("import", str(damaged)).stderr


def test_csv_export(run_cli, tmp_path):
    run_cli("checkin", "--mood", "5", "--note", "a, \"quoted\" note", "--date", "2026-11-03", check=True)
    out = tmp_path / "e.zip"
    run_cli("export", str(out), "--format", "csv", check=True)
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(out) as archive:
        sheet = next(n for n in archive.namelist() if "check" in n and "week" not in n)
        rows = list(csv.DictReader(io.StringIO(archive.read(sheet).decode("utf-8-sig"))))
    assert len(rows) == 1
    assert 'a, "quoted" note' in rows[0].values() and any("5" in v for v in rows[0].values())


def test_demo_and_doctor(run_cli):
    run_cli("demo", "--years", "0.5", check=True)
    report = run_cli("doctor", check=True).stdout
    assert "selfcare" in report and "All records read back cleanly" in report
    assert run_cli("demo").returncode == 2  # refuses to mix samples into real data


def test_a_second_process_is_told_plainly(run_cli):
    from app.store import Store

    run_cli.data.mkdir(parents=True)
    with Store(run_cli.data):
        proc = run_cli("checkin", "--mood", "3")
    assert proc.returncode == 2 and "already open" in proc.stderr


def test_export_works_while_the_app_holds_the_store(run_cli, tmp_path):
    from app.models import Goal
    from app.store import Store

    run_cli.data.mkdir(parents=True)
    with Store(run_cli.data) as store:
        store.save(Goal(title="Saved by the open app"))
        out = tmp_path / "while-open.json"
        proc = run_cli("export", str(out))
        assert proc.returncode == 0, proc.stderr
        assert "Saved by the open app" in out.read_text()
        assert "already open" in run_cli("checkin", "--mood", "2").stderr  # writers still wait their turn


def test_sample_history_has_its_wins_already_so_nothing_piles_up(run_cli):
    run_cli("demo", "--years", "1", check=True)
    before = run_cli("wins", check=True).stdout.splitlines()
    assert any("first check-in" in line.lower() for line in before)
    run_cli("checkin", "--mood", "3", "--date", "2099-01-01", check=True)  # a week or more after the last one
    after = run_cli("wins", check=True).stdout.splitlines()
    assert len(after) == len(before) + 1 and "Welcome back" in after[0]


# ---- strict input, truthful exit codes, plain errors (issue 7) --------------------
def _one_plain_line(proc, args=()) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, (args, proc.returncode, proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("trellis: "), (args, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    return lines[0]


def test_numbers_and_dates_are_read_strictly(run_cli):
    run_cli("checkin", "--mood", "3", "--date", "2026-11-01", check=True)
    before = sorted(p.read_bytes() for p in run_cli.data.glob("journal-*.jsonl"))
    cases = [
        ("checkin", "--mood", " 3"),
        ("checkin", "--mood", "+3"),
        ("checkin", "--mood", "３"),  # full-width
        ("checkin", "--mood", "٣"),  # Arabic-Indic
        ("checkin", "--mood", "3.0"),
        ("checkin", "--date", "2026-W01-1"),
        ("checkin", "--date", "２０２６-０１-０１"),
        ("checkin", "--date", "0001-01-01"),
        ("checkin", "--date", "9999-12-31"),
        ("goal", "add", "x", "--by", "0001-01-01"),
        ("bench", "--repeat", "0"),
        ("bench", "--repeat", "-1"),
        ("demo", "--years", "nan"),
        ("--data-dir", "", "checkin", "--mood", "3"),
        ("checkin", "--data-dir", "", "--mood", "3"),
    ]
    for args in cases:
        _one_plain_line(run_cli(*args), args)
    after = sorted(p.read_bytes() for p in run_cli.data.glob("journal-*.jsonl"))
    assert before == after


def test_an_empty_data_dir_never_reaches_the_real_data_folder(run_cli, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    proc = run_cli("--data-dir", "", "goal", "add", "lost", env={"HOME": str(home), "XDG_DATA_HOME": str(home / "xdg")})
    assert "needs a folder" in _one_plain_line(proc)
    assert list(home.rglob("*")) == []


def test_a_bad_trellis_today_is_one_plain_line(run_cli):
    for value in ("tomorrow", "2026-W01-1", "0001-01-01"):
        proc = run_cli("checkin", "--mood", "3", env={"TRELLIS_TODAY": value})
        assert "TRELLIS_TODAY" in _one_plain_line(proc)
    # The app (no command) reads it too: refused before anything starts.
    assert "TRELLIS_TODAY" in _one_plain_line(run_cli("--web", env={"TRELLIS_TODAY": "soon"}))
    assert not run_cli.data.exists()


def test_export_into_a_missing_folder_or_onto_a_folder(run_cli, tmp_path):
    run_cli("goal", "add", "Keep me", check=True)
    target = tmp_path / "a-folder"
    target.mkdir()
    assert "does not exist" in _one_plain_line(run_cli("export", str(tmp_path / "nowhere" / "e.json")))
    assert "is a folder" in _one_plain_line(run_cli("export", str(target)))
    assert list(target.iterdir()) == [] and not list(tmp_path.rglob("*.tmp"))
    out = tmp_path / "e.json"
    run_cli("export", str(out), check=True)
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_import_refuses_pipes_devices_and_deep_nesting_plainly(run_cli, tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a file" in _one_plain_line(run_cli("import", str(fifo)))
    assert "not a file" in _one_plain_line(run_cli("import", "/dev/zero"))
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "trellis-export", "schema": 1, "records": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    assert "nested too deeply" in _one_plain_line(run_cli("import", str(deep)))


def test_doctor_exits_non_zero_and_says_what_it_found(run_cli):
    run_cli("goal", "add", "First", check=True)
    run_cli("goal", "add", "Second", check=True)
    journal = run_cli.data / "journal-0.jsonl"
    data = bytearray(journal.read_bytes())
    data[-30] ^= 0x02
    journal.write_bytes(bytes(data))
    proc = run_cli("doctor")
    assert proc.returncode == 1, proc.stdout
    assert "damaged line" in proc.stdout and "All records read back cleanly" not in proc.stdout
    # A normal open repairs it (a copy kept aside); doctor is then content.
    fixed = run_cli("goal", "list", check=True)
    assert "kept at" in fixed.stderr
    healthy = run_cli("doctor", check=True).stdout
    assert "All records read back cleanly" in healthy and "kept aside by an earlier repair: 1" in healthy


def _write_docs(data, docs):
    """Documents straight into the journal, as an older version or another device might have left them."""
    import os

    from app.journal import encode_line
    from app.private_files import mkdir_private

    mkdir_private(data)
    with open(data / "journal-0.jsonl", "ab") as handle:
        for doc in docs:
            handle.write(encode_line(doc))
    os.chmod(data / "journal-0.jsonl", 0o600)


def test_a_step_whose_goal_is_missing_is_refused_before_anything_is_written(run_cli):
    from app.models import Milestone, new_id

    step = Milestone(goal_id=new_id(), title="Orphan step").model_dump(mode="json")
    _write_docs(run_cli.data, [step])
    before = (run_cli.data / "journal-0.jsonl").read_bytes()
    line = _one_plain_line(run_cli("milestone", "done", step["id"]))
    assert "not in your data" in line
    assert (run_cli.data / "journal-0.jsonl").read_bytes() == before


def test_a_durable_record_is_printed_and_succeeds_even_if_its_celebration_fails(tmp_path, monkeypatch, capsys):
    from app import cli
    from app.services import Trellis

    monkeypatch.setenv("TRELLIS_DATA_DIR", str(tmp_path / "data"))

    def full_disk(self, events):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Trellis, "celebrate", full_disk)
    code = cli.run(cli.parse(["checkin", "--mood", "3", "--date", "2026-11-20"]))
    out, err = capsys.readouterr()
    assert code == 0
    record_id = out.strip()
    assert len(record_id) == 32
    assert "check-in is saved" in err and "disk is full" in err and len(err.strip().splitlines()) == 1
    code = cli.run(cli.parse(["goal", "add", "Still mine"]))
    out, err = capsys.readouterr()
    assert code == 0 and len(out.strip()) == 32 and "goal is saved" in err
    monkeypatch.undo()
    from app.models import SelfCareCheckin
    from app.store import Store

    with Store(tmp_path / "data") as store:
        assert store.get(SelfCareCheckin, record_id).mood == 3


def test_a_celebration_over_the_file_size_limit_still_prints_the_id(run_cli):
    """The issue's own case: the check-in fits under the limit, its celebration does not."""
    import resource
    import subprocess
    import sys

    from tests.conftest import ROOT

    run_cli("goal", "add", "Made first, so the journal exists", check=True)
    journal = run_cli.data / "journal-0.jsonl"
    limit = journal.stat().st_size + 950  # room for a check-in line (about 800 bytes), not for its award too

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    import os

    proc = subprocess.run(
        [sys.executable, "-m", "app", "checkin", "--mood", "3", "--date", "2026-11-20"],
        capture_output=True, text=True, cwd=ROOT, preexec_fn=cap,
        env={**os.environ, "TRELLIS_DATA_DIR": str(run_cli.data)},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip()) == 32 and "Traceback" not in proc.stderr
    assert "celebration could not be saved" in proc.stderr
    exported = run_cli("wins", check=True)
    assert "Traceback" not in exported.stderr


def test_control_characters_from_the_data_are_never_printed_raw(run_cli, tmp_path):
    from app.models import Achievement, Goal

    evil = "Walk\x1b[2J\x1b[31m red\nforged line\r\u202eevil\x07\x9b"
    goal = Goal(title="placeholder").model_dump(mode="json")
    goal["title"] = evil
    win = Achievement(rule="first_goal", key="first_goal", day="2026-11-20", title="t", message="m").model_dump(mode="json")
    win["title"], win["message"] = evil, "you did it\x1b]0;pwned\x07"
    _write_docs(run_cli.data, [goal, win])
    raw_controls = [chr(c) for c in range(0x20) if chr(c) != "\n"] + ["\x7f", "\x9b", "\u202e"]
    for args in (("goal", "list"), ("wins",), ("doctor",), ("milestone", "add", goal["id"], evil)):
        proc = run_cli(*args)
        for stream in (proc.stdout, proc.stderr):
            assert not [c for c in raw_controls if c in stream], (args, stream)
        if args == ("goal", "list") and proc.returncode == 0:
            lines = proc.stdout.splitlines()
            assert len(lines) == 1 and "forged line" in lines[0] and "\u241b[2J" in lines[0]


def test_one_line_shows_controls_visibly():
    from app.printable import one_line

    assert one_line("plain words, émoji 🌱") == "plain words, émoji 🌱"
    assert one_line("a\nb\tc") == "a b c"
    assert one_line("\x1b[31mred") == "\u241b[31mred"
    assert one_line("x\u202ey\x9bz\x00") == "x<U+202E>y<U+009B>z\u2400"


def test_an_explicit_empty_data_folder_is_refused_by_the_core_too():
    import pytest

    from app.paths import data_dir

    with pytest.raises(ValueError, match="empty"):
        data_dir("")
    with pytest.raises(ValueError, match="empty"):
        data_dir("  ")


def test_a_tidy_up_that_cannot_finish_is_reported_and_the_save_still_succeeds(tmp_path, monkeypatch, capsys):
    from app import cli
    from app.store import Store

    monkeypatch.setenv("TRELLIS_DATA_DIR", str(tmp_path / "data"))
    real_close = Store.close

    def close_on_a_full_disk(self):
        real_close(self)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "close", close_on_a_full_disk)
    code = cli.run(cli.parse(["goal", "add", "Saved before the tidy-up"]))
    out, err = capsys.readouterr()
    assert code == 0 and len(out.strip()) == 32
    assert "saves are safe" in err and "disk is full" in err and "Traceback" not in err


def test_a_folder_that_refuses_writing_is_one_plain_line(tmp_path, monkeypatch, capsys):
    """EACCES (tested by faking it: root may write anywhere) and EROFS on the lock file."""
    import errno

    from app import cli, filelock

    monkeypatch.setenv("TRELLIS_DATA_DIR", str(tmp_path / "data"))
    real_open = filelock.os.open
    for code, words in ((errno.EACCES, "permission was refused"), (errno.EROFS, "can only be read")):

        def refusing(path, *args, **kwargs):
            if str(path).endswith("trellis.lock"):
                raise OSError(code, "refused")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(filelock.os, "open", refusing)
        assert cli.run(cli.parse(["checkin", "--mood", "3"])) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.strip().splitlines()) == 1 and words in err, err
