"""Drafts stay on this device, in a file only its user can read, and a
damaged file means "no drafts"."""

from __future__ import annotations

import os
import stat

import pytest

from app.drafts import FILE, Drafts


def test_put_get_drop_and_survive_a_new_instance(tmp_path):
    d = Drafts(tmp_path)
    assert d.get("checkin") is None
    d.put("checkin", {"day": "2026-11-30", "mood": 2})
    assert Drafts(tmp_path).get("checkin") == {"day": "2026-11-30", "mood": 2}  # as after closing the app
    assert stat.S_IMODE(os.stat(tmp_path / FILE).st_mode) == 0o600
    d.drop("checkin")
    assert Drafts(tmp_path).get("checkin", "none") == "none"


def test_a_damaged_file_means_no_drafts_and_is_replaced_on_the_next_put(tmp_path):
    (tmp_path / FILE).write_text("{not json")
    d = Drafts(tmp_path)
    assert d.get("checkin") is None
    d.put("region", "GB")
    assert Drafts(tmp_path).get("region") == "GB"
    (tmp_path / FILE).write_text("[1, 2]")
    assert d.get("region") is None


def test_a_value_that_is_not_json_changes_nothing(tmp_path):
    d = Drafts(tmp_path)
    d.put("a", 1)
    with pytest.raises(TypeError):
        d.put("b", object())
    assert Drafts(tmp_path).get("a") == 1 and Drafts(tmp_path).get("b") is None
    assert [p.name for p in tmp_path.iterdir()] == [FILE]  # no temporary file left behind
