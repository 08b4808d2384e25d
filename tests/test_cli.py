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
    out = tmp_path / "e.csv"
    run_cli("export", str(out), "--format", "csv", check=True)
    import csv

    rows = [r for r in csv.DictReader(out.open()) if r["kind"] == "selfcare"]
    assert len(rows) == 1 and rows[0]["note"] == 'a, "quoted" note'


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
