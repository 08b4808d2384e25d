"""Write a file so that a reader only ever sees the old or the new bytes.

Used for the pair-shared file and the key files beside the store. The temp
file is a dot name ending in `.tmp` in the same folder (a rename within one
folder is atomic); it lives for milliseconds, and a sync tool that saw it
would see it renamed away. In a synced folder the caller can choose a prefix
the tool skips altogether (see `pairfile.TEMP_PREFIX`). The file is made 0600 where the
operating system has such modes, so other accounts on the machine cannot
read a key or a pair file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_MODE = 0o600


def temp_name(path: Path, prefix: str = ".") -> Path:
    """A fresh temp file beside `path`: a dot name ending in `.tmp`."""
    return path.with_name(f"{prefix}{path.name}.{secrets.token_hex(6)}.tmp")


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes, mode: int = PRIVATE_MODE, temp_prefix: str = ".") -> None:
    """Replace `path` with `data`: temp file, fsync, rename, fsync of the folder.

    On any error the temp file is removed and the old file is left as it was.
    """
    path = Path(path)
    tmp = temp_name(path, temp_prefix)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, mode)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # the umask may have taken bits away or left some
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_folder(path.parent)
