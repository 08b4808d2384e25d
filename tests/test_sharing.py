import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import sharing
from app.models import RECORD_TYPES
from app.sharing import deleted_marker, is_marker, project, share_view, withdrawn_marker

S = "000001764000000-000000-dev1"  # an old stamp
LATE = "000001799000000-000000-dev1"  # a newer one, on a private field


def stamped(doc: dict, late: tuple[str, ...] = ()) -> dict:
    fields = [k for k in doc if k not in ("id", "kind", "owner", "version", "updated", "stamps")]
    return {
        **doc,
        "owner": "mentee1",
        "version": 2,
        "updated": LATE if late else S,
        "stamps": {k: (LATE if k in late else S) for k in fields},
    }


GOAL = stamped(
    {
        "id": "a" * 32,
        "kind": "goal",
        "title": "Sleep before midnight",
        "status": "active",
        "by": "2027-01-01",
        "created": "2026-11-01",
        "why": "PRIVATE-WHY",
        "measure": "PRIVATE-MEASURE",
        "doable": "PRIVATE-DOABLE",
        "strengths": "PRIVATE-STRENGTHS",
        "support": "PRIVATE-SUPPORT",
        "learned": "PRIVATE-LEARNED",
        "deleted": False,
        "shared": True,
    },
    late=("why",),
)


def test_goal_headline_keeps_only_the_headline_and_its_stamps():
    out = share_view(GOAL, "headline")
    assert "PRIVATE" not in repr(out)
    assert set(out) == {"id", "kind", "owner", "version", "deleted", "shared", "title", "status", "by", "created", "stamps", "updated"}
    assert set(out["stamps"]) == {"deleted", "shared", "title", "status", "by", "created"}
    # The late edit to a private field leaves no trace, not even in `updated`.
    assert out["updated"] == S and LATE not in repr(out)


def test_goal_with_notes_adds_what_the_person_wrote():
    out = share_view(GOAL, "notes")
    for name in ("why", "measure", "doable", "strengths", "support", "learned"):
        assert out[name] == GOAL[name] and out["stamps"][name] == GOAL["stamps"][name]
    assert out["updated"] == LATE


def test_the_input_is_not_changed():
    before = repr(GOAL)
    share_view(GOAL, "headline")
    assert repr(GOAL) == before


@pytest.mark.parametrize(
    "doc, headline_only, notes_only",
    [
        (
            {"kind": "milestone", "goal_id": "a" * 32, "title": "Buy a lamp", "order": 1.0, "done": True,
             "done_on": "2026-11-02", "note": "PRIVATE"},
            "title",
            "note",
        ),
        (
            {"kind": "achievement", "rule": "first_step", "key": "k", "day": "2026-11-02", "title": "First step",
             "message": "You began", "feeling": "PRIVATE", "subject_id": None},
            "message",
            "feeling",
        ),
        (
            {"kind": "selfcare", "day": "2026-11-02", "mood": 3, "energy": 2, "sleep": 4, "stress": 2,
             "feelings": ["calm"], "care": ["walk"], "note": "PRIVATE"},
            "mood",
            "note",
        ),
        (
            {"kind": "resilience", "week": "2026-11-02", "bounce_back": 4, "challenge": "PRIVATE", "helped": "PRIVATE",
             "strength": "PRIVATE", "supporters": "PRIVATE", "next_step": "PRIVATE"},
            "bounce_back",
            "challenge",
        ),
        ({"kind": "goal_reflection", "goal_id": "a" * 32, "day": "2026-11-02", "text": "PRIVATE"}, "day", "text"),
    ],
)
def test_each_kind_shares_its_headline_and_keeps_its_notes_for_the_notes_level(doc, headline_only, notes_only):
    doc = stamped({"id": "b" * 32, "shared": True, "deleted": False, **doc})
    head = share_view(doc, "headline")
    assert headline_only in head and "PRIVATE" not in repr(head)
    assert set(head["stamps"]) <= set(head) - {"stamps", "updated"}
    notes = share_view(doc, "notes")
    assert notes[notes_only] == doc[notes_only] and notes_only in notes["stamps"]


def test_a_comment_goes_in_whole_at_either_level():
    doc = stamped(
        {"id": "c" * 32, "kind": "comment", "target_id": "a" * 32, "author_role": "mentor", "day": "2026-11-02",
         "text": "Proud of you", "encouragement": True, "shared": True, "deleted": False}
    )
    assert share_view(doc, "headline") == share_view(doc, "notes")
    assert share_view(doc, "headline")["text"] == "Proud of you"


@pytest.mark.parametrize("kind", ["profile", "settings", "contact", "mystery"])
def test_profile_settings_contacts_and_unknown_kinds_never_go_in(kind):
    doc = stamped({"id": "d" * 32, "kind": kind, "name": "PRIVATE", "shared": True, "deleted": False})
    assert project(doc, "notes", was_shared=True) is None
    with pytest.raises(ValueError):
        share_view(doc, "notes")
    assert sharing.allowed_fields(kind, "notes") == ()


def test_every_known_kind_is_decided():
    # A new kind must be placed on a list (or left out on purpose) before it can be shared.
    assert set(sharing.ALLOWED) | sharing.NEVER_SHARED >= set(RECORD_TYPES)
    for kind, (headline, notes) in sharing.ALLOWED.items():
        if kind in RECORD_TYPES:
            known = set(RECORD_TYPES[kind].model_fields)
            assert set(headline) | set(notes) <= known, kind


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError):
        share_view(GOAL, "everything")


def test_withdrawn_and_deleted_markers_carry_no_content():
    withdrawn_doc = {**GOAL, "shared": False, "stamps": {**GOAL["stamps"], "shared": LATE}}
    marker = project(withdrawn_doc, "notes", was_shared=True)
    assert marker == withdrawn_marker(withdrawn_doc)
    assert marker == {"id": GOAL["id"], "kind": "goal", "owner": "mentee1", "version": 2, "withdrawn": True,
                      "stamps": {"withdrawn": LATE}, "updated": LATE}
    assert is_marker(marker)
    deleted_doc = {**GOAL, "deleted": True, "stamps": {**GOAL["stamps"], "deleted": LATE}}
    marker = project(deleted_doc, "notes", was_shared=True)
    assert marker == deleted_marker(deleted_doc) and "Sleep" not in repr(marker)
    assert marker["deleted"] is True and marker["stamps"] == {"deleted": LATE} and is_marker(marker)
    assert not is_marker(share_view(GOAL, "notes"))


def test_an_item_never_shared_leaves_no_trace_at_all():
    private = {**GOAL, "shared": False}
    assert project(private, None, was_shared=False) is None
    assert project(private, "notes", was_shared=False) is None  # consent is the record's own flag
    assert project({**GOAL, "deleted": True}, "notes", was_shared=False) is None
    assert project(GOAL, None, was_shared=False) is None
    assert project(GOAL, "headline", was_shared=False) == share_view(GOAL, "headline")


values = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none())


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(set(sharing.ALLOWED) | sharing.NEVER_SHARED)),
    st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=12),
    st.sampled_from(["headline", "notes"]),
)
def test_nothing_off_the_list_ever_goes_in(kind, fields, level):
    doc = {**fields, "id": "e" * 32, "kind": kind, "owner": "p", "version": 2, "shared": True, "deleted": False}
    doc["stamps"] = {name: S for name in fields}
    out = project(doc, level, was_shared=True)
    if not sharing.shareable(kind):
        assert out is None
        return
    allowed = set(sharing.allowed_fields(kind, level)) | set(sharing.IDENTITY_FIELDS) | set(sharing.STATE_FIELDS)
    assert set(out) - {"stamps", "updated"} <= allowed
    assert set(out["stamps"]) <= set(out)
    for name in set(out) - {"stamps", "updated"}:
        assert out[name] == doc[name]
