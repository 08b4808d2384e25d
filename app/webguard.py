"""The web mode's door: only the page opened with this start's key gets in.

A browser on this computer will let any web page it shows talk to a server
on 127.0.0.1 (a websocket is not held back by the same-origin rule), and a
DNS name that resolves to 127.0.0.1 can smuggle a foreign page in as well.
So the web server (Flet's FastAPI app) is wrapped in this ASGI middleware:

* Each start makes a random key. The address the launcher prints carries it
  once (``/?key=...``); that request gets a cookie holding the key, limited
  to this host (HttpOnly, SameSite=Strict, Path=/, no Domain) and a
  redirect to the same path without the key, so the key does not stay in
  the address bar or history.
* Every HTTP request and the websocket without that cookie get 403 and
  nothing else. Keys are compared with ``secrets.compare_digest``.
* The ``Host`` header must be 127.0.0.1, localhost or the ``--host`` given,
  with the port: a name that merely resolves here (DNS rebinding) is refused.
* The websocket's ``Origin`` must be the app's own address (scheme, host and
  port); an HTTP request that sends an ``Origin`` must match it too.

Pure ASGI, no Flet: it can be tested without a server.
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Awaitable, Callable, Iterable, Optional
from urllib.parse import quote, unquote_plus

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KEY_PARAM = "key"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
WILDCARD_HOSTS = ("0.0.0.0", "::", "*", "")
REFUSAL = (
    b"This address needs the key Trellis printed when it started.\n"
    b"Open the address with ?key=... from the terminal (a new one is made each start).\n"
)


def new_key() -> str:
    """A fresh random key for one start of the web mode."""
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    # Cookies are not kept apart by port: two Trellis on one computer must not
    # overwrite each other's key.
    return f"trellis-key-{port}"


def url_host(host: str) -> str:
    """``host`` as written in a URL: IPv6 addresses in brackets, names lowercase."""
    host = host.strip().lower()
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host


def is_loopback(host: Optional[str]) -> bool:
    """Is ``host`` (an address or name given to --host) this computer only?"""
    if not host:
        return True
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def entry_url(host: str, port: int, key: str, path: str = "/") -> str:
    """The address to print and open: it carries the key once."""
    shown = "127.0.0.1" if host.strip() in WILDCARD_HOSTS else url_host(host)
    port_part = "" if port == 80 else f":{port}"
    return f"http://{shown}{port_part}{path}?{KEY_PARAM}={quote(key, safe='')}"


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return False


def _split_host(value: str) -> tuple[str, Optional[int]]:
    """``"Host"`` header -> (name, port or None); a malformed one -> ("", None)."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return "", None
        name, rest = value[: end + 1], value[end + 1 :]
        if not rest:
            return name, None
        if not rest.startswith(":"):
            return "", None
        port_text = rest[1:]
    else:
        name, sep, port_text = value.partition(":")
        if not sep:
            return name, None
    if not port_text.isascii() or not port_text.isdigit():
        return "", None
    return name, int(port_text)


def _cookies(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    found = []
    for name, value in headers:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cname, sep, cvalue = part.strip().partition("=")
                if sep:
                    found.append((cname.strip(), cvalue.strip().strip('"')))
    return found


def _matches(candidate: str, key: str) -> bool:
    return secrets.compare_digest(candidate.encode("utf-8", "replace"), key.encode("utf-8"))


class WebGuard:
    """ASGI middleware admitting only requests that carry this start's key.

    ``host`` is the address given to --host (None for 127.0.0.1). When it is a
    wildcard (0.0.0.0, ::) any IP address of this computer may be the Host,
    since DNS rebinding needs a name; names must still be the given one.
    """

    def __init__(self, app: ASGIApp, *, key: str, port: int, host: Optional[str] = None):
        if not key:
            raise ValueError("the web guard needs a key")
        self.app = app
        self.key = key
        self.port = port
        self.cookie = cookie_name(port)
        names = set(LOOPBACK_NAMES)
        self.any_ip = host is not None and host.strip() in WILDCARD_HOSTS
        if host and not self.any_ip:
            names.add(url_host(host))
        self.names = frozenset(names)

    # ------------------------------------------------------------------ checks

    def _host(self, scope: Scope) -> Optional[str]:
        """The request's Host header if it names this app, else None."""
        values = [v for k, v in scope.get("headers", ()) if k == b"host"]
        if len(values) != 1:
            return None
        text = values[0].decode("latin-1")
        name, port = _split_host(text)
        if not name:
            return None
        if port != self.port and not (port is None and self.port == 80):
            return None
        if name in self.names or (self.any_ip and _is_ip_literal(name)):
            return text.strip().lower()
        return None

    def _origin_ok(self, scope: Scope, host: str, required: bool) -> bool:
        values = [v for k, v in scope.get("headers", ()) if k == b"origin"]
        if not values:
            return not required
        return len(values) == 1 and values[0].decode("latin-1").strip().lower() == f"http://{host}"

    def _has_cookie(self, scope: Scope) -> bool:
        ok = False
        for name, value in _cookies(scope.get("headers", ())):
            if name == self.cookie:
                ok = _matches(value, self.key) or ok  # look at every copy: no early exit on the key
        return ok

    def _key_params(self, scope: Scope) -> tuple[list[str], bytes]:
        """(values of ?key=, the query string without them)."""
        query = scope.get("query_string", b"").decode("latin-1")
        keys, kept = [], []
        for part in query.split("&") if query else []:
            name, _, value = part.partition("=")
            if unquote_plus(name) == KEY_PARAM:
                keys.append(unquote_plus(value))
            else:
                kept.append(part)
        return keys, "&".join(kept).encode("latin-1")

    # ------------------------------------------------------------------ ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind == "lifespan":
            await self.app(scope, receive, send)
            return
        if kind == "websocket":
            host = self._host(scope)
            if host and self._has_cookie(scope) and self._origin_ok(scope, host, required=True):
                await self.app(scope, receive, send)
            else:
                await self._refuse_websocket(receive, send)
            return
        if kind != "http":
            return
        host = self._host(scope)
        if not host or not self._origin_ok(scope, host, required=False):
            await self._refuse(send)
            return
        keys, rest = self._key_params(scope)
        if keys:
            if all(_matches(k, self.key) for k in keys):
                await self._admit(scope, rest, send)
            else:
                await self._refuse(send)
            return
        if self._has_cookie(scope):
            await self.app(scope, receive, send)
        else:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(REFUSAL)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": REFUSAL})

    async def _refuse_websocket(self, receive: Receive, send: Send) -> None:
        # Closing before accepting makes the server answer the handshake with
        # 403: no upgrade, no frame of the app.
        message = await receive()
        if message.get("type") == "websocket.connect":
            await send({"type": "websocket.close", "code": 1008})

    async def _admit(self, scope: Scope, rest: bytes, send: Send) -> None:
        raw = scope.get("raw_path") or quote(scope.get("path", "/")).encode("latin-1")
        # One leading slash only: "//other.example/" would be a redirect off this host.
        location = b"/" + raw.lstrip(b"/")
        if rest:
            location += b"?" + rest
        cookie = f"{self.cookie}={self.key}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
