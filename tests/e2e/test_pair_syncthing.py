"""The pair journey in two real browsers, the file carried by real Syncthing.

The mentee's app server keeps its pair file in folder A, the mentor's in
folder B; two Syncthing instances on 127.0.0.1 keep A and B in step (see
tests/syncthing_pair.py and SYNC-NOTES.md). Through the screens only: the
mentee starts a pair in A and shares a goal; once Syncthing has brought the
file to B, the mentor joins by its path there, sees the goal and comments;
the mentee syncs and sees the comment; the mentee withdraws the goal and the
mentor no longer sees it; both end the pair.

Each hand-over waits for Syncthing by polling (the two files the same, and
the writer's Syncthing reporting the other side complete), never by sleeping.
The steps are those of test_pair.py (tests/e2e/pair_steps.py). Screenshots:
artifacts/screenshots/pair-syncthing-*.png, light and dark, 412x860.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import wait_for_text
from tests.e2e.pair_steps import (
    ENV, GOAL, attach_shots, comment, join_pair, mentee_ends, mentee_sees_comment, mentor_ends,
    mentor_no_longer_sees_goal, mentor_sees_goal, p, seed, share_goal, start_pair, sync, withdraw_goal, words,
)
from tests.syncthing_pair import FOLDER_ID, SyncthingPair, available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.syncthing,
    pytest.mark.skipif(not available(), reason="needs syncthing at /usr/bin/syncthing (.ci/run installs it)"),
]

NAME = "pair.trellis"
CARRY_TIMEOUT = 30.0  # s; a change crosses in ~1 s here (0.25 s after a forced scan)
NOTE = "Proud of you for starting"


def carried(st: SyncthingPair, writer) -> None:
    """Wait until Syncthing has carried ``writer``'s pair file to the other
    side: both files hold the same bytes and the writer's Syncthing reports
    the other device complete (so the next write there is a plain successor,
    not a conflict)."""
    peer = st.peer_of(writer)
    here, there = writer.folder / NAME, peer.folder / NAME
    began = time.monotonic()
    st.scan(writer, NAME)  # now, rather than after the watcher's delay

    def in_step() -> bool:
        try:
            if here.read_bytes() != there.read_bytes():
                return False
            done = writer.rest("GET", "/rest/db/completion", folder=FOLDER_ID, device=peer.device_id)
        except OSError:
            return False
        return done.get("completion") == 100 and done.get("needBytes", 1) == 0

    st.wait(in_step, CARRY_TIMEOUT, f"Syncthing to carry {NAME} from {writer.name} to {peer.name}")
    print(f"Syncthing carried {NAME} from {writer.name} to {peer.name} in {time.monotonic() - began:.2f} s")


def conflict_copies(st: SyncthingPair) -> list[str]:
    return sorted(f.name for node in (st.a, st.b) for f in node.folder.iterdir() if "sync-conflict" in f.name)


def test_a_pair_through_real_syncthing(tmp_path, serve_app, open_app, shot):
    mentee_data, mentor_data = tmp_path / "mentee", tmp_path / "mentor"
    seed(mentee_data, "Sam", "mentee", goals=True)
    seed(mentor_data, "Alex", "mentor", goals=False)
    with SyncthingPair(tmp_path / "sync") as st:
        try:
            in_a, in_b = st.a.folder / NAME, st.b.folder / NAME
            mentee_url = serve_app(mentee_data, extra_env=ENV)
            mentor_url = serve_app(mentor_data, extra_env=ENV)
            mentee = open_app(mentee_url, wait_text=words("nav.pair"))
            mentor = open_app(mentor_url, wait_text=words("nav.pair"))
            for page in (mentee, mentor):  # the shared steps' own pictures are test_pair.py's
                attach_shots(page, shot, rename=lambda name: None)

            def picture(page, name: str, toast: str | None = None) -> None:
                if toast:  # a page left in the background was seen still showing its last toast
                    wait_for_text(page, toast, gone=True)
                page.mouse.move(1, 430)  # no hover highlight where the steps left the pointer
                shot(page, name)

            def in_dark(url: str, step, name: str) -> None:
                dark = open_app(url, theme="dark", wait_text=words("nav.pair"))
                step(dark)
                picture(dark, name)
                dark.context.close()

            # ---- the mentee starts a pair in folder A and shares a goal ----
            start_pair(mentee, in_a)
            share_goal(mentee)
            carried(st, st.a)

            # ---- the mentor joins by the same file's path in folder B and sees the goal ----
            code = join_pair(mentor, in_b)
            carried(st, st.b)
            mentor_sees_goal(mentor)
            in_dark(mentor_url, mentor_sees_goal, "pair-syncthing-mentor-goal-dark")
            picture(mentor, "pair-syncthing-mentor-goal-light", toast=p("started"))

            # ---- the mentor comments; the mentee syncs and sees it ----
            comment(mentor, NOTE)
            sync(mentor)
            carried(st, st.b)
            sync(mentee)
            wait_for_text(mentee, code.split()[0])  # the mentor's key has come in: the code shows
            mentee_sees_comment(mentee, NOTE)
            in_dark(mentee_url, lambda page: mentee_sees_comment(page, NOTE), "pair-syncthing-mentee-comment-dark")
            picture(mentee, "pair-syncthing-mentee-comment-light", toast="Nothing new received")
            carried(st, st.a)  # whatever the mentee's sync wrote is across before the next write

            # ---- the mentee withdraws the goal; the mentor no longer sees it ----
            withdraw_goal(mentee)
            carried(st, st.a)
            mentor_no_longer_sees_goal(mentor)
            assert not mentor.console_errors and not mentee.console_errors

            # ---- both end the pair ----
            mentor_ends(mentor)
            carried(st, st.b)
            mentee_ends(mentee)
            carried(st, st.a)
            assert not conflict_copies(st), "the journey writes one side at a time: no conflict should arise"
            for node in (st.a, st.b):  # nothing of Trellis's own beside the pair file travels
                assert sorted(f.name for f in node.folder.iterdir() if f.name != ".stfolder") == [NAME]
            data = in_a.read_bytes()
            assert GOAL.encode() not in data and NOTE.encode() not in data  # the file is encrypted
        except (AssertionError, TimeoutError):
            print(st.logs())
            for app in serve_app.apps:
                print(app.output()[-3000:])
            raise
