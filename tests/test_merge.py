import pytest
from hypothesis import given, settings, strategies as st

from app.hlc import Stamp
from app.merge import OwnerConflict, merge_docs

FIELDS = ("title", "status", "shared", "deleted")
ID = "a" * 32

stamps = st.builds(lambda w, c, d: str(Stamp(w, c, d)), st.integers(0, 50), st.integers(0, 3), st.sampled_from(["aa", "bb"]))
values = st.one_of(st.text(max_size=3), st.booleans(), st.none())


@st.composite
def docs(draw):
    doc = {"id": ID, "kind": "goal", "owner": draw(st.sampled_from(["aa", "bb", "0"])), "version": 1, "stamps": {}}
    for name in FIELDS:
        if draw(st.booleans()):
            doc[name] = draw(st.booleans() if name in ("shared", "deleted") else values)
            doc["stamps"][name] = draw(stamps)
    doc["updated"] = max(doc["stamps"].values(), default="")
    return doc


def _one_owner(*copies):
    return len({d["owner"] for d in copies}) == 1


@given(docs(), docs())
def test_merge_is_commutative(a, b):
    if not _one_owner(a, b):  # a record never changes hands: copies with two owners are refused
        with pytest.raises(OwnerConflict):
            merge_docs(a, b)
        with pytest.raises(OwnerConflict):
            merge_docs(b, a)
        return
    assert merge_docs(a, b) == merge_docs(b, a)
    assert merge_docs(a, b)["owner"] == a["owner"]


@settings(max_examples=600)
@given(docs(), docs(), docs())
def test_merge_is_associative(a, b, c):
    if not _one_owner(a, b, c):
        with pytest.raises(OwnerConflict):
            merge_docs(merge_docs(a, b), c) if _one_owner(a, b) else merge_docs(a, b)
        return
    assert merge_docs(merge_docs(a, b), c) == merge_docs(a, merge_docs(b, c))


@given(docs(), docs())
def test_merge_is_idempotent(a, b):
    if not _one_owner(a, b):
        return
    once = merge_docs(a, b)
    assert merge_docs(once, b) == once
    assert merge_docs(once, once) == once


def test_per_field_newest_wins_so_a_review_does_not_undo_a_rename():
    s = lambda w: str(Stamp(w, 0, "aa"))
    base = {"id": ID, "kind": "milestone", "owner": "aa", "version": 1}
    mentee = {**base, "title": "Renamed", "done": False, "stamps": {"title": s(20), "done": s(1)}, "updated": s(20)}
    mentor = {**base, "title": "Old name", "done": True, "stamps": {"title": s(1), "done": s(15)}, "updated": s(15)}
    merged = merge_docs(mentee, mentor)
    assert merged["title"] == "Renamed" and merged["done"] is True
    assert merged["updated"] == s(20)


def test_an_edit_newer_than_a_deletion_keeps_the_record():
    s = lambda w: str(Stamp(w, 0, "aa"))
    base = {"id": ID, "kind": "goal", "owner": "aa", "version": 1}
    deleted = {**base, "title": "x", "deleted": True, "stamps": {"title": s(1), "deleted": s(5)}, "updated": s(5)}
    edited = {**base, "title": "y", "deleted": False, "stamps": {"title": s(9), "deleted": s(1)}, "updated": s(9)}
    merged = merge_docs(deleted, edited)
    assert merged["deleted"] is False and merged["title"] == "y"
    older_edit = {**edited, "stamps": {"title": s(3), "deleted": s(1)}, "updated": s(3)}
    assert merge_docs(deleted, older_edit)["deleted"] is True  # the deletion is the newer act


def test_a_copy_with_a_smaller_owner_does_not_take_a_record_over():
    s = lambda w: str(Stamp(w, 0, "aa"))
    mine = {"id": ID, "kind": "goal", "owner": "bb", "version": 2, "title": "x", "stamps": {"title": s(1)}, "updated": s(1)}
    with pytest.raises(OwnerConflict):
        merge_docs(mine, {**mine, "owner": "0", "title": "y", "stamps": {"title": s(9)}, "updated": s(9)})
