"""Store.merge (import now, pair sync next): all or nothing, trusted stamps,
owners that never move, and a report of what changed."""

import datetime as dt

import pytest

from app.hlc import MAX_AHEAD_MS, Stamp
from app.models import Goal, Milestone, SelfCareCheckin
from app.store import MergeRefused, Store

NOW = 1_800_000_000.0


def _files(directory):
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file() and p.name != "trellis.lock"}


@pytest.fixture
def other(tmp_path):
    """Records from another store (an export), as plain documents."""
    with Store(tmp_path / "other", wall=lambda: NOW) as store:
        goal = store.save(Goal(title="Walk more"))
        store.save(Milestone(goal_id=goal.id, title="Buy shoes"))
        store.save(SelfCareCheckin(day="2026-01-02", mood=3))
        docs = store.raw_docs()
    return docs


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "mine", wall=lambda: NOW) as s:
        s.save(Goal(title="Mine"))
        yield s


def _refused(store, docs, match):
    before_files, before_docs, clock = _files(store.dir), store.raw_docs(), store.clock.last
    with pytest.raises(MergeRefused, match=match):
        store.merge(docs)
    # The "nothing" half: not a byte on disk, not a record in memory, not the clock.
    assert _files(store.dir) == before_files
    assert store.raw_docs() == before_docs
    assert store.clock.last == clock


def test_a_good_batch_is_merged_and_said_in_plain_lines(store, other):
    report = store.merge(other)
    assert (report.added, report.changed, report.held_back) == (3, 0, 0)
    assert "added goal 'Walk more'" in report.lines()
    assert "added step 'Buy shoes'" in report.lines()
    added, changed = store.merge(other)  # still unpacks as (added, changed), and twice changes nothing
    assert (added, changed) == (0, 0)
    step = next(d for d in other if d["kind"] == "milestone")
    later = str(Stamp(int(NOW * 1000) + 5, 0, "ff"))
    renamed = {**step, "title": "Buy good shoes", "updated": later, "stamps": {**step["stamps"], "title": later}}
    report = store.merge([renamed])
    assert report.lines() == ["changed title of step 'Buy shoes'"]


def test_one_bad_record_refuses_the_whole_batch(store, other):
    bad = {**other[0], "title": ""}
    _refused(store, [*other[1:], bad], "cannot be imported")


def test_a_record_from_a_newer_trellis_is_refused_and_the_store_still_opens(store, other):
    _refused(store, [*other[:2], {**other[2], "version": 3}], "newer Trellis")
    directory = store.dir
    store.close()
    with Store(directory) as again:  # before the fix one such record locked the person out
        assert len(again.raw_docs()) == 1


@pytest.mark.parametrize("stamp", ["zzz", "", "1-2-3", "999999999999999-000000-ZZ"])
def test_a_stamp_that_is_not_a_stamp_refuses_the_batch(store, other, stamp):
    goal = next(d for d in other if d["kind"] == "goal")
    _refused(store, [{**goal, "stamps": {**goal["stamps"], "title": stamp}}], "stamp|cannot be imported")
    _refused(store, [{**goal, "updated": stamp}], "stamp|cannot be imported")


def test_one_id_for_two_kinds_is_refused_in_the_batch_and_against_the_store(store, other):
    goal = next(d for d in other if d["kind"] == "goal")
    step = next(d for d in other if d["kind"] == "milestone")
    _refused(store, [goal, {**step, "id": goal["id"]}], "one id")
    mine = store.raw_docs(["goal"])[0]
    _refused(store, [{**step, "id": mine["id"], "owner": mine["owner"]}], "id of a goal")


def test_two_check_ins_for_one_day_are_refused(store, other):
    checkin = next(d for d in other if d["kind"] == "selfcare")
    _refused(store, [checkin, {**checkin, "id": "1" * 32}], "two check-ins for 2026-01-02")
    store.save(SelfCareCheckin(day="2026-01-02", mood=5))
    _refused(store, [checkin], "two check-ins for 2026-01-02")


def test_a_copy_naming_another_owner_is_refused_and_the_owner_never_moves(store, other):
    mine = store.raw_docs(["goal"])[0]
    later = str(Stamp(int(NOW * 1000) + 5, 0, "ff"))
    taken = {**mine, "owner": "0", "title": "Taken over", "updated": later, "stamps": {**mine["stamps"], "title": later}}
    _refused(store, [taken], "another owner")
    assert store.raw_docs(["goal"])[0]["owner"] == store.person
    goal = next(d for d in other if d["kind"] == "goal")
    _refused(store, [goal, {**goal, "owner": "0"}], "two different owners")


def test_a_stamp_more_than_a_day_ahead_is_held_back_and_taken_later(tmp_path, other):
    ahead = str(Stamp(int(NOW * 1000) + MAX_AHEAD_MS + 60_000, 0, "ff"))
    goal = next(d for d in other if d["kind"] == "goal")
    future = {**goal, "title": "From the future", "updated": ahead, "stamps": {**goal["stamps"], "title": ahead}}
    with Store(tmp_path / "mine", wall=lambda: NOW) as store:
        report = store.merge([future, *[d for d in other if d["kind"] != "goal"]])
        assert (report.added, report.held_back) == (2, 1)
        assert any("held back 1 item" in line for line in report.lines())
        assert store.raw_docs(["goal"]) == []
        assert store.clock.last.wall_ms <= int(NOW * 1000)  # the clock did not follow it
        assert store.save(Goal(title="Mine")).updated < ahead
    later = NOW + 2 * 86400
    with Store(tmp_path / "mine", wall=lambda: later) as store:  # tried again once the clock caught up
        report = store.merge([future])
        assert report.added == 1 and report.held_back == 0
        assert any(d["title"] == "From the future" for d in store.raw_docs(["goal"]))


def test_real_time_store_merges_what_it_exported(tmp_path):
    with Store(tmp_path / "a") as a:
        a.save(Goal(title="Today's goal", created=dt.date.today()))
        docs = a.raw_docs()
    with Store(tmp_path / "b") as b:
        assert b.merge(docs).added == 1
