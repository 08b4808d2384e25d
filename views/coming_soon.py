"""Tabs whose screens arrive with later issues: a friendly note, not a blank page."""

from __future__ import annotations

import flet as ft

from views.context import AppContext
from views.widgets import empty_state, page_column


def _soon(ctx: AppContext, icon, which: str) -> ft.Control:
    text = getattr(ctx.content.messages.coming_soon, which)
    return page_column([empty_state(icon, ctx.words(f"soon.{which}"), text)])


def pair(ctx: AppContext) -> ft.Control:
    from views import learn

    view = _soon(ctx, ft.Icons.PEOPLE_OUTLINE, "pair")
    view.controls.append(ft.Row([learn.entry_button(ctx, "learn.pair_button")], alignment=ft.MainAxisAlignment.CENTER))
    return view
