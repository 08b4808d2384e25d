"""Whether a pair exists, so that screens can say honestly what sharing does.

Pair setup is not built yet (the Pair tab is "coming soon"): until it is,
nothing has anyone to be shared with, and screens say "when you set up a
pair" instead of "shared with your mentor". The pair-sync work should make
this read the pair's own record.
"""

from __future__ import annotations


def pair_exists(trellis) -> bool:
    pair = getattr(trellis, "pair", None)
    exists = getattr(pair, "exists", None)
    return bool(exists()) if callable(exists) else False
