"""The pair file through a real sync tool: two Syncthing instances on 127.0.0.1.

Checks what only a real tool can show: a file written atomically by one side
arrives whole and opens on the other; when both sides change it while they
cannot see each other, Syncthing keeps both versions, our finder discovers
the conflict copy by its real name, both copies open, and removing the copy
on one side removes it on the other; our temp file name is never synced.
"""

import os
import time

import pytest

from app import pairfile as pf
from app.conflicts import find_conflict_copies, remove_conflict_copies

from .pairfile_helpers import fast_key, goal, people
from .syncthing_pair import SyncthingPair, available

pytestmark = [
    pytest.mark.syncthing,
    pytest.mark.skipif(not available(), reason="needs Debian's syncthing at /usr/bin/syncthing (.ci/run installs it)"),
]

PAIR = "pairst1"
NAME = "pair.trellis"


def test_a_pair_file_travels_and_a_real_conflict_copy_is_found(tmp_path):
    mentee, mentor = people()
    pins = {"anna": mentee.public, "ben": mentor.public}
    key = fast_key()  # both sides derived it from the pair passphrase

    def titles(result):
        return {s.person: [r["title"] for r in s.records] for s in result.trusted}

    with SyncthingPair(tmp_path) as sync:
        try:
            a_file, b_file = sync.a.folder / NAME, sync.b.folder / NAME

            # A temp file as a killed writer would leave it: Syncthing must skip it.
            leftover = f"{pf.TEMP_PREFIX}{NAME}.0123456789ab.tmp"
            (sync.a.folder / leftover).write_bytes(b"half a pair file")

            # 1. A writes; B receives the whole file and opens it.
            first = pf.sign_section(PAIR, "anna", "mentee", mentee, [goal(1, "Walk each morning")])
            pf.write_pair_file(a_file, PAIR, [first], key)
            sync.scan(sync.a, NAME)
            sync.wait(lambda: b_file.exists(), 10, "the file to reach B")
            received = pf.read_pair_file(b_file, PAIR, key, pins)
            assert isinstance(received, pf.PairFile), received
            assert titles(received) == {"anna": ["Walk each morning"]}

            # 2. B adds the mentor's section, copying A's byte for byte; A gets it.
            theirs = pf.sign_section(PAIR, "ben", "mentor", mentor, [goal(2, "Ask about the walk")])
            pf.write_pair_file(b_file, PAIR, [received.trusted[0], theirs], key)
            sync.scan(sync.b, NAME)
            sync.wait(lambda: a_file.read_bytes() == b_file.read_bytes(), 10, "B's file to reach A")
            assert titles(pf.read_pair_file(a_file, PAIR, key, pins)) == {
                "anna": ["Walk each morning"],
                "ben": ["Ask about the walk"],
            }

            # 3. Both change the file while they cannot see each other.
            sync.pause()
            now = time.time()
            mine = pf.sign_section(PAIR, "anna", "mentee", mentee, [goal(1, "Walk each evening")])
            pf.write_pair_file(a_file, PAIR, [mine, theirs], key)
            os.utime(a_file, (now - 5, now - 5))  # B's change is the newer one
            reply = pf.sign_section(PAIR, "ben", "mentor", mentor, [goal(2, "Lovely walk")])
            pf.write_pair_file(b_file, PAIR, [received.trusted[0], reply], key)
            sync.scan(sync.a, NAME)
            sync.scan(sync.b, NAME)
            sync.resume()

            def settled():
                return (
                    len(find_conflict_copies(a_file, PAIR)) == 1
                    and len(find_conflict_copies(b_file, PAIR)) == 1
                    and a_file.read_bytes() == b_file.read_bytes()
                )

            sync.wait(settled, 15, "a conflict copy on both sides")
            (copy,) = find_conflict_copies(a_file, PAIR)
            assert copy.tool == "syncthing" and ".sync-conflict-" in copy.path.name
            versions = [titles(pf.read_pair_file(path, PAIR, key, pins)) for path in (a_file, copy.path)]
            # Both versions survive, whatever the copy's name says about who won.
            assert {"anna": ["Walk each morning"], "ben": ["Lovely walk"]} in versions
            assert {"anna": ["Walk each evening"], "ben": ["Ask about the walk"]} in versions

            # 4. Once merged, the copy is removed on one side and goes on the other.
            assert remove_conflict_copies(a_file, PAIR, [copy]) == [copy.path]
            sync.scan(sync.a)
            sync.wait(lambda: not find_conflict_copies(b_file, PAIR), 10, "the copy to go on B")
            assert not [p.name for p in sync.b.folder.iterdir() if p.name.endswith(".tmp")]
            assert (sync.a.folder / leftover).exists()  # it was there for every scan, and stayed on A
        except (AssertionError, TimeoutError):
            print(sync.logs())
            raise
