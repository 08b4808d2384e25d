"""What one device keeps about each of its pairs, in the data folder.

    identity-key.json         this person's Ed25519 signing key (0600)
    pairs/<pair id>/state.json   role, path, names, pinned key, sharing choices
    pairs/<pair id>/key.json     the key derived from the passphrase (0600),
                                 never the passphrase itself
    pairs/<pair id>/theirs.json  the last verified copy of the other section
    pairs/<pair id>/items/       a store of the other person's items (per pair,
                                 so a mentor's mentees are never mixed)

The device file (one person's own devices) keeps its state the same way,
with kind "devices" and no items folder.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .paircrypto import CryptoError, IdentityKey, PairKey
from .pairfile import TrustedSection
from .private_files import mkdir_private, write_private

PAIRS_DIR = "pairs"
IDENTITY_FILE = "identity-key.json"
_PAIR_ID = re.compile(r"^[0-9a-z]{1,64}$")


class PairState(BaseModel):
    id: str
    kind: Literal["pair", "devices"] = "pair"
    my_role: Literal["mentee", "mentor"] = "mentee"
    their_name: str = ""
    their_person_id: str | None = None
    their_key: str | None = None  # hex, pinned when first seen
    pending_key: str | None = None  # a new key seen for them, waiting for confirmation
    path: str
    protected: bool = True
    last_synced: str | None = None  # ISO time
    last_report: list[str] = Field(default_factory=list)
    last_error: str | None = None
    levels: dict[str, str] = Field(default_factory=dict)  # my record id -> headline|notes
    steps: dict[str, bool] = Field(default_factory=dict)  # my goal id -> its steps follow it
    consent: dict[str, str] = Field(default_factory=dict)  # my record id -> stamp of its last change of level
    excluded: list[str] = Field(default_factory=list)  # steps taken back although their goal is shared
    sent: list[str] = Field(default_factory=list)  # my ids the pair has been sent
    attached: list[str] = Field(default_factory=list)  # my records written for this pair
    taken_back: list[str] = Field(default_factory=list)  # my ids whose last copy sent was a "withdrawn" marker
    hidden: list[str] = Field(default_factory=list)  # comments hidden on my screens
    ended: bool = False
    theirs_signature: str = ""  # of the kept copy of their section (theirs.json)
    theirs_written: str = ""
    my_signature: str = ""  # of my section as this device last wrote it
    my_digest: str = ""  # sha256 of its records' encodings


def pairs_dir(data: Path) -> Path:
    return Path(data) / PAIRS_DIR


def pair_dir(data: Path, pair_id: str) -> Path:
    if not _PAIR_ID.match(pair_id):
        raise ValueError("not a pair id")
    return pairs_dir(data) / pair_id


def load_identity_key(data: Path) -> IdentityKey:
    """This person's signing key, made on first use."""
    path = Path(data) / IDENTITY_FILE
    if path.exists():
        return IdentityKey.load(path)
    key = IdentityKey.generate()
    save_identity_key(data, key)
    return key


def save_identity_key(data: Path, key: IdentityKey) -> None:
    write_private(Path(data) / IDENTITY_FILE, key.to_bytes())


def list_states(data: Path) -> list[PairState]:
    folder = pairs_dir(data)
    out = []
    if not folder.is_dir():
        return out
    for child in sorted(folder.iterdir()):
        state = load_state(data, child.name) if _PAIR_ID.match(child.name) else None
        if state is not None:
            out.append(state)
    return out


def load_state(data: Path, pair_id: str) -> PairState | None:
    try:
        raw = (pair_dir(data, pair_id) / "state.json").read_bytes()
        return PairState.model_validate_json(raw)
    except (OSError, ValueError):
        return None


def save_state(data: Path, state: PairState) -> None:
    folder = pair_dir(data, state.id)
    mkdir_private(pairs_dir(data))
    mkdir_private(folder)
    write_private(folder / "state.json", state.model_dump_json(indent=1).encode("utf-8"))


def save_key(data: Path, pair_id: str, key: PairKey) -> None:
    write_private(pair_dir(data, pair_id) / "key.json", key.to_bytes())


def load_key(data: Path, pair_id: str) -> PairKey | None:
    path = pair_dir(data, pair_id) / "key.json"
    if not path.exists():
        return None
    try:
        return PairKey.load(path)
    except CryptoError:
        return None


def save_theirs(data: Path, pair_id: str, section: TrustedSection) -> None:
    doc: dict[str, Any] = {
        "pair": section.pair,
        "person": section.person,
        "role": section.role,
        "public": section.public.hex(),
        "written": section.written,
        "signature": section.signature.hex(),
        "canonical": base64.b64encode(section.canonical).decode("ascii"),
    }
    write_private(pair_dir(data, pair_id) / "theirs.json", json.dumps(doc).encode("utf-8"))


def load_theirs(data: Path, pair_id: str) -> TrustedSection | None:
    try:
        doc = json.loads((pair_dir(data, pair_id) / "theirs.json").read_bytes())
        return TrustedSection(
            pair=doc["pair"],
            person=doc["person"],
            role=doc["role"],
            public=bytes.fromhex(doc["public"]),
            written=doc["written"],
            canonical=base64.b64decode(doc["canonical"]),
            signature=bytes.fromhex(doc["signature"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
