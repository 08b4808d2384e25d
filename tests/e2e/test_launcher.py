"""The launcher serves on loopback only, unless --host says otherwise, and
only to the page opened with the address it printed (app/webguard.py)."""

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import trellis_cli, wait_for_text


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
    serve_app(tmp_path / "data")
    port = serve_app.apps[0].port
    addresses = _listening_addresses(port)
    assert addresses == {"0100007F"}, f"listening on {addresses} (0100007F is 127.0.0.1)"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_printed_address_opens_the_page_fully_and_keeps_the_key_out_of_sight(serve_app, open_app, browser, tmp_path):
    data = tmp_path / "data"
    title = "Walk the river path"
    trellis_cli(data, "goal", "add", title)
    url = serve_app(data)
    app = serve_app.apps[0]
    assert f"?key={app.key}" in url and len(app.key) >= 40
    assert _status(app.base_url) == 403  # `curl http://127.0.0.1:PORT/`

    page = open_app(url, wait_text="Hello, and welcome to Trellis.")  # Flutter, CanvasKit, fonts, websocket
    assert page.url == app.base_url  # redirected: the key is not left in the address bar
    assert app.key not in page.evaluate("location.href")
    # about:blank (where every Playwright page starts) and the page: the
    # address with the key got no entry of its own in the history.
    assert page.evaluate("history.length") == 2
    cookies = page.context.cookies()
    assert [(c["name"], c["domain"], c["path"], c["httpOnly"], c["sameSite"]) for c in cookies] == [
        (f"trellis-key-{app.port}", "127.0.0.1", "/", True, "Strict")
    ]
    assert page.evaluate("document.cookie") == ""  # HttpOnly: scripts cannot read it
    assert not page.console_errors, page.console_errors

    # Another browser without the key: refused, nothing of the page.
    stranger = browser.new_context()
    try:
        other = stranger.new_page()
        response = other.goto(app.base_url)
        assert response.status == 403
        assert title not in other.content() and "flutter" not in other.content().lower()
    finally:
        stranger.close()

    # The page still works through the guard: skip the welcome, go to Goals.
    page.get_by_role("button", name="Skip for now").dispatch_event("click")
    wait_for_text(page, "Start check-in")
    page.get_by_role("tab", name="Goals").dispatch_event("click")
    wait_for_text(page, title)
