"""The app's words: the real content loads, broken content is refused with a
message naming the file and field, placeholders render, and no shaming words
reach the screens."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import flet as ft
import pytest

from app.content import (
    REFLECTION_KEYS,
    SCALE_KEYS,
    Celebrations,
    Content,
    ContentError,
    ScalePrompt,
    default_directory,
    load_content,
)

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
VIEWS_DIR = ROOT / "views"

# Whole words, any case. "streak" alone is also kept out of the words files.
SHAMING = ["failed", "missed", "broken", "behind", "lazy", "should have", "streak lost"]
SHAMING_CONTENT_ONLY = ["streak"]


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


def shaming_hits(directory: Path, words: list[str]) -> list[str]:
    """'path:line: word' for every shaming word in the .toml and .py files under directory."""
    if not directory.is_dir():
        return []
    pattern, hits = _pattern(words), []
    for path in sorted(p for p in directory.rglob("*") if p.suffix in (".toml", ".py") and p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for found in pattern.finditer(line):
                hits.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{number}: {found.group(0)!r}")
    return hits


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the real content directory, still named content/, to break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {name}; the test needs updating"
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- the real content ---------------------------------------------------------

def test_real_content_loads():
    content = load_content()
    assert isinstance(content, Content)
    assert load_content() is content  # cached for the default directory
    assert default_directory() == CONTENT_DIR.resolve()
    assert 20 <= len(content.feelings) <= 30
    assert {f.group for f in content.feelings} == {"pleasant", "mixed", "hard"}
    assert 12 <= len(content.care_actions) <= 16
    assert len(content.ideas) >= 25
    assert list(content.checkin.scales) == list(SCALE_KEYS)
    for scale in content.checkin.scales.values():
        assert len(scale.labels) == 5
    assert list(content.resilience.prompts) == list(REFLECTION_KEYS)
    assert isinstance(content.resilience.prompts["bounce_back"], ScalePrompt)
    assert content.support.title == "Need support?"
    assert content.support.grounding.steps and content.support.breathing.rounds >= 1


def test_content_files_list_keys_in_reading_order():
    # Translators read the files top to bottom; keep them in the order shown.
    import tomllib

    data = tomllib.loads((CONTENT_DIR / "resilience.toml").read_text(encoding="utf-8"))
    assert [k for k in data if k in REFLECTION_KEYS] == list(REFLECTION_KEYS)
    data = tomllib.loads((CONTENT_DIR / "checkin.toml").read_text(encoding="utf-8"))
    assert [k for k in data if k in SCALE_KEYS] == list(SCALE_KEYS)


def test_every_icon_exists_in_flet():
    known = set(dir(ft.Icons))
    unknown = [a.icon for a in load_content().care_actions if a.icon not in known]
    assert not unknown, f"not in ft.Icons: {unknown}"
    for action in load_content().care_actions:
        getattr(ft.Icons, action.icon)


def test_app_content_does_not_import_flet():
    code = "import sys, app.content; app.content.load_content(); assert 'flet' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_no_shaming_words_in_content_or_views():
    hits = shaming_hits(CONTENT_DIR, SHAMING + SHAMING_CONTENT_ONLY) + shaming_hits(VIEWS_DIR, SHAMING)
    assert not hits, "shaming words found:\n" + "\n".join(hits)


def test_shaming_scan_finds_words(tmp_path):
    # The scan itself must be able to fail.
    (tmp_path / "a.toml").write_text('ok = "Fine"\nx = "You MISSED a day"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("# you should  have done it\nfailed_count = 0\n", encoding="utf-8")
    hits = shaming_hits(tmp_path, SHAMING)
    assert len(hits) == 2
    assert hits[0].endswith("a.toml:2: 'MISSED'")
    assert "b.py:1:" in hits[1]  # failed_count is a name, not the word
    assert shaming_hits(tmp_path / "nowhere", SHAMING) == []


def test_no_piled_up_exclamation_marks():
    for path in CONTENT_DIR.glob("*.toml"):
        assert "!!" not in path.read_text(encoding="utf-8"), path.name


# ---- broken content -----------------------------------------------------------

BROKEN = [
    ("checkin.toml", '"Very low", "Low", "Okay", "Good", "Great"', '"Very low", "Low", "Okay", "Great"',
     "mood.labels", "exactly 5 labels are needed"),
    ("checkin.toml", 'why = "Knowing your stress can help you choose what you need."\n', "",
     "stress.why", "this is needed"),
    ("checkin.toml", 'skip = "Not today"', 'skip = "  "', "skip", "must not be empty"),
    ("resilience.toml", '"Mostly", "Very well"]', '"Mostly", "Very well", "Always"]',
     "bounce_back.labels", "exactly 5 labels are needed"),
    ("resilience.toml", 'title = "A next step"', 'title = "A next step"\ncolour = "teal"', "next_step.colour",
     "not a known field"),
    ("feelings.toml", '{ word = "hopeful", group = "pleasant" }', '{ word = "calm", group = "pleasant" }',
     "feelings", "more than once"),
    ("feelings.toml", '{ word = "sad", group = "hard" }', '{ word = "sad", group = "negative" }',
     "feelings[16].group", "must be one of"),
    ("feelings.toml", '{ word = "sad", group = "hard" }', '{ word = "very sad", group = "hard" }',
     "feelings[16].word", "one word in lower case"),
    ("selfcare.toml", 'icon = "DIRECTIONS_WALK"', 'icon = "directions_walk"', "actions[0].icon", "pattern"),
    ("selfcare.toml", '{ id = "water",', '{ id = "walk",', "actions", "more than once"),
    ("celebrations.toml", 'message = "You have checked in {count} times. Each one',
     'message = "You have checked in {count} times for {goal}. Each one', "checkins_7.message",
     "unknown placeholder {goal}"),
    ("celebrations.toml", 'title = "A kind word for you"', 'title = "A kind word for {name}"',
     "encouragement_received.title", "unknown placeholder {name}"),
    ("celebrations.toml", "[first_pair_review]", "[first_pair_reviews]", "first_pair_review", "this is needed"),
    ("messages.toml", 'with_name = "Good morning, {name}."', 'with_name = "Good morning."',
     "greetings.morning.with_name", "{name} is needed"),
    ("messages.toml", 'plain = "Good evening."', 'plain = "Good evening, {name}."',
     "greetings.evening.plain", "no {placeholders}"),
    ("messages.toml", 'pair = "Pairing is coming soon.', 'pair = "Pairing is {coming soon.',
     "coming_soon.pair", "without its partner"),
    ("support.toml", "rounds = 5", "rounds = 0", "breathing.rounds", "greater than or equal to 1"),
    ("support.toml", "hold_seconds = 2", 'hold_seconds = "2"', "breathing.hold_seconds", "whole number"),
    ("support.toml", 'dismiss = "Not now"', 'dismiss = "Not now"\nurgent = true', "offer.urgent", "not a known field"),
]


@pytest.mark.parametrize(("name", "old", "new", "field", "problem"), BROKEN, ids=[f"{b[0]}:{b[3]}" for b in BROKEN])
def test_broken_field_is_refused_naming_file_and_field(content_copy, name, old, new, field, problem):
    edit(content_copy, name, old, new)
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    error = caught.value
    assert (error.file, error.field) == (f"content/{name}", field), str(error)
    assert problem in error.problem
    assert str(error).startswith(f"content/{name}: {field}: ")


def test_the_example_message_reads_exactly(content_copy):
    edit(content_copy, "checkin.toml", '"Very low", "Low", "Okay", "Good", "Great"', '"Low", "Okay", "Good", "Great"')
    with pytest.raises(ContentError, match=r"^content/checkin\.toml: mood\.labels: exactly 5 labels are needed$"):
        load_content(content_copy)


def test_broken_toml_syntax_names_file_and_line(content_copy):
    path = content_copy / "support.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("rounds ="))
    lines[number - 1] = "rounds = = 5"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert caught.value.file == "content/support.toml"
    assert str(caught.value).startswith(f"content/support.toml: line {number}, column ")
    assert "not valid TOML" in str(caught.value)


def test_missing_file_is_named(content_copy):
    (content_copy / "celebrations.toml").unlink()
    with pytest.raises(ContentError, match=r"^content/celebrations\.toml: the file is missing"):
        load_content(content_copy)


def test_all_problems_are_listed(content_copy):
    edit(content_copy, "checkin.toml", 'skip = "Not today"', 'skip = ""')
    edit(content_copy, "checkin.toml", 'prompt = "Anything else', 'promt = "Anything else')
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert str(caught.value).splitlines() == [
        "content/checkin.toml: skip: must not be empty",
        "content/checkin.toml: note.prompt: this is needed",
        "content/checkin.toml: note.promt: not a known field (check the spelling)",
    ]


# ---- ui.toml (written elsewhere, optional) ----------------------------------------

def test_ui_files_are_optional_merged_and_flattened(content_copy):
    for path in content_copy.glob("ui*.toml"):
        path.unlink()
    assert load_content(content_copy).ui == {}
    (content_copy / "ui.toml").write_text('app = "Trellis"\n[nav]\ntoday = "Today"\n[nav.more]\nhelp = "Help"\n', encoding="utf-8")
    (content_copy / "ui_extra.toml").write_text('[extra]\nsave = "Save"\n', encoding="utf-8")
    assert load_content(content_copy).ui == {"app": "Trellis", "nav.today": "Today", "nav.more.help": "Help", "extra.save": "Save"}


def test_a_ui_key_defined_twice_is_an_error(content_copy):
    (content_copy / "ui_twice.toml").write_text('[nav]\ntoday = "Again"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^content/ui_twice\.toml: nav\.today: "):
        load_content(content_copy)


def test_ui_toml_values_must_be_text(content_copy):
    (content_copy / "ui.toml").write_text('[nav]\ntoday = 3\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^content/ui\.toml: nav\.today: "):
        load_content(content_copy)


# ---- placeholders and accessors ---------------------------------------------------

SAMPLE_VALUES = {"count": "30", "goal": "Find a flat", "milestone": "Visit two flats", "name": "Sam"}


@pytest.mark.parametrize("rule", list(Celebrations.model_fields))
def test_every_celebration_renders(rule):
    title, message = load_content().celebration(rule, **SAMPLE_VALUES)
    for text in (title, message):
        assert text and "{" not in text and "}" not in text


def test_placeholders_are_filled():
    content = load_content()
    assert "7" in content.celebration("checkins_7", count=7)[1]
    title, message = content.celebration("milestone_done", milestone="Visit two flats", goal="Find a flat")
    assert "Visit two flats" in message and "Find a flat" in message
    # A title typed with braces is shown as typed, not read as a placeholder.
    assert "Save {for} later" in content.celebration("goal_achieved", goal="Save {for} later")[1]
    assert content.celebration("reflection_every_4", count=9)[0].startswith("9 ")


def test_celebration_needs_its_values_and_a_known_rule():
    content = load_content()
    with pytest.raises(ValueError, match=r"\{goal\}"):
        content.celebration("goal_achieved")
    with pytest.raises(ValueError, match="no celebration text"):
        content.celebration("streak_kept")


def test_greetings_by_time_of_day():
    content = load_content()
    greetings = content.messages.greetings
    assert content.greeting(8, "Sam") == greetings.morning.with_name.format(name="Sam")
    assert content.greeting(13, "Sam") == greetings.afternoon.with_name.format(name="Sam")
    assert content.greeting(19, "Sam") == greetings.evening.with_name.format(name="Sam")
    assert content.greeting(2, "Sam") == greetings.night.with_name.format(name="Sam")
    assert content.greeting(23, "  ") == greetings.night.plain
    assert content.greeting(5, "") == greetings.morning.plain
    assert "{" not in content.greeting(5, "")
    assert "{name}" in content.greeting(9, "{name}")  # a name is shown as typed
    for hour in range(24):
        assert "Ana" in content.greeting(hour, "Ana")
    with pytest.raises(ValueError):
        content.greeting(24, "Sam")


def test_daily_choices_are_deterministic_and_rotate():
    content = load_content()
    day = dt.date(2026, 3, 14)
    assert content.idea_for(day) == content.idea_for(dt.date(2026, 3, 14))
    assert content.idea_for(day) != content.idea_for(day + dt.timedelta(days=1))
    month = {content.idea_for(day + dt.timedelta(days=i)) for i in range(len(content.ideas))}
    assert month == set(content.ideas)
    assert content.welcome_back_for(day) in content.messages.welcome_back
    assert content.welcome_back_for(day) == content.welcome_back_for(day)
    assert content.thanks_for(day) in content.checkin.thanks
