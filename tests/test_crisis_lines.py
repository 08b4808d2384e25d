"""The crisis-line list: every entry complete, sourced (https), dated and
dialable; each country's emergency number first; bad files refused by name."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from app import crisis_lines
from app.content import ContentError

FILE = Path(__file__).resolve().parent.parent / "content" / "crisis_lines.toml"
FIELDS = {"kind", "name", "number", "text", "hours", "purpose", "source", "checked"}


def raw():
    return tomllib.loads(FILE.read_text())


def test_every_entry_is_complete_sourced_dated_and_dialable():
    data = raw()
    assert data["country"], "no countries"
    for country in data["country"]:
        assert re.fullmatch(r"[A-Z]{2}", country["code"]) and country["name"].strip()
        assert country["line"][0]["kind"] == "emergency", f"{country['code']}: emergency number first"
        for line in country["line"]:
            assert set(line) == FIELDS, f"{country['code']} {line.get('name')}: fields {sorted(set(line) ^ FIELDS)}"
            for key in ("name", "hours", "purpose"):
                assert line[key].strip(), f"{country['code']}: {key} is empty"
            assert re.fullmatch(r"\+?[0-9 ]+", line["number"]), line["number"]
            assert line["text"] == "" or re.fullmatch(r"\+?[0-9 ]+", line["text"]), line["text"]
            assert line["source"].startswith("https://"), line["source"]
            assert isinstance(line["checked"], dt.date), line["checked"]


def test_the_file_loads_and_holds_the_english_speaking_countries_checked():
    lines = crisis_lines.load(FILE)
    assert {"US", "GB", "CA", "AU"} <= {c.code for c in lines.country}
    assert lines.get("gb").line[0].number == "999"
    assert lines.get("US").line[1].text == "988"
    assert lines.get("XX") is None and lines.get(None) is None


@pytest.mark.parametrize(
    "change, where",
    [
        (lambda l: l.update(number="1-800-TALK"), "number"),
        (lambda l: l.update(source="http://example.org"), "source"),
        (lambda l: l.update(hours=""), "hours"),
        (lambda l: l.pop("checked"), "checked"),
        (lambda l: l.update(text="call us"), "text"),
        (lambda l: l.update(kind="crisis"), "country.0"),  # no emergency number first
    ],
)
def test_a_bad_entry_is_refused_with_where(tmp_path, change, where):
    text = FILE.read_text()
    data = tomllib.loads(text)
    change(data["country"][0]["line"][0])
    path = tmp_path / "crisis_lines.toml"
    path.write_text(_dump(data))
    with pytest.raises(ContentError) as exc:
        crisis_lines.load(path)
    assert where in str(exc.value)


def test_a_missing_or_broken_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="missing"):
        crisis_lines.load(tmp_path / "crisis_lines.toml")
    (tmp_path / "crisis_lines.toml").write_text("[[country]\n")
    with pytest.raises(ContentError, match="cannot be read"):
        crisis_lines.load(tmp_path / "crisis_lines.toml")


@pytest.mark.parametrize(
    "tag, region",
    [("en_GB.UTF-8", "GB"), ("en-au", "AU"), ("fr_CA", "CA"), ("en_US@euro", "US"), ("C.UTF-8", None),
     ("C", None), ("", None), (None, None), ("english", None)],
)
def test_region_from_locale(tag, region):
    assert crisis_lines.region_from_locale(tag) == region


def test_system_region_reads_the_environment(monkeypatch):
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "en_AU.UTF-8")
    assert crisis_lines.system_region() == "AU"


def _dump(data) -> str:
    """Just enough TOML for the test files: [[country]] with [[country.line]]."""

    def value(v):
        if isinstance(v, dt.date):
            return v.isoformat()
        return '"' + str(v).replace('"', '\\"') + '"'

    out = []
    for country in data["country"]:
        out.append("[[country]]")
        out += [f"{k} = {value(v)}" for k, v in country.items() if k != "line"]
        for line in country["line"]:
            out.append("[[country.line]]")
            out += [f"{k} = {value(v)}" for k, v in line.items()]
    return "\n".join(out) + "\n"
