"""The mentee's side of comments: notes and encouragement the other person
left on my shared items, shown where the item is (a goal's page, a win),
each with "Hide" (hidden on my screens only; the service keeps the choice on
this device)."""

from __future__ import annotations

from typing import Callable, Iterable

import flet as ft

from views.context import AppContext
from views.pair_common import day_words, pcard, attempt_ok, name_of, pairs, service
from views.widgets import TOUCH, subtle


def comments_on(ctx: AppContext, target_ids: Iterable[str]) -> list[tuple[object, str]]:
    """(comment, the writer's name) for comments from the other side on these items, oldest first."""
    wanted = set(target_ids)
    me = ctx.trellis.store.person
    out = []
    for info in pairs(ctx):
        try:
            view = service(ctx).view(info.id)
        except Exception:  # a pair that cannot be read now shows nothing here; its card says why
            continue
        for c in getattr(view, "comments", []):
            if c.target_id in wanted and c.owner != me:
                out.append((c, name_of(ctx, info)))
    return sorted(out, key=lambda pair: (pair[0].day, pair[0].updated))


def hide(ctx: AppContext, comment_id: str, then: Callable[[], None]) -> bool:
    if attempt_ok(ctx, lambda: service(ctx).hide_comment(comment_id)):
        ctx.toast(ctx.words("pair.hidden_toast"))
        then()
        return True
    return False


def comment_row(ctx: AppContext, comment, name: str, then: Callable[[], None]) -> ft.Control:
    w = ctx.words
    head = w("pair.encouragement_from" if comment.encouragement else "pair.comment_from", name=name)
    icon = ft.Icons.VOLUNTEER_ACTIVISM_OUTLINED if comment.encouragement else ft.Icons.CHAT_BUBBLE_OUTLINE
    return ft.Row(
        [
            ft.Icon(icon, color=ft.Colors.PRIMARY, size=20),
            ft.Container(ft.Semantics(content=ft.Column([subtle(f"{head} · {day_words(ctx, comment.day)}"),
                                                         ft.Text(comment.text)], spacing=2, tight=True),
                                      container=True), expand=True),
            ft.TextButton(w("pair.hide"), icon=ft.Icons.VISIBILITY_OFF_OUTLINED, height=TOUCH, data=comment.id,
                          tooltip=w("pair.hide_label"), on_click=lambda e: hide(ctx, comment.id, then)),
        ],
        spacing=8,
        vertical_alignment=ft.CrossAxisAlignment.START,
        data=comment.id,
    )


def section(ctx: AppContext, target_ids: Iterable[str], then: Callable[[], None]) -> ft.Control | None:
    """A card of the other side's notes on these items, or None when there are none."""
    found = comments_on(ctx, target_ids)
    if not found:
        return None
    names = sorted({name for _, name in found})
    title = ft.Semantics(content=ft.Text(ctx.words("pair.comments_title", name=" & ".join(names)),
                                         theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
                         header=True, container=True)
    return pcard(title, *[comment_row(ctx, c, name, then) for c, name in found])
