"""The web mode admits only its own page (issue 8).

First the guard alone, as a pure ASGI app around a fake inner app (fast, no
server); then the real launcher, `python -m app --web`, attacked over plain
sockets: a websocket with a foreign Origin, one without the key, one with a
forged Host. None of them may receive a byte of the page: the bytes are
searched for a goal title that an admitted client does receive.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import msgpack
import pytest

import app.webguard as webguard
from app.webguard import WebGuard, cookie_name, entry_url, is_loopback, new_key

REPO = Path(__file__).resolve().parents[1]
KEY = "k3y-for_tests-0123456789abcdefghijklmno"
PORT = 8550
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
SECRET = b"the page, with the goal Walk the river path"


# --------------------------------------------------------------------------- the guard alone


class Inner:
    """A stand-in for Flet's app: records what reached it and answers with SECRET."""

    def __init__(self):
        self.scopes = []

    async def __call__(self, scope, receive, send):
        self.scopes.append(scope)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": SECRET})
        elif scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "bytes": SECRET})
        elif scope["type"] == "lifespan":
            await send({"type": "lifespan.startup.complete"})


def call(guard, scope):
    sent = []

    async def receive():
        return {"type": "websocket.connect"} if scope["type"] == "websocket" else {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    return sent


def scope(kind="http", path="/", query=b"", host=HOST, cookie=None, origin=None, headers=()):
    hdrs = []
    if host is not None:
        hdrs.append((b"host", host.encode()))
    if cookie is not None:
        hdrs.append((b"cookie", cookie.encode()))
    if origin is not None:
        hdrs.append((b"origin", origin.encode()))
    hdrs.extend(headers)
    return {"type": kind, "path": path, "raw_path": path.encode(), "query_string": query, "headers": hdrs}


def right_cookie(port=PORT, key=KEY):
    return f"{cookie_name(port)}={key}"


def guard(host=None, port=PORT):
    inner = Inner()
    return WebGuard(inner, key=KEY, port=port, host=host), inner


def status(sent):
    return sent[0].get("status") if sent and sent[0]["type"] == "http.response.start" else None


def body(sent):
    return b"".join(m.get("body", b"") or m.get("bytes", b"") or b"" for m in sent)


def header(sent, name):
    return dict(sent[0]["headers"]).get(name.encode())


def refused(sent, inner):
    return status(sent) == 403 and SECRET not in body(sent) and not inner.scopes


def test_a_request_without_the_key_gets_403_and_nothing_of_the_page():
    g, inner = guard()
    sent = call(g, scope())
    assert refused(sent, inner)
    assert b"key" in body(sent)  # says what is missing, in plain words


def test_the_printed_address_sets_a_host_only_strict_cookie_and_drops_the_key():
    g, inner = guard()
    sent = call(g, scope(query=f"key={KEY}".encode()))
    assert status(sent) == 303 and not inner.scopes
    assert header(sent, "location") == b"/"
    cookie = header(sent, "set-cookie").decode()
    parts = [p.strip() for p in cookie.split(";")]
    assert parts[0] == f"{cookie_name(PORT)}={KEY}"
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= set(parts[1:])
    assert not any(p.lower().startswith(("domain", "max-age", "expires")) for p in parts)
    assert header(sent, "cache-control") == b"no-store"


def test_the_redirect_keeps_the_path_and_other_parameters():
    g, _ = guard()
    sent = call(g, scope(path="/goals", query=f"a=1&key={KEY}&b=2".encode()))
    assert header(sent, "location") == b"/goals?a=1&b=2"


def test_the_redirect_never_leaves_this_host():
    g, _ = guard()
    sent = call(g, scope(path="//evil.example/x", query=f"key={KEY}".encode()))
    assert header(sent, "location") == b"/evil.example/x"


@pytest.mark.parametrize("query", [b"key=wrong", b"key=", f"key={KEY}&key=wrong".encode(), f"key={KEY}x".encode()])
def test_a_wrong_key_in_the_address_gets_403(query):
    g, inner = guard()
    sent = call(g, scope(query=query))
    assert refused(sent, inner)
    assert header(sent, "set-cookie") is None


def test_with_the_cookie_the_page_is_served():
    g, inner = guard()
    sent = call(g, scope(path="/main.dart.js", cookie=f"other=1; {right_cookie()}; more=2"))
    assert status(sent) == 200 and body(sent) == SECRET
    assert inner.scopes[0]["path"] == "/main.dart.js"


@pytest.mark.parametrize(
    "cookie",
    [f"{cookie_name(PORT)}=wrong", f"{cookie_name(PORT)}=", right_cookie(port=PORT + 1), f"trellis-key={KEY}", KEY],
)
def test_a_wrong_or_foreign_cookie_gets_403(cookie):
    g, inner = guard()
    assert refused(call(g, scope(cookie=cookie)), inner)


@pytest.mark.parametrize(
    "host",
    [
        f"evil.example:{PORT}",  # DNS rebinding: a name that resolves to 127.0.0.1
        "127.0.0.1",  # no port (only right for port 80)
        f"127.0.0.1:{PORT + 1}",
        f"127.0.0.1:{PORT}x",
        f"192.168.1.5:{PORT}",  # an address not given to --host
        "",
        None,
    ],
)
def test_a_foreign_host_gets_403_even_with_the_key(host):
    g, inner = guard()
    assert refused(call(g, scope(host=host, cookie=right_cookie())), inner)
    assert refused(call(g, scope(host=host, query=f"key={KEY}".encode())), inner)


def test_two_host_headers_get_403():
    g, inner = guard()
    sent = call(g, scope(cookie=right_cookie(), headers=[(b"host", f"evil.example:{PORT}".encode())]))
    assert refused(sent, inner)


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"])
def test_loopback_hosts_are_served(host):
    g, inner = guard()
    assert status(call(g, scope(host=host, cookie=right_cookie()))) == 200


def test_the_given_host_is_served_and_only_it():
    g, inner = guard(host="192.168.1.5")
    assert status(call(g, scope(host=f"192.168.1.5:{PORT}", cookie=right_cookie()))) == 200
    assert status(call(g, scope(host=f"192.168.1.6:{PORT}", cookie=right_cookie()))) == 403
    g6, _ = guard(host="::1")
    assert status(call(g6, scope(host=f"[::1]:{PORT}", cookie=right_cookie()))) == 200


def test_a_wildcard_host_admits_addresses_but_not_names():
    g, _ = guard(host="0.0.0.0")
    assert status(call(g, scope(host=f"192.168.1.5:{PORT}", cookie=right_cookie()))) == 200
    assert status(call(g, scope(host=f"evil.example:{PORT}", cookie=right_cookie()))) == 403
    assert status(call(g, scope(host=f"192.168.1.5:{PORT}"))) == 403  # still needs the key


def test_port_80_may_leave_the_port_out():
    g, _ = guard(port=80)
    assert status(call(g, scope(host="127.0.0.1", cookie=right_cookie(port=80)))) == 200


def test_an_http_request_from_a_foreign_origin_gets_403_even_with_the_cookie():
    g, inner = guard()
    assert refused(call(g, scope(cookie=right_cookie(), origin="https://evil.example")), inner)
    assert refused(call(g, scope(cookie=right_cookie(), origin="null")), inner)
    assert status(call(g, scope(cookie=right_cookie(), origin=ORIGIN))) == 200


def ws_refused(sent, inner):
    return [m["type"] for m in sent] == ["websocket.close"] and not inner.scopes


def test_the_websocket_is_opened_only_with_cookie_and_own_origin():
    g, inner = guard()
    sent = call(g, scope("websocket", "/ws", cookie=right_cookie(), origin=ORIGIN))
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.send"]
    assert inner.scopes[0]["path"] == "/ws"


@pytest.mark.parametrize(
    "case",
    [
        dict(origin="https://evil.example"),
        dict(origin=f"http://localhost:{PORT}"),  # another origin than the Host asked for
        dict(origin=f"https://{HOST}"),
        dict(origin=None),
        dict(cookie=None),
        dict(cookie=f"{cookie_name(PORT)}=wrong"),
        dict(host=f"evil.example:{PORT}", origin=f"http://evil.example:{PORT}"),
    ],
)
def test_the_websocket_is_closed_before_accepting_otherwise(case):
    g, inner = guard()
    args = {"cookie": right_cookie(), "origin": ORIGIN, **case}
    sent = call(g, scope("websocket", "/ws", **args))
    assert ws_refused(sent, inner)


def test_the_key_in_the_address_does_not_open_the_websocket():
    g, inner = guard()
    assert ws_refused(call(g, scope("websocket", "/ws", query=f"key={KEY}".encode(), origin=ORIGIN)), inner)


def test_lifespan_events_pass_through():
    g, inner = guard()
    sent = call(g, {"type": "lifespan"})
    assert sent == [{"type": "lifespan.startup.complete"}] and inner.scopes


def test_keys_are_compared_in_constant_time(monkeypatch):
    seen = []
    real = webguard.secrets.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webguard.secrets, "compare_digest", spy)
    g, _ = guard()
    call(g, scope(cookie=f"{cookie_name(PORT)}=guess"))
    call(g, scope(query=b"key=guess"))
    assert seen == [(b"guess", KEY.encode())] * 2


def test_a_guard_without_a_key_cannot_be_made():
    with pytest.raises(ValueError):
        WebGuard(Inner(), key="", port=PORT)


def test_each_start_makes_a_new_long_key():
    keys = {new_key() for _ in range(50)}
    assert len(keys) == 50 and min(len(k) for k in keys) >= 40


@pytest.mark.parametrize(
    "host, loopback",
    [(None, True), ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("mybox.local", False)],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_entry_url():
    assert entry_url("127.0.0.1", 8550, "abc") == "http://127.0.0.1:8550/?key=abc"
    assert entry_url("::1", 8550, "abc") == "http://[::1]:8550/?key=abc"
    assert entry_url("0.0.0.0", 8550, "abc") == "http://127.0.0.1:8550/?key=abc"


# --------------------------------------------------------------------------- the real launcher

TITLE = "Walk the river path"
STEP = "Buy good shoes"


def run_cli(data, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "app", *args, "--data-dir", str(data)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


class Served:
    def __init__(self, proc, log, url):
        self.proc, self.log, self.url = proc, log, url
        match = re.match(r"http://([^/]+)/\?key=(\S+)$", url)
        self.host, self.key = match.group(1), match.group(2)
        self.port = int(self.host.rsplit(":", 1)[1])

    def output(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_app(data, log, *extra):
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "--web", "--data-dir", str(data), *extra],
            cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        match = re.search(r"Trellis is running at (http://\S+)", log.read_text(errors="replace"))
        if match:
            return Served(proc, log, match.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    pytest.fail(f"the app did not print its address:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    goal = run_cli(data, "goal", "add", TITLE)
    run_cli(data, "milestone", "add", goal, STEP)
    from app.services import Trellis

    with Trellis.open(data) as trellis:  # past the welcome: Today shows the next step and its goal
        trellis.people.save_profile("Robin", "mentee")
    app = start_app(data, root / "app.log")
    yield app
    app.stop()


def http(port, request: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return read_all(s, 10)


def read_all(s, seconds, until: tuple[bytes, ...] = ()) -> bytes:
    """Bytes received within `seconds`, or until all of `until` have come."""
    data, end = b"", time.monotonic() + seconds
    while time.monotonic() < end and not (until and all(u in data for u in until)):
        s.settimeout(max(0.05, end - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


def read_some(s, deadline) -> bytes:
    s.settimeout(max(0.05, deadline - time.monotonic()))
    try:
        return s.recv(65536)
    except (socket.timeout, ConnectionResetError):
        return b""


def get(app, path="/", host=None, cookie=None):
    lines = [f"GET {path} HTTP/1.1", f"Host: {host or app.host}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return http(app.port, "\r\n".join(lines) + "\r\n\r\n")


def ws_frame(payload: bytes) -> bytes:
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x82]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + n.to_bytes(2, "big"))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


REGISTER = b"\x00" + msgpack.packb(
    [1, {"session_id": "", "page_name": "", "page": {"route": "/", "width": 412, "height": 860, "web": True}}]
)


def websocket(app, host=None, origin="own", cookie="own", listen=8.0, until=()) -> bytes:
    """Open /ws as a raw client, say hello as Flet's page does, and return every
    byte that came back within `listen` seconds."""
    host = host or app.host
    origin = f"http://{app.host}" if origin == "own" else origin
    cookie = f"{cookie_name(app.port)}={app.key}" if cookie == "own" else cookie
    lines = [
        "GET /ws HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}", "Sec-WebSocket-Version: 13",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    with socket.create_connection(("127.0.0.1", app.port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        deadline = time.monotonic() + listen
        while b"\r\n\r\n" not in received and time.monotonic() < deadline:
            chunk = read_some(s, deadline)
            if not chunk:
                break
            received += chunk
        try:
            s.sendall(ws_frame(REGISTER))  # a refused client says hello too, and must get nothing for it
        except OSError:
            pass
        return received + read_all(s, max(0.0, deadline - time.monotonic()), until)


def test_curl_without_the_key_gets_403(served):
    reply = get(served)
    assert reply.startswith(b"HTTP/1.1 403"), reply[:200]
    assert TITLE.encode() not in reply and b"flutter" not in reply.lower()


def test_the_printed_address_gives_a_cookie_then_the_page(served):
    reply = get(served, f"/?key={served.key}")
    assert reply.startswith(b"HTTP/1.1 303"), reply[:300]
    head = reply.split(b"\r\n\r\n")[0].decode()
    assert re.search(r"(?im)^location: /\r?$", head), head
    cookie = re.search(r"(?im)^set-cookie: ([^;\r\n]+)", head).group(1)
    page = get(served, "/", cookie=cookie)
    assert page.startswith(b"HTTP/1.1 200"), page[:200]
    assert b"flutter" in page.lower()


def test_an_admitted_websocket_receives_the_page(served):
    # The check that the attacks below could have seen something.
    received = websocket(served, listen=20.0, until=(TITLE.encode(), STEP.encode()))
    assert received.startswith(b"HTTP/1.1 101")
    assert TITLE.encode() in received and STEP.encode() in received


@pytest.mark.parametrize(
    "attack",
    [
        dict(origin="https://evil.example"),
        dict(origin="null"),
        dict(origin=None),
        dict(cookie=None),
        dict(cookie="trellis-key-1=nope"),
        dict(host="evil.example", origin="http://evil.example"),  # DNS rebinding, port 80 style
        dict(host="attacker.test:{port}", origin="http://attacker.test:{port}"),
    ],
    ids=["foreign-origin", "null-origin", "no-origin", "no-key", "wrong-key", "foreign-host", "foreign-host-port"],
)
def test_a_refused_websocket_gets_nothing_of_the_page(served, attack):
    attack = {k: v.format(port=served.port) if isinstance(v, str) else v for k, v in attack.items()}
    received = websocket(served, listen=3.0, **attack)
    assert received.startswith(b"HTTP/1.1 403"), received[:200]
    assert TITLE.encode() not in received and STEP.encode() not in received
    assert b"101 Switching" not in received


def test_another_host_is_warned_about_and_still_needs_the_key(tmp_path):
    app = start_app(tmp_path / "data", tmp_path / "app.log", "--host", "0.0.0.0")
    try:
        assert get(app).startswith(b"HTTP/1.1 403")
        output = app.output()
        assert "warning" in output and "anyone" in output.lower() and "key" in output
        assert app.url.startswith("http://127.0.0.1:")
    finally:
        app.stop()
    assert app.proc.returncode == 0, app.output()


def test_loopback_gets_no_warning(served):
    assert "warning" not in served.output()


def test_a_port_in_use_is_one_plain_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "app", "--web", "--port", str(port), "--data-dir", str(tmp_path / "data")],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )
    assert proc.returncode == 2
    assert proc.stderr.startswith("trellis: cannot serve on 127.0.0.1 port") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and "running at" not in proc.stdout


def test_ctrl_c_with_a_page_open_stops_cleanly_and_frees_the_data(tmp_path):
    app = start_app(tmp_path / "data", tmp_path / "app.log")
    lines = [
        "GET /ws HTTP/1.1", f"Host: {app.host}", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
        f"Origin: http://{app.host}", f"Cookie: {cookie_name(app.port)}={app.key}",
    ]
    with socket.create_connection(("127.0.0.1", app.port), timeout=10) as page:
        page.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        assert page.recv(12) == b"HTTP/1.1 101"
        page.sendall(ws_frame(REGISTER))
        read_all(page, 20, until=(b"Hello, and welcome",))  # a live session
        app.proc.send_signal(signal.SIGINT)
        assert app.proc.wait(timeout=20) == 0, app.output()
    assert "Traceback" not in app.output()
    assert run_cli(tmp_path / "data", "goal", "add", "After the app") != ""  # the lock was let go


def test_an_unknown_host_is_one_plain_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--web", "--host", "no-such-host.invalid", "--data-dir", str(tmp_path / "data")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("trellis: cannot serve on no-such-host.invalid") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and "running at" not in proc.stdout


def test_the_installable_web_app_is_trellis_not_flet(served):
    # The launcher hands Flet the repository's assets/, so its manifest and icons win over Flet's.
    reply = get(served, f"/?key={served.key}")
    head = reply.split(b"\r\n\r\n")[0].decode()
    cookie = re.search(r"(?im)^set-cookie: ([^;\r\n]+)", head).group(1)
    assert get(served, "/manifest.json").startswith(b"HTTP/1.1 403")  # still behind the key
    manifest = get(served, "/manifest.json", cookie=cookie)
    assert manifest.startswith(b"HTTP/1.1 200"), manifest[:200]
    body = json.loads(manifest.split(b"\r\n\r\n", 1)[1])
    assert body["name"] == "Trellis" and body["icons"]
    icon = get(served, "/" + body["icons"][0]["src"].lstrip("/"), cookie=cookie)
    assert icon.startswith(b"HTTP/1.1 200") and b"\x89PNG" in icon
