"""Record ids by the day they sit on, so a date range is found without a scan.

Why: a check-in save asks "is there one today?" and "when was the last one?";
scanning ten years of check-ins for that cost about a millisecond per save.
"""

from __future__ import annotations

import bisect
from typing import Iterable


class DateIndex:
    def __init__(self, pairs: Iterable[tuple[str | None, str]] = ()):
        self._ids: dict[str, set[str]] = {}
        for day, record_id in pairs:
            if day is not None:
                self._ids.setdefault(day, set()).add(record_id)
        self._days = sorted(self._ids)  # ISO dates sort as text

    def add(self, day: str | None, record_id: str) -> None:
        if day is None:
            return
        ids = self._ids.get(day)
        if ids is None:
            bisect.insort(self._days, day)
            ids = self._ids[day] = set()
        ids.add(record_id)

    def remove(self, day: str | None, record_id: str) -> None:
        ids = self._ids.get(day) if day is not None else None
        if not ids:
            return
        ids.discard(record_id)
        if not ids:
            del self._ids[day]
            del self._days[bisect.bisect_left(self._days, day)]

    def days(self, lo: str | None, hi: str | None) -> list[str]:
        """The days in [lo, hi] that have records, oldest first."""
        left = bisect.bisect_left(self._days, lo) if lo else 0
        right = bisect.bisect_right(self._days, hi) if hi else len(self._days)
        return self._days[left:right]

    def ids_on(self, day: str) -> set[str]:
        return self._ids.get(day, set())
