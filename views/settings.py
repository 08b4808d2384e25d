"""Settings: your name and role, theme, text size, reduced motion, where data lives."""

from __future__ import annotations

import flet as ft

from views.context import AppContext
from views.widgets import card, page_column, subtle

TEXT_SIZES = (("1.0", "settings.text_normal"), ("1.25", "settings.text_large"), ("1.5", "settings.text_larger"))


def build(ctx: AppContext) -> ft.Control:
    people = ctx.trellis.people
    profile, current = people.profile(), people.settings()

    name = ft.TextField(label=ctx.words("settings.name_label"), value=profile.name, max_length=80)
    role = ft.Dropdown(
        label=ctx.words("settings.role_label"),
        value=profile.role or "none",
        options=[
            ft.DropdownOption(key="none", text=ctx.words("settings.role_none")),
            ft.DropdownOption(key="mentee", text=ctx.words("onboarding.role_mentee")),
            ft.DropdownOption(key="mentor", text=ctx.words("onboarding.role_mentor")),
        ],
    )

    def save_you(e):
        chosen = None if role.value in (None, "none") else role.value
        if ctx.attempt(lambda: people.save_profile(name.value or "", chosen)):
            ctx.toast(ctx.words("settings.saved"))

    def change(**values):
        if ctx.attempt(lambda: people.save_settings(**values)):
            ctx.apply_settings()
            ctx.page.update()

    theme = ft.SegmentedButton(
        selected=[current.theme],
        segments=[ft.Segment(value=v, label=ft.Text(ctx.words(f"settings.theme_{v}"))) for v in ("system", "light", "dark")],
        on_change=lambda e: change(theme=e.control.selected[0]),
    )
    nearest = min(TEXT_SIZES, key=lambda s: abs(float(s[0]) - current.text_scale))[0]
    text_size = ft.SegmentedButton(
        selected=[nearest],
        segments=[ft.Segment(value=v, label=ft.Text(ctx.words(k))) for v, k in TEXT_SIZES],
        on_change=lambda e: change(text_scale=float(e.control.selected[0])),
    )
    motion = ft.Switch(
        label=ctx.words("settings.reduced_motion"),
        value=current.reduced_motion,
        on_change=lambda e: change(reduced_motion=bool(e.control.value)),
    )
    return page_column(
        [
            card(ft.Text(ctx.words("settings.you"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM), name, role,
                 ft.FilledButton(ctx.words("settings.save_you"), on_click=save_you, height=48)),
            card(
                ft.Text(ctx.words("settings.look"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                subtle(ctx.words("settings.theme_label")), theme,
                subtle(ctx.words("settings.text_size")), text_size,
                motion, subtle(ctx.words("settings.reduced_motion_hint")),
            ),
            card(
                ft.Text(ctx.words("settings.privacy"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                ft.Text(ctx.words("settings.privacy_text")),
                subtle(ctx.words("settings.data_folder", path=str(ctx.trellis.store.dir))),
            ),
        ]
    )
