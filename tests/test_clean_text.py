"""Clean text: no field of any kind keeps a control character (they can forge
terminal lines or recolour a terminal) or an invisible direction override."""

import pytest
from pydantic import ValidationError

from app.models import RECORD_TYPES, UNSHOWABLE, plain_errors

SAMPLES = {
    "goal": {"title": "t"},
    "goal_reflection": {"goal_id": "d" * 32, "day": "2026-01-02", "text": "n"},
    "milestone": {"goal_id": "b" * 32, "title": "m"},
    "selfcare": {"day": "2026-01-02"},
    "resilience": {"week": "2026-01-05"},
    "achievement": {"rule": "first_goal", "key": "first_goal", "day": "2026-01-02"},
    "comment": {"target_id": "c" * 32, "author_role": "mentor", "day": "2026-01-02", "text": "Well done"},
    "review": {"day": "2026-01-02"},
    "contact": {"name": "Jo"},
    "journal": {"day": "2026-01-02", "card_id": "trust", "text": "n"},
    "card_mark": {"card_id": "trust"},
}
# Fields kept to one line (titles, names, words); every other text field may hold lines and tabs.
ONE_LINE = {
    ("profile", "name"), ("goal", "title"), ("milestone", "title"), ("selfcare", "feelings"), ("selfcare", "care"),
    ("achievement", "rule"), ("achievement", "key"), ("achievement", "title"), ("contact", "name"),
    ("contact", "phone"), ("settings", "own_care_actions"), ("journal", "prompt"), ("journal", "card_id"),
    ("card_mark", "card_id"),
}
# Fields with a pattern of their own: only those characters are ever welcome.
PATTERNED = {("contact", "phone"), ("journal", "card_id"), ("card_mark", "card_id")}
BAD = ["a\x1b[31mb", "a\x00b", "a\x7fb", "a\u202eb", "a\u2066b", "a\x85b", "a\u2028b", "a\x08b"]


def _valid(model, name, value) -> bool:
    try:
        model.model_validate({**SAMPLES.get(model.KIND, {}), name: value})
    except ValidationError:
        return False
    return True


def text_fields():
    """(kind, field, as_list) for every field that takes text, found by trying text in each."""
    found = []
    for kind, model in RECORD_TYPES.items():
        for name in model.content_fields():
            for sample, as_list in (("abc", False), ("+1 (0) 2", False), (["abc"], True)):
                if _valid(model, name, sample):
                    found.append((kind, name, as_list))
                    break
    return found


def test_the_text_fields_are_found():
    fields = {(k, n) for k, n, _ in text_fields()}
    assert ONE_LINE <= fields
    assert {("goal", "why"), ("goal_reflection", "text"), ("comment", "text"), ("resilience", "challenge"),
            ("contact", "note"), ("agreement", "text"), ("review", "notes")} <= fields
    assert len(fields) >= 30


@pytest.mark.parametrize("kind,name,as_list", text_fields())
def test_every_text_field_refuses_characters_that_cannot_be_shown(kind, name, as_list):
    model = RECORD_TYPES[kind]
    plain = "12" if name == "phone" else "ab"
    for bad in BAD:
        value = bad.replace("a", plain[0]).replace("b", plain[1])
        with pytest.raises(ValidationError) as caught:
            model.model_validate({**SAMPLES.get(kind, {}), name: [value] if as_list else value})
        if name != "phone":  # the phone's own pattern speaks for it
            assert UNSHOWABLE in plain_errors(caught.value)
    for lines in (f"{plain[0]}\n{plain[1]}\t{plain[0]}", f"{plain[0]}\r\n{plain[1]}", f"{plain[0]}\r{plain[1]}"):
        accepted = _valid(model, name, [lines] if as_list else lines)
        assert accepted is ((kind, name) not in ONE_LINE), f"{kind}.{name}: {lines!r} {'refused' if not accepted else 'kept'}"
    if (kind, name) not in ONE_LINE and not as_list:  # Windows line ends are kept as plain line ends
        record = model.model_validate({**SAMPLES.get(kind, {}), name: "x\r\ny\rz"})
        assert getattr(record, name) == "x\ny\nz"
    # Words of every script and emoji (joined by an invisible joiner) are welcome.
    if (kind, name) not in PATTERNED:
        assert _valid(model, name, ["Café ١٢ 👩‍👧"] if as_list else "Café ١٢ 👩‍👧")


def test_text_saved_before_it_was_refused_is_cleaned_when_a_version_1_store_opens(tmp_path):
    from app.journal import encode_line
    from app.models import Goal
    from app.store import Store

    goal = Goal(title="Walk").model_dump(mode="json")
    goal.update(version=1, title="\x1b[2J\x1b[31mWalk\nmore\u202e", why="line\r\nnext\x07", owner="ab",
                updated="001700000000000-000000-ab", reflections=[{"day": "2025-01-01", "text": "ok\x1b"}])
    (tmp_path / "journal-0.jsonl").write_bytes(encode_line(goal))
    with Store(tmp_path) as store:
        kept = store.get(Goal, goal["id"])
        assert (kept.title, kept.why) == ("[2J[31mWalk more", "line\nnext")
        assert [d["text"] for d in store.raw_docs(["goal_reflection"])] == ["ok"]
        assert store.check() == []
