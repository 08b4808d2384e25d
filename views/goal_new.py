"""Adding a goal: a short guided flow, one question per step.

Eight steps: what you want to achieve (the only one that is needed), how you
will know you got there, whether it is doable right now and what would make
it more doable, why it matters, by when (a date, or none), your strengths,
the support you would like, and whether to share it with your mentor (off
unless you turn it on). Every step but the first can be skipped; Back keeps
what was written. Saving creates the goal, celebrates what there is to
celebrate, and opens the new goal's page.

The answers so far live in `ctx.state["goals.new"]`, so a trip to "Need
support?" and back loses nothing; "Cancel" on the first step or a save drops
them.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.models import NOTE_MAX, TITLE_MAX, Goal
from views.context import AppContext, Screen
from views.goals import Hint, date_words, heading_node, share_text, text_node, too_long, wide
from views.widgets import GAP, TOUCH, card, page_column, subtle

DRAFT_KEY = "goals.new"
STEPS = ("title", "measure", "doable", "why", "by", "strengths", "support", "share")
# Text steps: (question, why it is asked, field label, hint); hints are optional.
TEXT_STEPS = {
    "title": ("q_title", "q_title_why", "title_label", "title_hint"),
    "measure": ("q_measure", "q_measure_why", "measure_label", "measure_hint"),
    "why": ("q_why", "q_why_why", "why_label", None),
    "strengths": ("q_strengths", "q_strengths_why", "strengths_label", "strengths_hint"),
    "support": ("q_support", "q_support_why", "support_label", None),
}
DOABLE_CHOICES = ("doable_yes", "doable_partly", "doable_not_yet")


def new_draft(title: str = "") -> dict:
    return {"step": 0, "title": title, "measure": "", "doable_choice": None, "doable": "", "why": "",
            "by": None, "strengths": "", "support": "", "shared": False}


def start(ctx: AppContext, title: str = "") -> None:
    """Open the flow afresh (an example goal may fill the first answer)."""
    ctx.state[DRAFT_KEY] = new_draft(title)
    ctx.open(Screen(ctx.words("goals.new_title"), build))


def picked_day(value) -> dt.date | None:
    """The day a DatePicker reports.

    Seen with Flet 1.0.5 in Chromium: the picker sends the picked day's local
    midnight converted to UTC (29 Nov picked in Auckland arrives as 28 Nov
    11:00 UTC; in Los Angeles as 29 Nov 08:00 UTC), and the browser's time
    zone is not known here. Adding 13 hours lands on the picked day for every
    zone from UTC-10 to UTC+13. A plain date or naive datetime is taken as is.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return (value.astimezone(dt.timezone.utc) + dt.timedelta(hours=13)).date()
        return value.date()
    return value


def _shown(day: dt.date) -> dt.datetime:
    # Noon UTC is the same calendar day in the browser for zones from UTC-12 to UTC+11.
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)


def date_picker(ctx: AppContext, value: dt.date | None, on_pick) -> ft.DatePicker:
    today = ctx.trellis.today()
    first = min(today, value) if value else today
    return ft.DatePicker(
        value=_shown(value or today),
        first_date=_shown(first - dt.timedelta(days=1)),
        last_date=_shown(dt.date(today.year + 30, 12, 31)),
        current_date=_shown(today),
        help_text=ctx.words("goals.date_help"),
        # Day before month, as the app writes dates ("30 Nov"), not the US "Nov 30".
        locale=ft.Locale("en", "GB"),
        on_change=lambda e: on_pick(picked_day(e.control.value)),
    )


class NewGoalFlow:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.draft: dict = ctx.state.setdefault(DRAFT_KEY, new_draft())
        self.field: ft.TextField | None = None
        self.hint = Hint()
        self.body = ft.Column(spacing=GAP, tight=True)
        self.control = page_column([self.body])
        self.render()

    # ---- what is on screen ------------------------------------------------------
    @property
    def step(self) -> int:
        return self.draft["step"]

    @property
    def name(self) -> str:
        return STEPS[self.step]

    def render(self) -> None:
        w = self.ctx.words
        number, total = self.step + 1, len(STEPS)
        self.field = None
        self.hint.show(None)
        question, inputs = self._question()
        self.body.controls = [
            ft.Column(
                [
                    subtle(w("goals.step_of", number=number, total=total)),
                    ft.ProgressBar(value=number / total, border_radius=4, height=6,
                                   bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST),
                ],
                spacing=8,
                tight=True,
            ),
            card(*question, *inputs, self.hint.control),
            self._buttons(),
        ]

    def _question(self) -> tuple[list[ft.Control], list[ft.Control]]:
        w, name = self.ctx.words, self.name
        keys = {
            "doable": ("q_doable", "q_doable_why"),
            "by": ("q_by", "q_by_why"),
            "share": ("q_share", None),
        }.get(name) or TEXT_STEPS[name][:2]
        question = [heading_node(ft.Text(w(f"goals.{keys[0]}"), theme_style=ft.TextThemeStyle.TITLE_LARGE,
                                         weight=ft.FontWeight.W_600))]
        if keys[1]:
            question.append(text_node(subtle(w(f"goals.{keys[1]}"))))
        if name in TEXT_STEPS:
            return question, [wide(self._text_field(name))]
        if name == "doable":
            return question, self._doable()
        if name == "by":
            return question, self._by()
        return question, self._share()

    def _text_field(self, name: str) -> ft.TextField:
        w = self.ctx.words
        _, _, label, hint = TEXT_STEPS[name]
        self.field = ft.TextField(
            label=w(f"goals.{label}"),
            hint_text=w(f"goals.{hint}") if hint else None,
            value=self.draft[name],
            multiline=name != "title",
            min_lines=1,
            max_lines=5,
            capitalization=ft.TextCapitalization.SENTENCES,
            shift_enter=True,  # Enter goes on; Shift+Enter starts a new line
            on_change=lambda e, name=name: self._typed(name, e.control.value),
            on_submit=lambda e: self.next(),
        )
        return self.field

    def _typed(self, name: str, value: str | None) -> None:
        # Only remember it: changing the layout while someone types (say, to
        # hide the hint) made Flutter's web text field drop what was typed
        # (seen in Chromium). The hint goes with the next press of Next.
        self.draft[name] = value or ""

    def _doable(self) -> list[ft.Control]:
        w = self.ctx.words

        def choose(e):
            key = e.control.data
            self.draft["doable_choice"] = key if e.control.selected else None
            for chip in chips:
                chip.selected = chip.data == self.draft["doable_choice"]

        chips = [
            ft.Chip(label=ft.Text(w(f"goals.{key}")), data=key, selected=self.draft["doable_choice"] == key,
                    show_checkmark=True, on_select=choose)
            for key in DOABLE_CHOICES
        ]
        self.field = ft.TextField(
            label=w("goals.doable_label"),
            hint_text=w("goals.doable_hint"),
            value=self.draft["doable"],
            multiline=True,
            min_lines=1,
            max_lines=5,
            capitalization=ft.TextCapitalization.SENTENCES,
            shift_enter=True,
            on_change=lambda e: self._typed("doable", e.control.value),
            on_submit=lambda e: self.next(),
        )
        return [ft.Row(chips, wrap=True, spacing=8, run_spacing=8), wide(self.field)]

    def _by(self) -> list[ft.Control]:
        w = self.ctx.words
        day: dt.date | None = self.draft["by"]
        shown = ft.Text(w("goals.by_date", date=date_words(self.ctx, day)) if day else w("goals.no_date"),
                        theme_style=ft.TextThemeStyle.BODY_LARGE)
        buttons: list[ft.Control] = [
            ft.OutlinedButton(w("goals.change_date" if day else "goals.pick_date"), icon=ft.Icons.CALENDAR_MONTH,
                              on_click=lambda e: self.pick_date(), height=TOUCH),
        ]
        if day:
            buttons.append(ft.TextButton(w("goals.clear_date"), icon=ft.Icons.EVENT_BUSY,
                                         on_click=lambda e: self.set_by(None), height=TOUCH))
        return [text_node(shown), ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)]

    def pick_date(self) -> None:
        self.ctx.page.show_dialog(date_picker(self.ctx, self.draft["by"], self.set_by))

    def set_by(self, day: dt.date | None) -> None:
        self.draft["by"] = day
        self.render()
        self.ctx.page.update()

    def _share(self) -> list[ft.Control]:
        w = self.ctx.words
        explain = subtle(share_text(self.ctx, self.draft["shared"]))

        def toggle(e):
            self.draft["shared"] = bool(e.control.value)
            explain.value = share_text(self.ctx, self.draft["shared"])

        switch = ft.Switch(label=w("goals.share_label"), value=self.draft["shared"], on_change=toggle)
        return [ft.Container(switch, height=TOUCH, alignment=ft.Alignment.CENTER_LEFT), text_node(explain)]

    def _buttons(self) -> ft.Control:
        w = self.ctx.words
        first, last = self.step == 0, self.step == len(STEPS) - 1
        back = ft.TextButton(w("goals.cancel" if first else "goals.back"), icon=None if first else ft.Icons.ARROW_BACK,
                             on_click=lambda e: self.back(), height=TOUCH)
        right: list[ft.Control] = []
        if not first and not last:
            right.append(ft.TextButton(w("goals.skip"), on_click=lambda e: self.skip(), height=TOUCH))
        if last:
            right.append(ft.FilledButton(w("goals.save"), icon=ft.Icons.CHECK, on_click=lambda e: self.save(),
                                         height=TOUCH))
        else:
            right.append(ft.FilledButton(w("goals.next"), icon=ft.Icons.ARROW_FORWARD, on_click=lambda e: self.next(),
                                         height=TOUCH))
        return ft.Row([back, ft.Row(right, spacing=8)], alignment=ft.MainAxisAlignment.SPACE_BETWEEN)

    # ---- moving through the steps -------------------------------------------------
    def problem(self) -> str | None:
        """What keeps this step's answer from being saved, in words; None if nothing."""
        name = self.name
        if name == "title":
            if not self.draft["title"].strip():
                return self.ctx.words("goals.title_needed")
            return too_long(self.ctx, self.draft["title"], TITLE_MAX)
        if name in TEXT_STEPS or name == "doable":
            return too_long(self.ctx, self.draft[name], NOTE_MAX)
        return None

    def next(self) -> None:
        problem = self.problem()
        if problem:
            self.hint.show(problem)
            self.ctx.page.update()
            return
        if self.step == len(STEPS) - 1:
            self.save()
            return
        self.draft["step"] += 1
        self.render()
        self.ctx.page.update()

    def skip(self) -> None:
        """Not answering this one: whatever was written for it is left out."""
        name = self.name
        if name == "doable":
            self.draft["doable_choice"] = None
            self.draft["doable"] = ""
        elif name == "by":
            self.draft["by"] = None
        elif name in TEXT_STEPS and name != "title":
            self.draft[name] = ""
        self.draft["step"] = min(self.step + 1, len(STEPS) - 1)
        self.render()
        self.ctx.page.update()

    def back(self) -> None:
        if self.step == 0:
            self.ctx.state.pop(DRAFT_KEY, None)
            self.ctx.back()
            return
        self.draft["step"] -= 1
        self.render()
        self.ctx.page.update()

    # ---- saving ---------------------------------------------------------------------
    def doable_text(self) -> str:
        w, d = self.ctx.words, self.draft
        choice = w(f"goals.{d['doable_choice']}") if d["doable_choice"] else ""
        text = d["doable"].strip()
        if choice and text:
            return w("goals.doable_joined", choice=choice, text=text)
        return choice or text

    def goal(self) -> Goal:
        d = self.draft
        return Goal(
            title=d["title"], measure=d["measure"], doable=self.doable_text(), why=d["why"], by=d["by"],
            strengths=d["strengths"], support=d["support"], shared=d["shared"],
        )

    def save(self) -> Goal | None:
        ctx = self.ctx
        result = ctx.attempt(lambda: ctx.trellis.goals.save_goal(self.goal()))
        if result is None:
            return None
        saved, events = result
        ctx.state.pop(DRAFT_KEY, None)
        from views.goal_page import open_goal  # here: goal_page imports this module

        ctx.go("goals")
        open_goal(ctx, saved.id)
        wins = ctx.attempt(lambda: ctx.trellis.celebrate(events)) or []
        ctx.celebrate(wins)
        return saved


def build(ctx: AppContext) -> ft.Control:
    return NewGoalFlow(ctx).control
