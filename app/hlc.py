"""Hybrid logical clock stamps.

A stamp is wall time in milliseconds, a counter and the device id, written as
one fixed-width string so that plain string comparison orders stamps. The
clock never goes backwards: when the wall clock jumps back (or stands still)
the counter moves on instead, and stamps seen from the other side of the pair
push the clock forward so that our next edit wins over what we have seen.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Callable

WALL_DIGITS = 15
COUNTER_DIGITS = 6
MAX_COUNTER = 10**COUNTER_DIGITS - 1
STAMP_PATTERN = re.compile(r"^(\d{15})-(\d{6})-([0-9a-z]{1,32})$")
# A stamp more than this far ahead of our wall clock is not believed: it is
# held back (from outside) or not followed (our own, written under a wrong
# clock), so that one bad clock cannot win every later edit.
MAX_AHEAD_MS = 24 * 3600 * 1000


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        match = STAMP_PATTERN.match(text)
        if not match:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)), match.group(3))


def is_stamp(text: object) -> bool:
    return isinstance(text, str) and STAMP_PATTERN.match(text) is not None


class HybridClock:
    """Issues strictly increasing stamps for one device."""

    def __init__(self, device: str, wall: Callable[[], float] = time.time):
        if not re.fullmatch(r"[0-9a-z]{1,32}", device):
            raise ValueError("device id must be 1-32 lowercase letters or digits")
        self.device = device
        self._wall = wall
        self._last = Stamp(0, 0, device)
        self._lock = threading.Lock()

    @property
    def last(self) -> Stamp:
        return self._last

    def ahead_limit(self) -> str:
        """Stamps whose first WALL_DIGITS characters sort above this are too far ahead."""
        return f"{int(self._wall() * 1000) + MAX_AHEAD_MS:0{WALL_DIGITS}d}"

    def too_far_ahead(self, stamp: str) -> bool:
        """True when a stamp is more than MAX_AHEAD_MS ahead of the wall clock."""
        return stamp[:WALL_DIGITS] > self.ahead_limit()

    def now(self) -> str:
        with self._lock:
            wall = int(self._wall() * 1000)
            if wall > self._last.wall_ms:
                self._last = Stamp(wall, 0, self.device)
            else:
                self._last = self._advance(self._last.wall_ms, self._last.counter)
            return str(self._last)

    def observe(self, stamp: str) -> None:
        """Move past a stamp written elsewhere (another device, or our own store)."""
        seen = Stamp.parse(stamp)
        with self._lock:
            if (seen.wall_ms, seen.counter) > (self._last.wall_ms, self._last.counter):
                self._last = Stamp(seen.wall_ms, seen.counter, self.device)

    def _advance(self, wall_ms: int, counter: int) -> Stamp:
        if counter >= MAX_COUNTER:  # a million stamps in one millisecond: borrow the next one
            return Stamp(wall_ms + 1, 0, self.device)
        return Stamp(wall_ms, counter + 1, self.device)
