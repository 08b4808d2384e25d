"""The keys and ciphers behind the pair-shared file, all from `cryptography`.

- Each person has an Ed25519 identity key. Its private half lives in a 0600
  file on the person's device; the public half is pinned by the other side
  when the pair is joined. Both sides can read out a short safety code made
  from both public keys and compare it on a call once.
- A pair passphrase becomes a 256-bit key through a memory-hard KDF
  (Argon2id, or scrypt where the installed `cryptography` lacks Argon2id).
  The KDF's parameters travel in the file's header, so they are capped on
  read: a hostile header cannot make us spend minutes or gigabytes. The
  device keeps the derived key (`PairKey`), never the passphrase.
- The body is sealed with ChaCha20-Poly1305, a fresh 96-bit nonce per write.

Nothing here is hand-rolled cryptography; this module only chooses
parameters and encodings.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .private_files import write_private

try:  # cryptography >= 44
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
except ImportError:  # pragma: no cover - depends on the installed version
    Argon2id = None  # type: ignore[assignment,misc]

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
CIPHER = "chacha20poly1305"
_HEX = re.compile(r"^[0-9a-f]*$")

# Argon2id as RFC 9106 suggests for memory-constrained use: 64 MiB, 3 passes,
# 4 lanes (about 0.17 s here). Scrypt is the fallback: 64 MiB (n=2^16, r=8).
ARGON2_DEFAULT = {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}
SCRYPT_DEFAULT = {"log_n": 16, "r": 8, "p": 1}

# What we accept from a header. Above: refuse (a hostile file must not cost us
# minutes or gigabytes). Below: refuse too, so a forged file cannot talk a
# joining device into protecting the pair's passphrase weakly.
ARGON2_LIMITS = {"memory_kib": (19 * 1024, 256 * 1024), "iterations": (1, 10), "lanes": (1, 8)}
SCRYPT_LIMITS = {"log_n": (14, 18), "r": (8, 8), "p": (1, 2)}
ARGON2_MAX_WORK = 256 * 1024 * 4  # KiB x passes: at most about 1 s here
KDF_NAMES = ("argon2id", "scrypt")
TOO_MUCH_WORK = "The file asks for more work to unlock than Trellis allows, so it was not opened."


class CryptoError(Exception):
    """A key, parameter or sealed body that cannot be used; the message is plain."""


class KdfRefused(CryptoError):
    """KDF parameters outside the accepted range (checked before any work)."""


class SealBroken(CryptoError):
    """The sealed body does not open with this key (wrong key or changed bytes)."""


def _hex(value: object, size: int | None, what: str) -> bytes:
    # Lower-case hex only: one spelling per value, so no byte of a file can be
    # changed without changing what it means.
    if not isinstance(value, str) or not _HEX.match(value) or len(value) % 2:
        raise CryptoError(f"The {what} is not written the way Trellis writes it.")
    raw = bytes.fromhex(value)
    if size is not None and len(raw) != size:
        raise CryptoError(f"The {what} has the wrong length.")
    return raw


# --------------------------------------------------------------------------
# Identity keys


@dataclass(frozen=True)
class IdentityKey:
    """A person's Ed25519 signing key."""

    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> "IdentityKey":
        return cls(Ed25519PrivateKey.generate())

    @property
    def public(self) -> bytes:
        """The 32-byte public key, as the other side pins it."""
        return self.private.public_key().public_bytes_raw()

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def to_bytes(self) -> bytes:
        """The key file's text (JSON); keep it 0600, see `save`."""
        doc = {
            "format": "trellis-identity-key",
            "version": 1,
            "private": self.private.private_bytes_raw().hex(),
            "public": self.public.hex(),
        }
        return (json.dumps(doc, indent=1) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> "IdentityKey":
        try:
            doc = json.loads(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise CryptoError("The key file is damaged.") from None
        if not isinstance(doc, dict) or doc.get("format") != "trellis-identity-key":
            raise CryptoError("This is not a Trellis key file.")
        if doc.get("version") != 1:
            raise CryptoError("This key file was written by a newer Trellis.")
        key = cls(Ed25519PrivateKey.from_private_bytes(_hex(doc.get("private"), KEY_BYTES, "key")))
        if key.public.hex() != doc.get("public"):
            raise CryptoError("The key file is damaged: its two halves do not match.")
        return key

    def save(self, path: Path) -> None:
        """Write the key file atomically, readable by this account only."""
        write_private(Path(path), self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> "IdentityKey":
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CryptoError(f"The key file cannot be read ({error.strerror or error}).") from None
        return cls.from_bytes(data)


def public_key_ok(public: bytes) -> bool:
    """True for a 32-byte string Ed25519 accepts as a public key."""
    if len(public) != KEY_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public)
    except ValueError:
        return False
    return True


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    """True only when `signature` is `public`'s signature of `message`."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public: bytes) -> str:
    """A short, readable name for one public key: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(b"trellis key fingerprint\n" + public).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def safety_code(*publics: bytes) -> str:
    """Six groups of four digits made from everyone's public keys.

    The same on every side whatever the order the keys are given in; two
    people read it to each other once to know no one swapped a key.
    """
    keys = sorted(publics)
    if len(keys) < 2 or len(set(keys)) != len(keys) or any(len(k) != KEY_BYTES for k in keys):
        raise ValueError("a safety code needs two or more different 32-byte public keys")
    digest = hashlib.sha256(b"trellis safety code v1\n" + b"".join(keys)).digest()
    number = int.from_bytes(digest[:16], "big") % 10**24
    digits = f"{number:024d}"
    return " ".join(digits[i : i + 4] for i in range(0, 24, 4))


# --------------------------------------------------------------------------
# Pair passphrase -> key


@dataclass(frozen=True)
class KdfParams:
    """How a passphrase became the pair key: the KDF, its costs and the salt."""

    name: str
    costs: tuple[tuple[str, int], ...]
    salt: bytes

    @classmethod
    def new(cls, name: str | None = None) -> "KdfParams":
        """Fresh parameters with a random salt (Argon2id where available)."""
        name = name or ("argon2id" if Argon2id is not None else "scrypt")
        costs = ARGON2_DEFAULT if name == "argon2id" else SCRYPT_DEFAULT
        return cls(name, tuple(sorted(costs.items())), os.urandom(SALT_BYTES))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, **dict(self.costs), "salt": self.salt.hex()}

    @classmethod
    def from_json(cls, doc: object) -> "KdfParams":
        """Read parameters from a header, refusing any outside our limits."""
        if not isinstance(doc, dict) or doc.get("name") not in KDF_NAMES:
            raise KdfRefused("The file is locked with a method Trellis does not know.")
        name = doc["name"]
        limits = ARGON2_LIMITS if name == "argon2id" else SCRYPT_LIMITS
        if set(doc) != {"name", "salt", *limits}:
            raise KdfRefused("The file's lock settings are not written the way Trellis writes them.")
        costs = {}
        for key, (low, high) in limits.items():
            value = doc[key]
            if type(value) is not int:
                raise KdfRefused("The file's lock settings are not written the way Trellis writes them.")
            if value > high:
                raise KdfRefused(TOO_MUCH_WORK)
            if value < low:
                raise KdfRefused("The file's lock is weaker than Trellis allows, so it was not opened.")
            costs[key] = value
        if name == "argon2id" and costs["memory_kib"] * costs["iterations"] > ARGON2_MAX_WORK:
            raise KdfRefused(TOO_MUCH_WORK)
        try:
            salt = _hex(doc["salt"], None, "salt")
        except CryptoError as error:
            raise KdfRefused(str(error)) from None
        if not 16 <= len(salt) <= 64:
            raise KdfRefused("The file's salt has the wrong length.")
        return cls(name, tuple(sorted(costs.items())), salt)


@dataclass(frozen=True)
class PairKey:
    """The derived key and the parameters it came from; keep it in a 0600 file."""

    kdf: KdfParams
    key: bytes

    def check_value(self) -> str:
        """A value in the header that tells a wrong passphrase from a changed file.

        It costs an attacker nothing extra: testing a guess still needs the KDF.
        """
        return hmac.new(self.key, b"trellis pair key check v1", hashlib.sha256).hexdigest()[:32]

    def to_bytes(self) -> bytes:
        doc = {"format": "trellis-pair-key", "version": 1, "kdf": self.kdf.to_json(), "key": self.key.hex()}
        return (json.dumps(doc, indent=1) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> "PairKey":
        try:
            doc = json.loads(data.decode("ascii"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise CryptoError("The pair key file is damaged.") from None
        if not isinstance(doc, dict) or doc.get("format") != "trellis-pair-key" or doc.get("version") != 1:
            raise CryptoError("This is not a Trellis pair key file.")
        return cls(KdfParams.from_json(doc.get("kdf")), _hex(doc.get("key"), KEY_BYTES, "pair key"))

    def save(self, path: Path) -> None:
        write_private(Path(path), self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> "PairKey":
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CryptoError(f"The pair key file cannot be read ({error.strerror or error}).") from None
        return cls.from_bytes(data)


def derive_key(passphrase: str, params: KdfParams) -> PairKey:
    """The pair key from a passphrase (slow on purpose: about 0.2 s)."""
    if not passphrase:
        raise ValueError("a passphrase cannot be empty")
    secret = passphrase.encode("utf-8")
    costs = dict(params.costs)
    if params.name == "argon2id":
        if Argon2id is None:
            raise CryptoError("This file needs a newer `cryptography` (Argon2id) to open.")
        kdf: Any = Argon2id(
            salt=params.salt,
            length=KEY_BYTES,
            iterations=costs["iterations"],
            lanes=costs["lanes"],
            memory_cost=costs["memory_kib"],
        )
    elif params.name == "scrypt":
        kdf = Scrypt(salt=params.salt, length=KEY_BYTES, n=2 ** costs["log_n"], r=costs["r"], p=costs["p"])
    else:
        raise KdfRefused("The file is locked with a method Trellis does not know.")
    return PairKey(params, kdf.derive(secret))


def seal(key: PairKey, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """Encrypt and authenticate; `associated` (the header) is bound but not hidden."""
    return ChaCha20Poly1305(key.key).encrypt(nonce, plaintext, associated)


def unseal(key: PairKey, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
    try:
        return ChaCha20Poly1305(key.key).decrypt(nonce, sealed, associated)
    except InvalidTag:
        raise SealBroken("The file was changed after it was written, so it was not used.") from None


def new_nonce() -> bytes:
    return os.urandom(NONCE_BYTES)
