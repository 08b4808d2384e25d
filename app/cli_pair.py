"""The pair commands of `trellis`: pair, share, comment, sync, devices.

The passphrase comes from TRELLIS_PASSPHRASE, else it is asked without echo
on a terminal; with neither (and no --no-passphrase) the command stops with
exit 2. Every problem is one plain line and exit 2, and changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from .pair import ConfirmNeeded, PairError

NO_PASSPHRASE_WARNING = (
    "No passphrase: anyone who can open the shared folder can read what you share in this pair. "
    "It is still signed, so no one can change it unnoticed."
)


def add_pair_commands(sub, common) -> None:
    pair = sub.add_parser("pair", parents=[common], help="pair with a mentor or mentee through one shared file")
    # The top level's parser class turns argparse's errors into one plain line.
    psub = pair.add_subparsers(dest="action", metavar="ACTION", parser_class=sub._parser_class, required=True)
    for name in ("start", "join"):
        p = psub.add_parser(name, parents=[common])
        p.add_argument("file", type=Path)
        p.add_argument("--role", choices=["mentee", "mentor"], required=True)
        p.add_argument("--name", default="", help="the other person's name, as you want to see it")
        p.add_argument("--no-passphrase", action="store_true", help="do not lock the file (it is still signed)")
    psub.add_parser("list", parents=[common])
    p = psub.add_parser("show", parents=[common])
    p.add_argument("pair", nargs="?")
    p.add_argument("--safety-code", action="store_true")
    for name in ("view", "preview"):
        p = psub.add_parser(name, parents=[common])
        p.add_argument("pair", nargs="?")
        p.add_argument("--json", action="store_true")
    p = psub.add_parser("confirm-key", parents=[common])
    p.add_argument("pair", nargs="?")
    p = psub.add_parser("end", parents=[common])
    p.add_argument("pair")
    p.add_argument("--forget-their-items", action="store_true")

    p = sub.add_parser("share", parents=[common], help="share one item with your pair, or --off to withdraw")
    p.add_argument("id")
    p.add_argument("--pair", default=None)
    level = p.add_mutually_exclusive_group()
    level.add_argument("--headline", dest="level", action="store_const", const="headline")
    level.add_argument("--notes", dest="level", action="store_const", const="notes")
    level.add_argument("--off", dest="level", action="store_const", const="off")
    p.add_argument("--without-steps", action="store_true", help="share a goal without its steps")

    p = sub.add_parser("comment", parents=[common], help="comment on a shared item; prints the comment's id")
    p.add_argument("id")
    p.add_argument("text")
    p.add_argument("--encourage", action="store_true")
    p.add_argument("--pair", default=None)

    p = sub.add_parser("sync", parents=[common], help="sync your pairs and your device file")
    p.add_argument("pair", nargs="?")

    devices = sub.add_parser("devices", parents=[common], help="keep your own devices in step through one file")
    dsub = devices.add_subparsers(dest="action", metavar="ACTION", parser_class=sub._parser_class, required=True)
    for name in ("start", "join"):
        p = dsub.add_parser(name, parents=[common])
        p.add_argument("file", type=Path)
        if name == "join":
            p.add_argument("--yes", action="store_true", help="this device's own items become yours on every device")


def _passphrase(a, *, required: bool) -> str | None:
    from .cli import UsageError, warn

    if getattr(a, "no_passphrase", False):
        warn(NO_PASSPHRASE_WARNING)
        return None
    value = os.environ.get("TRELLIS_PASSPHRASE")
    if value:
        return value
    if sys.stdin.isatty():
        value = getpass.getpass("Pair passphrase: ")
        if value:
            return value
    if required:
        raise UsageError("a device file needs a passphrase: set TRELLIS_PASSPHRASE or run this on a terminal")
    raise UsageError("give the pair passphrase (TRELLIS_PASSPHRASE or on a terminal), or choose --no-passphrase")


def _show_info(info) -> None:
    from .cli import say

    say("pair", info.id)
    say("role", info.my_role)
    say("with", info.their_name or "(no name given)")
    say("file", info.path)
    say("locked", "yes" if info.protected else "no (signed only)")
    say("last sync", info.last_synced.isoformat() if info.last_synced else "never")
    for line in info.last_report:
        say("report", line)
    if info.last_error:
        say("problem", info.last_error)
    if info.key_changed:
        say("note", "their key changed: compare the safety code, then run trellis pair confirm-key")


def _pair(t, a) -> int:
    from .cli import say, warn

    service = t.pair
    if a.action in ("start", "join"):
        passphrase = _passphrase(a, required=False)
        info = (service.start if a.action == "start" else service.join)(a.file, a.role, a.name, passphrase)
        warn(f"{'Started' if a.action == 'start' else 'Joined'} the pair in {info.path} as the {info.my_role}.")
        if info.safety_code:
            warn(f"Safety code (compare it with the other person once): {info.safety_code}")
        say(info.id)
    elif a.action == "list":
        for info in service.pairs():
            say(info.id, info.my_role, info.their_name or "-", info.last_synced.isoformat() if info.last_synced else "never", info.path)
        found = service.devices()
        if found is not None:
            say(found.id, "devices", "-", found.last_synced.isoformat() if found.last_synced else "never", found.path)
    elif a.action == "show":
        info = service.get(a.pair)
        if a.safety_code:
            if info.safety_code is None:
                raise PairError("There is no safety code yet: it appears once both of you have synced.")
            say(info.safety_code)
        else:
            _show_info(info)
    elif a.action == "confirm-key":
        info = service.confirm_key(a.pair)
        warn(f"Their new key is confirmed. Safety code: {info.safety_code}")
    elif a.action == "view":
        view = service.view(a.pair)
        if a.json:
            print(view.model_dump_json(indent=1))
            return 0
        for item in view.goals:
            say("goal", item.goal.id, item.goal.status, item.goal.title)
            for step in item.steps:
                say("  step", step.id, "done" if step.done else "open", step.title)
            for c in view.comments_on(item.goal.id):
                say("  comment", c.id, c.text)
        for win in view.wins:
            say("win", win.id, win.day.isoformat(), win.title or win.rule)
        for c in view.checkins:
            say("check-in", c.id, c.day.isoformat(), c.note)
        goal_ids = {g.goal.id for g in view.goals}
        for c in view.comments:
            if c.target_id not in goal_ids:
                say("comment", c.id, "on", c.target_id, c.text)
    elif a.action == "preview":
        docs = service.preview(a.pair)
        if a.json:
            print(json.dumps(docs, indent=1, ensure_ascii=False))
            return 0
        for doc in docs:
            state = "withdrawn" if doc.get("withdrawn") else "deleted" if doc.get("deleted") else "shared"
            label = doc.get("title") or doc.get("text") or doc.get("day") or doc.get("week") or ""
            say(doc["kind"], doc["id"], state, label)
    elif a.action == "end":
        warn(service.end(a.pair, forget_their_items=a.forget_their_items))
    return 0


def _share(t, a) -> int:
    from .cli import warn

    if a.level == "off":
        t.pair.unshare(a.id, pair_id=a.pair)
        warn("No longer shared; the other side removes its copy at the next sync.")
    else:
        t.pair.share(a.id, pair_id=a.pair, level=a.level or "headline", with_steps=not a.without_steps)
        warn(f"Shared ({a.level or 'headline'}); it goes to the other side at the next sync.")
    return 0


def _comment(t, a) -> int:
    from .cli import say

    say(t.pair.comment(a.id, a.text, encourage=a.encourage, pair_id=a.pair).id)
    return 0


def _sync(t, a) -> int:
    from .cli import say

    report = t.pair.sync(a.pair)
    for line in report.lines():
        say(line)
    return 0


def _devices(t, a) -> int:
    from .cli import UsageError, say, warn

    passphrase = _passphrase(a, required=True)
    if a.action == "start":
        info = t.pair.devices_start(a.file, passphrase)
    else:
        try:
            info = t.pair.devices_join(a.file, passphrase, adopt=a.yes)
        except ConfirmNeeded as question:
            if not sys.stdin.isatty():
                raise UsageError(f"{question} Run again with --yes to go on") from None
            answer = input(f"{question} Go on? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                warn("Nothing was changed.")
                return 1
            info = t.pair.devices_join(a.file, passphrase, adopt=True)
    warn(f"This device now keeps in step through {info.path}.")
    say(info.id)
    return 0


PAIR_COMMANDS = {"pair": _pair, "share": _share, "comment": _comment, "sync": _sync, "devices": _devices}
