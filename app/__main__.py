"""The launcher: `trellis` / `python -m app`.

With a subcommand it runs the CLI (app/cli.py). Without one it starts the
app: in a desktop window where a Flet desktop client is available, otherwise
(and with --web) served to a browser on 127.0.0.1 only, with everything
loaded from the installed flet-web (no CDN). This is the one module in app/
that imports Flet and the views, and only when the UI is wanted.

The web mode is Flet's FastAPI app (``ft.run(..., export_asgi_app=True)``)
wrapped in app/webguard.py and served by uvicorn on a socket bound here: only
the browser that opened the printed address, which carries this start's key,
gets in.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import sys
import threading
from pathlib import Path


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one), bound before the
    address is printed, so the port printed is the port served."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":  # a restart can reuse the port at once; Windows means "share it" by this
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _desktop_available() -> bool:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    return importlib.util.find_spec("flet_desktop") is not None


def launch(args) -> int:
    import flet as ft

    from app.cli import fail
    from app.content import ContentError
    from app.filelock import StoreLockedError
    from app.journal import StoreTooNewError
    from app.services import Trellis
    from app.store import StoreError
    from views.shell import make_app

    try:
        trellis = Trellis.open(getattr(args, "data_dir", None))
    except (StoreError, StoreLockedError, StoreTooNewError, ContentError) as exc:
        return fail(str(exc))
    for notice in trellis.store.notices:
        print(f"trellis: {notice}", file=sys.stderr)
    app_main = make_app(trellis)
    try:
        if args.web or not _desktop_available():
            return serve_web(app_main, args.host, args.port)
        ft.run(app_main)
    finally:
        trellis.close()
    return 0


OTHER_HOST_WARNING = (
    "trellis: warning: serving on {host}, not only on this computer. Anyone who can reach "
    "this computer over a network and has the address with its key can open your data "
    "and change it. Stop with Ctrl+C when you are done; the key changes every start."
)


ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def serve_web(app_main, host_arg: str | None, port: int) -> int:
    """Serve the app to a browser through the key guard until Ctrl+C."""
    import flet as ft
    import uvicorn

    from app.cli import fail
    from app.webguard import WebGuard, entry_url, is_loopback, new_key

    host = host_arg or "127.0.0.1"  # never other interfaces unless asked
    try:
        sock = _bind(host, port)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return fail(f"cannot serve on {host} port {port or 'any'}: {reason}")
    port = sock.getsockname()[1]
    key = new_key()
    # Trellis's own assets folder (PWA manifest, icons), found from this file
    # so that nothing from the working directory is served.
    web_app = ft.run(app_main, export_asgi_app=True, no_cdn=True, assets_dir=str(ASSETS_DIR))
    guarded = WebGuard(web_app, key=key, port=port, host=host_arg)
    if not is_loopback(host):
        print(OTHER_HOST_WARNING.format(host=host), file=sys.stderr, flush=True)
    address = entry_url(host, port, key)
    print(f"Trellis is running at {address}  (Ctrl+C stops it)", flush=True)
    if host.strip() in ("0.0.0.0", "::", "*"):
        print("From another device, use this computer's network address in place of 127.0.0.1.", flush=True)
    config = uvicorn.Config(
        guarded,
        log_level="error",
        access_log=False,
        ws="websockets-sansio",  # as flet_web's own server
        lifespan="on",  # starts and stops Flet's session manager
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    # uvicorn, in the main thread, ends a Ctrl+C or SIGTERM by raising the
    # signal again, which kills the process before the store is closed. So it
    # runs in a thread, and a signal here only asks it to stop.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="web-server", daemon=True)

    def stop(signum, frame):
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        thread.start()
        while thread.is_alive():
            thread.join(0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    if not server.started:
        return fail("the web server did not start")
    return 0


def main(argv: list[str] | None = None) -> int:
    from app.cli import UsageError, fail, parse, run

    try:
        args = parse(argv)
    except UsageError as exc:
        return fail(str(exc))
    if args.command is None:
        if args.port and not 0 < args.port < 65536:
            return fail(f"{args.port} is not a port number")
        return launch(args)
    if hasattr(signal, "SIGPIPE"):
        # Commands only (never the server, whose sockets need EPIPE as an error):
        # `trellis wins | head` ends quietly.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
