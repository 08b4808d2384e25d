"""The mentoring agreement: either side edits, each side agrees to one version,
an edit after agreeing asks both again. Two real stores stand for the two
devices; "theirs" reads the other store, as a sync would deliver it."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreement import AgreementError, AgreementService, load_template, version_of
from app.content import ContentError
from app.models import Agreement
from app.services import Trellis

DAY = dt.date(2026, 3, 14)


def _mine(t: Trellis):
    def find():
        own = [a for a in t.store.list(Agreement) if a.owner == t.store.person]
        return max(own, key=lambda a: a.updated) if own else None

    return find


def _service(t: Trellis, other: Trellis, role: str) -> AgreementService:
    return AgreementService(
        role=role,
        today=lambda: DAY,
        mine=_mine(t),
        theirs=_mine(other),
        save_new=t.store.save,
        patch=lambda rid, changes: t.store.patch(Agreement, rid, changes),
    )


@pytest.fixture
def pair(tmp_path):
    with Trellis.open(tmp_path / "mentee") as mentee, Trellis.open(tmp_path / "mentor") as mentor:
        yield _service(mentee, mentor, "mentee"), _service(mentor, mentee, "mentor"), mentee, mentor


def test_the_template_covers_what_the_course_asks_and_is_offered_first(pair):
    template = load_template()
    headings = [s.heading for s in template.sections]
    for needed in ("hope", "meet", "Boundaries", "between us", "feedback", "disagree", "ends"):
        assert any(needed in h for h in headings), needed
    a, _, _, _ = pair
    state = a.state()
    assert state.from_template and state.text == template.text()
    assert state.i_agreed_on is None and state.they_agreed_on is None and not state.both_agreed


def test_both_agree_to_one_version(pair):
    a, b, mentee, _ = pair
    version = a.state().version
    a.agree(version)
    assert a.state().i_agreed_on == DAY and a.state().they_agreed_on is None
    assert b.state().they_agreed_on == DAY and b.state().i_agreed_on is None
    b.agree(b.state().version)
    assert a.state().both_agreed and b.state().both_agreed
    assert a.state().version == b.state().version == version
    saved = [r for r in mentee.store.list(Agreement)]
    assert len(saved) == 1 and saved[0].shared and saved[0].mentee_agreed_on == DAY


def test_an_edit_after_agreeing_asks_both_again(pair):
    a, b, _, _ = pair
    a.agree(a.state().version)
    b.agree(b.state().version)
    old = a.state().version
    b.edit(b.state().text + "\nWe meet on Tuesdays.")
    for side in (a, b):
        state = side.state()
        assert state.version != old and "Tuesdays" in state.text
        assert state.i_agreed_on is None and state.they_agreed_on is None
    assert a.state().edited_by == "them" and b.state().edited_by == "me"
    a.agree(a.state().version)
    b.agree(b.state().version)
    assert a.state().both_agreed


def test_agreeing_to_a_version_no_longer_current_records_nothing(pair):
    a, b, mentee, _ = pair
    seen = a.state().version
    b.edit("Only this line.")
    with pytest.raises(AgreementError, match="changed since you read it"):
        a.agree(seen)
    assert mentee.store.list(Agreement) == []


def test_saving_the_same_words_changes_nothing_and_empty_words_are_refused(pair):
    a, b, mentee, _ = pair
    a.edit("We meet on Fridays.")
    a.agree(a.state().version)
    stamp = mentee.store.list(Agreement)[0].updated
    a.edit("We meet on Fridays.  ")
    assert mentee.store.list(Agreement)[0].updated == stamp and a.state().i_agreed_on == DAY
    with pytest.raises(AgreementError, match="cannot be empty"):
        a.edit("   ")
    with pytest.raises(AgreementError, match="too long"):
        a.edit("x" * 6000)
    assert a.state().text == "We meet on Fridays."


def test_withdrawing_my_agreement_keeps_the_text(pair):
    a, _, _, _ = pair
    a.agree(a.state().version)
    state = a.withdraw()
    assert state.i_agreed_on is None and not state.from_template


def test_the_version_names_the_words_only():
    assert version_of("abc") == version_of(" abc \n")
    assert version_of("abc") != version_of("abd")
    assert len(version_of("abc")) == 9


def test_a_broken_template_is_named(tmp_path):
    (tmp_path / "agreement.toml").write_text('title = "T"\nintro = "I"\nsections = []\n', encoding="utf-8")
    with pytest.raises(ContentError, match="agreement.toml: sections"):
        load_template(tmp_path)
