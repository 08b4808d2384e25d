"""Store.purge: a record removed for good, from memory, journal and snapshots."""

from __future__ import annotations

from app.journal import encode_line
from app.models import Goal, SelfCareCheckin
from app.store import Store


def _bytes(folder):
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_purge_removes_the_text_from_every_file_and_survives_reopening(tmp_path):
    store = Store(tmp_path)
    keep = store.save(Goal(title="Keep me"))
    gone = store.save(Goal(title="Forget this secret"))
    check = store.save(SelfCareCheckin(day="2026-01-02", note="forget this note too"))
    store.compact()
    store.patch(Goal, gone.id, {"title": "Forget this secret, edited"})
    assert store.purge([gone.id, check.id, "f" * 32]) == 2
    assert [g.title for g in store.list(Goal)] == ["Keep me"]
    assert store.list(SelfCareCheckin, start=None) == []
    assert b"Forget this" not in _bytes(tmp_path) and b"forget this note" not in _bytes(tmp_path)
    store.close()
    again = Store(tmp_path)
    assert [g.id for g in again.list(Goal, include_deleted=True)] == [keep.id]
    # The same day can hold a new check-in: the date index forgot the purged one.
    again.save(SelfCareCheckin(day="2026-01-02"))
    assert again.check() == []
    again.close()


def test_a_purge_line_in_the_journal_drops_the_record_on_load(tmp_path):
    store = Store(tmp_path)
    goal = store.save(Goal(title="Short lived"))
    store.close()
    journal = next(tmp_path.glob("journal-*.jsonl"))
    with open(journal, "ab") as handle:
        handle.write(encode_line({"id": goal.id, "purged": True}))
    again = Store(tmp_path)
    assert again.list(Goal) == [] and again.notices == []
    again.close()


def test_merge_with_purge_is_one_save_and_never_merges_a_purged_id(tmp_path):
    store = Store(tmp_path)
    goal = store.save(Goal(title="Theirs"))
    doc = {**goal.model_dump(mode="json"), "title": "Theirs, newer"}
    doc["stamps"] = {**doc["stamps"], "title": "999999999999999-000000-zz"[:0] or store.clock.now()}
    report = store.merge([doc], purge=[goal.id])
    assert report.added == report.changed == 0
    assert store.list(Goal) == []
    store.close()
