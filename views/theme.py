"""Calm Material 3: one soft teal seed, text that scales, dark and light."""

from __future__ import annotations

import flet as ft

from app.models import Settings

SEED = "#3F8F83"  # soft teal
MODES = {"system": ft.ThemeMode.SYSTEM, "light": ft.ThemeMode.LIGHT, "dark": ft.ThemeMode.DARK}

# Material 3 type scale (logical pixels); multiplied by the person's text size.
_TYPE_SCALE = {
    "display_large": 57, "display_medium": 45, "display_small": 36,
    "headline_large": 32, "headline_medium": 28, "headline_small": 24,
    "title_large": 22, "title_medium": 16, "title_small": 14,
    "body_large": 16, "body_medium": 14, "body_small": 12,
    "label_large": 14, "label_medium": 12, "label_small": 11,
}


def _theme(scale: float, reduced_motion: bool) -> ft.Theme:
    # A style with only a size would reset the colour to black, also in dark
    # mode: name the scheme's text colour so it follows the theme.
    text = ft.TextTheme(
        **{k: ft.TextStyle(size=round(v * scale, 1), color=ft.Colors.ON_SURFACE) for k, v in _TYPE_SCALE.items()}
    )
    theme = ft.Theme(color_scheme_seed=SEED, text_theme=text, use_material3=True)
    if reduced_motion:
        # No sliding page transitions when reduced motion is asked for.
        none = ft.PageTransitionTheme.NONE
        theme.page_transitions = ft.PageTransitionsTheme(android=none, ios=none, linux=none, macos=none, windows=none)
    return theme


def apply_theme(page: ft.Page, settings: Settings, system_reduced_motion: bool = False) -> None:
    still = settings.reduced_motion or system_reduced_motion
    page.theme = _theme(settings.text_scale, still)
    page.dark_theme = _theme(settings.text_scale, still)
    page.theme_mode = MODES[settings.theme]
