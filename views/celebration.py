"""Celebrations, in two sizes.

Small wins (a first check-in, check-in counts, a first reflection, a first
goal, coming back) are a brief inline moment: a card at the top of the screen
the person lands on, shown once, never a dialog and never under a snackbar.
The full moment (a dialog with a gentle animation, none when reduced motion
is on) is kept for steps done and goals reached, one at a time, and the
person can turn it off (then those become inline moments too); the choice
is kept on this device (app/drafts.py).

The share switch says what sharing means, and until a pair exists it is off
and says sharing becomes possible when a pair is set up.
"""

from __future__ import annotations

import flet as ft

from app.drafts import Drafts
from app.models import Achievement
from app.sharing import pair_exists
from views.context import AppContext
from views.widgets import TOUCH

FULL_RULES = frozenset({"milestone_done", "goal_achieved"})
INLINE_KEY = "celebrate.inline"  # ctx.state: small wins waiting for the next screen
FULL_PREF = "full_celebrations"  # drafts.json: False turns the full moments off


def full_moments_on(ctx: AppContext) -> bool:
    return Drafts.beside(ctx.trellis).get(FULL_PREF, True) is not False


def set_full_moments(ctx: AppContext, on: bool) -> bool:
    try:
        Drafts.beside(ctx.trellis).put(FULL_PREF, bool(on))
        return True
    except OSError:
        return False


def share_words(ctx: AppContext, shared: bool, table: str = "celebrate") -> str:
    """What the share switch means, honestly: before any pair, that there is no one yet."""
    if not pair_exists(ctx.trellis):
        return ctx.words("celebrate.share_no_pair")
    return ctx.words(f"{table}.share_on" if shared else f"{table}.share_off")


def share_switch(ctx: AppContext, win: Achievement) -> tuple[ft.Switch, ft.Text]:
    paired = pair_exists(ctx.trellis)
    explain = ft.Text(share_words(ctx, win.shared), theme_style=ft.TextThemeStyle.BODY_SMALL,
                      color=ft.Colors.ON_SURFACE_VARIANT)
    # Without a pair there is no one to share with: off and still. A win already
    # marked shared (from the command line, say) keeps its switch, so consent can be withdrawn.
    switch = ft.Switch(label=ctx.words("celebrate.share_label"), value=win.shared, disabled=not paired and not win.shared)

    def changed(e):
        explain.value = share_words(ctx, bool(switch.value))

    switch.on_change = changed
    return switch, explain


def inline_moment(ctx: AppContext) -> ft.Control | None:
    """The small wins waiting to be seen, as one quiet card; None when there are none.
    Shown once: the next time the screen is built it is gone."""
    wins: list[Achievement] = ctx.state.pop(INLINE_KEY, [])
    if not wins:
        return None
    still = ctx.reduced_motion
    lines: list[ft.Control] = []
    for win in wins[-3:]:  # a few at most; Wins holds them all
        lines.append(ft.Text(win.title or ctx.words("celebrate.default_title"),
                             theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600))
        lines.append(ft.Text(win.message, theme_style=ft.TextThemeStyle.BODY_MEDIUM))
    box = ft.Container(
        ft.Row(
            [
                ft.Icon(ft.Icons.AUTO_AWESOME_OUTLINED, color=ft.Colors.PRIMARY),
                ft.Column(lines, spacing=2, tight=True, expand=True),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=16, vertical=12),
        opacity=1.0,
        animate_opacity=None if still else ft.Animation(400, ft.AnimationCurve.EASE_OUT),
        data=[w.key for w in wins],
    )

    def close(e=None):
        box.visible = False
        box.update()

    box.content.controls.append(
        ft.IconButton(ft.Icons.CLOSE, tooltip=ctx.words("celebrate.inline_close"), on_click=close,
                      width=TOUCH, height=TOUCH))
    return box


class CelebrationQueue:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.waiting: list[Achievement] = []
        self.showing = False

    def add(self, achievements: list[Achievement]) -> None:
        if not achievements:
            return
        full = full_moments_on(self.ctx)
        small = [w for w in achievements if not (full and w.rule in FULL_RULES)]
        self.waiting.extend(w for w in achievements if full and w.rule in FULL_RULES)
        if small:
            self.ctx.state[INLINE_KEY] = [*self.ctx.state.get(INLINE_KEY, []), *small]
            self.ctx.refresh()  # the screen the person is on shows them at its top
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
        share, explain = share_switch(ctx, win)

        def close(e):
            text = (feeling.value or "").strip()
            shared = bool(share.value) if not share.disabled else win.shared
            if text != win.feeling or shared != win.shared:
                ctx.attempt(lambda: ctx.trellis.note_win(win, text, shared))
            dialog.open = False  # close this dialog, not whichever was shown last
            ctx.page.update()
            self._next()
            ctx.page.update()

        dialog = ft.AlertDialog(
            modal=True,
            semantics_label=win.title or ctx.words("celebrate.default_title"),  # heard instead of "Alert"
            title=ft.Text(win.title or ctx.words("celebrate.default_title"), text_align=ft.TextAlign.CENTER),
            content=ft.Column([icon, ft.Text(win.message), feeling, share, explain,
                               ft.Text(ctx.words("celebrate.full_off_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL,
                                       color=ft.Colors.ON_SURFACE_VARIANT)],
                              tight=True, spacing=12),
            actions=[ft.FilledButton(ctx.words("celebrate.close"), on_click=close)],
        )
        dialog.data = close
        ctx.page.show_dialog(dialog)
        if not still:
            icon.scale = 1.0
            try:
                icon.update()
            except Exception:  # not on a page (a test without a client)
                pass


def while_building(ctx: AppContext, achievements: list[Achievement]) -> None:
    """Wins earned while a screen is being built (a sync on showing the Pair tab):
    the small ones wait for that screen's with_moment, without the redraw
    CelebrationQueue.add asks for, which would draw the screen inside itself
    and lose them; full moments are shown as usual."""
    full = full_moments_on(ctx)
    small = [w for w in achievements if not (full and w.rule in FULL_RULES)]
    if small:
        ctx.state[INLINE_KEY] = [*ctx.state.get(INLINE_KEY, []), *small]
    big = [w for w in achievements if w not in small]
    if big:
        ctx.celebrate(big)


def with_moment(ctx: AppContext, control: ft.Control) -> ft.Control:
    """A screen with the waiting small wins above it (the screen as it is when there are none)."""
    moment = inline_moment(ctx)
    if moment is None:
        return control
    if not getattr(control, "expand", None):
        control.expand = True
    return ft.Column([moment, control], spacing=12, expand=True)
