import datetime as dt

from hypothesis import given, strategies as st

from app.dateindex import DateIndex
from app.models import SelfCareCheckin
from app.store import Store

days = st.dates(dt.date(2020, 1, 1), dt.date(2020, 3, 1)).map(dt.date.isoformat)


@given(st.lists(st.tuples(st.booleans(), days, st.integers(0, 9))), days, days)
def test_index_answers_ranges_like_a_scan(ops, lo, hi):
    index, truth = DateIndex(), {}
    for add, day, n in ops:
        rid = f"r{n}"
        if rid in truth:
            index.remove(truth.pop(rid), rid)
        if add:
            index.add(day, rid)
            truth[rid] = day
    got = {rid for day in index.days(lo, hi) for rid in index.ids_on(day)}
    assert got == {rid for rid, day in truth.items() if lo <= day <= hi}
    assert index.days(None, None) == sorted(set(truth.values()))


def test_moving_a_checkin_to_another_day_moves_it_in_ranges(tmp_path):
    with Store(tmp_path) as store:
        c = store.save(SelfCareCheckin(day="2026-01-05", mood=2))
        store.save(c.model_copy(update={"day": dt.date(2026, 2, 1)}))
        assert store.list(SelfCareCheckin, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)) == []
        moved = store.list(SelfCareCheckin, start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 1))
        assert [m.id for m in moved] == [c.id]
        store.delete(SelfCareCheckin, c.id)
        assert store.list(SelfCareCheckin, end=dt.date(2026, 12, 31), newest=1) == []
    with Store(tmp_path) as store:  # rebuilt from disk the same way
        assert store.list(SelfCareCheckin, end=dt.date(2026, 12, 31), newest=1) == []


def test_newest_walks_back_past_deleted_days(tmp_path):
    with Store(tmp_path) as store:
        keep = store.save(SelfCareCheckin(day="2026-01-01"))
        gone = store.save(SelfCareCheckin(day="2026-01-09"))
        store.delete(SelfCareCheckin, gone.id)
        last = store.list(SelfCareCheckin, end=dt.date(2026, 1, 31), newest=1)
        assert [c.id for c in last] == [keep.id]
