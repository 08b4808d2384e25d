"""The pair-shared file: a plain header and one signed section per person.

Layout (format "trellis-pair", version 1)::

    {"format":"trellis-pair","version":1,"pair":ID,"protection":P,"length":N,"hsum":H}\\n
    BODY (N bytes)

- The header is one line of ASCII JSON, written in exactly one way. `hsum`
  is a checksum of the rest of the line, so a changed header byte is told
  apart from a file cut short; `length` tells a half-written body from a
  whole one. With a passphrase, P names the KDF (parameters and salt), the
  cipher, the nonce and a key check value, and the whole header line is the
  cipher's associated data: changing any byte of the file is detected.
- The body (after opening the seal, if any) is UTF-8 JSON::

      {"sections":[{"person":ID,"key":HEX,"signature":HEX,"length":N,"section":{...}}, ...]}

  A section carries one person's records: format, pair id, person id, role,
  public key, a `written` note and the list of record documents. It is
  encoded canonically (sorted keys, no spaces, UTF-8) and signed with the
  person's Ed25519 key; the signature covers the section's exact N bytes.
  The person, key and signature beside it are hints a reader checks before
  it parses anything: only a section signed by a pinned key is parsed, then
  checked to name the same person and key. A device writes only its own
  section and copies the other sections byte for byte as they were signed.

Reading treats the file as hostile: it is refused above `MAX_FILE_BYTES`
before being read whole; a missing, empty, half-written or unreadable file
is `NoNews`, never an empty body; every other problem is one `PairFileError`
subclass with a one-line message. Sections are checked against the public
keys the caller pinned when the pair was joined; only those that verify are
handed back as trusted.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

from . import paircrypto
from .paircrypto import IdentityKey, KdfParams, PairKey
from .private_files import write_private

FORMAT = "trellis-pair"
FORMAT_VERSION = 1
SECTION_FORMAT = "trellis-pair-section"
MAGIC = b'{"format":"trellis-pair",'
HEADER_MAX = 4096
MAX_SECTIONS = 16
# Ten years of the reference data shared in full, with notes, is about 3.1 MB
# (`python3 -m app.pairfile_bench`). 32 MiB is ten times that: room for long
# notes on everything, while a hostile file still costs at most a second or two.
MAX_FILE_BYTES = 32 * 1024 * 1024
ROLES = ("mentee", "mentor")
# Temp files in the shared folder: Syncthing never syncs `.syncthing.*.tmp`
# (checked with 1.19 in tests/test_syncthing_pair.py); other tools only see a
# dot file that is renamed away within milliseconds.
TEMP_PREFIX = ".syncthing."
_STALE_TEMP = re.compile(r"^\.syncthing\.(.+)\.[0-9a-f]{12}\.tmp$")
_SIGNED_PREFIX = b"trellis-pair section v1\n"
_ID = re.compile(r"^[0-9a-z]{1,64}$")

Role = Literal["mentee", "mentor"]


# --------------------------------------------------------------------------
# Results and errors


class PairFileError(Exception):
    """A pair file that cannot be used. `str(error)` is one plain line."""

    message = "The pair file cannot be used."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)


class TooLarge(PairFileError):
    message = "The pair file is larger than a pair file can be, so it was not read."


class NotPairFile(PairFileError):
    message = "This is not a Trellis pair file."


class OtherPair(PairFileError):
    message = "This pair file belongs to another pair."


class NewerFormat(PairFileError):
    message = "This pair file was written by a newer Trellis; update Trellis to read it."


class Tampered(PairFileError):
    message = "The pair file was changed after it was written, so it was not used."


class NeedPassphrase(PairFileError):
    message = "This pair file is locked with a passphrase; enter the pair passphrase to open it."


class WrongPassphrase(PairFileError):
    message = "The pair passphrase does not open this file."


class NotLocked(PairFileError):
    message = "This pair file is not locked, but your pair uses a passphrase, so it was not used."


class UnsafeLock(PairFileError):
    message = "The pair file asks for more work to unlock than Trellis allows, so it was not opened."


@dataclass(frozen=True)
class NoNews:
    """Nothing to learn from the file right now; not "the other side has nothing"."""

    reason: Literal["missing", "empty", "incomplete", "unreadable"]

    @property
    def message(self) -> str:
        return {
            "missing": "No news yet: the pair file is not there.",
            "empty": "No news yet: the pair file is empty.",
            "incomplete": "No news yet: the pair file is still being written or copied.",
            "unreadable": "No news yet: the pair file cannot be read right now.",
        }[self.reason]


class SectionStatus(enum.Enum):
    TRUSTED = "trusted"
    CHANGED = "changed"  # the signature does not match the pinned key
    KEY_CHANGED = "key_changed"  # validly signed, but by a key other than the pinned one
    UNKNOWN_PERSON = "unknown_person"  # validly signed by a person with no pinned key
    MISPLACED = "misplaced"  # validly signed for another pair
    UNREADABLE = "unreadable"  # not shaped like a section


_SECTION_MESSAGES = {
    SectionStatus.TRUSTED: "This part of the file is as its writer signed it.",
    SectionStatus.CHANGED: "This part of the file was changed by someone else, so it was not used.",
    SectionStatus.KEY_CHANGED: (
        "This part was signed with a new key for this person; ask them to confirm it before it is used."
    ),
    SectionStatus.UNKNOWN_PERSON: "This part was written by someone this pair does not know, so it was not used.",
    SectionStatus.MISPLACED: "This part belongs to another pair, so it was not used.",
    SectionStatus.UNREADABLE: "This part of the file cannot be read, so it was not used.",
}


@dataclass(frozen=True)
class TrustedSection:
    """One person's section as they signed it, verified against their pinned key.

    `canonical` and `signature` are what a writer copies forward unchanged.
    `records` is parsed from `canonical` (once, when first asked for), so
    changing it changes nothing signed.
    """

    pair: str
    person: str
    role: Role
    public: bytes
    written: str
    canonical: bytes
    signature: bytes
    parsed: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    @property
    def records(self) -> list[dict[str, Any]]:
        if self.parsed is None:
            object.__setattr__(self, "parsed", _loads(self.canonical.decode("utf-8"))["records"])
        assert self.parsed is not None
        return self.parsed


@dataclass(frozen=True)
class SectionReport:
    """What was found in one section of the file, trusted or not."""

    index: int
    status: SectionStatus
    person: str | None = None
    role: str | None = None
    public: bytes | None = None  # the key the section names (for KEY_CHANGED / UNKNOWN_PERSON)
    section: TrustedSection | None = None  # only when TRUSTED

    @property
    def message(self) -> str:
        return _SECTION_MESSAGES[self.status]


@dataclass(frozen=True)
class PairHeader:
    pair: str
    version: int
    kdf: KdfParams | None  # None: the body is plain text
    length: int


@dataclass(frozen=True)
class PairFile:
    header: PairHeader
    reports: list[SectionReport] = field(default_factory=list)

    @property
    def trusted(self) -> list[TrustedSection]:
        return [r.section for r in self.reports if r.section is not None]

    @property
    def problems(self) -> list[SectionReport]:
        return [r for r in self.reports if r.status is not SectionStatus.TRUSTED]


# --------------------------------------------------------------------------
# Canonical encoding and signing


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


def canonical(value: Any) -> bytes:
    """The one encoding that is signed: sorted keys, no spaces, UTF-8."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def _check_id(value: str, what: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise ValueError(f"a {what} is 1-64 lower-case letters or digits")


def sign_section(
    pair: str,
    person: str,
    role: Role,
    identity: IdentityKey,
    records: Sequence[Mapping[str, Any]],
    written: str = "",
    *,
    encoded: Sequence[bytes] | None = None,
) -> TrustedSection:
    """My own section: my records, signed with my key.

    `encoded`, when given, is `canonical(record)` of each record, kept by a
    caller that writes mostly the same records again and again (pair sync):
    the section's bytes are then joined from them instead of encoded anew.
    The result is byte for byte what encoding the whole would give."""
    _check_id(pair, "pair id")
    _check_id(person, "person id")
    if role not in ROLES:
        raise ValueError("a role is mentee or mentor")
    for doc in records:
        if not _record_shaped(doc):
            raise ValueError("each record needs a string id and kind")
    body = {
        "format": SECTION_FORMAT,
        "version": FORMAT_VERSION,
        "pair": pair,
        "person": person,
        "role": role,
        "key": identity.public.hex(),
        "written": written,
        "records": [dict(doc) for doc in records],
    }
    try:
        if encoded is not None and len(encoded) == len(records):
            outer = canonical({**body, "records": []})
            hole = b'"records":[]'
            if outer.count(hole) != 1:
                raise ValueError("the section's fields hide its records")
            at = outer.index(hole) + len(hole) - 1
            encoded = outer[:at] + b",".join(encoded) + outer[at:]
        else:
            encoded = canonical(body)
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise ValueError(f"a record cannot be written to the pair file: {error}") from None
    signature = identity.sign(_SIGNED_PREFIX + encoded)
    return TrustedSection(
        pair=pair,
        person=person,
        role=role,
        public=identity.public,
        written=written,
        canonical=encoded,
        signature=signature,
    )


def _record_shaped(doc: object) -> bool:
    if type(doc) is dict:  # the common case, without the slower abstract check
        return isinstance(doc.get("id"), str) and isinstance(doc.get("kind"), str)
    return isinstance(doc, Mapping) and isinstance(doc.get("id"), str) and isinstance(doc.get("kind"), str)


# --------------------------------------------------------------------------
# Writing


def _header_line(fields: dict[str, Any]) -> bytes:
    # Insertion order is kept on purpose: "format" comes first (the magic).
    def dump(value: dict[str, Any]) -> bytes:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")

    with_sum = dict(fields, hsum=hashlib.sha256(dump(fields)).hexdigest()[:16])
    return dump(with_sum) + b"\n"


def envelope_item(section: TrustedSection) -> bytes:
    """One section as it sits in the body, with the hints a reader checks first."""
    head = (
        f'{{"person":"{section.person}","key":"{section.public.hex()}",'
        f'"signature":"{section.signature.hex()}","length":{len(section.canonical)},"section":'
    )
    return head.encode("ascii") + section.canonical + b"}"


def encode_pair_file(pair: str, sections: Sequence[TrustedSection], key: PairKey | None) -> bytes:
    """The file's bytes: every section as signed, sealed when `key` is given."""
    _check_id(pair, "pair id")
    people = [s.person for s in sections]
    if len(set(people)) != len(people):
        raise ValueError("one section per person")
    if len(sections) > MAX_SECTIONS:
        raise ValueError("too many sections")
    parts = []
    for section in sections:
        # Copy only what still verifies and belongs here: never forward a
        # section that was changed while we held it.
        if section.pair != pair or not paircrypto.verify(
            section.public, section.signature, _SIGNED_PREFIX + section.canonical
        ):
            raise ValueError(f"the section of {section.person} does not verify; it cannot be written")
        parts.append(envelope_item(section))
    body = b'{"sections":[' + b",".join(parts) + b"]}"
    header: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "pair": pair}
    if key is None:
        header["protection"] = "none"
        header["length"] = len(body)
        return _header_line(header) + body
    nonce = paircrypto.new_nonce()
    header["protection"] = {
        "kdf": key.kdf.to_json(),
        "cipher": paircrypto.CIPHER,
        "nonce": nonce.hex(),
        "check": key.check_value(),
    }
    header["length"] = len(body) + 16  # the cipher's tag
    line = _header_line(header)
    sealed = paircrypto.seal(key, nonce, body, line)
    assert len(sealed) == header["length"]
    return line + sealed


def write_pair_file(path: Path, pair: str, sections: Sequence[TrustedSection], key: PairKey | None) -> int:
    """Write the file atomically (0600 where possible); returns its size."""
    data = encode_pair_file(pair, sections, key)
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge("There is more to share than a pair file can hold, so nothing was written.")
    write_private(Path(path), data, temp_prefix=TEMP_PREFIX)
    return len(data)


def remove_stale_temp_files(path: Path, older_than_s: float = 600.0) -> list[Path]:
    """Remove our own temp files for `path` left by a writer that was killed.

    Only names this module writes, and only when older than `older_than_s`
    (a write takes milliseconds, so an old one is nobody's work in progress).
    """
    path = Path(path)
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        match = _STALE_TEMP.match(entry.name)
        if match is None or match.group(1) != path.name:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < older_than_s:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(path.parent / entry.name)
    return removed


# --------------------------------------------------------------------------
# Reading


def read_bounded(path: Path, cap: int = MAX_FILE_BYTES) -> bytes | NoNews:
    """The file's bytes, or NoNews; refuses a file over `cap` before reading it whole."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return NoNews("missing")
    except OSError:
        return NoNews("unreadable")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return NoNews("unreadable")
        if info.st_size > cap:
            raise TooLarge()
        chunks = []
        remaining = cap + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError:
        return NoNews("unreadable")
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise TooLarge()  # it grew while we read it
    if not data:
        return NoNews("empty")
    return data


def _split_header(data: bytes) -> tuple[bytes, bytes] | NoNews:
    end = data.find(b"\n", 0, HEADER_MAX)
    if not data.startswith(MAGIC[: len(data)]):
        raise NotPairFile()
    if end < 0:
        # No end of line: a header still being written, or one that was damaged.
        try:
            _, header_end = json.JSONDecoder().raw_decode(data[:HEADER_MAX].decode("latin-1"))
        except (ValueError, RecursionError):
            if len(data) < HEADER_MAX:
                return NoNews("incomplete")
            raise NotPairFile() from None
        if header_end == len(data):
            return NoNews("incomplete")  # cut just before the end of the line
        raise Tampered()
    if not data.startswith(MAGIC):
        raise NotPairFile()
    return data[: end + 1], data[end + 1 :]


def _parse_header(line: bytes, pair: str) -> tuple[PairHeader, dict[str, Any]]:
    try:
        fields = _loads(line.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Tampered() from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise NotPairFile()
    if "hsum" in fields:
        rest = {k: v for k, v in fields.items() if k != "hsum"}
        if _header_line(rest) != line:
            raise Tampered()
    version = fields.get("version")
    if type(version) is int and version > FORMAT_VERSION:
        raise NewerFormat()
    expected = {"format", "version", "pair", "protection", "length", "hsum"}
    length = fields.get("length")
    if version != FORMAT_VERSION or set(fields) != expected or type(length) is not int or length < 0:
        raise Tampered()
    if not isinstance(fields["pair"], str) or not _ID.match(fields["pair"]):
        raise Tampered()
    if fields["pair"] != pair:
        raise OtherPair()
    protection = fields["protection"]
    kdf = None
    if protection != "none":
        if not isinstance(protection, dict) or set(protection) != {"kdf", "cipher", "nonce", "check"}:
            raise Tampered()
        if protection["cipher"] != paircrypto.CIPHER:
            raise NotPairFile("This pair file is locked with a cipher Trellis does not know.")
        try:
            kdf = KdfParams.from_json(protection["kdf"])
        except paircrypto.KdfRefused as error:
            raise UnsafeLock(str(error)) from None
    return PairHeader(pair=fields["pair"], version=version, kdf=kdf, length=length), fields


def decode_pair_file(
    data: bytes,
    pair: str,
    key: PairKey | None,
    pins: Mapping[str, bytes],
    known: Mapping[bytes, str] | None = None,
) -> PairFile | NoNews:
    """Check and open a pair file's bytes.

    `pins` maps each person id of the pair to the public key pinned when the
    pair was joined. `key` is the pair key, or None for a pair without a
    passphrase. Raises a `PairFileError`; returns NoNews for a file cut short.
    """
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge()
    if not data:
        return NoNews("empty")
    split = _split_header(data)
    if isinstance(split, NoNews):
        return split
    line, body = split
    header, fields = _parse_header(line, pair)
    if len(body) < header.length:
        return NoNews("incomplete")
    if len(body) > header.length:
        raise Tampered()
    if header.kdf is None:
        if key is not None:
            raise NotLocked()
        plain = body
    else:
        if key is None or key.kdf != header.kdf:
            raise NeedPassphrase()
        protection = fields["protection"]
        if protection["check"] != key.check_value():
            raise WrongPassphrase()
        try:
            nonce = paircrypto._hex(protection["nonce"], paircrypto.NONCE_BYTES, "nonce")
            plain = paircrypto.unseal(key, nonce, body, line)
        except paircrypto.CryptoError:
            raise Tampered() from None
    return PairFile(header=header, reports=_read_sections(plain, pair, pins, known or {}))


def read_pair_file(
    path: Path,
    pair: str,
    key: PairKey | None,
    pins: Mapping[str, bytes],
    known: Mapping[bytes, str] | None = None,
) -> PairFile | NoNews:
    """`decode_pair_file` on a file, read at most `MAX_FILE_BYTES` + 1 bytes."""
    data = read_bounded(Path(path))
    if isinstance(data, NoNews):
        return data
    return decode_pair_file(data, pair, key, pins, known)


_ENVELOPE_START = b'{"sections":['
_ITEM_HEAD = re.compile(
    rb'\{"person":"([0-9a-z]{1,64})","key":"([0-9a-f]{64})","signature":"([0-9a-f]{128})",'
    rb'"length":(0|[1-9][0-9]{0,9}),"section":'
)


@dataclass(frozen=True)
class _Item:
    person: str
    public: bytes
    signature: bytes
    raw: bytes  # the section's exact bytes, as signed


def _split_sections(body: bytes) -> list[_Item]:
    """Each item's hints and exact section bytes, without parsing any section.

    The envelope is read strictly as the writer writes it. A section is only
    parsed after its signature verifies against a pinned key, so a stranger
    cannot make us parse (and hold in memory) whatever they like.
    """
    if not body.startswith(_ENVELOPE_START):
        raise Tampered()
    pos = len(_ENVELOPE_START)
    if body[pos:] == b"]}":
        return []
    items: list[_Item] = []
    while True:
        match = _ITEM_HEAD.match(body, pos)
        if match is None or len(items) >= MAX_SECTIONS:
            raise Tampered()
        end = match.end() + int(match.group(4))
        if body[end : end + 1] != b"}":
            raise Tampered()
        items.append(
            _Item(
                person=match.group(1).decode("ascii"),
                public=bytes.fromhex(match.group(2).decode("ascii")),
                signature=bytes.fromhex(match.group(3).decode("ascii")),
                raw=body[match.end() : end],
            )
        )
        pos = end + 1
        if body[pos : pos + 1] == b",":
            pos += 1
        elif body[pos:] == b"]}":
            return items
        else:
            raise Tampered()


def _read_sections(
    plain: bytes, pair: str, pins: Mapping[str, bytes], known: Mapping[bytes, str]
) -> list[SectionReport]:
    return [_check_section(index, item, pair, pins, known) for index, item in enumerate(_split_sections(plain))]


_SECTION_KEYS = {"format", "version", "pair", "person", "role", "key", "written", "records"}


def _check_section(
    index: int, item: _Item, pair: str, pins: Mapping[str, bytes], known: Mapping[bytes, str] = {}
) -> SectionReport:
    # The signature covers the exact bytes in the file: no byte of a section
    # can change (not even to an equivalent spelling) without it failing.
    signed = paircrypto.verify(item.public, item.signature, _SIGNED_PREFIX + item.raw)
    pinned = pins.get(item.person)
    report = dict(index=index, person=item.person, public=item.public)
    if not signed:
        return SectionReport(status=SectionStatus.CHANGED, **report)
    if pinned is None:
        return SectionReport(status=SectionStatus.UNKNOWN_PERSON, **report)
    if pinned != item.public:
        return SectionReport(status=SectionStatus.KEY_CHANGED, **report)
    role = known.get(item.signature)
    if role is not None:
        # A section this device wrote and signed itself (`known`: signature ->
        # role): its exact bytes are what we checked when we wrote them, so
        # they are parsed only if someone asks for the records.
        trusted = TrustedSection(
            pair=pair, person=item.person, role=role, public=item.public, written="",
            canonical=item.raw, signature=item.signature,
        )
        return SectionReport(status=SectionStatus.TRUSTED, role=role, section=trusted, **report)
    # Signed by the pinned key: now it is worth reading.
    try:
        section = _loads(item.raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return SectionReport(status=SectionStatus.UNREADABLE, **report)
    if (
        not isinstance(section, dict)
        or set(section) != _SECTION_KEYS
        or section["format"] != SECTION_FORMAT
        or section["version"] != FORMAT_VERSION
        or section["person"] != item.person  # the envelope's hints must be what was signed
        or section["key"] != item.public.hex()
        or section["role"] not in ROLES
        or not isinstance(section["written"], str)
        or not isinstance(section["records"], list)
        or not all(_record_shaped(doc) for doc in section["records"])
    ):
        return SectionReport(status=SectionStatus.UNREADABLE, **report)
    role = section["role"]
    if section["pair"] != pair:
        return SectionReport(status=SectionStatus.MISPLACED, role=role, **report)
    trusted = TrustedSection(
        pair=pair,
        person=item.person,
        role=role,
        public=item.public,
        written=section["written"],
        canonical=item.raw,
        signature=item.signature,
        parsed=section["records"],
    )
    return SectionReport(status=SectionStatus.TRUSTED, role=role, section=trusted, **report)
