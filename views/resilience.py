"""The weekly resilience reflection: six short prompts, one at a time.

Each step shows its title, the prompt, why it is asked and a hint; every step
can be skipped (Skip leaves that answer as it was when the reflection was
opened: empty, or what was saved before). Saved privately: `shared` is never
changed here. Opening it again in the same week edits that week's
reflection. `ctx.state["reflection_week"]` may name another week (any day in
it); default this week.

What has been written so far (and the step) is kept in
`ctx.state["reflection.draft"]`, so "Need support?" and back loses nothing.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.checkins import week_start
from app.models import NOTE_MAX, ResilienceCheckin
from views.checkin import date_long, title_medium
from views.context import AppContext
from views.widgets import GAP, TOUCH, ScaleChoice, draft_kept_notice, subtle

WEEK_KEY = "reflection_week"
DRAFT_KEY = "reflection.draft"
FLOW_KEY = "reflection.flow"
SCALE_STEP = "bounce_back"


def _answers(record: ResilienceCheckin | None, keys: list[str]) -> dict:
    return {k: (getattr(record, k) if record is not None else (None if k == SCALE_STEP else "")) for k in keys}


class ReflectionFlow:
    def __init__(self, ctx: AppContext, week: dt.date):
        self.ctx = ctx
        self.week = week_start(week)
        self.text = ctx.content.resilience
        self.keys = list(self.text.prompts)
        self.existing = ctx.trellis.checkins.reflection_for_week(self.week)
        self.saved = _answers(self.existing, self.keys)
        draft = ctx.state.get(DRAFT_KEY)
        self.kept_draft = (
            bool(draft) and draft.get("week") == self.week
            and any((draft["answers"].get(k) or None) != (self.saved[k] or None) for k in self.keys)
        )
        if not self.kept_draft:
            draft = {"week": self.week, "step": 0, "answers": dict(self.saved)}
        ctx.state[DRAFT_KEY] = draft
        self.draft = draft
        self.answers: dict = draft["answers"]

        self.step_view = ft.Column(spacing=GAP, scroll=ft.ScrollMode.AUTO, expand=True,
                                   horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.nav = ft.Row(spacing=8)
        self.control = ft.Column(
            [self.step_view, ft.Container(self.nav, padding=ft.Padding.only(top=8, bottom=8))],
            spacing=0,
            expand=True,
        )
        self.field: ft.TextField | None = None
        self.scale: ScaleChoice | None = None
        self.show()

    @property
    def step(self) -> int:
        return self.draft["step"]

    @property
    def key(self) -> str:
        return self.keys[self.step]

    # ---- drawing -------------------------------------------------------------
    def show(self) -> None:
        ctx, prompt = self.ctx, self.text.prompts[self.key]
        total = len(self.keys)
        items: list[ft.Control] = []
        if self.step == 0:
            if self.existing is not None or self.week != week_start(ctx.trellis.today()):
                items.append(title_medium(ctx.words("checkins.reflection_for_week", date=date_long(ctx, self.week))))
            items.append(subtle(self.text.intro))
            items.append(
                ft.Row([ft.Icon(ft.Icons.LOCK_OUTLINE, size=18, color=ft.Colors.PRIMARY),
                        subtle(ctx.words("checkins.private"))], spacing=8)
            )
            if self.kept_draft:
                items.append(draft_kept_notice(ctx, self.start_over))
        items.append(
            ft.Column(
                [
                    ft.Text(ctx.words("checkins.step", number=self.step + 1, total=total),
                            theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.PRIMARY),
                    ft.ProgressBar(value=(self.step + 1) / total, border_radius=4,
                                   semantics_label=ctx.words("checkins.step", number=self.step + 1, total=total)),
                ],
                spacing=8,
            )
        )
        items.append(ft.Text(prompt.title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600))
        self.field, self.scale = None, None
        if self.key == SCALE_STEP:
            self.scale = ScaleChoice(prompt.prompt, prompt.why, prompt.labels, self.answers[self.key],
                                     on_change=self._remember_scale)
            items.append(self.scale.control)
            items.append(subtle(prompt.hint))
        else:
            items.append(ft.Text(prompt.prompt, theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
            items.append(subtle(prompt.why))
            self.field = ft.TextField(
                label=ctx.words("checkins.answer_label"),
                hint_text=prompt.hint,
                value=self.answers[self.key] or "",
                multiline=True,
                min_lines=3,
                max_lines=10,
                max_length=NOTE_MAX,
                counter="",
                on_change=self._remember_text,
                expand=True,
            )
            items.append(ft.Row([self.field]))
        self.step_view.controls = items

        last = self.step == total - 1
        nav: list[ft.Control] = []
        if self.step > 0:
            nav.append(ft.OutlinedButton(ctx.words("checkins.previous"), icon=ft.Icons.ARROW_BACK, on_click=self.previous,
                                         height=TOUCH))
        nav.append(ft.Container(expand=True))
        if not last:
            nav.append(ft.TextButton(ctx.words("checkins.skip"), on_click=self.skip, height=TOUCH))
            nav.append(ft.FilledButton(ctx.words("checkins.next"), icon=ft.Icons.ARROW_FORWARD, on_click=self.next,
                                       height=TOUCH))
        else:
            nav.append(ft.FilledButton(ctx.words("checkins.save_reflection"), icon=ft.Icons.CHECK, on_click=self.save,
                                       height=TOUCH))
        self.nav.controls = nav

    # ---- taps ----------------------------------------------------------------
    def _remember_scale(self, value: int | None) -> None:
        self.answers[SCALE_STEP] = value

    def _remember_text(self, e=None) -> None:
        if self.field is not None:
            self.answers[self.key] = self.field.value or ""

    def _go(self, step: int) -> None:
        self._remember_text()
        self.draft["step"] = max(0, min(step, len(self.keys) - 1))
        self.show()

    def next(self, e=None) -> None:
        self._go(self.step + 1)

    def previous(self, e=None) -> None:
        self._go(self.step - 1)

    def skip(self, e=None) -> None:
        self.answers[self.key] = self.saved[self.key]
        self.draft["step"] = min(self.step + 1, len(self.keys) - 1)
        self.show()

    def start_over(self, e=None) -> None:
        self.ctx.state.pop(DRAFT_KEY, None)
        self.ctx.refresh()

    def save(self, e=None) -> None:
        self._remember_text()
        ctx = self.ctx
        answers = {k: (v.strip() if isinstance(v, str) else v) for k, v in self.answers.items()}
        # The answers on screen, applied to the week's reflection as it is stored now.
        result = ctx.attempt(lambda: ctx.trellis.checkins.answer_resilience(self.week, answers))
        if result is None:
            return
        _, events = result
        ctx.state.pop(DRAFT_KEY, None)
        ctx.state.pop(WEEK_KEY, None)
        achievements = ctx.attempt(lambda: ctx.trellis.celebrate(events)) or []
        ctx.toast(ctx.words("checkins.reflection_updated") if self.existing is not None else self.text.thanks)
        ctx.back()
        # Last, so the celebration is shown over the toast and the screen it returns to.
        ctx.celebrate(achievements)


def build(ctx: AppContext) -> ft.Control:
    today = ctx.trellis.today()
    week = ctx.state.get(WEEK_KEY) or today
    if not isinstance(week, dt.date) or week > today:
        week = today
    flow = ReflectionFlow(ctx, week)
    ctx.state[FLOW_KEY] = flow
    return flow.control
