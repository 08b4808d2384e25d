"""One pair's records as the review and agreement need them, through the pair
service only (trellis.pair, see PAIR-API.md): mine that are shared with this
pair, the other person's as synced, and saving a new record of mine for the
pair. Kept apart so that review.py and agreement.py never reach into the
pair file or another pair's records (a mentor with two mentees never sees
them mixed)."""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

from pydantic import BaseModel

from .models import Record

R = TypeVar("R", bound=Record)
# Written for one pair in the first place (app/pair.py keeps the same list).
PAIR_KINDS = frozenset({"comment", "review", "agreement"})


class PairMissing(ValueError):
    """There is no such pair on this device."""


def _records_in(value: Any, seen: set[int] | None = None) -> Iterable[Record]:
    """Every record held anywhere inside a PairView (lists, dicts, nested models)."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Record):
        yield value
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _records_in(getattr(value, name, None), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _records_in(item, seen)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _records_in(item, seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for item in vars(value).values():
            yield from _records_in(item, seen)


class PairData:
    def __init__(self, trellis, pair_id: str):
        pair = getattr(trellis, "pair", None)
        if pair is None:
            raise PairMissing("Pairing is not available on this device yet.")
        self.trellis, self.pair, self.pair_id = trellis, pair, pair_id
        try:
            self.info = pair.get(pair_id)
        except Exception as exc:  # the service's PairError or a KeyError: the same plain answer
            raise PairMissing(f"There is no pair {pair_id} on this device.") from exc
        self.my_role = self.info.my_role
        self.me = trellis.store.person

    def _mine_shared(self) -> list[Record]:
        out = []
        for entry in self.pair.sharing(self.pair_id):
            record = entry[0] if isinstance(entry, (tuple, list)) else entry
            if isinstance(record, Record):
                out.append(record)
        return out

    def mine_all(self, model: type[R]) -> list[R]:
        """My records of this kind shared with this pair, read fresh from the store."""
        out = []
        for record in self._mine_shared():
            if record.kind != model.KIND or record.owner not in ("", self.me):
                continue
            try:
                out.append(self.trellis.store.get(model, record.id))
            except Exception:  # deleted since: not mine to show any more
                continue
        return out

    def mine(self, model: type[R]) -> R | None:
        records = self.mine_all(model)
        return max(records, key=lambda r: r.updated) if records else None

    def theirs_all(self, model: type[R]) -> list[R]:
        """The other person's records of this kind that this device holds for this pair."""
        view = self.pair.view(self.pair_id)
        found: dict[str, R] = {}
        for record in _records_in(view):
            if record.kind == model.KIND and record.owner != self.me and not record.deleted:
                kept = found.get(record.id)
                if kept is None or record.updated > kept.updated:
                    found[record.id] = record  # type: ignore[assignment]
        return list(found.values())

    def theirs(self, model: type[R]) -> R | None:
        records = self.theirs_all(model)
        return max(records, key=lambda r: r.updated) if records else None

    def save_shared(self, record: R) -> R:
        """Save a new record of mine written for this pair, and share it with this pair only."""
        record = record.model_copy(update={"shared": True})
        saved = self.trellis.store.save(record)
        if record.kind in PAIR_KINDS:
            self.pair.attach(saved.id, self.info.id)  # this pair's file, and no other pair's
        else:
            self.pair.share(saved.id, pair_id=self.info.id, level="notes")
        return saved
