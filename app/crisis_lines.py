"""Crisis and support lines by country, from content/crisis_lines.toml.

Every entry is checked on load: a name, a number made of digits, spaces and a
leading + only, the hours, what the line is for, the https page it was read
from and the day it was checked. Each country lists its general emergency
number. The region is guessed from a locale tag ("en_GB", "en-AU") and the
person can pick another; nothing here reaches the network.
"""

from __future__ import annotations

import datetime as dt
import functools
import locale as _locale
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .content import ContentError, default_directory

FILE = "crisis_lines.toml"
NUMBER = r"^\+?[0-9][0-9 ]*[0-9]$|^[0-9]$"

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Number = Annotated[str, StringConstraints(pattern=NUMBER, max_length=20)]
Source = Annotated[str, StringConstraints(pattern=r"^https://[^\s/]+\.[^\s]+$", max_length=300)]


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["emergency", "crisis"]
    name: Words
    number: Number
    text: Annotated[str, StringConstraints(pattern=r"^$|" + NUMBER, max_length=20)]  # "" = no text messages
    hours: Words
    purpose: Words
    source: Source
    checked: dt.date


class Country(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name: Words
    line: tuple[Line, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _emergency_first(self) -> "Country":
        if self.line[0].kind != "emergency" or sum(l.kind == "emergency" for l in self.line) != 1:
            raise ValueError(f"{self.code}: list the general emergency number first, once")
        return self


class CrisisLines(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: tuple[Country, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "CrisisLines":
        codes = [c.code for c in self.country]
        if len(codes) != len(set(codes)):
            raise ValueError("a country is listed twice")
        return self

    def get(self, code: str | None) -> Country | None:
        for country in self.country:
            if country.code == (code or "").upper():
                return country
        return None

    @property
    def oldest_check(self) -> dt.date:
        return min(line.checked for c in self.country for line in c.line)


def load(path: Path | None = None) -> CrisisLines:
    """The checked list; ContentError naming the entry when something is wrong."""
    path = Path(path) if path is not None else default_directory() / FILE
    label = f"{path.parent.name}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(label, "", "the file is missing") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(label, "", f"cannot be read ({exc})") from None
    try:
        return CrisisLines.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ContentError(label, where, first["msg"]) from None


@functools.lru_cache(maxsize=1)
def default() -> CrisisLines:
    return load()


def region_from_locale(tag: str | None) -> str | None:
    """"en_GB.UTF-8", "en-au", "fr_CA" → "GB", "AU", "CA"; None when there is no region."""
    if not tag:
        return None
    found = re.match(r"^[A-Za-z]{2,3}[-_]([A-Za-z]{2})(?:[.@\-_].*)?$", tag.strip())
    return found.group(1).upper() if found else None


def system_region() -> str | None:
    """The region of this computer's or phone's locale, if it has one."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        region = region_from_locale(os.environ.get(name))
        if region:
            return region
    try:
        return region_from_locale(_locale.getlocale()[0])
    except ValueError:
        return None
