import pytest
from pydantic import ValidationError

from app.models import (
    SCHEMA_VERSION,
    Goal, Milestone, SelfCareCheckin, Settings, SupportContact, parse_record, plain_errors, RECORD_TYPES,
)


def test_title_is_trimmed_and_must_not_be_blank():
    assert Goal(title="  Walk more  ").title == "Walk more"
    with pytest.raises(ValidationError) as err:
        Goal(title="   ")
    assert "title cannot be blank" in plain_errors(err.value)


def test_title_and_note_limits():
    Goal(title="x" * 200)
    with pytest.raises(ValidationError):
        Goal(title="x" * 201)
    SelfCareCheckin(day="2026-01-01", note="n" * 5000)
    with pytest.raises(ValidationError) as err:
        SelfCareCheckin(day="2026-01-01", note="n" * 10_000)
    assert "too long" in plain_errors(err.value)


@pytest.mark.parametrize("bad", [0, 6, -1, 7, "3", 2.5, True])
def test_scales_are_whole_numbers_1_to_5(bad):
    with pytest.raises(ValidationError):
        SelfCareCheckin(day="2026-01-01", mood=bad)


def test_every_question_can_be_skipped():
    c = SelfCareCheckin(day="2026-01-01")
    assert (c.mood, c.energy, c.sleep, c.stress, c.feelings, c.care, c.note) == (None, None, None, None, [], [], "")


@pytest.mark.parametrize("bad", ["27/11/2026", "2026-13-01", "2026-02-30", "today", 1700000000, "2026-1-1", "2026-01-01T10:00"])
def test_dates_must_be_iso(bad):
    with pytest.raises(ValidationError) as err:
        SelfCareCheckin(day=bad)
    assert "YYYY-MM-DD" in plain_errors(err.value)


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError) as err:
        Goal(title="a", colour="red")
    assert "not a field" in plain_errors(err.value)


def test_sync_fields_and_defaults():
    g = Goal(title="a")
    assert len(g.id) == 32 and g.shared is False and g.deleted is False and g.version == SCHEMA_VERSION == 2
    assert Goal(title="b").id != g.id
    assert "title" in Goal.content_fields() and "shared" in Goal.content_fields()
    assert "stamps" not in Goal.content_fields() and "id" not in Goal.content_fields()


def test_parse_record_dispatches_on_kind_and_refuses_unknown_kinds():
    doc = Milestone(goal_id="a" * 32, title="step").model_dump(mode="json")
    assert isinstance(parse_record(doc), Milestone)
    with pytest.raises(ValueError):
        parse_record({**doc, "kind": "spaceship"})


def test_every_kind_round_trips_through_json():
    samples = {
        "goal": {"title": "t"},
        "milestone": {"goal_id": "b" * 32, "title": "m"},
        "selfcare": {"day": "2026-01-02", "mood": 2, "feelings": ["calm"]},
        "resilience": {"week": "2026-01-05", "bounce_back": 4},
        "achievement": {"rule": "first_goal", "key": "first_goal", "day": "2026-01-02"},
        "comment": {"target_id": "c" * 32, "author_role": "mentor", "day": "2026-01-02", "text": "Well done"},
        "review": {"day": "2026-01-02"},
        "goal_reflection": {"goal_id": "d" * 32, "day": "2026-01-02", "text": "Slow and steady"},
        "contact": {"name": "Jo", "phone": "+44 (0) 7700-900.123"},
        "journal": {"day": "2026-01-02", "card_id": "trust", "text": "Small promises kept"},
        "card_mark": {"card_id": "trust", "helpful": True},
    }
    for kind, model in RECORD_TYPES.items():
        record = model.model_validate(samples.get(kind, {}))
        doc = record.model_dump(mode="json")
        assert parse_record(doc) == record


def test_contact_phone_and_settings_limits():
    with pytest.raises(ValidationError):
        SupportContact(name="Jo", phone="call me maybe")
    with pytest.raises(ValidationError):
        Settings(text_scale=5)
    with pytest.raises(ValidationError):
        Settings(theme="purple")
