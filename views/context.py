"""What every screen gets: the services, the words, and a way to move around.

Screens are plain functions `build(ctx) -> ft.Control`, rebuilt from the
services each time they are shown, so what a screen shows is always what is
stored. They never touch the store directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import flet as ft
from pydantic import ValidationError

from app.models import plain_errors
from app.services import Trellis
from app.store import StoreError

Builder = Callable[["AppContext"], ft.Control]


@dataclass
class Screen:
    title: str
    build: Builder
    show_back: bool = True  # False for first-run, which has nowhere to go back to


@dataclass
class AppContext:
    page: ft.Page
    trellis: Trellis
    # Set by the shell: show a tab, open a screen on top, go back, redraw.
    go: Callable[[str], None] = lambda tab: None
    open: Callable[[Screen], None] = lambda screen: None
    back: Callable[[], None] = lambda: None
    refresh: Callable[[], None] = lambda: None
    apply_settings: Callable[[], None] = lambda: None
    celebrate: Callable[[list], None] = lambda achievements: None
    state: dict = field(default_factory=dict)  # per-session view state (chosen ranges, open sections)

    @property
    def reduced_motion(self) -> bool:
        """Asked for in Settings, or by the system (found by the shell at start)."""
        return self.trellis.people.settings().reduced_motion or bool(self.state.get("system_reduced_motion"))

    @property
    def content(self):
        return self.trellis.content

    def words(self, key: str, **values) -> str:
        """A text from content/ui.toml; the key itself if missing, so a gap shows, not a crash."""
        text = self.content.ui.get(key, key)
        return text.format(**values) if values else text

    def toast(self, message: str) -> None:
        self.page.show_dialog(ft.SnackBar(ft.Text(message), duration=ft.Duration(seconds=4)))
        self.page.update()

    def attempt(self, action: Callable[[], object]) -> object | None:
        """Run a save; on bad input or a store problem tell the person plainly and change nothing."""
        try:
            return action()
        except ValidationError as exc:
            self.toast(self.words("error.check", detail=plain_errors(exc)))
        except (StoreError, ValueError, OSError) as exc:
            self.toast(self.words("error.save", detail=str(exc)))
        return None
