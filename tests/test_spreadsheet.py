"""The spreadsheet export: one CSV per kind in a ZIP, read back with the csv module."""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest

from app import spreadsheet
from app.models import Achievement, Comment, ResilienceCheckin, SelfCareCheckin
from app.services import Trellis

TODAY = dt.date(2026, 3, 14)
HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        yield t


def read_zip(path):
    with zipfile.ZipFile(path) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()
        }


def test_each_kind_has_its_own_sheet_with_words_and_numbers(trellis, tmp_path):
    trellis.checkins.save_selfcare(
        SelfCareCheckin(day=TODAY, mood=4, stress=2, feelings=["calm", "hopeful"], care=["walk"], note='Said "hi", then, left')
    )
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY - dt.timedelta(days=1)))  # every question skipped
    trellis.checkins.save_resilience(ResilienceCheckin(week=dt.date(2026, 3, 9), challenge="A hard talk", bounce_back=3))
    from app.models import Goal

    goal, _ = trellis.goals.save_goal(Goal(title="Find a flat", why="A home of my own"))
    walk = trellis.goals.add_milestone(goal.id, "Walk 10 minutes")
    trellis.goals.add_milestone(goal.id, "Call the agency")
    trellis.goals.set_done(walk.id)
    trellis.store.save(Achievement(rule="first", key="first", day=TODAY, title="First step", feeling="proud"))
    trellis.store.save(Comment(target_id=goal.id, author_role="mentor", day=TODAY, text="Well done"))
    gone, _ = trellis.goals.save_goal(Goal(title="Deleted goal"))
    trellis.goals.delete_goal(gone.id)

    out = tmp_path / "trellis.zip"
    counts = spreadsheet.export_zip(trellis.store, out, trellis.content)
    sheets = read_zip(out)

    assert sorted(sheets) == sorted(f"{name}.csv" for name in spreadsheet.SHEETS)
    checkins = sheets["check-ins.csv"]
    assert [row["date"] for row in checkins] == ["2026-03-13", "2026-03-14"]
    day = checkins[1]
    assert day["mood"] == trellis.content.checkin.mood.labels[3] and day["mood (1-5)"] == "4"
    assert day["energy"] == "" and day["energy (1-5)"] == ""  # skipped stays blank
    assert day["feelings"] == "calm; hopeful" and day["self-care"] == "walk"
    assert day["note"] == 'Said "hi", then, left'  # quotes and commas survive
    assert checkins[0]["mood"] == ""

    reflection = sheets["weekly-reflections.csv"][0]
    assert reflection["week starting"] == "2026-03-09"
    assert reflection[trellis.content.resilience.challenge.title] == "A hard talk"

    goals = sheets["goals.csv"]
    assert [g["goal"] for g in goals] == ["Find a flat"]  # the deleted one is not there
    assert goals[0]["steps done"] == "1" and goals[0]["steps in all"] == "2"
    steps = sheets["steps.csv"]
    assert [(s["goal"], s["step"], s["done"]) for s in steps] == [
        ("Find a flat", "Walk 10 minutes", "yes"),
        ("Find a flat", "Call the agency", "no"),
    ]
    assert steps[0]["done on"] == TODAY.isoformat()
    assert sheets["wins.csv"][0]["how it felt"] == "proud"
    assert sheets["comments.csv"][0]["about"] == "Find a flat"
    assert counts == {name[:-4]: len(rows) for name, rows in sheets.items()}

    # No clock stamps, no ids, no owner: nothing a person did not write.
    with zipfile.ZipFile(out) as archive:
        text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert not HEX_ID.search(text)
    assert trellis.store.device not in text
    assert "stamps" not in text and "updated" not in text


def test_an_empty_store_gives_sheets_with_headers_only(trellis, tmp_path):
    out = tmp_path / "empty.zip"
    counts = spreadsheet.export_zip(trellis.store, out)
    assert set(counts.values()) == {0}
    with zipfile.ZipFile(out) as archive:
        first = archive.read("check-ins.csv").decode("utf-8-sig").splitlines()
    assert first == [",".join(next(csv.reader([first[0]])))] and first[0].startswith("date,mood")


def test_a_folder_that_cannot_be_written_leaves_nothing_behind(trellis, tmp_path):
    missing = tmp_path / "no-such-folder" / "out.zip"
    with pytest.raises(OSError):
        spreadsheet.export_zip(trellis.store, missing)
    assert not missing.parent.exists()
