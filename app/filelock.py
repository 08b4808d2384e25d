"""One process at a time per data directory.

The lock is an OS advisory lock on a file, so it is released by the kernel when
the process dies, even by SIGKILL: a crash never leaves the store locked.
"""

from __future__ import annotations

import os
from pathlib import Path

try:  # POSIX: Linux, macOS, Android, iOS
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt


class StoreLockedError(Exception):
    pass


class DirectoryLock:
    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise StoreLockedError(
                f"Trellis is already open on this data ({self.path.parent}). "
                "Close the other window or command, then try again."
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None
