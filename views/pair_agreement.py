"""Our agreement: the text, its version, who agreed to it; Edit (either
side), "I agree to this version", and taking one's agreement back. An edit
after agreeing asks both again (app/agreement.py)."""

from __future__ import annotations

import flet as ft

from app.agreement import AgreementError, for_pair
from app.models import NOTE_MAX
from views.context import AppContext
from views.pair_common import day_words, nodes, pcard, PROBLEMS, current, name_of
from views.widgets import GAP, TOUCH, page_column, primary, secondary, subtle

VIEW_KEY = "pair.agreement_view"


class AgreementView:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.info = current(ctx)
        self.name = name_of(ctx, self.info)
        self.svc = for_pair(ctx.trellis, self.info.id)
        self.editing = False
        self.editor = ft.TextField(label=ctx.words("pair.agreement_label"), multiline=True, min_lines=8,
                                   max_lines=30, max_length=NOTE_MAX)
        self.body = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.control = page_column(nodes([subtle(ctx.words("pair.agreement_intro")), self.body, ft.Container(height=8)]),
                                   stretch=True)
        self.redraw()

    def redraw(self) -> None:
        w = self.ctx.words
        state = self.svc.state()
        self.state = state
        status: list[ft.Control] = [
            ft.Text(w("pair.version", version=state.version), theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.PRIMARY),
            self._line(state.i_agreed_on is not None,
                       w("pair.you_agreed", date=day_words(self.ctx, state.i_agreed_on)) if state.i_agreed_on
                       else w("pair.you_not_agreed")),
            self._line(state.they_agreed_on is not None,
                       w("pair.they_agreed", name=self.name, date=day_words(self.ctx, state.they_agreed_on))
                       if state.they_agreed_on else w("pair.they_not_agreed", name=self.name)),
        ]
        if state.both_agreed:
            status.append(ft.Text(w("pair.both_agreed"), weight=ft.FontWeight.W_600))
        if state.from_template:
            status.append(subtle(w("pair.suggested")))
        if self.editing:
            text_block = pcard(self.editor, ft.Row([
                ft.TextButton(w("pair.cancel"), on_click=lambda e: self.cancel(), height=TOUCH),
                ft.FilledButton(w("pair.save_agreement"), icon=ft.Icons.CHECK, on_click=lambda e: self.save(),
                                height=TOUCH)], alignment=ft.MainAxisAlignment.END, wrap=True))
        else:
            paragraphs = [_paragraph(part) for part in state.text.split("\n\n") if part.strip()]
            text_block = pcard(*paragraphs)
        actions: list[ft.Control] = []
        if not self.editing:
            if state.i_agreed_on is None:
                actions.append(primary(w("pair.agree_button"), lambda e: self.agree(), icon=ft.Icons.HANDSHAKE_OUTLINED))
            actions.append(secondary(w("pair.edit_agreement"), lambda e: self.edit(), icon=ft.Icons.EDIT_OUTLINED))
            if state.i_agreed_on is not None:
                actions.append(ft.TextButton(w("pair.withdraw_agreement"), on_click=lambda e: self.withdraw(),
                                             height=TOUCH))
        self.body.controls = [pcard(*status), text_block, ft.Row(actions, wrap=True, spacing=8, run_spacing=8)]

    @staticmethod
    def _line(done: bool, text: str) -> ft.Control:
        return ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE if done else ft.Icons.RADIO_BUTTON_UNCHECKED, size=18,
                               color=ft.Colors.PRIMARY), ft.Text(text, expand=True)], spacing=8)

    def _run(self, action) -> bool:
        try:
            action()
            return True
        except (AgreementError, *PROBLEMS) as exc:
            self.ctx.toast(self.ctx.words("pair.problem", detail=str(exc)))
            return False

    def _show(self) -> None:
        self.redraw()
        self.ctx.page.update()

    def edit(self) -> None:
        self.editing = True
        self.editor.value = self.state.text
        self._show()

    def cancel(self) -> None:
        self.editing = False
        self._show()

    def save(self) -> None:
        if self._run(lambda: self.svc.edit(self.editor.value or "")):
            self.editing = False
            self.ctx.toast(self.ctx.words("pair.agreement_saved"))
        self._show()

    def agree(self) -> None:
        if self._run(lambda: self.svc.agree(self.state.version)):
            self.ctx.toast(self.ctx.words("pair.agreed_toast"))
        self._show()

    def withdraw(self) -> None:
        self._run(self.svc.withdraw)
        self._show()


def _paragraph(part: str) -> ft.Control:
    """A section of the agreement: its first line as a heading when more lines follow."""
    lines = part.strip().split("\n")
    if len(lines) == 1:
        return ft.Text(lines[0])
    return ft.Column([ft.Text(lines[0], weight=ft.FontWeight.W_600), ft.Text("\n".join(lines[1:]))], spacing=2,
                     tight=True)


def build(ctx: AppContext) -> ft.Control:
    if current(ctx) is None:
        from views import pair

        return pair.build(ctx)
    view = AgreementView(ctx)
    ctx.state[VIEW_KEY] = view
    return view.control
