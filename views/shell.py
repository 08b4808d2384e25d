"""The shell: theme, app bar with "Need support?", tabs, and screens on top.

Phones get a bottom navigation bar; windows 840 px and wider get a rail.
Tabs are Today, Goals, Check-ins, Wins and Pair. A screen opened from a tab
(a check-in, support, settings) sits on top of it with a back button, and
the support screen is one tap away from everywhere.
"""

from __future__ import annotations

from typing import Callable

import flet as ft

from app.services import Trellis
from views import checkins_tab, goals, onboarding, pair, support, today, wins
from views.celebration import CelebrationQueue
from views.context import AppContext, Screen
from views.theme import apply_theme

WIDE = 840


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
        self.body = ft.Container(expand=True, padding=ft.Padding.symmetric(horizontal=16, vertical=8))
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
        self.appbar = ft.AppBar(title=ft.Text("Trellis"), actions=[self.support_button], center_title=False)

    def start(self) -> None:
        page = self.page
        page.title = "Trellis"
        page.padding = 0
        page.appbar = self.appbar
        page.on_resize = lambda e: (self.layout(), page.update())
        page.add(ft.SafeArea(ft.Row([self.rail, self.body], expand=True, spacing=0), expand=True))
        self.apply_settings()
        page.run_task(self._follow_system_motion)
        settings = self.ctx.trellis.people.settings()
        profile = self.ctx.trellis.people.profile()
        if not settings.onboarded and not profile.name:
            self.open(Screen(self.ctx.words("onboarding.title"), onboarding.build, show_back=False))
        else:
            self.render()

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

    def open_support(self) -> None:
        if self.stack and self.stack[-1].build is support.build:
            return
        self.open(Screen(self.ctx.words("support.title"), support.build))

    # ---- drawing ---------------------------------------------------------
    def layout(self) -> None:
        wide = (self.page.width or 0) >= WIDE
        # First run anywhere under the top screen (Support opened from it, say): no tabs yet.
        onboarding_now = any(not screen.show_back for screen in self.stack)
        self.rail.visible = wide and not onboarding_now
        self.page.navigation_bar = None if (wide or onboarding_now) else self.nav

    def render(self) -> None:
        key, label, _, build = self.tabs[self.tab]
        if self.stack:
            screen = self.stack[-1]
            title, build = screen.title, screen.build
            show_back = screen.show_back
        else:
            title, show_back = label if key != "today" else "Trellis", False
        self.appbar.title = ft.Text(title)
        # A visible word beside the arrow: icons always come with a label, and
        # screen readers get the same name.
        self.appbar.leading = (
            ft.TextButton(self.ctx.words("nav.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda e: self.back(), height=48)
            if show_back
            else None
        )
        self.appbar.leading_width = 104 if show_back else None
        self.appbar.automatically_imply_leading = False
        self.nav.selected_index = self.tab
        self.rail.selected_index = self.tab
        self.body.content = build(self.ctx)
        self.layout()
        self.page.update()

    def apply_settings(self) -> None:
        apply_theme(self.page, self.ctx.trellis.people.settings(), bool(self.ctx.state.get("system_reduced_motion")))

    async def _follow_system_motion(self) -> None:
        """Reduced motion asked for by the phone or browser counts as asked for here too."""
        self._semantics = ft.SemanticsService()  # services need a strong reference
        try:
            features = await self._semantics.get_accessibility_features()
        except Exception:  # no client answer (tests without a browser): keep the setting
            return
        if getattr(features, "disable_animations", False) or getattr(features, "reduce_motion", False):
            self.ctx.state["system_reduced_motion"] = True
            self.apply_settings()
            self.page.update()
