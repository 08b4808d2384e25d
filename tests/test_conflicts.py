import pytest

from app import pairfile as pf
from app.conflicts import conflict_tool, find_conflict_copies, looks_like_pair_file, remove_conflict_copies

from .pairfile_helpers import people

PAIR = "pair7"
ME, _ = people()


def pair_bytes(pair: str = PAIR) -> bytes:
    return pf.encode_pair_file(pair, [pf.sign_section(pair, "anna", "mentee", ME, [])], None)


CLEAR_NAMES = {
    "pair.trellis.sync-conflict-20261130-185507-JTTEY6I.trellis": None,  # wrong place for the ext: not ours
    "pair.sync-conflict-20261130-185507-JTTEY6I.trellis": "syncthing",
    "pair.sync-conflict-20261130-185507-JTTEY6I.sync-conflict-20261201-090000-ABCDEF2.trellis": "syncthing",
    "pair (Anna's conflicted copy 2026-11-30).trellis": "dropbox",
    "pair (conflicted copy 2026-11-30).trellis": "dropbox",
    "pair (Anna's conflicted copy 2026-11-30 (1)).trellis": "dropbox",
    "pair (conflicted copy 2026-11-30 185507).trellis": "nextcloud",
}
# Ordinary-looking names: a copy only when they hold this pair's header.
AMBIGUOUS = {
    "pair-LAPTOP7.trellis": "onedrive",
    "pair 2.trellis": "icloud",
    "pair 3.trellis": "icloud",
    "pair (1).trellis": "google-drive",
}
NOT_COPIES = [
    "pair.trellis",
    ".pair.trellis.1a2b3c.tmp",
    ".syncthing.pair.trellis.tmp",
    "pair.sync-conflict-2026-185507-JTTEY6I.trellis",
    "pair (conflicted copy).trellis",
    "pair.trellis.bak",
    "other.sync-conflict-20261130-185507-JTTEY6I.trellis",
    "pair 2.txt",
    "pair 0.trellis",
]


def test_every_tools_conflict_names_are_found_and_nothing_else(tmp_path):
    main = tmp_path / "pair.trellis"
    main.write_bytes(pair_bytes())
    for name in [*CLEAR_NAMES, *NOT_COPIES[1:]]:
        (tmp_path / name).write_bytes(b"anything")
    for name in AMBIGUOUS:
        (tmp_path / name).write_bytes(pair_bytes())
    found = {c.path.name: c.tool for c in find_conflict_copies(main, PAIR)}
    expected = {name: tool for name, tool in CLEAR_NAMES.items() if tool} | AMBIGUOUS
    assert found == expected


def test_ordinary_names_without_our_header_are_left_alone(tmp_path):
    main = tmp_path / "pair.trellis"
    main.write_bytes(pair_bytes())
    (tmp_path / "pair 2.trellis").write_bytes(b"my holiday notes")
    (tmp_path / "pair (1).trellis").write_bytes(b'{"format":"trellis-pair"')  # cut short: no pair id
    # Another pair's file in the same folder has a OneDrive-like name.
    (tmp_path / "pair-anna.trellis").write_bytes(pair_bytes("pair9"))
    assert find_conflict_copies(main, PAIR) == []


def test_a_large_stranger_is_judged_by_its_first_line_only(tmp_path):
    stranger = tmp_path / "pair 2.trellis"
    stranger.write_bytes(b"x" * 10_000_000)
    assert not looks_like_pair_file(stranger, PAIR)
    assert not looks_like_pair_file(tmp_path / "missing", PAIR)


def test_a_pipe_with_a_copys_name_does_not_hang(tmp_path):
    import os

    main = tmp_path / "pair.trellis"
    os.mkfifo(tmp_path / "pair 2.trellis")
    assert not looks_like_pair_file(tmp_path / "pair 2.trellis", PAIR)
    assert conflict_tool(main, tmp_path / "pair 2.trellis", PAIR) is None
    assert find_conflict_copies(main, PAIR) == []


def test_a_missing_folder_has_no_copies(tmp_path):
    assert find_conflict_copies(tmp_path / "gone" / "pair.trellis", PAIR) == []


def test_a_folder_with_a_copy_name_is_not_a_copy(tmp_path):
    main = tmp_path / "pair.trellis"
    (tmp_path / "pair.sync-conflict-20261130-185507-JTTEY6I.trellis").mkdir()
    assert find_conflict_copies(main, PAIR) == []


def test_removing_copies_touches_only_conflict_copies(tmp_path):
    main = tmp_path / "pair.trellis"
    main.write_bytes(pair_bytes())
    copy = tmp_path / "pair.sync-conflict-20261130-185507-JTTEY6I.trellis"
    copy.write_bytes(pair_bytes())
    keep = tmp_path / "notes.txt"
    keep.write_bytes(b"mine")
    copies = find_conflict_copies(main, PAIR)
    from app.conflicts import ConflictCopy

    wrong = [ConflictCopy(main, "syncthing"), ConflictCopy(keep, "icloud"), ConflictCopy(tmp_path / "x" / copy.name, "x")]
    removed = remove_conflict_copies(main, PAIR, copies + wrong)
    assert removed == [copy]
    assert main.exists() and keep.exists() and not copy.exists()
    # Removing again (another device already tidied up) is fine.
    assert remove_conflict_copies(main, PAIR, copies) == []


@pytest.mark.parametrize("name", ["pair.json", "pair"])
def test_names_with_other_or_no_extensions(tmp_path, name):
    main = tmp_path / name
    stem = name.split(".")[0]
    ext = name[len(stem) :]
    copy = tmp_path / f"{stem}.sync-conflict-20261130-185507-JTTEY6I{ext}"
    assert conflict_tool(main, copy, PAIR) == "syncthing"
    assert conflict_tool(main, tmp_path / f"{stem} (conflicted copy 2026-11-30 101010){ext}", PAIR) == "nextcloud"
