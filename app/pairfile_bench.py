"""Figures for the pair file at ten years of sharing: `python3 -m app.pairfile_bench`.

The reference data (DESIGN.md) shared in full, at the "notes" level: 150
goals, 1,000 steps, 500 wins and one self-care check-in a week (520) in the
mentee's section, and 1,000 comments in the mentor's, every record with a
clock stamp per field. Prints the file's size, the time to write and to read
it (encrypted and plain) and the passphrase's KDF on its own. `measure()`
returns the same figures for `trellis bench`.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from . import pairfile, sharing
from .paircrypto import IdentityKey, KdfParams, PairKey, derive_key

PAIR = "benchpair"
_WORDS = (
    "walk morning sister call plan rest garden sleep kind small step cook read write breathe slow "
    "friend music evening light water tea park home work study class job money budget calm"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize()


def _stamp(rng: random.Random, device: str) -> str:
    return f"{1_480_000_000_000 + rng.randrange(315_000_000_000):015d}-{rng.randrange(3):06d}-{device}"


def _record(rng: random.Random, kind: str, owner: str, device: str, fields: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": f"{rng.getrandbits(128):032x}",
        "kind": kind,
        "owner": owner,
        "version": 2,
        "deleted": False,
        "shared": True,
        **fields,
    }
    doc["stamps"] = {name: _stamp(rng, device) for name in ("deleted", "shared", *fields)}
    doc["updated"] = max(doc["stamps"].values())
    return doc


def ten_year_records(seed: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(mentee's shared records, mentor's comments), as they go into the file."""
    rng = random.Random(seed)
    mentee, mentor = "m" * 32, "t" * 32
    device_a, device_b = "a1" * 16, "b2" * 16
    day = lambda: f"{2016 + rng.randrange(10)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"  # noqa: E731
    shared: list[dict[str, Any]] = []
    goals = []
    for _ in range(150):
        goal = _record(rng, "goal", mentee, device_a, {
            "title": _text(rng, 5), "status": rng.choice(["active", "achieved", "paused", "let_go"]),
            "by": day(), "created": day(), "measure": _text(rng, 15), "doable": _text(rng, 12),
            "why": _text(rng, 25), "strengths": _text(rng, 12), "support": _text(rng, 12),
            "learned": _text(rng, 20),
        })
        goals.append(goal)
        shared.append(goal)
    for i in range(1000):
        shared.append(_record(rng, "milestone", mentee, device_a, {
            "goal_id": rng.choice(goals)["id"], "title": _text(rng, 5), "order": float(i % 7),
            "done": rng.random() < 0.7, "done_on": day(), "note": _text(rng, 10),
        }))
    for i in range(500):
        shared.append(_record(rng, "achievement", mentee, device_a, {
            "rule": "milestone_done", "key": f"milestone:{i}", "day": day(), "title": _text(rng, 4),
            "message": _text(rng, 14), "feeling": _text(rng, 8), "subject_id": None,
        }))
    for _ in range(520):
        shared.append(_record(rng, "selfcare", mentee, device_a, {
            "day": day(), "mood": rng.randint(1, 5), "energy": rng.randint(1, 5), "sleep": rng.randint(1, 5),
            "stress": rng.randint(1, 5), "feelings": [rng.choice(_WORDS) for _ in range(2)],
            "care": [rng.choice(_WORDS) for _ in range(2)], "note": _text(rng, 12),
        }))
    comments = [
        _record(rng, "comment", mentor, device_b, {
            "target_id": rng.choice(shared)["id"], "author_role": "mentor", "day": day(),
            "text": _text(rng, 20), "encouragement": rng.random() < 0.5,
        })
        for _ in range(1000)
    ]
    project = lambda docs: [sharing.share_view(d, "notes") for d in docs]  # noqa: E731
    return project(shared), project(comments)


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(repeats: int = 5) -> dict[str, float]:
    """The figures as a dict (sizes in bytes, times in ms, medians)."""
    mentee_docs, mentor_docs = ten_year_records()
    mentee_key, mentor_key = IdentityKey.generate(), IdentityKey.generate()
    pins = {"mentee": mentee_key.public, "mentor": mentor_key.public}
    results: dict[str, float] = {"records": len(mentee_docs) + len(mentor_docs)}
    params = KdfParams.new()
    results["kdf_ms"] = _median_ms(lambda: derive_key("a calm bench passphrase", params), max(1, repeats // 2))
    key: PairKey = derive_key("a calm bench passphrase", params)
    theirs = pairfile.sign_section(PAIR, "mentor", "mentor", mentor_key, mentor_docs)
    results["sign_section_ms"] = _median_ms(
        lambda: pairfile.sign_section(PAIR, "mentee", "mentee", mentee_key, mentee_docs), repeats
    )
    mine = pairfile.sign_section(PAIR, "mentee", "mentee", mentee_key, mentee_docs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pair.trellis"
        for label, lock in (("encrypted", key), ("plain", None)):
            results[f"{label}_bytes"] = pairfile.write_pair_file(path, PAIR, [mine, theirs], lock)
            results[f"{label}_write_ms"] = _median_ms(
                lambda: pairfile.write_pair_file(path, PAIR, [mine, theirs], lock), repeats
            )
            pairfile.write_pair_file(path, PAIR, [mine, theirs], lock)
            opened = pairfile.read_pair_file(path, PAIR, lock, pins)
            assert isinstance(opened, pairfile.PairFile) and len(opened.trusted) == 2
            results[f"{label}_read_ms"] = _median_ms(lambda: pairfile.read_pair_file(path, PAIR, lock, pins), repeats)
        results.update(_refusals(path, key, mine, pins, repeats))
    results["cap_bytes"] = pairfile.MAX_FILE_BYTES
    return results


def _refusals(path: Path, key: PairKey, mine: pairfile.TrustedSection, pins: dict, repeats: int) -> dict[str, float]:
    """How fast the hostile cases are turned away (they must cost nothing)."""
    data = pairfile.encode_pair_file(PAIR, [mine], key)
    line, body = data.split(b"\n", 1)
    fields = json.loads(line)
    fields.pop("hsum")
    fields["protection"]["kdf"].update(memory_kib=64 * 1024 * 1024, iterations=1_000_000)
    hostile = pairfile._header_line(fields) + body

    def refuse(action: Callable[[], object], error: type[Exception]) -> None:
        try:
            action()
        except error:
            return
        raise AssertionError(f"expected {error.__name__}")

    figures = {
        "hostile_kdf_refused_ms": _median_ms(
            lambda: refuse(lambda: pairfile.decode_pair_file(hostile, PAIR, key, pins), pairfile.UnsafeLock), repeats
        )
    }
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    figures["file_50mb_refused_ms"] = _median_ms(
        lambda: refuse(lambda: pairfile.read_pair_file(path, PAIR, key, pins), pairfile.TooLarge), repeats
    )
    return figures


def main() -> None:
    figures = measure()
    mb = 1024 * 1024
    print(f"Pair file, ten years shared in full ({figures['records']:.0f} records, notes level)")
    print(f"  size encrypted / plain        {figures['encrypted_bytes'] / mb:6.2f} / {figures['plain_bytes'] / mb:.2f} MB")
    print(f"  size cap                      {figures['cap_bytes'] / mb:6.2f} MB "
          f"({figures['cap_bytes'] / figures['encrypted_bytes']:.1f} x the ten-year file)")
    print(f"  sign my section               {figures['sign_section_ms']:6.1f} ms")
    print(f"  write encrypted / plain       {figures['encrypted_write_ms']:6.1f} / {figures['plain_write_ms']:.1f} ms")
    print(f"  read+verify encrypted / plain {figures['encrypted_read_ms']:6.1f} / {figures['plain_read_ms']:.1f} ms")
    print(f"  passphrase KDF (Argon2id)     {figures['kdf_ms']:6.1f} ms (once per device; the key is kept)")
    print(f"  hostile KDF header refused    {figures['hostile_kdf_refused_ms']:6.2f} ms")
    print(f"  50 MB file refused            {figures['file_50mb_refused_ms']:6.2f} ms")


if __name__ == "__main__":
    main()
