"""Find the conflict copies sync tools leave beside the pair file.

When two devices change the file before they see each other's change, a
sync tool keeps both: one under the file's name, the other under a "conflict
copy" name beside it. Every copy holds someone's signed sections, so sync
reads them all, merges, writes the file back and only then removes the
copies it merged.

The name of a copy never says whose content it holds (Syncthing names the
*winning* device, and the time is when the conflict was resolved), so this
module only finds copies; the caller reads their signed content.

Names for a pair file NAME.EXT:
- Syncthing  NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT
- Dropbox    NAME (USER's conflicted copy YYYY-MM-DD).EXT, older clients
             without the user name
- Nextcloud  NAME (conflicted copy YYYY-MM-DD HHMMSS).EXT
- OneDrive   NAME-COMPUTERNAME.EXT
- iCloud     NAME 2.EXT (3, 4, ...)
- Drive      NAME (1).EXT (2, 3, ...)
The last three are ordinary names too, so a file with such a name counts
only when its first line is a Trellis pair file header for the same pair
(another pair's file may well be called NAME-ANNA.EXT in the same folder).
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .pairfile import HEADER_MAX, MAGIC
from .private_files import fsync_dir_if_possible


@dataclass(frozen=True)
class ConflictCopy:
    path: Path
    tool: str  # which tool's naming it matches; never who wrote it


def _patterns(name: str) -> list[tuple[str, re.Pattern[str], bool]]:
    """(tool, pattern, needs a header check) for a pair file called `name`."""
    path = Path(name)
    stem, ext = re.escape(path.stem), re.escape(path.suffix)
    return [
        ("syncthing", re.compile(rf"^{stem}(?:\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}})+{ext}$"), False),
        (
            "dropbox",
            re.compile(rf"^{stem} \((?:[^()/\\]+'s )?conflicted copy \d{{4}}-\d{{2}}-\d{{2}}(?: \(\d+\))?\){ext}$"),
            False,
        ),
        ("nextcloud", re.compile(rf"^{stem} \(conflicted copy \d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\){ext}$"), False),
        ("onedrive", re.compile(rf"^{stem}-[A-Za-z0-9][A-Za-z0-9-]{{0,62}}{ext}$"), True),
        ("icloud", re.compile(rf"^{stem} [2-9]\d{{0,3}}{ext}$"), True),
        ("google-drive", re.compile(rf"^{stem} \([1-9]\d{{0,3}}\){ext}$"), True),
    ]


def looks_like_pair_file(path: Path, pair: str) -> bool:
    """True when the file starts with a pair file header naming `pair`.

    Reads at most the header's length, so a large stranger costs nothing.
    """
    try:
        # Non-blocking and regular files only: a pipe with a copy's name must
        # not hang the sync.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, HEADER_MAX)
    except OSError:
        return False
    finally:
        os.close(fd)
    if not head.startswith(MAGIC):
        return False
    line = head.split(b"\n", 1)[0]
    try:
        fields = json.loads(line.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(fields, dict) and fields.get("pair") == pair


def conflict_tool(pair_file: Path, candidate: Path, pair: str) -> str | None:
    """The tool whose conflict name `candidate` has for `pair_file`, else None."""
    if candidate.parent != pair_file.parent or candidate.name == pair_file.name:
        return None
    for tool, pattern, needs_check in _patterns(pair_file.name):
        if pattern.match(candidate.name):
            if needs_check and not looks_like_pair_file(candidate, pair):
                return None
            return tool
    return None


def find_conflict_copies(pair_file: Path, pair: str) -> list[ConflictCopy]:
    """Every conflict copy of `pair_file` (of pair `pair`) in its folder, by name."""
    pair_file = Path(pair_file)
    try:
        entries = list(os.scandir(pair_file.parent))
    except OSError:
        return []
    copies = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue  # temp files (ours and the tools') start with a dot
        candidate = pair_file.parent / entry.name
        tool = conflict_tool(pair_file, candidate, pair)
        if tool is not None:
            copies.append(ConflictCopy(candidate, tool))
    return sorted(copies, key=lambda c: c.path.name)


def remove_conflict_copies(pair_file: Path, pair: str, copies: list[ConflictCopy]) -> list[Path]:
    """Remove copies that were merged; returns those removed.

    Only names that are still conflict copies of `pair_file` are touched, so
    a wrong list can never delete the pair file or a stranger.
    """
    pair_file = Path(pair_file)
    removed = []
    for copy in copies:
        path = Path(copy.path)
        if conflict_tool(pair_file, path, pair) is None:
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    if removed:
        fsync_dir_if_possible(pair_file.parent)
    return removed
