"""The privacy lock: an optional PIN, kept on this device only.

The PIN is never stored: only a salted scrypt hash (memory-hard, so guessing
every 4-digit PIN from a copied file takes real time and memory), in
lock.json in the data folder, readable by this user only (0600). It is not a
record, so it never goes into an export or a sync.

Wrong tries are counted in the same file (so closing the app does not reset
them) and each one after the third makes the next try wait longer. Nothing
is ever deleted for wrong tries: the lock guards the screen, not the data.

Forgotten PIN: the hash cannot be turned back into the PIN. Removing
lock.json from the data folder removes the lock; the data stays as it was.

Fingerprint or face (on phones only, views/lock.py) is a second way in,
never the only one: it can be turned on only while a PIN is set, and it goes
with the PIN when the PIN is removed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .private_files import mkdir_private, write_private

LOCK_FILE = "lock.json"
PIN_MIN, PIN_MAX = 4, 12
# scrypt cost: 2**15 * 8 * 128 bytes = 32 MB of memory per try.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
# Read parameters are capped, so a doctored file cannot make a try take minutes.
MAX_N = 2**17
FREE_TRIES = 3
MAX_WAIT = 300.0  # seconds
IDLE_CHOICES = (1, 5, 15, 60)  # minutes; 0 means never after idle time
DEFAULT_IDLE = 5


class LockError(Exception):
    """A plain-words reason why the PIN or the lock settings were not changed."""


class TooSoon(LockError):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"Please wait {int(seconds + 0.999)} seconds before trying again.")


def wait_after(failures: int) -> float:
    """Seconds to wait after this many wrong tries in a row: 0, 0, 0, 5, 10, 20… up to 5 minutes."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT, 5.0 * 2 ** (failures - FREE_TRIES))


def check_pin_shape(pin: str) -> str:
    pin = (pin or "").strip()
    if not pin.isdigit() or not (PIN_MIN <= len(pin) <= PIN_MAX) or not pin.isascii():
        raise LockError(f"A PIN is {PIN_MIN} to {PIN_MAX} digits, numbers only.")
    return pin


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


@dataclass
class LockState:
    pin_set: bool
    idle_minutes: int
    lock_on_background: bool
    failures: int
    next_try: float
    biometrics: bool = False  # fingerprint or face may open the cover too (the PIN always can)


class PinLock:
    def __init__(self, directory: str | os.PathLike, clock: Callable[[], float] = time.time):
        self.path = Path(directory) / LOCK_FILE
        self.clock = clock

    # ---- the file ------------------------------------------------------
    def _read(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise LockError(f"The lock file cannot be read ({exc.strerror}).") from None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            raise LockError(
                f"The lock file is damaged. Your data is safe; remove {self.path} to take the lock off."
            ) from None
        return data

    def _write(self, data: dict) -> None:
        mkdir_private(self.path.parent)
        write_private(self.path, json.dumps(data, indent=1).encode())

    # ---- reading -------------------------------------------------------
    def state(self) -> LockState:
        data = self._read()
        idle = data.get("idle_minutes", DEFAULT_IDLE)
        return LockState(
            pin_set=bool(data.get("hash")),
            idle_minutes=idle if idle in (0, *IDLE_CHOICES) else DEFAULT_IDLE,
            lock_on_background=bool(data.get("lock_on_background", True)),
            failures=int(data.get("failures", 0) or 0),
            next_try=float(data.get("next_try", 0) or 0),
            biometrics=bool(data.get("hash")) and data.get("biometrics") is True,
        )

    def wait_seconds(self) -> float:
        return max(0.0, self.state().next_try - self.clock())

    # ---- the PIN -------------------------------------------------------
    def set_pin(self, pin: str, current: str | None = None) -> None:
        """Set a new PIN; changing one asks for the current PIN first."""
        pin = check_pin_shape(pin)
        data = self._read()
        if data.get("hash") and not self.check(current or ""):
            raise LockError("The current PIN is not right, so the PIN was not changed.")
        data = self._read()  # check() may have counted a try
        salt = secrets.token_bytes(16)
        data.update(
            kdf="scrypt", n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
            salt=base64.b64encode(salt).decode(),
            hash=base64.b64encode(_hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).decode(),
            failures=0, next_try=0,
        )
        self._write(data)

    def remove_pin(self, current: str) -> None:
        if not self.check(current):
            raise LockError("The PIN is not right, so the lock stays on.")
        self.path.unlink(missing_ok=True)

    def check(self, pin: str) -> bool:
        """True when pin is the PIN (or no PIN is set). Raises TooSoon while a wait is on."""
        data = self._read()
        if not data.get("hash"):
            return True
        wait = float(data.get("next_try", 0) or 0) - self.clock()
        if wait > 0:
            raise TooSoon(wait)
        try:
            n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
            if not (2 <= n <= MAX_N and 1 <= r <= 16 and 1 <= p <= 4) or data.get("kdf") != "scrypt":
                raise ValueError
            salt, want = base64.b64decode(data["salt"]), base64.b64decode(data["hash"])
        except (KeyError, ValueError, TypeError):
            raise LockError(
                f"The lock file is damaged. Your data is safe; remove {self.path} to take the lock off."
            ) from None
        pin = (pin or "").strip()
        right = bool(pin) and hmac.compare_digest(_hash(pin, salt, n, r, p), want)
        failures = 0 if right else int(data.get("failures", 0) or 0) + 1
        if right and not data.get("failures"):
            return True
        data.update(failures=failures, next_try=self.clock() + wait_after(failures) if failures else 0)
        self._write(data)
        return right

    def set_biometrics(self, on: bool) -> None:
        """Let fingerprint or face open the cover as well as the PIN."""
        data = self._read()
        if on and not data.get("hash"):
            raise LockError("Set a PIN first: fingerprint or face unlock works beside a PIN, never instead of one.")
        data["biometrics"] = bool(on)
        self._write(data)

    # ---- when to lock --------------------------------------------------
    def set_timing(self, idle_minutes: int | None = None, lock_on_background: bool | None = None) -> None:
        data = self._read()
        if idle_minutes is not None:
            if idle_minutes not in (0, *IDLE_CHOICES):
                raise LockError("Choose one of the offered times.")
            data["idle_minutes"] = idle_minutes
        if lock_on_background is not None:
            data["lock_on_background"] = bool(lock_on_background)
        self._write(data)
