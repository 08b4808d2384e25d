"""First run: a name and a role, both optional, both changeable later."""

from __future__ import annotations

import flet as ft

from views.context import AppContext
from views.widgets import GAP, heading, page_column, primary, subtle


def build(ctx: AppContext) -> ft.Control:
    profile = ctx.trellis.people.profile()
    name = ft.TextField(
        label=ctx.words("onboarding.name_label"),
        hint_text=ctx.words("onboarding.name_hint"),
        value=profile.name,
        max_length=80,
        autofocus=True,
    )
    role = ft.RadioGroup(
        value=profile.role,
        content=ft.Column(
            [
                ft.Radio(value="mentee", label=ctx.words("onboarding.role_mentee")),
                ft.Radio(value="mentor", label=ctx.words("onboarding.role_mentor")),
            ],
            spacing=0,
        ),
    )

    def finish(save_answers: bool) -> None:
        def work():
            if save_answers:
                ctx.trellis.people.save_profile(name.value or "", role.value or None)
            ctx.trellis.people.save_settings(onboarded=True)
            return True

        if ctx.attempt(work):
            ctx.go("today")

    return page_column(
        [
            heading(ctx.words("onboarding.hello")),
            ft.Text(ctx.words("onboarding.intro")),
            ft.Container(height=GAP),
            name,
            ft.Text(ctx.words("onboarding.role_question"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            role,
            subtle(ctx.words("onboarding.role_why")),
            ft.Container(height=GAP),
            primary(ctx.words("onboarding.start"), lambda e: finish(True), icon=ft.Icons.ARROW_FORWARD),
            ft.TextButton(ctx.words("onboarding.skip"), on_click=lambda e: finish(False)),
        ],
        stretch=True,
    )
