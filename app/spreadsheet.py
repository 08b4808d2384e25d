"""Your data for a spreadsheet: one CSV per kind, in one ZIP file.

A person opening their data in a spreadsheet expects one sheet per kind of
thing with plain column names (like Daylio's export), not the store's
internal form: so no clock stamps, no owner or device ids, no tombstones,
and scales as their word and their number. Steps name their goal by its
title rather than by an id. The JSON export (app/exchange.py) stays the full
backup; this file is for reading, not for importing back.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Callable, Iterable

from .content import Content, load_content
from .private_files import atomic_private
from .store import Store

# The sheets, in the order they sit in the ZIP.
SHEETS = ("check-ins", "weekly-reflections", "goals", "steps", "wins", "comments")
SCALES = ("mood", "energy", "sleep", "stress")


def _join(values) -> str:
    # Lists (feelings, self-care) as one cell a person can read.
    return "; ".join(str(v) for v in values or [])


def _yes(value) -> str:
    return "yes" if value else "no"


def _scale(labels, value) -> tuple[str, str]:
    """(word, number) for a 1-5 answer; two blanks when it was skipped."""
    if isinstance(value, int) and 1 <= value <= len(labels):
        return labels[value - 1], str(value)
    return "", ""


def _rows_checkins(docs: list[dict], content: Content) -> tuple[list[str], list[list[str]]]:
    header = ["date"]
    for key in SCALES:
        header += [key, f"{key} (1-5)"]
    header += ["feelings", "self-care", "note", "shared"]
    rows = []
    for d in sorted(docs, key=lambda d: d.get("day") or ""):
        row = [d.get("day") or ""]
        for key in SCALES:
            row += list(_scale(getattr(content.checkin, key).labels, d.get(key)))
        row += [_join(d.get("feelings")), _join(d.get("care")), d.get("note") or "", _yes(d.get("shared"))]
        rows.append(row)
    return header, rows


def _rows_reflections(docs: list[dict], content: Content) -> tuple[list[str], list[list[str]]]:
    r = content.resilience
    header = [
        "week starting", r.challenge.title, r.helped.title, r.strength.title, r.supporters.title,
        r.bounce_back.title, f"{r.bounce_back.title} (1-5)", r.next_step.title, "shared",
    ]
    rows = []
    for d in sorted(docs, key=lambda d: d.get("week") or ""):
        word, number = _scale(r.bounce_back.labels, d.get("bounce_back"))
        rows.append([
            d.get("week") or "", d.get("challenge") or "", d.get("helped") or "", d.get("strength") or "",
            d.get("supporters") or "", word, number, d.get("next_step") or "", _yes(d.get("shared")),
        ])
    return header, rows


_STATUS = {"active": "active", "paused": "paused", "achieved": "achieved", "let_go": "let go"}


def _rows_goals(docs: list[dict], steps: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = ["goal", "status", "started", "by", "why it matters", "how you will know", "strengths",
              "support", "what you learned", "reflections", "steps done", "steps in all", "shared"]
    rows = []
    for d in sorted(docs, key=lambda d: (d.get("created") or "", d.get("title") or "")):
        mine = [s for s in steps if s.get("goal_id") == d.get("id")]
        reflections = " | ".join(
            f"{r.get('day', '')}: {r.get('text', '')}" for r in d.get("reflections") or [] if isinstance(r, dict)
        )
        rows.append([
            d.get("title") or "", _STATUS.get(d.get("status"), d.get("status") or ""), d.get("created") or "",
            d.get("by") or "", d.get("why") or "", d.get("measure") or "", d.get("strengths") or "",
            d.get("support") or "", d.get("learned") or "", reflections,
            str(sum(1 for s in mine if s.get("done"))), str(len(mine)), _yes(d.get("shared")),
        ])
    return header, rows


def _rows_steps(steps: list[dict], goal_titles: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    header = ["goal", "step", "order", "done", "done on", "note", "shared"]
    ordered = sorted(steps, key=lambda s: (goal_titles.get(s.get("goal_id"), ""), s.get("order") or 0))
    rows = []
    for goal_title, group in _grouped(ordered, lambda s: goal_titles.get(s.get("goal_id"), "")):
        for position, s in enumerate(group, start=1):
            rows.append([
                goal_title, s.get("title") or "", str(position), _yes(s.get("done")), s.get("done_on") or "",
                s.get("note") or "", _yes(s.get("shared")),
            ])
    return header, rows


def _grouped(items: list[dict], key: Callable[[dict], str]) -> Iterable[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups.items()


def _rows_wins(docs: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = ["date", "win", "message", "how it felt", "shared"]
    rows = [
        [d.get("day") or "", d.get("title") or "", d.get("message") or "", d.get("feeling") or "", _yes(d.get("shared"))]
        for d in sorted(docs, key=lambda d: d.get("day") or "")
    ]
    return header, rows


def _rows_comments(docs: list[dict], names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    header = ["date", "by", "about", "comment", "encouragement"]
    rows = [
        [d.get("day") or "", d.get("author_role") or "", names.get(d.get("target_id"), ""), d.get("text") or "",
         _yes(d.get("encouragement"))]
        for d in sorted(docs, key=lambda d: d.get("day") or "")
    ]
    return header, rows


def sheets(store: Store, content: Content | None = None) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Every sheet as (header, rows) of plain strings, live records only."""
    content = content or load_content()
    live: dict[str, list[dict]] = {}
    for doc in store.raw_docs():
        if not doc.get("deleted"):
            live.setdefault(doc.get("kind"), []).append(doc)
    goals, steps = live.get("goal", []), live.get("milestone", [])
    goal_titles = {g["id"]: g.get("title") or "" for g in goals}
    # What a comment is about, in words: the title of the goal, step or win.
    names = {d["id"]: d.get("title") or "" for kind in ("goal", "milestone", "achievement") for d in live.get(kind, [])}
    # Steps of a deleted goal went with it (their goal has no title to show).
    return {
        "check-ins": _rows_checkins(live.get("selfcare", []), content),
        "weekly-reflections": _rows_reflections(live.get("resilience", []), content),
        "goals": _rows_goals(goals, steps),
        "steps": _rows_steps([s for s in steps if s.get("goal_id") in goal_titles], goal_titles),
        "wins": _rows_wins(live.get("achievement", [])),
        "comments": _rows_comments(live.get("comment", []), names),
    }


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    # A byte-order mark, so spreadsheet programs read accents and other
    # scripts as UTF-8 instead of guessing.
    return "\ufeff" + out.getvalue()


def export_zip(store: Store, path: Path, content: Content | None = None) -> dict[str, int]:
    """Write the ZIP of CSV sheets to path atomically; returns rows per sheet."""
    path = Path(path)
    counts: dict[str, int] = {}
    with atomic_private(path) as raw:  # 0600 like every export; all or nothing
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, (header, rows) in sheets(store, content).items():
                archive.writestr(f"{name}.csv", _csv_text(header, rows))
                counts[name] = len(rows)
    return counts
