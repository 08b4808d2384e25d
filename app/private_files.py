"""Files only this account can read: the data folder 0700, every file in it 0600.

Why not rely on the umask: a typical umask (022) leaves new files readable by
every account on the computer, and the journal holds a person's check-ins.
Modes are set explicitly (creation mode, then chmod, since a umask can only
take bits away) and checked again on every open.

What this protects: other accounts on the same computer, and other apps on
a phone (which cannot read the app's storage anyway). What it does not: a
person using this account or the unlocked device, programs run by this
account, a backup or synced copy of the folder, or an export once it is
moved elsewhere (exports are 0600 where they are written, nothing more).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

DIR_MODE = 0o700
FILE_MODE = 0o600
# Windows has no POSIX modes to speak of: chmod there only sets read-only.
POSIX = os.name == "posix"


def fsync_file(fd: int) -> None:
    if sys.platform == "darwin":  # plain fsync on macOS does not reach the disk
        import fcntl

        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
    elif hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:  # pragma: no cover
        os.fsync(fd)


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened there
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def mkdir_private(path: Path) -> bool:
    """Create the folder (and missing parents) with the leaf private; True if it was created."""
    path = Path(path)
    if path.is_dir():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise
        return False
    if POSIX:
        os.chmod(path, DIR_MODE)
    return True


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """os.open for a file only this account may read; returns the descriptor."""
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    if POSIX:
        try:
            os.fchmod(fd, FILE_MODE)
        except OSError:
            os.close(fd)
            raise
    return fd


def temp_name(path: Path, prefix: str = ".") -> Path:
    """A fresh temp file beside `path`: a dot name ending in `.tmp`, with a
    random part so two writers in a synced folder never share one."""
    return path.with_name(f"{prefix}{path.name}.{secrets.token_hex(6)}.tmp")


def fsync_dir_if_possible(folder: Path) -> None:
    """fsync_dir for folders we do not own (a synced folder on an odd file
    system may refuse it); the rename itself has already happened."""
    with contextlib.suppress(OSError):
        fsync_dir(folder)


@contextlib.contextmanager
def atomic_private(path: Path, temp_prefix: str | None = None) -> Iterator[BinaryIO]:
    """Write `path` all at once: a private temp file beside it, fsynced, then
    renamed over it. On any error the temp file is removed and `path` is
    untouched. In the data folder the temp name is `NAME.tmp` (Trellis's own
    file names); with `temp_prefix` (a synced folder) it is a fresh random
    dot name the sync tool can be told to skip."""
    path = Path(path)
    if temp_prefix is None:
        tmp = path.with_name(path.name + ".tmp")
        fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    else:
        tmp = temp_name(path, temp_prefix)
        fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            fsync_file(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if temp_prefix is None:
        fsync_dir(path.parent)
    else:
        fsync_dir_if_possible(path.parent)


def write_private(path: Path, data: bytes, temp_prefix: str | None = None) -> None:
    """Atomically replace `path` with `data`, readable by this account only."""
    with atomic_private(path, temp_prefix) as handle:
        handle.write(data)


def is_loose(mode: int, want: int) -> bool:
    return POSIX and bool(stat.S_IMODE(mode) & ~want & 0o777)


def _walk(path: Path) -> Iterator[Path]:
    """path, and when it is a real folder (not a link), everything inside it."""
    yield path
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                yield Path(root, name)


def loose_paths(directory: Path, own: Iterable[str] = ("*",)) -> list[Path]:
    """The folder itself and, of the entries matching the glob patterns `own`
    (a matching folder counts with everything in it), those that others could
    read. Only regular files and real folders count; links are never followed."""
    directory = Path(directory)
    found = []
    candidates = [directory]
    for pattern in own:
        for match in sorted(directory.glob(pattern)):
            candidates.extend(_walk(match))
    seen = set()
    for path in candidates:
        if path in seen:
            continue
        seen.add(path)
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and is_loose(st.st_mode, DIR_MODE):
            found.append(path)
        elif stat.S_ISREG(st.st_mode) and is_loose(st.st_mode, FILE_MODE):
            found.append(path)
    return found


def tighten(directory: Path, own: Iterable[str] = ("*",)) -> list[Path]:
    """Make the folder 0700 and what `own` names in it 0700/0600; returns what changed.

    Pass the application's own file names as `own` when the folder may be one
    the person chose (a home folder must not have every file made private)."""
    changed = []
    for path in loose_paths(directory, own):
        with contextlib.suppress(OSError):
            os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
            changed.append(path)
    return changed


_PLAIN_OS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EROFS: "the disk can only be read, not written",
    errno.EACCES: "permission was refused",
    errno.EPERM: "permission was refused",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "that is a folder, not a file",
    errno.EIO: "the disk reported a read or write error",
}


def plain_os_error(exc: OSError) -> str:
    """An OSError in a few plain words (no errno, no traceback)."""
    return _PLAIN_OS.get(exc.errno) or (exc.strerror or str(exc)).lower()
