"""A save is a change of named fields, validated as a whole before it is written."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pydantic import ValidationError

from app.models import Goal, Milestone, parse_record
from app.services import Trellis
from app.store import RecordDeleted, RecordNotFound, Store, StoreError


def _files(directory):
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file() and p.name != "trellis.lock"}


def test_a_patch_changes_only_its_fields_and_stamps_only_what_differs(tmp_path):
    with Store(tmp_path) as store:
        goal = store.save(Goal(title="Walk", why="Air"))
        step = store.save(Milestone(goal_id=goal.id, title="Shoes"))
        store.patch(Milestone, step.id, {"done": True})
        stale_rename = store.patch(Milestone, step.id, {"title": "Good shoes", "note": ""})  # note unchanged
        assert (stale_rename.title, stale_rename.done) == ("Good shoes", True)
        assert stale_rename.stamps["note"] == step.stamps["note"]
        assert stale_rename.stamps["title"] > step.stamps["title"]
        same = store.patch(Goal, goal.id, {"why": "  Air "})  # the same once cleaned: no write
        assert same.updated == goal.updated


def test_a_patch_is_validated_as_the_whole_record_before_anything_is_written(tmp_path):
    with Store(tmp_path) as store:
        goal = store.save(Goal(title="Walk"))
        before = _files(tmp_path)
        with pytest.raises(ValidationError):
            store.patch(Goal, goal.id, {"title": "   "})
        with pytest.raises(StoreError, match="cannot be changed"):
            store.patch(Goal, goal.id, {"owner": "0"})
        assert _files(tmp_path) == before
        assert store.get(Goal, goal.id).title == "Walk"


def test_save_many_validates_copies_that_skipped_validation_before_writing(tmp_path):
    with Store(tmp_path) as store:
        goal = store.save(Goal(title="Walk"))
        blank = goal.model_copy(update={"title": ""})  # model_copy does not validate
        other = Goal(title="Read")
        before = _files(tmp_path)
        with pytest.raises(ValidationError):
            store.save_many([other, blank])
        assert _files(tmp_path) == before  # nothing reached the journal, not even the valid one
        assert [g.title for g in store.list(Goal)] == ["Walk"]
    with Store(tmp_path) as store:
        assert store.check() == []


def test_a_deleted_record_is_not_brought_back_by_a_stale_copy_and_restore_is_explicit(tmp_path):
    with Trellis(Store(tmp_path)) as t:
        goal, events = t.goals.save_goal(Goal(title="Walk"))
        assert [e.name for e in events] == ["goal_created"]
        stale = t.goals.get(goal.id)
        t.goals.delete_goal(goal.id)
        with pytest.raises(RecordDeleted, match="was deleted"):
            t.goals.save_goal(stale.model_copy(update={"title": "Walk more"}))
        with pytest.raises(RecordDeleted):
            t.store.save(stale)
        with pytest.raises(RecordDeleted):
            t.store.patch(Goal, goal.id, {"title": "Walk more"})
        assert t.goals.goals() == []
        back = t.store.restore(Goal, goal.id)
        assert back.deleted is False and back.title == "Walk"
        with pytest.raises(RecordNotFound):
            t.store.patch(Goal, "f" * 32, {"title": "x"})


def test_ticking_a_step_whose_goal_is_gone_writes_nothing(tmp_path):
    with Store(tmp_path) as store:
        orphan = store.save(Milestone(goal_id="e" * 32, title="Alone"))
        t = Trellis(store)
        before = _files(tmp_path)
        with pytest.raises(RecordNotFound):
            t.goals.set_done(orphan.id)
        assert _files(tmp_path) == before


# ---- two screens with copies of the same records -----------------------------
FIELDS = {"title": st.sampled_from(["Walk", "Read", "Rest", "Cook"]), "note": st.sampled_from(["", "a", "b"]),
          "done": st.booleans(), "order": st.sampled_from([1.0, 2.0, 3.0])}
actions = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),  # which screen
        st.integers(0, 2),  # which step
        st.sampled_from(["edit", "edit", "edit", "delete", "restore", "reload"]),
        st.sampled_from(sorted(FIELDS)),
        st.data(),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions)
def test_two_screens_never_undo_each_others_saved_changes(tmp_path_factory, steps):
    directory = tmp_path_factory.mktemp("screens")
    with Trellis(Store(directory)) as t:
        goal, _ = t.goals.save_goal(Goal(title="Walk"))
        ids = [t.goals.add_milestone(goal.id, f"Step {n}").id for n in range(3)]
        screens = {name: {i: t.store.get(Milestone, i) for i in ids} for name in "ab"}  # copies read once
        truth = {i: t.store.get(Milestone, i).model_dump() for i in ids}  # every change saved so far
        for screen, which, action, name, data in steps:
            record_id = ids[which]
            shown = screens[screen][record_id]
            if action == "reload":
                screens[screen][record_id] = t.store.get(Milestone, record_id, include_deleted=True)
                continue
            try:
                if action == "edit":
                    value = data.draw(FIELDS[name])
                    if value == getattr(shown, name):
                        continue  # the person changed nothing: a screen sends nothing
                    saved = t.goals.edit_milestone(record_id, {name: value})
                elif action == "delete":
                    saved = t.goals.delete_milestone(record_id)
                else:
                    saved = t.store.restore(Milestone, record_id)
            except RecordNotFound:
                assert truth[record_id]["deleted"] is (action != "restore")  # refused only when deleted
                continue
            if action == "edit":
                assert not truth[record_id]["deleted"]
                truth[record_id][name] = value
            truth[record_id]["deleted"] = action == "delete"
            screens[screen][record_id] = saved
            for other in ids:  # nothing saved earlier was undone by an older copy
                stored = t.store.get(Milestone, other, include_deleted=True).model_dump()
                assert {k: stored[k] for k in (*FIELDS, "deleted")} == {k: truth[other][k] for k in (*FIELDS, "deleted")}
        for doc in t.store.raw_docs():
            parse_record(dict(doc))
    with Store(directory) as store:
        assert store.check() == []
