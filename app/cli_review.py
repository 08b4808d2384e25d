"""`trellis review` and `trellis agreement`: the pair's reviews and agreement
from the command line, doing what the screens do (app/review.py,
app/agreement.py). PAIR may be left out where there is only one pair.

    trellis review show [--pair PAIR]        since the last review, support wanted, next steps
    trellis review list [--pair PAIR]        reviews, newest first
    trellis review save [--pair PAIR] [--notes TEXT] [--next GOAL_ID TITLE]...
                                             prints the review's id
    trellis review accept REVIEW_ID N [--pair PAIR]
                                             the mentee takes next step N (from 1) onto the goal;
                                             prints the step's id
    trellis agreement show [--pair PAIR]     the text, its version and who agreed
    trellis agreement edit (--text TEXT | --file FILE) [--pair PAIR]
    trellis agreement agree VERSION [--pair PAIR]
    trellis agreement withdraw [--pair PAIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub, common, commands: dict) -> None:
    """Add the two commands to the parser and their handlers to `commands`."""
    from .cli import _Parser

    review = sub.add_parser("review", parents=[common], help="review milestones together with your pair")
    rsub = review.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    for name in ("show", "list"):
        p = rsub.add_parser(name, parents=[common])
        p.add_argument("--pair", default=None)
    p = rsub.add_parser("save", parents=[common])
    p.add_argument("--pair", default=None)
    p.add_argument("--notes", default="")
    p.add_argument("--next", nargs=2, action="append", default=[], metavar=("GOAL_ID", "TITLE"))
    p = rsub.add_parser("accept", parents=[common])
    p.add_argument("review_id")
    p.add_argument("number", type=int)
    p.add_argument("--pair", default=None)

    agreement = sub.add_parser("agreement", parents=[common], help="your mentoring agreement: show, edit, agree")
    asub = agreement.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    for name in ("show", "withdraw"):
        p = asub.add_parser(name, parents=[common])
        p.add_argument("--pair", default=None)
    p = asub.add_parser("edit", parents=[common])
    p.add_argument("--pair", default=None)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--text")
    group.add_argument("--file", type=Path)
    p = asub.add_parser("agree", parents=[common])
    p.add_argument("version", nargs="+", help="the version shown by `trellis agreement show`")
    p.add_argument("--pair", default=None)

    commands["review"] = _review
    commands["agreement"] = _agreement


def pick_pair(trellis, given: str | None) -> str:
    """The pair named, or the only one; a plain ValueError otherwise."""
    pair = getattr(trellis, "pair", None)
    if pair is None:
        raise ValueError("Pairing is not available on this device yet")
    ids = [p.id for p in pair.pairs()]
    if given:
        if given not in ids:
            raise ValueError(f"There is no pair {given} on this device")
        return given
    if not ids:
        raise ValueError("There is no pair yet; start one with `trellis pair start` or join one with `trellis pair join`")
    if len(ids) > 1:
        raise ValueError(f"You have {len(ids)} pairs; name one with --pair ({', '.join(ids)})")
    return ids[0]


def _review(t, a) -> None:
    from .cli import say, warn
    from .review import ReviewService

    svc = ReviewService(t, pick_pair(t, a.pair))
    if a.action == "show":
        s = svc.summary()
        say("last review", s.last_review.isoformat() if s.last_review else "none yet")
        for d in s.steps_done:
            say("step done", d.step.done_on.isoformat() if d.step.done_on else "", d.goal.title, d.step.title)
        for w in s.wins:
            say("win", w.day.isoformat(), w.title or w.rule)
        for g in s.wants_support:
            say("would like support", g.id, g.title, g.support)
        for n, p in enumerate((p for p in svc.proposals() if not p.accepted), start=1):
            say("next step", p.review.id, str(p.index + 1), p.goal.title if p.goal else "(goal not shared now)", p.title)
    elif a.action == "list":
        for r in svc.reviews():
            say(r.id, r.day.isoformat(), f"{len(r.milestone_ids)} steps", f"{len(r.next_steps)} next steps", r.notes)
    elif a.action == "save":
        review, won = svc.save(a.notes, [tuple(n) for n in a.next])
        say(review.id)
        for w in won:
            warn(f"{w.title}: {w.message}")
    elif a.action == "accept":
        if a.number < 1:
            raise ValueError("Next steps are numbered from 1")
        say(svc.accept(a.review_id, a.number - 1).id)


def _agreement(t, a) -> None:
    from .agreement import for_pair
    from .cli import say, warn

    svc = for_pair(t, pick_pair(t, a.pair))
    if a.action == "edit":
        if a.file is not None:
            try:
                text = a.file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"Cannot read {a.file}: {exc}") from None
        else:
            text = a.text
        svc.edit(text)
    elif a.action == "agree":
        svc.agree(" ".join(a.version))
    elif a.action == "withdraw":
        svc.withdraw()
    state = svc.state()
    they = "mentor" if state.my_role == "mentee" else "mentee"
    say("version", state.version)
    say("you", f"agreed on {state.i_agreed_on.isoformat()}" if state.i_agreed_on else "not agreed to this version")
    say(f"your {they}", f"agreed on {state.they_agreed_on.isoformat()}" if state.they_agreed_on
        else "not agreed to this version")
    if a.action == "show":
        print(state.text, flush=True)  # the text as written, line by line
    elif state.both_agreed:
        warn("You have both agreed to this version.")
