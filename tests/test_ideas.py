"""The idea of the day gives way when it repeats what was just done."""

from __future__ import annotations

import datetime as dt

import pytest

from app import ideas
from app.content import ContentError, load_content

CONTENT = load_content()


def test_every_link_names_a_real_idea_and_action():
    links = ideas.load_links()
    ids = {a.id for a in CONTENT.care_actions}
    assert links, "no links"
    for idea, linked in links.items():
        assert idea in CONTENT.ideas, idea
        assert linked and set(linked) <= ids, (idea, linked)


def test_the_idea_gives_way_after_the_action_was_logged():
    water = "Drink a glass of water slowly."
    day = next(dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(200)
               if CONTENT.idea_for(dt.date(2026, 1, 1) + dt.timedelta(days=n)) == water)
    assert ideas.idea_for(CONTENT, day, []) == water
    assert ideas.idea_for(CONTENT, day, ["Went for a walk"]) == water  # unrelated: kept
    after = ideas.idea_for(CONTENT, day, ["Drank water"])
    assert after != water and "water" not in ideas.load_links().get(after, ())


def test_when_everything_was_done_the_day_s_idea_stays():
    day = dt.date(2026, 3, 12)
    every = [a.label for a in CONTENT.care_actions]
    found = ideas.idea_for(CONTENT, day, every, links={i: ("walk",) for i in CONTENT.ideas})
    assert found == CONTENT.idea_for(day)


def test_a_broken_links_file_is_a_content_error(tmp_path):
    bad = tmp_path / "idea_links.toml"
    bad.write_text('[links]\n"x" = "water"\n')
    with pytest.raises(ContentError):
        ideas.load_links(bad)
    assert ideas.load_links(tmp_path / "missing.toml") == {}
