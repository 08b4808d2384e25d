"""Delete everything: nothing live is left, and the words are gone from the files."""

import datetime as dt

from app.erase import erase_everything
from app.models import Achievement, Goal, SelfCareCheckin, SupportContact
from app.services import Trellis

TODAY = dt.date(2026, 3, 14)


def _all_file_text(folder):
    return "".join(p.read_text("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


def test_everything_is_cleared_and_stays_cleared_after_reopening(tmp_path):
    data = tmp_path / "data"
    with Trellis.open(data, today=lambda: TODAY) as t:
        t.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=2, note="secret-note-words"))
        goal, _ = t.goals.save_goal(Goal(title="secret-goal-title"))
        t.goals.add_milestone(goal.id, "secret-step-title")
        t.people.save_contact(SupportContact(name="secret-contact", phone="123"))
        t.people.save_profile("secret-name", "mentee")
        t.store.save(Achievement(rule="first", key="first_checkin", day=TODAY, title="x"))
        seen = []
        assert erase_everything(t.store, seen.append) == 6
        assert seen[-1] == 1.0
        assert t.checkins.history() == [] and t.goals.goals() == [] and t.people.contacts() == []
        assert t.people.profile().name == ""
    text = _all_file_text(data)
    for word in ("secret-note-words", "secret-goal-title", "secret-step-title", "secret-contact", "secret-name"):
        assert word not in text
    with Trellis.open(data, today=lambda: TODAY) as again:
        assert again.store.count(SelfCareCheckin) == 0
        # Markers are kept, so an old copy merged in later cannot bring them back.
        assert len(again.store.raw_docs()) == 6
        # A win can be earned again after a fresh start.
        assert "first_checkin" not in again.store.field_values(Achievement, "key", include_deleted=True)


def test_an_empty_store_erases_nothing(tmp_path):
    with Trellis.open(tmp_path / "data") as t:
        assert erase_everything(t.store) == 0
