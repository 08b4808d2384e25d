"""The shell: theme, app bar with "Need support?", tabs, and screens on top.

Phones get a bottom navigation bar; windows 840 px and wider get a rail.
Tabs are Today, Goals, Check-ins, Wins and Pair. Screen readers hear which
tab is open: the bar's tabs carry aria-selected; Flutter draws the rail's
destinations as buttons ("Goals, Tab 2 of 5") and marks the open one with
aria-current ("current"), as aria-selected is not allowed on a button. Flet
1.0.5's Semantics has no role to make them tabs; wrapping them adds nothing
(checked in the browser: tests/e2e/test_accessibility.py). A screen opened from a tab
(a check-in, support, settings) sits on top of it with a back button, and
the support screen is one tap away from everywhere, as are Settings and
"Hide now". Screens sit in a readable column (at most 720 px of text) on
wide windows. On narrow windows the screen's title is the first line of the
screen, where it can wrap at any text size, instead of being cut short in
the app bar.

The cover (views/lock.py) hides everything at once: on "Hide now", and, when
a PIN is set, after the chosen idle time or when the app goes to the
background. Idle means no screen change and no key pressed: Flet reports no
raw pointer events to the server.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable

import flet as ft

from app.display import DisplayPrefs
from app.lock import LockError, PinLock
from app.services import Trellis
from views import checkins_tab, goals, onboarding, pair, settings, support, today, wins
from views import lock as lock_view
from views.celebration import CelebrationQueue
from views.context import AppContext, Screen
from views.theme import apply_theme
from views.widgets import icon_button

WIDE = 840
NARROW = 600  # below this the title moves from the app bar into the screen
READABLE = 720  # widest column of content, plus the 16 px padding each side
IDLE_CHECK_SECONDS = 10


def _now() -> float:
    """Seconds on a clock that only goes forward (for idle time)."""
    return time.monotonic()


def _tabs(ctx: AppContext) -> list[tuple[str, str, str, Callable]]:
    # (key, label, icon, builder)
    return [
        ("today", ctx.words("nav.today"), ft.Icons.WB_SUNNY_OUTLINED, today.build),
        ("goals", ctx.words("nav.goals"), ft.Icons.FLAG_OUTLINED, goals.build),
        ("checkins", ctx.words("nav.checkins"), ft.Icons.FAVORITE_BORDER, checkins_tab.build),
        ("wins", ctx.words("nav.wins"), ft.Icons.EMOJI_EVENTS_OUTLINED, wins.build),
        ("pair", ctx.words("nav.pair"), ft.Icons.PEOPLE_OUTLINE, pair.build),
    ]


def make_app(trellis: Trellis) -> Callable[[ft.Page], None]:
    def main(page: ft.Page) -> None:
        Shell(page, trellis).start()

    return main


class Shell:
    def __init__(self, page: ft.Page, trellis: Trellis):
        self.page = page
        self.ctx = AppContext(page=page, trellis=trellis)
        self.ctx.go = self.go
        self.ctx.open = self.open
        self.ctx.back = self.back
        self.ctx.refresh = self.render
        self.ctx.apply_settings = self.apply_settings
        self.ctx.celebrate = CelebrationQueue(self.ctx).add
        self.tabs = _tabs(self.ctx)
        self.tab = 0
        self.stack: list[Screen] = []
        self.lock = PinLock(trellis.store.dir)
        self.covered = False
        self._drawn_narrow = False
        self.last_active = _now()
        self.column = ft.Container(expand=True, padding=ft.Padding.symmetric(horizontal=16, vertical=8))
        self.body = ft.Row(
            [self.column], expand=True, alignment=ft.MainAxisAlignment.CENTER,
            vertical_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.nav = ft.NavigationBar(
            destinations=[ft.NavigationBarDestination(icon=icon, label=label) for _, label, icon, _ in self.tabs],
            on_change=lambda e: self.go(self.tabs[e.control.selected_index][0]),
        )
        self.rail = ft.NavigationRail(
            destinations=[ft.NavigationRailDestination(icon=icon, label=label) for _, label, icon, _ in self.tabs],
            label_type=ft.NavigationRailLabelType.ALL,
            selected_index=0,
            on_change=lambda e: self.go(self.tabs[e.control.selected_index][0]),
        )
        self.support_button = ft.TextButton(
            self.ctx.words("support.button"),
            icon=ft.Icons.SPA_OUTLINED,
            on_click=lambda e: self.open_support(),
            height=48,
        )
        self.hide_button = icon_button(ft.Icons.VISIBILITY_OFF_OUTLINED, self.ctx.words("shell.hide"),
                                       lambda e: self.cover())
        self.settings_button = icon_button(ft.Icons.SETTINGS_OUTLINED, self.ctx.words("shell.settings"),
                                           lambda e: self.open_settings())
        self.appbar = ft.AppBar(
            title=ft.Text("Trellis"),
            actions=[self.hide_button, self.settings_button, self.support_button],
            center_title=False,
        )
        self.main = ft.Row([self.rail, self.body], expand=True, spacing=0)
        self.root = ft.SafeArea(self.main, expand=True)

    def start(self) -> None:
        page = self.page
        page.title = "Trellis"
        page.padding = 0
        page.appbar = self.appbar
        page.on_resize = lambda e: self._resized()
        page.on_app_lifecycle_state_change = self._lifecycle
        page.on_keyboard_event = lambda e: self.active()
        page.add(self.root)
        self.apply_settings()
        page.run_task(self._follow_system_motion)
        page.run_task(self._watch_idle)
        settings = self.ctx.trellis.people.settings()
        profile = self.ctx.trellis.people.profile()
        if not settings.onboarded and not profile.name:
            self.open(Screen(self.ctx.words("onboarding.title"), onboarding.build, show_back=False))
        elif self._pin_set():
            self.cover()  # a PIN set means the app opens covered
        else:
            self.render()
        # What the other side wrote while the app was closed comes in at start,
        # quietly (the Pair card says how it went), and again on coming back.
        pair.sync_if_changed(self.ctx)
        pair.follow_foreground(self.ctx)

    # ---- navigation ------------------------------------------------------
    def go(self, key: str) -> None:
        self.tab = next(i for i, t in enumerate(self.tabs) if t[0] == key)
        self.stack.clear()
        self.render()

    def open(self, screen: Screen) -> None:
        self.stack.append(screen)
        self.render()

    def back(self) -> None:
        if self.stack:
            self.stack.pop()
        self.render()

    def open_settings(self) -> None:
        if self.stack and self.stack[-1].build is settings.build:
            return
        self.open(Screen(self.ctx.words("settings.title"), settings.build))

    def open_support(self) -> None:
        if self.stack and self.stack[-1].build is support.build:
            return
        self.open(Screen(self.ctx.words("support.title"), support.build))

    # ---- drawing ---------------------------------------------------------
    def layout(self) -> None:
        width = self.page.width or 0
        wide = width >= WIDE
        # First run anywhere under the top screen (Support opened from it, say): no tabs yet.
        onboarding_now = any(not screen.show_back for screen in self.stack)
        self.rail.visible = wide and not onboarding_now
        self.page.navigation_bar = None if (wide or onboarding_now or self.covered) else self.nav
        room = width - (100 if self.rail.visible else 0)
        fits = room > READABLE + 32
        self.column.width = READABLE + 32 if fits else None
        self.column.expand = not fits

    def render(self) -> None:
        key, label, _, build = self.tabs[self.tab]
        if self.stack:
            screen = self.stack[-1]
            title, build = screen.title, screen.build
            show_back = screen.show_back
        else:
            title, show_back = label if key != "today" else "Trellis", False
        narrow = self._drawn_narrow = 0 < (self.page.width or 0) < NARROW
        self.appbar.title = None if narrow else ft.Text(title)
        # A visible word beside the arrow: icons always come with a label, and
        # screen readers get the same name.
        self.appbar.leading = (
            ft.TextButton(self.ctx.words("nav.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda e: self.back(), height=48)
            if show_back
            else None
        )
        # Room for the arrow and "Back" at the chosen text size.
        self.appbar.leading_width = 72 + 32 * max(1.0, self.ctx.trellis.people.settings().text_scale) if show_back else None
        self.appbar.automatically_imply_leading = False
        self.nav.selected_index = self.tab
        self.rail.selected_index = self.tab
        content = build(self.ctx)
        if narrow and (self.stack or key != "today"):
            content = ft.Column(
                [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600), content],
                spacing=8, expand=True,
            )
        self.column.content = content
        self.active()
        self.layout()
        self.page.update()

    def _resized(self) -> None:
        if self.covered:
            return
        narrow = 0 < (self.page.width or 0) < NARROW
        if narrow != self._drawn_narrow:
            self.render()  # the title moves between app bar and screen
        else:
            self.layout()
            self.page.update()

    # ---- the cover -------------------------------------------------------
    def _pin_set(self) -> bool:
        try:
            return self.lock.state().pin_set
        except LockError:
            return True  # a damaged lock file stays locked; the cover says how to fix it

    def active(self) -> None:
        self.last_active = _now()

    def cover(self) -> None:
        """Show the neutral screen at once, over everything, dialogs closed."""
        self.covered = True
        while self.page.pop_dialog() is not None:
            pass
        self.page.appbar = None
        self.page.navigation_bar = None
        self.root.content = lock_view.build(self.ctx, self.lock, self.uncover)
        self.page.update()

    def uncover(self) -> None:
        self.covered = False
        self.page.appbar = self.appbar
        self.root.content = self.main
        self.render()

    def _lifecycle(self, e) -> None:
        if e.state in (ft.AppLifecycleState.HIDE, ft.AppLifecycleState.PAUSE) and not self.covered:
            try:
                background = self.lock.state().lock_on_background
            except LockError:
                background = True
            if background and self._pin_set():
                self.cover()

    async def _watch_idle(self) -> None:
        while True:
            await asyncio.sleep(IDLE_CHECK_SECONDS)
            if self.covered or not self._pin_set():
                continue
            try:
                minutes = self.lock.state().idle_minutes
            except LockError:
                continue
            if minutes and _now() - self.last_active >= minutes * 60:
                try:
                    self.cover()
                except Exception:  # the session is gone (tab closed): stop watching
                    return

    def apply_settings(self) -> None:
        state = self.ctx.state
        contrast = DisplayPrefs(self.ctx.trellis.store.dir).high_contrast or bool(state.get("system_high_contrast"))
        apply_theme(self.page, self.ctx.trellis.people.settings(), bool(state.get("system_reduced_motion")), contrast)

    async def _follow_system_motion(self) -> None:
        """Reduced motion asked for by the phone or browser counts as asked for here too."""
        self._semantics = ft.SemanticsService()  # services need a strong reference
        try:
            features = await self._semantics.get_accessibility_features()
        except Exception:  # no client answer (tests without a browser): keep the setting
            return
        changed = False
        if getattr(features, "disable_animations", False) or getattr(features, "reduce_motion", False):
            self.ctx.state["system_reduced_motion"] = changed = True
        if getattr(features, "high_contrast", False):  # asked for by the system: followed as well
            self.ctx.state["system_high_contrast"] = changed = True
        if changed:
            self.apply_settings()
            self.page.update()
