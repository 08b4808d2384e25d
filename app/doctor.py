"""`trellis doctor`: look the store over and say plainly what was found."""

from __future__ import annotations

from collections import Counter

from .models import KINDS
from .services import Trellis


def report(trellis: Trellis) -> tuple[str, bool]:
    store = trellis.store
    docs = store.raw_docs()
    live = Counter(d["kind"] for d in docs if not d.get("deleted"))
    tombstones = sum(1 for d in docs if d.get("deleted"))
    problems = store.check()
    lines = [f"Data folder: {store.dir}", f"Device id: {store.device}"]
    lines += [f"  {kind:12} {live.get(kind, 0):6}" for kind in KINDS]
    lines.append(f"  {'deleted':12} {tombstones:6} (kept so a sync never brings them back)")
    lines.append(f"Saves since the last compaction: {store.journal_lines}")
    for notice in store.notices:
        lines.append(f"Note: {notice}")
    set_aside = sorted((store.dir / "set-aside").glob("*")) if (store.dir / "set-aside").exists() else []
    if set_aside:
        lines.append(f"Damaged files kept aside: {len(set_aside)} in {store.dir / 'set-aside'}")
    if problems:
        lines.append(f"{len(problems)} records could not be read:")
        lines += [f"  {p}" for p in problems[:20]]
    else:
        lines.append("All records read back cleanly.")
    return "\n".join(lines), not problems
