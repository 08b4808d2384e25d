"""`python -m views.bench_learn`: what Learn costs, with ten years of reflecting.

Prints, as medians of repeated runs: reading and checking content/learn.toml,
a search, building the Learn list and one card with 520 reflections stored
(one a week for ten years) and every card marked, and saving a reflection.
Figures only; nothing is judged here (see DESIGN.md for the 300 ms budget of
a screen being ready).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from app.bench import median_seconds
from app.learn import _load, default_directory
from app.models import JournalEntry
from app.services import Trellis
from views import learn
from views.bench import BUDGET_MS, _QuietPage
from views.context import AppContext

REFLECTIONS = 520  # one a week for ten years


def _ms(fn, repeat: int) -> float:
    return round(median_seconds(fn, repeat) * 1000, 2)


def run(repeat: int = 9) -> dict:
    results = {"load_learn_toml_ms": _ms(lambda: _load(default_directory()), repeat)}
    with tempfile.TemporaryDirectory(prefix="trellis-learn-bench-") as tmp:
        start_day = dt.date(2016, 1, 4)
        with Trellis.open(Path(tmp) / "store", today=lambda: start_day) as trellis:
            cards = trellis.learn.cards()
            trellis.store.save_many([
                JournalEntry(day=start_day + dt.timedelta(weeks=i), card_id=cards[i % len(cards)].id,
                             prompt=cards[i % len(cards)].prompts[i % 2], text=f"Reflection number {i}, a few words.")
                for i in range(REFLECTIONS)
            ])
            for card in cards:
                trellis.learn.set_helpful(card.id, card.id < "m")
                trellis.learn.mark_seen(card.id)
            ctx = AppContext(page=_QuietPage(), trellis=trellis)
            results["search_ms"] = _ms(lambda: trellis.learn.search("Résilience help"), repeat)
            results["learn_list_ms"] = _ms(lambda: learn.build(ctx), repeat)
            ctx.state[learn.CARD_KEY] = "resilience"
            results["learn_card_ms"] = _ms(lambda: learn.build_card(ctx), repeat)
            counter = iter(range(10**6))
            results["save_reflection_ms"] = _ms(lambda: trellis.learn.reflect("trust", "", f"One more, {next(counter)}"),
                                                repeat)
    return results


def main() -> int:
    print(f"Timing Learn with {REFLECTIONS} reflections stored…", file=sys.stderr)
    results = run()
    rows = [
        ("read and check learn.toml (ms)", results["load_learn_toml_ms"]),
        ("search two words (ms)", results["search_ms"]),
        ("Learn list built (ms)", results["learn_list_ms"]),
        ("one card built (ms)", results["learn_card_ms"]),
        ("save a reflection, durably (ms)", results["save_reflection_ms"]),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'figure':{width}}  {'measured':>9}")
    for name, value in rows:
        print(f"{name:{width}}  {value:>9}")
    print(f"(a screen's budget: <= {BUDGET_MS} ms)")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
