"""The celebration moment: one achievement at a time, never stacked.

A short, gentle animation (none when reduced motion is on), the message that
names what the person did, a place to add how it feels, and a share toggle
that starts off.
"""

from __future__ import annotations

import flet as ft

from app.models import Achievement
from views.context import AppContext


class CelebrationQueue:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.waiting: list[Achievement] = []
        self.showing = False

    def add(self, achievements: list[Achievement]) -> None:
        self.waiting.extend(achievements)
        if not self.showing:
            self._next()

    def _next(self) -> None:
        if not self.waiting:
            self.showing = False
            return
        self.showing = True
        win = self.waiting.pop(0)
        ctx = self.ctx
        still = ctx.reduced_motion
        icon = ft.Container(
            ft.Icon(ft.Icons.EMOJI_EVENTS, size=56, color=ft.Colors.PRIMARY),
            scale=1.0 if still else 0.6,
            animate_scale=None if still else ft.Animation(450, ft.AnimationCurve.EASE_OUT_BACK),
            alignment=ft.Alignment.CENTER,
        )
        feeling = ft.TextField(label=ctx.words("celebrate.feeling_label"), multiline=True, max_length=500, min_lines=1)
        share = ft.Switch(label=ctx.words("celebrate.share_label"), value=win.shared)

        def close(e):
            text = (feeling.value or "").strip()
            if text != win.feeling or bool(share.value) != win.shared:
                ctx.attempt(lambda: ctx.trellis.note_win(win, text, bool(share.value)))
            dialog.open = False  # close this dialog, not whichever was shown last
            ctx.page.update()
            self._next()
            ctx.page.update()

        dialog = ft.AlertDialog(
            modal=True,
            semantics_label=win.title or ctx.words("celebrate.default_title"),  # heard instead of "Alert"
            title=ft.Text(win.title or ctx.words("celebrate.default_title"), text_align=ft.TextAlign.CENTER),
            content=ft.Column([icon, ft.Text(win.message), feeling, share], tight=True, spacing=12),
            actions=[ft.FilledButton(ctx.words("celebrate.close"), on_click=close)],
        )
        ctx.page.show_dialog(dialog)
        if not still:
            icon.scale = 1.0
            icon.update()
