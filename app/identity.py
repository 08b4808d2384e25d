"""Who writes on this device: the person's id and the device's id, kept in device.json.

The person id owns records: it is set once and never changed by a merge, so
a copy of a record that names another owner is refused. The device id goes
into clock stamps, so two devices of one person never issue the same stamp.

Stores from before schema 2 had only a device id, used as the owner. Their
person id becomes that device id, so every record they hold keeps its owner
and the copies other devices already have agree with it.

A damaged device.json is never replaced silently: a copy is set aside and
the person is told that this device now writes under a new id.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from .journal import SET_ASIDE_DIR, fsync_dir, fsync_file
from .private_files import write_private

FILE_NAME = "device.json"
_ID = re.compile(r"^[0-9a-z]{1,32}$")


@dataclass
class Identity:
    device: str
    person: str
    notices: list[str] = field(default_factory=list)


def _valid(value: object) -> bool:
    return isinstance(value, str) and _ID.match(value) is not None


def _read(path: Path) -> dict | None:
    """The ids in the file, {} when there is no file, None when it is damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not _valid(data.get("device_id")):
        return None
    if "person_id" in data and not _valid(data["person_id"]):
        return None
    return data


def _write(path: Path, data: dict) -> None:
    write_private(path, json.dumps(data).encode("utf-8"))


def _set_aside(path: Path) -> Path:
    folder = path.parent / SET_ASIDE_DIR
    folder.mkdir(exist_ok=True)
    target = folder / f"device-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(path.read_bytes())
        handle.flush()
        fsync_file(handle.fileno())
    fsync_dir(folder)
    return target


def load_identity(directory: Path, *, read_only: bool = False) -> Identity:
    """The ids of this device, creating (or completing) device.json when needed.

    read_only: look only; a missing or damaged file gives the id "unknown"."""
    path = directory / FILE_NAME
    data = _read(path)
    if data:
        device = data["device_id"]
        person = data.get("person_id")
        if person is None:  # a store from before schema 2: the owner so far was the device
            person = device
            if not read_only:
                _write(path, {"device_id": device, "person_id": person})
        return Identity(device, person)
    if read_only:
        return Identity("unknown", "unknown")
    notices = []
    if data is None:
        try:
            kept = _set_aside(path)
        except OSError as exc:
            kept = f"(it could not be copied: {exc.strerror or exc})"
        notices.append(
            f"This device's id file could not be read, so Trellis gave this device a new id. "
            f"The damaged file is kept at {kept}."
        )
    identity = Identity(secrets.token_hex(8), secrets.token_hex(8), notices)
    _write(path, {"device_id": identity.device, "person_id": identity.person})
    return identity


def set_person(directory: Path, person: str) -> None:
    """Adopt another person id on this device (joining one's own device file)."""
    if not _valid(person):
        raise ValueError("a person id is 1-32 lower-case letters or digits")
    data = _read(directory / FILE_NAME) or {}
    device = data.get("device_id") or secrets.token_hex(8)
    _write(directory / FILE_NAME, {"device_id": device, "person_id": person})
