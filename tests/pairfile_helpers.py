"""Small builders shared by the pair file tests."""

from __future__ import annotations

from app import paircrypto
from app.paircrypto import IdentityKey, KdfParams, PairKey

# The cheapest parameters the reader accepts, so tests derive keys quickly.
FAST_KDF = {"name": "argon2id", "memory_kib": 19 * 1024, "iterations": 1, "lanes": 1}


def fast_params(salt: bytes = b"s" * 16) -> KdfParams:
    return KdfParams.from_json({**FAST_KDF, "salt": salt.hex()})


def fast_key(passphrase: str = "quiet river stones", salt: bytes = b"s" * 16) -> PairKey:
    return paircrypto.derive_key(passphrase, fast_params(salt))


def goal(n: int, title: str = "Walk each morning", **extra) -> dict:
    return {"id": f"{n:032x}", "kind": "goal", "owner": "mentee1", "title": title, **extra}


def people() -> tuple[IdentityKey, IdentityKey]:
    return IdentityKey.generate(), IdentityKey.generate()
