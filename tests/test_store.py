import datetime as dt

import pytest
from pydantic import ValidationError

from app.filelock import StoreLockedError
from app.journal import SNAPSHOT_NAME, StoreTooNewError, encode_line
from app.models import Goal, Milestone, SelfCareCheckin, SCHEMA_VERSION
from app.store import RecordNotFound, Store, StoreError


def test_save_get_list_round_trip(tmp_path):
    with Store(tmp_path) as store:
        goal = store.save(Goal(title="Walk"))
        m = store.save(Milestone(goal_id=goal.id, title="Buy shoes"))
        for day in ("2026-01-03", "2026-01-01", "2026-01-02"):
            store.save(SelfCareCheckin(day=day, mood=3))
    with Store(tmp_path) as store:
        assert store.get(Goal, goal.id).title == "Walk"
        assert store.get(Milestone, m.id).goal_id == goal.id
        days = [c.day.isoformat() for c in store.list(SelfCareCheckin)]
        assert days == ["2026-01-01", "2026-01-02", "2026-01-03"]
        ranged = store.list(SelfCareCheckin, start=dt.date(2026, 1, 2), end=dt.date(2026, 1, 2))
        assert [c.day for c in ranged] == [dt.date(2026, 1, 2)]
        assert goal.owner == store.person != store.device  # a person owns records; the device stamps them


def test_field_stamps_change_only_for_changed_fields(tmp_path):
    with Store(tmp_path) as store:
        c = store.save(SelfCareCheckin(day="2026-01-01", mood=2, energy=3))
        edited = store.save(c.model_copy(update={"mood": 4}))
        assert edited.stamps["mood"] > c.stamps["mood"]
        assert edited.stamps["energy"] == c.stamps["energy"]
        assert edited.updated > c.updated
        again = store.save(edited)
        assert again.updated == edited.updated  # nothing changed: nothing written
        assert store.journal_lines == 2


def test_delete_leaves_a_tombstone(tmp_path):
    with Store(tmp_path) as store:
        g = store.save(Goal(title="Let me go"))
        store.delete(Goal, g.id)
        assert store.list(Goal) == []
        with pytest.raises(RecordNotFound):
            store.get(Goal, g.id)
        assert store.get(Goal, g.id, include_deleted=True).deleted
    with Store(tmp_path) as store:
        assert store.get(Goal, g.id, include_deleted=True).deleted


def test_kind_of_an_id_cannot_change(tmp_path):
    with Store(tmp_path) as store:
        g = store.save(Goal(title="x"))
        with pytest.raises(StoreError):
            store.save(SelfCareCheckin(id=g.id, day="2026-01-01"))


def test_second_process_gets_a_clear_message(tmp_path):
    with Store(tmp_path):
        with pytest.raises(StoreLockedError, match="already open"):
            Store(tmp_path)
    Store(tmp_path).close()  # free again once the first one closed


def test_compaction_keeps_everything_and_empties_the_journal(tmp_path):
    with Store(tmp_path) as store:
        ids = [store.save(SelfCareCheckin(day=dt.date(2026, 1, 1) + dt.timedelta(days=i))).id for i in range(30)]
        store.compact()
        assert store.journal_lines == 0
        store.save(Goal(title="after"))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert SNAPSHOT_NAME in files and "journal-1.jsonl" in files and "journal-0.jsonl" not in files
    with Store(tmp_path) as store:
        assert {c.id for c in store.list(SelfCareCheckin)} == set(ids)
        assert len(store.list(Goal)) == 1


def test_clock_never_goes_back_across_restarts(tmp_path):
    future = 2_000_000_000.0
    with Store(tmp_path, wall=lambda: future) as store:
        first = store.save(Goal(title="from a clock set ahead"))
    with Store(tmp_path, wall=lambda: future - 3600 * 20) as store:  # clock set back by 20 hours
        later = store.patch(Goal, first.id, {"title": "edited later"})
    assert later.updated > first.updated
    assert later.stamps["title"] > first.stamps["title"]


def test_a_store_opened_once_under_a_far_future_clock_does_not_stamp_the_future_forever(tmp_path):
    now = 1_800_000_000.0
    with Store(tmp_path, wall=lambda: now + 86400 * 365 * 19) as store:  # a clock set to 2045, once
        wrong = store.save(Goal(title="saved under a wrong clock"))
    with Store(tmp_path, wall=lambda: now) as store:
        assert any("a day ahead" in n for n in store.notices)
        later = store.save(Goal(title="saved with the right clock"))
        assert later.updated.startswith(f"{int(now * 1000):015d}")
        assert store.get(Goal, wrong.id).title == "saved under a wrong clock"  # kept, only not followed


def test_newer_schema_is_refused_without_touching_files(tmp_path):
    header = {"format": "trellis-store", "schema": SCHEMA_VERSION + 1, "generation": 0, "count": 0}
    (tmp_path / SNAPSHOT_NAME).write_bytes(encode_line(header))
    before = (tmp_path / SNAPSHOT_NAME).read_bytes()
    with pytest.raises(StoreTooNewError, match="newer Trellis"):
        Store(tmp_path)
    assert (tmp_path / SNAPSHOT_NAME).read_bytes() == before
    Store  # the lock was released: a retry is refused the same way, not as locked
    with pytest.raises(StoreTooNewError):
        Store(tmp_path)


def test_newer_record_version_is_refused(tmp_path):
    doc = Goal(title="from the future").model_dump(mode="json")
    doc["version"] = SCHEMA_VERSION + 1
    (tmp_path / "journal-0.jsonl").write_bytes(encode_line(doc))
    with pytest.raises(StoreTooNewError):
        Store(tmp_path)


def test_many_saves_in_one_batch_are_all_or_nothing(tmp_path):
    with Store(tmp_path) as store:
        recs = [SelfCareCheckin(day=dt.date(2020, 1, 1) + dt.timedelta(days=i)) for i in range(500)]
        store.save_many(recs)
        assert store.count(SelfCareCheckin) == 500
        assert store.journal_lines == 500
        # ... and nothing: one bad record (last, after 499 good ones) and not one line is written.
        more = [SelfCareCheckin(day=dt.date(2022, 1, 1) + dt.timedelta(days=i)) for i in range(499)]
        bad = SelfCareCheckin(day=dt.date(2023, 6, 1)).model_copy(update={"mood": 9})  # skips validation
        journal = (tmp_path / "journal-0.jsonl").read_bytes()
        with pytest.raises(ValidationError):
            store.save_many([*more, bad])
        owner_goal = store.save(Goal(title="Walk"))
        with pytest.raises(StoreError):  # one id twice in one batch
            store.save_many([Goal(title="New"), owner_goal, owner_goal])
        assert (tmp_path / "journal-0.jsonl").read_bytes()[: len(journal)] == journal
        assert store.journal_lines == 501
        assert store.count(SelfCareCheckin) == 500 and store.count(Goal) == 1
    with Store(tmp_path) as store:
        assert store.count(SelfCareCheckin) == 500 and store.count(Goal) == 1


def test_tinydb_queries_see_every_save(tmp_path):
    from tinydb import where

    with Store(tmp_path) as store:
        store.save(Goal(title="Walk by the river"))
        first = store.search(Goal, where("title").search("river"))
        late = store.save(Goal(title="River swim"))
        found = store.search(Goal, where("title").search("(?i)river"))
        assert len(first) == 1 and {g.id for g in found} >= {late.id}
        store.delete(Goal, late.id)
        assert late.id not in {g.id for g in store.search(Goal, where("title").search("(?i)river"))}


def test_read_only_open_sees_saves_of_the_open_store_and_refuses_writes(tmp_path):
    with Store(tmp_path) as owner:
        saved = owner.save(Goal(title="seen from outside"))
        reader = Store(tmp_path, read_only=True)  # no lock needed, the owner keeps its lock
        assert reader.get(Goal, saved.id).title == "seen from outside"
        with pytest.raises(StoreError, match="only for reading"):
            reader.save(Goal(title="nope"))
        reader.close()
        owner.save(Goal(title="still writable"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("journal")) == ["journal-0.jsonl"]
