"""The launcher: `trellis` / `python -m app`.

With a subcommand it runs the CLI (app/cli.py). Without one it starts the
app: in a desktop window where a Flet desktop client is available, otherwise
(and with --web) served to a browser on 127.0.0.1 only, with everything
loaded from the installed flet-web (no CDN). This is the one module in app/
that imports Flet and the views, and only when the UI is wanted.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import sys


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


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
            host = args.host or "127.0.0.1"  # never other interfaces unless asked
            port = args.port or _free_port(host)
            shown = f"[{host}]" if ":" in host else host
            print(f"Trellis is running at http://{shown}:{port}  (Ctrl+C stops it)", flush=True)
            os.environ.setdefault("FLET_FORCE_WEB_SERVER", "true")  # serve; do not try a desktop window
            ft.run(app_main, host=host, port=port, view=ft.AppView.WEB_BROWSER, no_cdn=True)
        else:
            ft.run(app_main)
    finally:
        trellis.close()
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
