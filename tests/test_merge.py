from hypothesis import given, settings, strategies as st

from app.hlc import Stamp
from app.merge import merge_docs

FIELDS = ("title", "status", "shared", "deleted")
ID = "a" * 32

stamps = st.builds(lambda w, c, d: str(Stamp(w, c, d)), st.integers(0, 50), st.integers(0, 3), st.sampled_from(["aa", "bb"]))
values = st.one_of(st.text(max_size=3), st.booleans(), st.none())


@st.composite
def docs(draw):
    doc = {"id": ID, "kind": "goal", "owner": "aa", "version": 1, "stamps": {}}
    for name in FIELDS:
        if draw(st.booleans()):
            doc[name] = draw(st.booleans() if name in ("shared", "deleted") else values)
            doc["stamps"][name] = draw(stamps)
    doc["updated"] = max(doc["stamps"].values(), default="")
    return doc


@given(docs(), docs())
def test_merge_is_commutative(a, b):
    assert merge_docs(a, b) == merge_docs(b, a)


@settings(max_examples=600)
@given(docs(), docs(), docs())
def test_merge_is_associative(a, b, c):
    assert merge_docs(merge_docs(a, b), c) == merge_docs(a, merge_docs(b, c))


@given(docs(), docs())
def test_merge_is_idempotent(a, b):
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
