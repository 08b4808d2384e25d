"""The self-care idea of the day, without repeating what was just done.

Today shows one idea a day (Content.idea_for). If today's check-in already
holds the action an idea is close to (content/idea_links.toml), the next
idea in turn that is not is shown instead: after "Drank water", not "Drink
a glass of water slowly.".
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Iterable

from .content import Content, ContentError, default_directory

FILE = "idea_links.toml"


def load_links(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    path = Path(path) if path is not None else default_directory() / FILE
    label = f"{path.parent.name}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}  # no links: ideas are shown as they come
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(label, "", f"cannot be read ({exc})") from None
    links = data.get("links", {})
    if not isinstance(links, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v) for k, v in links.items()
    ):
        raise ContentError(label, "links", "each idea needs a list of action ids")
    return {idea: tuple(ids) for idea, ids in links.items()}


@functools.lru_cache(maxsize=1)
def default_links() -> dict[str, tuple[str, ...]]:
    return load_links()


def idea_for(content: Content, day: dt.date, done_labels: Iterable[str],
             links: dict[str, tuple[str, ...]] | None = None) -> str:
    """The day's idea, or the next one in turn that is not close to something done today."""
    links = default_links() if links is None else links
    by_label = {a.label: a.id for a in content.care_actions}
    done = {by_label.get(label) for label in done_labels} - {None}
    ideas = content.ideas
    first = day.toordinal() % len(ideas)
    for step in range(len(ideas)):
        idea = ideas[(first + step) % len(ideas)]
        if not done.intersection(links.get(idea, ())):
            return idea
    return ideas[first]
