"""The launcher serves on loopback only, unless --host says otherwise."""

import sys
from pathlib import Path

import pytest


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on `port`, read from the kernel's socket table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc/net/tcp")
def test_web_mode_listens_on_127_0_0_1_only(serve_app, tmp_path):
    url = serve_app(tmp_path / "data")
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    addresses = _listening_addresses(port)
    assert addresses == {"0100007F"}, f"listening on {addresses} (0100007F is 127.0.0.1)"
