"""The `trellis` command line: for desktop users, automation and tests.

Every command that creates a record prints the new id alone on one line, and
only once the record is durably saved. Bad input gets one plain line on
stderr, exit status 2, and changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from .content import ContentError
from .exchange import export, import_file
from .filelock import StoreLockedError
from .journal import StoreTooNewError
from .models import SelfCareCheckin, Goal, plain_errors
from .services import Trellis
from .store import StoreError

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse prints a usage block and exits 2; we keep the exit status but
    # turn the message into the same single plain line as every other error.
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def _iso_day(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 5") from None
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(f"{value} is outside the scale: use 1 to 5")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="where your data lives (or TRELLIS_DATA_DIR)")

    parser = _Parser(prog="trellis", description="Trellis: goals, gentle check-ins and celebrations.", parents=[common])
    parser.add_argument("--web", action="store_true", help="serve the app to a browser on this device")
    parser.add_argument("--port", type=int, default=0, help="port for --web (default: a free one)")
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
    p.add_argument("--years", type=float, default=1.0)
    sub.add_parser("doctor", parents=[common], help="check the store and report")
    p = sub.add_parser("bench", parents=[common], help="measure against the performance budgets")
    p.add_argument("--repeat", type=int, default=7, help="runs per open-time figure")
    return parser


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
    t.celebrate(events)
    print(saved.id)


def _goal(t: Trellis, a) -> None:
    if a.action == "add":
        goal, events = t.goals.save_goal(
            Goal(title=a.title, why=a.why, measure=a.measure, by=a.by, shared=a.share)
        )
        t.celebrate(events)
        print(goal.id)
    elif a.action == "list":
        for item in t.goals.with_progress():
            g = item.goal
            shared = "shared" if g.shared else "private"
            print(f"{g.id}  {g.status:8}  {item.done}/{item.total} done  {shared:7}  {g.title}")
    elif a.action == "status":
        _, events = t.goals.set_status(a.goal_id, a.status, a.learned)
        t.celebrate(events)
    elif a.action == "reflect":
        t.goals.add_reflection(a.goal_id, a.text)
    elif a.action == "share":
        t.goals.set_shared(a.goal_id, not a.off)


def _milestone(t: Trellis, a) -> None:
    if a.action == "add":
        print(t.goals.add_milestone(a.goal_id, a.title).id)
    else:
        _, events = t.goals.set_done(a.milestone_id, a.action == "done")
        t.celebrate(events)


def _wins(t: Trellis, a) -> None:
    for win in t.wins():
        print(f"{win.day.isoformat()}  {win.title or win.rule}  {win.message}")


def _export(t: Trellis, a) -> None:
    count = export(t.store, a.file, a.format)
    print(f"Wrote {count} records to {a.file}", file=sys.stderr)


def _import(t: Trellis, a) -> None:
    added, changed = import_file(t.store, a.file)
    t.celebrate([])
    print(f"Imported {a.file}: {added} new, {changed} updated.", file=sys.stderr)


def _demo(t: Trellis, a) -> None:
    from . import demo

    if not 0 < a.years <= 20:
        raise UsageError("--years must be more than 0 and at most 20")
    if t.store.raw_docs():
        raise UsageError("this store already has data; sample data goes only into an empty one (use --data-dir)")
    records = demo.build(a.years, t.content, t.today())
    t.store.save_many(records)
    print(f"Added {len(records)} sample records to {t.store.dir}", file=sys.stderr)


def _doctor(t: Trellis, a) -> int:
    from .doctor import report

    text, healthy = report(t)
    print(text)
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
}


READ_ONLY_COMMANDS = {"export", "doctor", "wins"}


def fail(message: str) -> int:
    print(f"trellis: {message.rstrip('.')}.", file=sys.stderr)
    return EXIT_BAD_INPUT


def run(args: argparse.Namespace) -> int:
    if args.command == "bench":
        from .bench import main as bench_main

        return bench_main(repeat=args.repeat)
    try:
        # Export and doctor only read, so they work while the app is open.
        read_only = args.command in READ_ONLY_COMMANDS
        trellis = Trellis.open(getattr(args, "data_dir", None), read_only=read_only)
    except (StoreError, StoreLockedError, StoreTooNewError, ContentError) as exc:
        return fail(str(exc))
    try:
        for notice in trellis.store.notices:
            print(f"trellis: {notice}", file=sys.stderr)
        result = COMMANDS[args.command](trellis, args)
        return result or 0
    except ValidationError as exc:
        return fail(plain_errors(exc))
    except (StoreError, UsageError, ValueError) as exc:
        return fail(str(exc))
    finally:
        trellis.close()


def parse(argv: list[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
