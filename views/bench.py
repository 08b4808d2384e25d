"""`python -m views.bench`: how long each screen takes to build at ten years.

The data figures (saves, open-to-Today data, memory) come from `trellis
bench`; this adds the UI's share: building the controls of Today, the
Check-ins tab (and its trends for each range: 7, 30, 90 days, a year, all), Goals and Wins from the ten-year reference
store, medians of repeated builds, against the 300 ms budget of DESIGN.md.
What the browser then spends drawing is not in these figures.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from app.bench import build_reference_store, median_seconds
from app.services import Trellis
from views import checkins_tab, goals, today, wins
from views.context import AppContext

BUDGET_MS = 300.0
RANGE_NAMES = {"365": "1 year", "all": "all time"}


class _QuietPage:
    """Enough of a page for building screens: no client, nothing is sent."""

    width = 412
    height = 860
    platform = None

    def show_dialog(self, dialog) -> None:
        pass

    def pop_dialog(self):
        return None

    def update(self, *controls) -> None:
        pass

    def run_task(self, *args, **kwargs) -> None:
        pass


def _median_ms(fn, repeat: int) -> float:
    return round(median_seconds(fn, repeat) * 1000, 2)


def run(repeat: int = 9) -> dict:
    with tempfile.TemporaryDirectory(prefix="trellis-ui-bench-") as tmp:
        store = Path(tmp) / "store"
        build_reference_store(store)
        results = {}
        start = time.perf_counter()
        with Trellis.open(store) as trellis:
            ctx = AppContext(page=_QuietPage(), trellis=trellis)
            today.build(ctx)
            results["open_to_today_built_ms"] = round((time.perf_counter() - start) * 1000, 2)
            results["today_ms"] = _median_ms(lambda: today.build(ctx), repeat)
            ctx.state.pop("checkins_range", None)
            results["checkins_tab_ms"] = _median_ms(lambda: checkins_tab.build(ctx), repeat)
            # The trends of each range on their own (what choosing a range rebuilds).
            for key in checkins_tab.RANGES:
                results[f"trends_{key}_ms"] = _median_ms(lambda: checkins_tab.trends_section(ctx, key), repeat)
            results["goals_ms"] = _median_ms(lambda: goals.build(ctx), repeat)
            results["wins_ms"] = _median_ms(lambda: wins.build(ctx), repeat)
    return results


def main() -> int:
    print("Building the ten-year reference store and timing each screen's build…", file=sys.stderr)
    results = run()
    rows = [
        ("open store + Today screen built, first time (ms)", results["open_to_today_built_ms"]),
        ("Today screen built (ms)", results["today_ms"]),
        ("Check-ins tab with trends built (ms)", results["checkins_tab_ms"]),
        *((f"trends for {RANGE_NAMES.get(key, key + ' days')} built (ms)", results[f"trends_{key}_ms"])
          for key in checkins_tab.RANGES),
        ("Goals tab built (ms)", results["goals_ms"]),
        ("Wins tab built (ms)", results["wins_ms"]),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'figure':{width}}  {'measured':>9}  budget")
    for name, value in rows:
        print(f"{name:{width}}  {value:>9}  <= {BUDGET_MS}")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
