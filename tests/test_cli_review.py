"""`trellis review` and `trellis agreement`, run in-process through the real
parser and run(), with the fake pair of tests/pair_fake.py standing for the
engine (two stores: the mentee's, opened by the command, and a mentor's)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import cli
from app.models import Goal, PairReview
from app.services import Trellis
from tests.pair_fake import linked

DAY = dt.date(2026, 3, 14)


@pytest.fixture
def world(tmp_path, monkeypatch):
    """Commands open the mentee's store; each opening is linked to the mentor's."""
    mentor = Trellis.open(tmp_path / "mentor", today=lambda: DAY)
    real_open = Trellis.open.__func__
    state = {"pair": True}

    def opening(cls, directory=None, **kw):
        t = real_open(cls, directory, today=lambda: DAY)
        if state["pair"]:
            linked(t, mentor)
        return t

    monkeypatch.setattr(cli.Trellis, "open", classmethod(opening))
    data = tmp_path / "mentee"
    with Trellis.open(data) as t:
        goal, _ = t.goals.save_goal(Goal(title="Find a job", support="Interview practice"))
        t.pair.share(goal.id, pair_id="p1", level="notes")
    yield data, goal, mentor, state
    mentor.close()


def run(capsys, data, *args) -> tuple[int, str, str]:
    code = cli.run(cli.parse([*args, "--data-dir", str(data)]))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_review_save_show_and_accept(world, capsys):
    data, goal, mentor, _ = world
    code, out, err = run(capsys, data, "review", "show")
    assert code == 0 and "would like support" in out and "Interview practice" in out
    code, out, err = run(capsys, data, "review", "save", "--notes", "Good talk", "--next", goal.id, "Call the college")
    review_id = out.strip()
    assert code == 0 and len(review_id) == 32 and "Your first review together" in err
    code, out, _ = run(capsys, data, "review", "show")
    assert "next step" in out and "Call the college" in out
    code, out, _ = run(capsys, data, "review", "accept", review_id, "1")
    assert code == 0 and len(out.strip()) == 32
    with Trellis.open(data) as t:
        assert [m.title for m in t.goals.milestones(goal.id)] == ["Call the college"]
    code, out, _ = run(capsys, data, "review", "list")
    assert review_id in out and "1 next steps" in out


def test_review_errors_are_one_plain_line_and_change_nothing(world, capsys):
    data, goal, _, state = world
    for args, words in [
        (("review", "save", "--next", "f" * 32, "A step"), "shared goals"),
        (("review", "save"), "something to keep"),
        (("review", "accept", "a" * 32, "1"), "no such next step"),
        (("review", "accept", "a" * 32, "0"), "numbered from 1"),
        (("review", "show", "--pair", "nope"), "no pair nope"),
    ]:
        code, out, err = run(capsys, data, *args)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and words in err, (args, err)
    state["pair"] = False
    code, _, err = run(capsys, data, "review", "show")
    assert code == 2 and "There is no pair yet" in err
    with Trellis.open(data) as t:
        assert t.store.list(PairReview) == []


def test_agreement_show_edit_agree(world, capsys, tmp_path):
    data, _, mentor, _ = world
    code, out, _ = run(capsys, data, "agreement", "show")
    assert code == 0 and "What stays between us" in out and "not agreed" in out
    version = out.splitlines()[0].split("  ", 1)[1]
    code, out, err = run(capsys, data, "agreement", "agree", *version.split())
    assert code == 0 and "agreed on 2026-03-14" in out
    text = tmp_path / "ours.txt"
    text.write_text("We meet on Fridays.\n", encoding="utf-8")
    code, out, _ = run(capsys, data, "agreement", "edit", "--file", str(text))
    assert code == 0 and "not agreed to this version" in out.splitlines()[1]
    code, out, err = run(capsys, data, "agreement", "agree", version)
    assert code == 2 and "changed since you read it" in err
    code, out, err = run(capsys, data, "agreement", "edit", "--file", str(tmp_path / "missing.txt"))
    assert code == 2 and "Cannot read" in err
    code, out, err = run(capsys, data, "agreement", "edit", "--text", " ")
    assert code == 2 and "cannot be empty" in err
