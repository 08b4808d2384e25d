"""The other person's shared goals (the mentor's side): each goal with its
steps and progress, their shared wins, a comment or encouragement on any of
them, and Celebrate on a step that is done. Only what was shared is here:
nothing hints that anything else exists. One pair at a time, never mixed.
"""

from __future__ import annotations

import flet as ft

from app.models import Comment
from views import learn
from views.context import AppContext
from views.pair_common import day_words, nodes, pcard, attempt, current, name_of, section_title, service
from views.widgets import GAP, TOUCH, page_column, subtle

VIEW_KEY = "pair.theirs_view"
COMMENT_MAX = 2000


class TheirsView:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.info = current(ctx)
        self.name = name_of(ctx, self.info)
        self.body = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        # The feedback card, once, before a mentor's first comment.
        self.control = page_column(nodes([subtle(ctx.words("pair.theirs_intro", name=self.name)),
                                          learn.suggestion(ctx, "before_first_comment"), self.body,
                                    ft.Container(height=8)]), stretch=True)
        self.redraw()

    def my_comments(self, target_id: str) -> list[Comment]:
        me = self.ctx.trellis.store.person
        return [c for c in self.ctx.trellis.store.list(Comment) if c.target_id == target_id and c.owner == me]

    def redraw(self) -> None:
        w = self.ctx.words
        view = attempt(self.ctx, lambda: service(self.ctx).view(self.info.id))
        self.body.controls = []
        goals = list(getattr(view, "goals", []) or [])
        wins = list(getattr(view, "wins", []) or [])
        if not goals and not wins:
            self.body.controls.append(pcard(ft.Text(w("pair.theirs_empty", name=self.name))))
            return
        for shared in goals:
            self.body.controls.append(self.goal_card(shared, view))
        if wins:
            rows: list[ft.Control] = [section_title(w("pair.wins_title", name=self.name))]
            for win in wins:
                rows.append(self.item_row(win.id, win.title or w("celebrate.default_title"),
                                          subtle(day_words(self.ctx, win.day)), view))
            self.body.controls.append(pcard(*rows))

    def notes_for(self, target_id: str, view) -> list[ft.Control]:
        """Notes already written on an item, mine and theirs, oldest first."""
        w = self.ctx.words
        theirs = [c for c in getattr(view, "comments", []) if c.target_id == target_id]
        out = []
        for c in sorted([*theirs, *self.my_comments(target_id)], key=lambda c: (c.day, c.updated)):
            who = w("pair.you_wrote") if c.owner == self.ctx.trellis.store.person else self.name
            out.append(ft.Container(
                ft.Column([subtle(f"{who} · {day_words(self.ctx, c.day)}"), ft.Text(c.text)], spacing=2, tight=True),
                padding=ft.Padding.only(left=12), border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.PRIMARY_CONTAINER)),
            ))
        return out

    def buttons(self, target_id: str, title: str, done_step: bool = False) -> ft.Row:
        w = self.ctx.words
        items = [
            ft.TextButton(w("pair.comment"), icon=ft.Icons.CHAT_BUBBLE_OUTLINE, height=TOUCH, data=target_id,
                          tooltip=f"{w('pair.comment')}: {title}",
                          on_click=lambda e: self.ask_comment(target_id, title, False)),
        ]
        if not done_step:  # a done step gets Celebrate instead: one warm action, not two
            items.append(ft.TextButton(w("pair.encourage"), icon=ft.Icons.VOLUNTEER_ACTIVISM_OUTLINED, height=TOUCH,
                                       data=target_id, tooltip=f"{w('pair.encourage')}: {title}",
                                       on_click=lambda e: self.ask_comment(target_id, title, True)))
        if done_step:
            items.append(ft.TextButton(w("pair.celebrate_step"), icon=ft.Icons.CELEBRATION_OUTLINED, height=TOUCH,
                                       data=target_id, tooltip=f"{w('pair.celebrate_step')}: {title}",
                                       on_click=lambda e: self.ask_comment(target_id, title, True,
                                                                           w("pair.celebrate_text"))))
        return ft.Row(items, wrap=True, spacing=0, run_spacing=0)

    def item_row(self, target_id: str, title: str, detail: ft.Control | None, view, done_step=False) -> ft.Control:
        lines: list[ft.Control] = [ft.Text(title, theme_style=ft.TextThemeStyle.BODY_LARGE)]
        if detail is not None:
            lines.append(detail)
        lines += self.notes_for(target_id, view)
        lines.append(self.buttons(target_id, title, done_step))
        return ft.Column(nodes(lines), spacing=4, tight=True, data=target_id)

    def goal_card(self, shared, view) -> ft.Control:
        w = self.ctx.words
        goal, steps = shared.goal, list(shared.steps)
        done = sum(1 for s in steps if s.done)
        progress = w("pair.goal_progress", done=done, total=len(steps)) if steps else w("pair.goal_no_steps")
        head = [
            ft.Text(goal.title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
            subtle(f"{w('pair.status_' + goal.status)} · {progress}"),
        ]
        if steps:
            head.append(ft.ProgressBar(value=done / len(steps), bar_height=6, border_radius=3,
                                       semantics_label=progress))
        for name in ("why", "support"):
            value = getattr(goal, name, "")
            if value:
                head.append(ft.Text(value))
        rows: list[ft.Control] = [*head, *self.notes_for(goal.id, view), self.buttons(goal.id, goal.title)]
        for step in steps:
            icon = ft.Icon(ft.Icons.CHECK_CIRCLE if step.done else ft.Icons.RADIO_BUTTON_UNCHECKED,
                           color=ft.Colors.PRIMARY, size=20)
            detail = subtle(day_words(self.ctx, step.done_on)) if step.done and step.done_on else None
            rows.append(ft.Row([icon, ft.Container(self.item_row(step.id, step.title, detail, view, step.done),
                                                    expand=True)],
                               vertical_alignment=ft.CrossAxisAlignment.START, spacing=8))
        item = pcard(*rows)
        item.data = goal.id
        return item

    # ---- writing a note --------------------------------------------------------
    def ask_comment(self, target_id: str, title: str, encourage: bool, text: str = "") -> ft.AlertDialog:
        w = self.ctx.words
        field = ft.TextField(label=w("pair.comment_label"), value=text, multiline=True, min_lines=2, max_lines=6,
                             max_length=COMMENT_MAX, autofocus=True, capitalization=ft.TextCapitalization.SENTENCES)
        kind = ft.Switch(label=w("pair.comment_encourage"), value=encourage)
        hint = ft.Text("", color=ft.Colors.ERROR, visible=False)

        def send(e) -> None:
            words = (field.value or "").strip()
            if not words:
                hint.value, hint.visible = w("pair.comment_needed"), True
                self.ctx.page.update()
                return
            saved = attempt(self.ctx, lambda: service(self.ctx).comment(target_id, words, encourage=bool(kind.value),
                                                                        pair_id=self.info.id))
            if saved is None:
                return  # the dialog stays open with the words kept
            self.ctx.page.pop_dialog()
            self.ctx.toast(w("pair.comment_sent", name=self.name))
            self.redraw()
            self.ctx.page.update()

        dialog = ft.AlertDialog(
            modal=True,
            scrollable=True,
            title=ft.Text(w("pair.comment_title", name=self.name)),
            content=ft.Column([subtle(title), field, kind, hint], spacing=GAP, tight=True, width=380),
            actions=[ft.TextButton(w("pair.comment_cancel"), on_click=lambda e: self.ctx.page.pop_dialog(), height=TOUCH),
                     ft.FilledButton(w("pair.comment_send"), icon=ft.Icons.SEND, on_click=send, height=TOUCH)],
            actions_alignment=ft.MainAxisAlignment.END,
            data=target_id,
        )
        self.dialog = dialog
        self.ctx.page.show_dialog(dialog)
        return dialog


def build(ctx: AppContext) -> ft.Control:
    if current(ctx) is None:
        from views import pair

        return pair.build(ctx)
    view = TheirsView(ctx)
    ctx.state[VIEW_KEY] = view
    return view.control
