"""Calm Material 3: one soft teal seed, text that scales, dark and light, and
a high-contrast variant.

Every button gets at least 48 px of height from its padding, and a 3 px
focus ring in the text colour (well over 3:1 against the background) when
the keyboard lands on it: Material's own focus hint is a faint overlay.
"""

from __future__ import annotations

import flet as ft

from app.models import Settings

SEED = "#3F8F83"  # soft teal
MODES = {"system": ft.ThemeMode.SYSTEM, "light": ft.ThemeMode.LIGHT, "dark": ft.ThemeMode.DARK}
RING = 3  # px, the keyboard focus ring
NAV_LABEL_MAX = 14  # px: tab labels stay on one line under their icons at any text size

# Material 3 type scale (logical pixels); multiplied by the person's text size.
_TYPE_SCALE = {
    "display_large": 57, "display_medium": 45, "display_small": 36,
    "headline_large": 32, "headline_medium": 28, "headline_small": 24,
    "title_large": 22, "title_medium": 16, "title_small": 14,
    "body_large": 16, "body_medium": 14, "body_small": 12,
    "label_large": 14, "label_medium": 12, "label_small": 11,
}

# High contrast: black on white (or white on black), a deep teal for actions.
_HIGH_CONTRAST = {
    ft.Brightness.LIGHT: dict(
        primary="#00382F", on_primary="#FFFFFF", primary_container="#00382F", on_primary_container="#FFFFFF",
        secondary_container="#00382F", on_secondary_container="#FFFFFF",
        surface="#FFFFFF", on_surface="#000000", on_surface_variant="#000000", outline="#000000",
        outline_variant="#000000", surface_container_low="#FFFFFF", surface_container="#FFFFFF",
        surface_container_high="#F2F2F2", surface_container_highest="#E6E6E6", error="#8C0009", on_error="#FFFFFF",
    ),
    ft.Brightness.DARK: dict(
        primary="#A6FFEC", on_primary="#000000", primary_container="#A6FFEC", on_primary_container="#000000",
        secondary_container="#A6FFEC", on_secondary_container="#000000",
        surface="#000000", on_surface="#FFFFFF", on_surface_variant="#FFFFFF", outline="#FFFFFF",
        outline_variant="#FFFFFF", surface_container_low="#000000", surface_container="#000000",
        surface_container_high="#1A1A1A", surface_container_highest="#262626", error="#FFB4AB", on_error="#000000",
    ),
}


def _button_style(scale: float, outlined: bool = False) -> ft.ButtonStyle:
    rest = ft.BorderSide(1, ft.Colors.OUTLINE) if outlined else ft.BorderSide(0, ft.Colors.TRANSPARENT)
    # A button label is one line of about 20 px times the text size: padding
    # makes up the rest of 48 px, so a button is never smaller, and a button
    # given a 48 px height never cuts its label at the larger sizes.
    vertical = max(4.0, (48 - 20 * scale) / 2)
    return ft.ButtonStyle(
        padding={ft.ControlState.DEFAULT: ft.Padding.symmetric(horizontal=16, vertical=vertical)},
        side={ft.ControlState.FOCUSED: ft.BorderSide(RING, ft.Colors.ON_SURFACE), ft.ControlState.DEFAULT: rest},
    )


def _theme(scale: float, reduced_motion: bool, brightness: ft.Brightness, high_contrast: bool) -> ft.Theme:
    # A style with only a size would reset the colour to black, also in dark
    # mode: name the scheme's text colour so it follows the theme.
    text = ft.TextTheme(
        **{k: ft.TextStyle(size=round(v * scale, 1), color=ft.Colors.ON_SURFACE) for k, v in _TYPE_SCALE.items()}
    )
    scheme = ft.ColorScheme(**_HIGH_CONTRAST[brightness]) if high_contrast else None
    theme = ft.Theme(
        color_scheme_seed=SEED,
        color_scheme=scheme,
        text_theme=text,
        use_material3=True,
        text_button_theme=ft.TextButtonTheme(style=_button_style(scale)),
        filled_button_theme=ft.FilledButtonTheme(style=_button_style(scale)),
        outlined_button_theme=ft.OutlinedButtonTheme(style=_button_style(scale, outlined=True)),
        icon_button_theme=ft.IconButtonTheme(
            style=ft.ButtonStyle(side={ft.ControlState.FOCUSED: ft.BorderSide(RING, ft.Colors.ON_SURFACE),
                                       ft.ControlState.DEFAULT: ft.BorderSide(0, ft.Colors.TRANSPARENT)})
        ),
        segmented_button_theme=ft.SegmentedButtonTheme(style=_button_style(scale, outlined=True)),
        date_picker_theme=ft.DatePickerTheme(cancel_button_style=_button_style(scale),
                                             confirm_button_style=_button_style(scale)),
        checkbox_theme=ft.CheckboxTheme(visual_density=ft.VisualDensity.STANDARD),
        radio_theme=ft.RadioTheme(visual_density=ft.VisualDensity.STANDARD),
        chip_theme=ft.ChipTheme(padding=ft.Padding.symmetric(horizontal=8, vertical=14)),  # 48 px chips
        switch_theme=ft.SwitchTheme(padding=ft.Padding.symmetric(horizontal=4, vertical=4)),  # 40 -> 48 px
        navigation_bar_theme=ft.NavigationBarTheme(
            label_text_style={ft.ControlState.DEFAULT: ft.TextStyle(size=min(12 * scale, NAV_LABEL_MAX))},
        ),
        focus_color=ft.Colors.with_opacity(0.24, ft.Colors.ON_SURFACE),
        # Flutter makes controls 8 px smaller on desktop and in browsers
        # ("compact"): standard keeps checkboxes, radios and buttons at 48 px.
        visual_density=ft.VisualDensity.STANDARD,
    )
    if reduced_motion:
        # No sliding page transitions when reduced motion is asked for.
        none = ft.PageTransitionTheme.NONE
        theme.page_transitions = ft.PageTransitionsTheme(android=none, ios=none, linux=none, macos=none, windows=none)
    return theme


def apply_theme(page: ft.Page, settings: Settings, system_reduced_motion: bool = False,
                high_contrast: bool = False) -> None:
    still = settings.reduced_motion or system_reduced_motion
    page.theme = _theme(settings.text_scale, still, ft.Brightness.LIGHT, high_contrast)
    page.dark_theme = _theme(settings.text_scale, still, ft.Brightness.DARK, high_contrast)
    page.theme_mode = MODES[settings.theme]
