"""`trellis doctor`: look the store over and say plainly what was found.

Healthy (exit 0) means every record reads back and no file holds damage
now. Damage found (a damaged line, a record that does not validate) is said
in plain words and makes the command exit 1. Files kept aside by an earlier
repair are mentioned, but they are history, not damage.
"""

from __future__ import annotations

from collections import Counter

from .journal import OWN_NAMES, SET_ASIDE_DIR
from .models import KINDS
from .private_files import loose_paths
from .services import Trellis


def report(trellis: Trellis) -> tuple[str, bool]:
    store = trellis.store
    docs = store.raw_docs()
    live = Counter(d["kind"] for d in docs if not d.get("deleted"))
    tombstones = sum(1 for d in docs if d.get("deleted"))
    problems = store.check()
    damaged = bool(getattr(store, "damaged", False))
    lines = [f"Data folder: {store.dir}", f"Device id: {store.device}"]
    lines += [f"  {kind:12} {live.get(kind, 0):6}" for kind in KINDS]
    lines.append(f"  {'deleted':12} {tombstones:6} (kept so a sync never brings them back)")
    lines.append(f"Saves since the last compaction: {store.journal_lines}")
    for notice in store.notices:
        lines.append(f"Found: {notice}")
    loose = loose_paths(store.dir, OWN_NAMES)
    if loose:
        lines.append(
            f"Readable by other accounts: {len(loose)} files or folders; "
            "Trellis makes them private the next time it opens this data normally."
        )
    aside = store.dir / SET_ASIDE_DIR
    kept = sorted(aside.iterdir()) if aside.is_dir() else []
    if kept:
        lines.append(f"Files kept aside by an earlier repair: {len(kept)} in {aside}")
    if problems:
        lines.append(f"{len(problems)} records could not be read:")
        lines += [f"  {p}" for p in problems[:20]]
    if damaged or problems:
        lines.append("Damage was found (see above). Nothing is deleted: damaged lines are kept aside.")
    else:
        lines.append("All records read back cleanly.")
    return "\n".join(lines), not (damaged or problems)
