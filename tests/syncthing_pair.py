"""Two real Syncthing instances sharing one folder on 127.0.0.1, for tests.

Follows ../shared/SYNC-NOTES.md (checked with Debian's syncthing 1.19):
- `syncthing generate`, then config.xml is edited before the first start:
  GUI/REST on a loopback port with our API key, one loopback listen
  address, no discovery, relays, NAT, usage reports or upgrades;
- STMONITORED=yes, so the pid we hold is the server itself (no monitor);
- only B is given A's address (both dialling at once can hang ~20 s); A is
  started first and B only once A's REST API answers;
- every instance runs in its own process group with PR_SET_PDEATHSIG, so a
  killed test run leaves nothing behind; `stop()` asks politely, then kills
  the group.

Use as a context manager::

    with SyncthingPair(tmp_path) as pair:
        path_a = pair.a.folder / "pair.trellis"
        ...
        pair.scan(pair.a, "pair.trellis")
        pair.wait(lambda: (pair.b.folder / "pair.trellis").exists())
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

SYNCTHING = shutil.which("syncthing") or "/usr/bin/syncthing"
FOLDER_ID = "pair"
_PR_SET_PDEATHSIG = 1


def available() -> bool:
    return os.path.exists(SYNCTHING) and os.access(SYNCTHING, os.X_OK)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setsid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


@dataclass
class Node:
    name: str
    home: Path
    folder: Path
    gui_port: int = field(default_factory=_free_port)
    listen_port: int = field(default_factory=_free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen | None = None
    log: Path | None = None

    def rest(self, method: str, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}{query}",
            method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def answers(self) -> bool:
        try:
            return self.rest("GET", "/rest/system/ping") == {"ping": "pong"}
        except (OSError, urllib.error.URLError, ValueError):
            return False


class SyncthingPair:
    """Two Syncthing instances, A and B, sharing folder "pair"."""

    def __init__(self, root: Path):
        root = Path(root)
        self.a = Node("a", root / "st-a", root / "folder-a")
        self.b = Node("b", root / "st-b", root / "folder-b")

    # ------------------------------------------------------------- lifecycle

    def __enter__(self) -> "SyncthingPair":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 20.0) -> None:
        for node in (self.a, self.b):
            self._generate(node)
        # Only B dials A; A's entry for B stays "dynamic".
        self._configure(self.a, peer=self.b, peer_address="dynamic")
        self._configure(self.b, peer=self.a, peer_address=f"tcp://127.0.0.1:{self.a.listen_port}")
        self._launch(self.a)
        self.wait(self.a.answers, timeout, "Syncthing A to answer")
        self._launch(self.b)
        self.wait(self.b.answers, timeout, "Syncthing B to answer")
        self.wait(self.connected, timeout, "A and B to connect")

    def stop(self) -> None:
        for node in (self.b, self.a):
            process = node.process
            if process is None or process.poll() is not None:
                continue
            try:
                node.rest("POST", "/rest/system/shutdown")
                process.wait(timeout=5)
            except (OSError, urllib.error.URLError, ValueError, subprocess.TimeoutExpired):
                pass
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)

    def _env(self, node: Node) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(node.home),
            "STMONITORED": "yes",
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
        }

    def _generate(self, node: Node) -> None:
        node.folder.mkdir(parents=True, exist_ok=True)
        (node.folder / ".stfolder").mkdir(exist_ok=True)
        done = subprocess.run(
            [SYNCTHING, "generate", f"--home={node.home}", "--no-default-folder", "--skip-port-probing"],
            capture_output=True,
            text=True,
            timeout=30,
            env=self._env(node),
        )
        match = re.search(r"Device ID:\s*([A-Z0-9-]{63})", done.stdout + done.stderr)
        if done.returncode != 0 or not match:
            raise RuntimeError(f"syncthing generate failed: {done.stderr.strip()}")
        node.device_id = match.group(1)

    def _configure(self, node: Node, peer: Node, peer_address: str) -> None:
        path = node.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("enabled", "true")
        gui.set("tls", "false")
        _set(gui, "address", f"127.0.0.1:{node.gui_port}")
        _set(gui, "apikey", node.api_key)
        options = root.find("options")
        assert options is not None
        for old in options.findall("listenAddress"):
            options.remove(old)
        _set(options, "listenAddress", f"tcp://127.0.0.1:{node.listen_port}")
        for name, value in {
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "urSeen": "3",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "startBrowser": "false",
            "reconnectionIntervalS": "1",
        }.items():
            _set(options, name, value)
        device = ET.SubElement(
            root,
            "device",
            {"id": peer.device_id, "name": peer.name, "compression": "metadata", "introducer": "false"},
        )
        ET.SubElement(device, "address").text = peer_address
        folder = ET.SubElement(
            root,
            "folder",
            {
                "id": FOLDER_ID,
                "label": FOLDER_ID,
                "path": str(node.folder),
                "type": "sendreceive",
                "rescanIntervalS": "10",
                "fsWatcherEnabled": "true",
                "fsWatcherDelayS": "1",
            },
        )
        for member in (self.a, self.b):
            ET.SubElement(folder, "device", {"id": member.device_id})
        # Without it a hand-written folder gets 0, which turns conflict copies off.
        ET.SubElement(folder, "maxConflicts").text = "10"
        tree.write(path)

    def _launch(self, node: Node) -> None:
        node.log = node.home / "syncthing.log"
        with open(node.log, "wb") as log:
            node.process = subprocess.Popen(
                [SYNCTHING, "serve", f"--home={node.home}", "--no-browser", "--no-restart", "--no-upgrade",
                 "--logflags=3"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._env(node),
                preexec_fn=_die_with_parent,
            )

    # ------------------------------------------------------------- actions

    def peer_of(self, node: Node) -> Node:
        return self.b if node is self.a else self.a

    def connected(self) -> bool:
        try:
            for node in (self.a, self.b):
                connections = node.rest("GET", "/rest/system/connections")["connections"]
                if not connections.get(self.peer_of(node).device_id, {}).get("connected"):
                    return False
        except (OSError, urllib.error.URLError, ValueError, KeyError):
            return False
        return True

    def scan(self, node: Node, sub: str | None = None) -> None:
        """Make `node` notice a change now (0.25 s) instead of after the watcher's delay."""
        params = {"folder": FOLDER_ID, **({"sub": sub} if sub else {})}
        node.rest("POST", "/rest/db/scan", **params)

    def pause(self) -> None:
        """Stop both sides exchanging anything (each pauses the other)."""
        for node in (self.a, self.b):
            node.rest("POST", "/rest/system/pause", device=self.peer_of(node).device_id)
        self.wait(lambda: not self._any_connected(), 10, "the devices to pause")

    def resume(self) -> None:
        for node in (self.a, self.b):
            node.rest("POST", "/rest/system/resume", device=self.peer_of(node).device_id)

    def _any_connected(self) -> bool:
        try:
            for node in (self.a, self.b):
                connections = node.rest("GET", "/rest/system/connections")["connections"]
                if connections.get(self.peer_of(node).device_id, {}).get("connected"):
                    return True
        except (OSError, urllib.error.URLError, ValueError, KeyError):
            return True
        return False

    def wait(self, condition: Callable[[], object], timeout: float = 10.0, what: str = "the condition") -> None:
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
            time.sleep(0.05)

    def logs(self) -> str:
        return "\n".join(
            f"--- {node.name}\n{node.log.read_text(errors='replace')[-3000:]}" for node in (self.a, self.b) if node.log
        )


def _set(parent: ET.Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = text
