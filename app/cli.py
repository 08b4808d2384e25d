"""The `trellis` command line: for desktop users, automation and tests.

Every command that creates a record prints the new id alone on one line, and
only once the record is durably saved. Bad input gets one plain line on
stderr, exit status 2, and changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from .cli_pair import PAIR_COMMANDS, add_pair_commands
from .content import ContentError
from .exchange import export, read_export
from .filelock import StoreLockedError
from .journal import StoreTooNewError
from .models import Goal, Milestone, SelfCareCheckin, plain_errors
from .printable import one_line
from .private_files import plain_os_error
from .services import Trellis
from .store import RecordNotFound, StoreError

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints a usage block and exits 2; we keep the exit status but
    # turn the message into the same single plain line as every other error.
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


# Only ASCII digits, only YYYY-MM-DD: int() and date.fromisoformat() also take
# " 3", "+3", full-width and Arabic digits and week dates (2026-W01-1).
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
# Dates a person can mean; beyond them date arithmetic (yesterday, last week) overflows.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def parse_day(text: str) -> dt.date:
    """A date written YYYY-MM-DD between 1900 and 2999, or a ValueError in plain words."""
    try:
        if not _DAY.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text!r} is outside the dates Trellis keeps: use a date from 1900 to 2999")
    return day


def _iso_day(text: str) -> dt.date:
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scale(text: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 5")
    value = int(text)
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(f"{value} is outside the scale: use 1 to 5")
    return value


def _whole(low: int, high: int):
    def parse(text: str) -> int:
        if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from {low} to {high}")
        return int(text)

    return parse


def _years(text: str) -> float:
    if not _DECIMAL.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of years, like 1 or 0.5")
    return float(text)


def _folder(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("it needs a folder (an empty one would mean your real data folder)")
    return text


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", type=_folder, default=argparse.SUPPRESS, help="where your data lives (or TRELLIS_DATA_DIR)")

    parser = _Parser(prog="trellis", description="Trellis: goals, gentle check-ins and celebrations.", parents=[common])
    parser.add_argument("--web", action="store_true", help="serve the app to a browser on this device")
    parser.add_argument("--port", type=_whole(0, 65535), default=0, help="port for --web (default: a free one)")
    parser.add_argument("--host", default=None, help="address to serve on (default 127.0.0.1 only)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("checkin", parents=[common], help="record today's self-care check-in")
    for name in ("mood", "energy", "sleep", "stress"):
        p.add_argument(f"--{name}", type=_scale, help="1 to 5, or leave out to skip")
    p.add_argument("--feeling", action="append", default=[], metavar="WORD")
    p.add_argument("--care", action="append", default=[], metavar="WORD")
    p.add_argument("--note", default="")
    p.add_argument("--date", type=_iso_day, default=None, help="YYYY-MM-DD (default today)")

    goal = sub.add_parser("goal", parents=[common], help="goals: add, list, status, reflect, share")
    gsub = goal.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = gsub.add_parser("add", parents=[common])
    p.add_argument("title")
    p.add_argument("--why", default="")
    p.add_argument("--measure", default="")
    p.add_argument("--by", type=_iso_day, default=None)
    p.add_argument("--share", action="store_true")
    gsub.add_parser("list", parents=[common])
    p = gsub.add_parser("status", parents=[common])
    p.add_argument("goal_id")
    p.add_argument("status", choices=["active", "paused", "achieved", "let_go"])
    p.add_argument("--learned", default=None, help="when letting go: what you learned (optional)")
    p = gsub.add_parser("reflect", parents=[common])
    p.add_argument("goal_id")
    p.add_argument("text")
    p = gsub.add_parser("share", parents=[common])
    p.add_argument("goal_id")
    p.add_argument("--off", action="store_true", help="withdraw sharing")

    ms = sub.add_parser("milestone", parents=[common], help="milestones: add, done, undo")
    msub = ms.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = msub.add_parser("add", parents=[common])
    p.add_argument("goal_id")
    p.add_argument("title")
    for name in ("done", "undo"):
        p = msub.add_parser(name, parents=[common])
        p.add_argument("milestone_id")

    sub.add_parser("wins", parents=[common], help="list your achievements")

    p = sub.add_parser("export", parents=[common], help="write all your data to a file")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p = sub.add_parser("import", parents=[common], help="merge an export back in (safe to repeat)")
    p.add_argument("file", type=Path)

    p = sub.add_parser("demo", parents=[common], help="fill an empty store with sample data")
    p.add_argument("--years", type=_years, default=1.0)
    sub.add_parser("doctor", parents=[common], help="check the store and report")
    p = sub.add_parser("bench", parents=[common], help="measure against the performance budgets")
    p.add_argument("--repeat", type=_whole(1, 1000), default=7, help="runs per open-time figure (1 to 1000)")
    add_pair_commands(sub, common)
    from .cli_review import register as register_review  # trellis review / trellis agreement

    register_review(sub, common, COMMANDS)
    return parser


# ---- output ------------------------------------------------------------------
def say(*fields: object) -> None:
    """One line of results on stdout; each field from the data shown safely."""
    print("  ".join(one_line(f) for f in fields), flush=True)


def warn(message: str) -> None:
    print(f"trellis: {one_line(message)}", file=sys.stderr, flush=True)


def _celebrate(t: Trellis, events, what: str) -> None:
    """Celebrations follow a save that is already durable: if one cannot be
    saved, say so, but the command still succeeded (its id is printed)."""
    try:
        t.celebrate(events)
    except (OSError, StoreError, ValidationError) as exc:
        reason = plain_os_error(exc) if isinstance(exc, OSError) else str(exc).rstrip(".")
        warn(f"{what} is saved. Its celebration could not be saved ({reason}); it is offered again next time.")


# ---- commands ----------------------------------------------------------------
def _checkin(t: Trellis, a) -> None:
    day = a.date or t.today()
    existing = t.checkins.for_day(day)
    values = {k: getattr(a, k) for k in ("mood", "energy", "sleep", "stress") if getattr(a, k) is not None}
    if a.feeling:
        values["feelings"] = a.feeling
    if a.care:
        values["care"] = a.care
    if a.note:
        values["note"] = a.note
    base = existing.model_dump() if existing else {"day": day}
    saved, events = t.checkins.save_selfcare(SelfCareCheckin.model_validate({**base, **values}))
    say(saved.id)
    _celebrate(t, events, "Your check-in")


def _goal(t: Trellis, a) -> None:
    if a.action == "add":
        goal, events = t.goals.save_goal(
            Goal(title=a.title, why=a.why, measure=a.measure, by=a.by, shared=a.share)
        )
        say(goal.id)
        _celebrate(t, events, "Your goal")
    elif a.action == "list":
        for item in t.goals.with_progress():
            g = item.goal
            shared = "shared" if g.shared else "private"
            say(g.id, f"{g.status:8}", f"{item.done}/{item.total} done", f"{shared:7}", g.title)
    elif a.action == "status":
        _, events = t.goals.set_status(a.goal_id, a.status, a.learned)
        _celebrate(t, events, "The goal's new status")
    elif a.action == "reflect":
        t.goals.add_reflection(a.goal_id, a.text)
    elif a.action == "share":
        t.goals.set_shared(a.goal_id, not a.off)


def _milestone(t: Trellis, a) -> None:
    if a.action == "add":
        say(t.goals.add_milestone(a.goal_id, a.title).id)
        return
    # Check before writing: a step whose goal is missing would be saved and only then fail.
    step = t.store.get(Milestone, a.milestone_id)
    try:
        t.store.get(Goal, step.goal_id, include_deleted=True)
    except RecordNotFound:
        raise StoreError(
            f"The step {a.milestone_id} belongs to a goal that is not in your data ({step.goal_id}); nothing was changed"
        ) from None
    _, events = t.goals.set_done(a.milestone_id, a.action == "done")
    _celebrate(t, events, "The step")


def _wins(t: Trellis, a) -> None:
    for win in t.wins():
        say(win.day.isoformat(), win.title or win.rule, win.message)


def _export(t: Trellis, a) -> None:
    count = export(t.store, a.file, a.format, t.content)
    if a.format == "csv":
        warn(f"Wrote a ZIP of spreadsheets ({count} rows, one CSV per kind) to {a.file} (readable by you only)")
    else:
        warn(f"Wrote {count} records to {a.file} (readable by you only)")


def _import(t: Trellis, a) -> None:
    report = t.store.merge(a.records)
    warn(f"Imported {a.file}: {report.added} new, {report.changed} updated.")
    lines = report.lines()
    shown = lines if len(lines) <= 12 else lines[:10] + [f"and {len(lines) - 10} more changes"]
    for line in shown:  # a long import names its first changes, not thousands of lines
        warn(f"  {line}")
    if report.held_back and len(lines) > 12:
        warn(f"  {lines[-1]}")
    _celebrate(t, [], "The import")


def _demo(t: Trellis, a) -> None:
    from . import demo

    if not 0 < a.years <= 20:
        raise UsageError("--years must be more than 0 and at most 20")
    if t.store.raw_docs():
        raise UsageError("this store already has data; sample data goes only into an empty one (use --data-dir)")
    records = demo.build(a.years, t.content, t.today())
    t.store.save_many(records)
    warn(f"Added {len(records)} sample records to {t.store.dir}")


def _doctor(t: Trellis, a) -> int:
    from .doctor import report

    text, healthy = report(t)
    for line in text.split("\n"):  # doctor's own lines; data inside each is made one line
        say(line)
    return 0 if healthy else 1


COMMANDS: dict[str, Callable] = {
    "checkin": _checkin,
    "goal": _goal,
    "milestone": _milestone,
    "wins": _wins,
    "export": _export,
    "import": _import,
    "demo": _demo,
    "doctor": _doctor,
    **PAIR_COMMANDS,
}


READ_ONLY_COMMANDS = {"export", "doctor", "wins"}


def fail(message: str) -> int:
    print(f"trellis: {one_line(message).rstrip('.')}.", file=sys.stderr, flush=True)
    return EXIT_BAD_INPUT


def check_environment() -> None:
    """Settings read from the environment, checked before anything opens."""
    pinned = os.environ.get("TRELLIS_TODAY")
    if pinned:
        try:
            parse_day(pinned)
        except ValueError as exc:
            raise UsageError(f"TRELLIS_TODAY: {exc}") from None


def run(args: argparse.Namespace) -> int:
    try:
        check_environment()
    except UsageError as exc:
        return fail(str(exc))
    if args.command == "bench":
        from .bench import main as bench_main

        return bench_main(repeat=args.repeat)
    if args.command == "import":
        # Read (and check) the file before the store is locked: a slow disk holds nothing up.
        try:
            args.records = read_export(args.file)
        except StoreError as exc:
            return fail(str(exc))
    try:
        # Export and doctor only read, so they work while the app is open.
        read_only = args.command in READ_ONLY_COMMANDS
        trellis = Trellis.open(getattr(args, "data_dir", None), read_only=read_only)
    except (StoreError, StoreLockedError, StoreTooNewError, ContentError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"Cannot open your data: {plain_os_error(exc)}. Nothing was changed")
    try:
        for notice in trellis.store.notices:
            warn(notice)
        result = COMMANDS[args.command](trellis, args)
        return result or 0
    except ValidationError as exc:
        return fail(plain_errors(exc))
    except (StoreError, UsageError, ValueError) as exc:
        return fail(str(exc))
    except OverflowError:
        return fail("That date is too far from today for Trellis to work with; nothing was changed")
    except OSError as exc:
        return fail(f"Nothing was saved: {plain_os_error(exc)}")
    finally:
        try:
            trellis.close()
        except OSError as exc:
            # Every save above is already durable in the journal; only the tidy-up
            # (folding it into the snapshot) waits for the next time.
            warn(f"Your saves are safe. Tidying the data folder could not finish ({plain_os_error(exc)}); it is tried again next time.")


def parse(argv: list[str] | None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    check_environment()  # the launcher parses first too, so the app path is checked as well
    return args
