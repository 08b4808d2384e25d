"""A goal's own page: where it is, its steps, the answers you gave, your
notes on it, whether it is shared, and what you want to do with it now.

- Steps (milestones): tick one to mark it done (a celebration follows the
  first time), untick it to undo; add one; edit or remove one; "Arrange"
  shows "Move up" and "Move down" buttons to change their order.
- Your answers: everything asked when the goal was added, editable in one
  dialog.
- Reflections: short dated notes, newest first.
- Sharing: a switch with a plain sentence saying what it means.
- Where this goal is: active, paused, achieved or let go. Letting go asks,
  if you like, what you learned; reaching it celebrates. None of these is
  shown as a failure, and none is red.
- Deleting asks first (the one red button) and leaves a tombstone, so a sync
  never brings it back; then you are back on the Goals tab.

The page updates its sections in place, so ticking a step does not scroll
you back to the top. The open goal is `ctx.state["goals.open"]`; the live
page is kept in `ctx.state["goals.page"]` for tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import flet as ft
from pydantic import ValidationError

from app.models import NOTE_MAX, TITLE_MAX, Goal, Milestone, plain_errors
from app.store import RecordNotFound
from views import celebration, learn, pair_comments, pair_common
from views.context import AppContext, Screen
from views.goal_new import date_picker
from views.goals import (Hint, date_words, share_text, heading_node, progress_ring, progress_words, section_heading,
                         status_words, text_node, too_long, too_long_words, wide)
from views.widgets import (GAP, TOUCH, card, confirm_dialog, empty_state, named, page_column, primary,
                           secondary, subtle)

OPEN_KEY = "goals.open"
PAGE_KEY = "goals.page"
ARRANGE_KEY = "goals.arrange"  # the goal whose steps show "Move up"/"Move down"
ANSWERS = ("measure", "doable", "why", "by", "strengths", "support")


def open_goal(ctx: AppContext, goal_id: str) -> None:
    ctx.state[OPEN_KEY] = goal_id
    ctx.state.pop(ARRANGE_KEY, None)
    ctx.open(Screen(ctx.words("goals.page_title"), build))


def _done(action: Callable[[], object]) -> Callable[[], bool]:
    """For ctx.attempt with a service call that returns nothing: True when it worked."""
    def run() -> bool:
        action()
        return True

    return run


class GoalPage:
    def __init__(self, ctx: AppContext, goal_id: str):
        self.ctx = ctx
        self.goal_id = goal_id
        w = ctx.words
        self.goal: Goal | None = None
        self.milestones: list[Milestone] = []
        # Fields that live as long as the page, so they keep focus and text across updates.
        # A hint under a field stays until the next try: hiding it while someone
        # types changed the layout, and Flutter's web text field then lost the text.
        self.step_hint = Hint()
        self.new_step = ft.TextField(
            label=w("goals.step_label"), hint_text=w("goals.step_hint"),
            capitalization=ft.TextCapitalization.SENTENCES, on_submit=lambda e: self.add_step(),
        )
        self.reflection_hint = Hint()
        self.new_reflection = ft.TextField(
            label=w("goals.reflection_label"), hint_text=w("goals.reflection_hint"), multiline=True, min_lines=1,
            max_lines=5, shift_enter=True, capitalization=ft.TextCapitalization.SENTENCES,
            on_submit=lambda e: self.add_reflection(),
        )
        self.header = ft.Container()
        self.steps = ft.Container()
        self.answers = ft.Container()
        self.reflections = ft.Container()
        self.share = ft.Container()
        self.comments = ft.Container(visible=False)  # notes from the other side of a pair
        self.status = ft.Container()
        self.suggestion = ft.Container()  # a Learn card for the moment (a goal let go)
        self.control = page_column(
            [
                self.header,
                self.share,  # at the top: who can see this goal is never a scroll away
                self.comments,
                self.steps,
                self.status,
                self.suggestion,
                self.answers,
                self.reflections,
                ft.Row([ft.TextButton(w("goals.delete"), icon=ft.Icons.DELETE_OUTLINE,
                                      on_click=lambda e: self.ask_delete(), height=TOUCH)]),
                ft.Container(height=GAP),
            ]
        )
        self.load()

    # ---- data -------------------------------------------------------------------
    @property
    def done_total(self) -> tuple[int, int]:
        return sum(m.done for m in self.milestones), len(self.milestones)

    @property
    def arranging(self) -> bool:
        return self.ctx.state.get(ARRANGE_KEY) == self.goal_id and len(self.milestones) > 1

    def load(self) -> None:
        goals = self.ctx.trellis.goals
        self.goal = goals.get(self.goal_id)
        self.milestones = goals.milestones(self.goal_id)
        self.notes = goals.reflections(self.goal_id)
        self.header.content = self._header()
        self.steps.content = self._steps()
        self.status.content = self._status()
        self.suggestion.content = learn.suggestion(self.ctx, "goal_let_go", goal=self.goal)
        self.answers.content = self._answers()
        self.reflections.content = self._reflections()
        self.share.content = self._share()
        self.comments.content = pair_comments.section(
            self.ctx, [self.goal_id, *(m.id for m in self.milestones)], self.reload)
        self.comments.visible = self.comments.content is not None

    def reload(self) -> None:
        try:
            self.load()
        except RecordNotFound:  # deleted elsewhere (another tab, a sync)
            self.ctx.refresh()
            return
        self.ctx.page.update()

    # ---- where it is ---------------------------------------------------------------
    def _header(self) -> ft.Control:
        g, (done, total) = self.goal, self.done_total
        pill = ft.Container(
            ft.Text(status_words(self.ctx, g.status), theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.ON_SECONDARY_CONTAINER),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=8,
            padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        )
        lines: list[ft.Control] = [
            heading_node(ft.Text(g.title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600)),
            ft.Row([pill], wrap=True),
            subtle(progress_words(self.ctx, done, total)),
        ]
        if g.by:
            lines.append(subtle(self.ctx.words("goals.by_date", date=date_words(self.ctx, g.by))))
        return card(
            ft.Row(
                [progress_ring(done, total, g.status, size=64), ft.Column(lines, spacing=6, tight=True, expand=True)],
                spacing=16,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )

    # ---- steps ------------------------------------------------------------------------
    def _steps(self) -> ft.Control:
        w = self.ctx.words
        top: list[ft.Control] = [ft.Container(section_heading(w("goals.steps_title")), expand=True)]
        if len(self.milestones) > 1:
            arranging = self.arranging
            top.append(
                ft.TextButton(
                    w("goals.arrange_done" if arranging else "goals.arrange"),
                    icon=ft.Icons.CHECK if arranging else ft.Icons.SWAP_VERT,
                    on_click=lambda e: self.toggle_arrange(),
                    height=TOUCH,
                )
            )
        items: list[ft.Control] = [ft.Row(top, vertical_alignment=ft.CrossAxisAlignment.CENTER)]
        if not self.milestones:
            items.append(text_node(subtle(w("goals.steps_empty"))))
        if self.arranging:
            items += [self._arrange_row(i, m) for i, m in enumerate(self.milestones)]
        else:
            items += [self._step_row(m) for m in self.milestones]
            items.append(
                ft.Column(
                    [wide(self.new_step), self.step_hint.control,
                     ft.Row([secondary(w("goals.add_step"), lambda e: self.add_step(), icon=ft.Icons.ADD)])],
                    spacing=8,
                    tight=True,
                )
            )
        return card(*items)

    def _step_row(self, m: Milestone) -> ft.Control:
        w = self.ctx.words
        box = ft.Checkbox(
            value=m.done,
            on_change=lambda e, mid=m.id: self.set_done(mid, bool(e.control.value)),
            data=m.id,
        )

        # A checkbox's own label stays on one line and runs under Edit: the
        # title is a Text beside the box instead, so it wraps, merged with the
        # box into one checkbox named by the title. Flutter draws the box 40 px
        # high in a browser; 4 px around it make the target 48 px.
        target = ft.Container(
            ft.MergeSemantics(ft.Container(ft.Row([box, ft.Container(ft.Text(m.title), expand=True)], spacing=4),
                                           padding=ft.Padding.symmetric(vertical=4))),
            expand=True,
        )
        lines: list[ft.Control] = [
            ft.Row(
                [target, ft.TextButton(named(w("goals.edit"), w("goals.step_edit_label", title=m.title)),
                                    icon=ft.Icons.EDIT_OUTLINED, height=TOUCH, data=m.id,
                                    on_click=lambda e, m=m: self.edit_step(m))],
                spacing=4,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        ]
        extra = []
        if m.done and m.done_on:
            extra.append(subtle(w("goals.done_on", date=date_words(self.ctx, m.done_on))))
        if m.note:
            extra.append(subtle(m.note))
        if extra:
            # Under the title, past the 40 px of the box.
            lines.append(ft.Container(text_node(ft.Column(extra, spacing=2, tight=True)),
                                      padding=ft.Padding.only(left=40)))
        return ft.Column(lines, spacing=0, tight=True)

    def _arrange_row(self, index: int, m: Milestone) -> ft.Control:
        w = self.ctx.words
        last = len(self.milestones) - 1
        return wide(ft.Container(
            ft.Column(
                [
                    ft.Text(m.title, theme_style=ft.TextThemeStyle.BODY_LARGE),
                    ft.Row(
                        [
                            ft.TextButton(named(w("goals.move_up"), w("a11y.move_up", title=m.title)), icon=ft.Icons.ARROW_UPWARD, height=TOUCH,
                                          disabled=index == 0, data=m.id,
                                          on_click=lambda e, i=index: self.move(i, -1)),
                            ft.TextButton(named(w("goals.move_down"), w("a11y.move_down", title=m.title)), icon=ft.Icons.ARROW_DOWNWARD, height=TOUCH,
                                          disabled=index == last, data=m.id,
                                          on_click=lambda e, i=index: self.move(i, 1)),
                        ],
                        spacing=8,
                        wrap=True,
                    ),
                ],
                spacing=0,
                tight=True,
            ),
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)) if index < last else None,
            padding=ft.Padding.only(top=4, bottom=4),
        ))

    def toggle_arrange(self) -> None:
        if self.arranging:
            self.ctx.state.pop(ARRANGE_KEY, None)
        else:
            self.ctx.state[ARRANGE_KEY] = self.goal_id
        self.reload()

    def move(self, index: int, by: int) -> None:
        ids = [m.id for m in self.milestones]
        other = index + by
        if not 0 <= other < len(ids):
            return
        ids[index], ids[other] = ids[other], ids[index]
        self.ctx.attempt(lambda: self.ctx.trellis.goals.reorder(self.goal_id, ids))
        self.reload()

    def add_step(self) -> Milestone | None:
        title = (self.new_step.value or "").strip()
        problem = self.ctx.words("goals.step_needed") if not title else too_long(self.ctx, title, TITLE_MAX)
        if problem:
            self.step_hint.show(problem)
            self.ctx.page.update()
            return None
        saved = self.ctx.attempt(lambda: self.ctx.trellis.goals.add_milestone(self.goal_id, title))
        if saved is None:
            return None
        self.new_step.value = ""
        self.step_hint.show(None)
        self.new_step.autofocus = True  # ready for the next one
        self.reload()
        return saved

    def set_done(self, milestone_id: str, done: bool) -> None:
        ctx = self.ctx
        result = ctx.attempt(lambda: ctx.trellis.goals.set_done(milestone_id, done))
        self.reload()
        if result is None:
            return
        _, events = result
        if done:
            ctx.celebrate(ctx.attempt(lambda: ctx.trellis.celebrate(events)) or [])
        else:
            ctx.toast(ctx.words("goals.step_open_again"))

    def edit_step(self, m: Milestone) -> None:
        StepDialog(self, m).open()

    # ---- where the goal is now -----------------------------------------------------
    def _status(self) -> ft.Control:
        w, g = self.ctx.words, self.goal
        done, total = self.done_total
        items: list[ft.Control] = [section_heading(w("goals.status_title")),
                                   text_node(ft.Text(w(f"goals.status_{g.status}_text")))]
        if g.status == "let_go" and g.learned:
            items.append(text_node(subtle(w("goals.learned", text=g.learned))))
        if g.status == "active" and total and done == total:
            items.append(text_node(subtle(w("goals.all_steps_hint"))))
        achieve = secondary(w("goals.achieve"), lambda e: self.achieve(), icon=ft.Icons.EMOJI_EVENTS_OUTLINED)
        pause = secondary(w("goals.pause"), lambda e: self.set_status("paused"), icon=ft.Icons.PAUSE_CIRCLE_OUTLINE)
        resume = secondary(w("goals.resume"), lambda e: self.set_status("active"), icon=ft.Icons.PLAY_CIRCLE_OUTLINE)
        let_go = ft.TextButton(w("goals.let_go"), icon=ft.Icons.SPA_OUTLINED, on_click=lambda e: self.ask_let_go(),
                               height=TOUCH)
        # The likeliest next move first.
        buttons: list[ft.Control] = {
            "active": [achieve, pause, let_go],
            "paused": [resume, achieve, let_go],
        }.get(g.status, [resume])
        items.append(ft.Row(buttons, wrap=True, spacing=8, run_spacing=8))
        return card(*items)

    def set_status(self, status: str, learned: str | None = None) -> list:
        ctx = self.ctx
        result = ctx.attempt(lambda: ctx.trellis.goals.set_status(self.goal_id, status, learned))
        self.reload()
        if result is None:
            return []
        _, events = result
        if status == "paused":
            ctx.toast(ctx.words("goals.paused_toast"))
        elif status == "active":
            ctx.toast(ctx.words("goals.resumed_toast"))
        elif status == "let_go":
            ctx.toast(ctx.words("goals.let_go_toast"))
        return events

    def achieve(self) -> None:
        events = self.set_status("achieved")
        if events:
            self.ctx.celebrate(self.ctx.attempt(lambda: self.ctx.trellis.celebrate(events)) or [])

    def ask_let_go(self) -> None:
        w = self.ctx.words
        learned = ft.TextField(label=w("goals.learned_label"), value=self.goal.learned, multiline=True, min_lines=2,
                               max_lines=6, capitalization=ft.TextCapitalization.SENTENCES)

        def confirm(e):
            self.ctx.page.pop_dialog()
            self.set_status("let_go", (learned.value or "").strip())

        self.ctx.page.show_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text(w("goals.let_go_title")),
                content=ft.Column([text_node(ft.Text(w("goals.let_go_text"))), learned], spacing=GAP, tight=True,
                                  width=400),
                actions=[
                    ft.TextButton(w("goals.let_go_keep"), on_click=lambda e: self.ctx.page.pop_dialog(), height=TOUCH),
                    ft.FilledButton(w("goals.let_go_confirm"), on_click=confirm, height=TOUCH),
                ],
                actions_alignment=ft.MainAxisAlignment.END,
            )
        )

    # ---- answers -------------------------------------------------------------------
    def _answers(self) -> ft.Control:
        w, g = self.ctx.words, self.goal
        items: list[ft.Control] = [
            ft.Row(
                [ft.Container(section_heading(w("goals.answers_title")), expand=True),
                 ft.TextButton(w("goals.edit_answers"), icon=ft.Icons.EDIT_OUTLINED, height=TOUCH,
                               on_click=lambda e: self.edit_answers())],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        ]
        shown = 0
        for name in ANSWERS:
            value = getattr(g, name)
            if not value:
                continue
            text = date_words(self.ctx, value) if isinstance(value, dt.date) else value
            items.append(text_node(ft.Column([subtle(w(f"goals.{name}_title")), ft.Text(text)],
                                             spacing=2, tight=True)))
            shown += 1
        if not shown:
            items.append(text_node(subtle(w("goals.answers_empty"))))
        return card(*items)

    def edit_answers(self) -> None:
        AnswersDialog(self).open()

    # ---- reflections -----------------------------------------------------------------
    def _reflections(self) -> ft.Control:
        w = self.ctx.words
        items: list[ft.Control] = [section_heading(w("goals.reflections_title")),
                                   text_node(subtle(w("goals.reflections_why")))]
        for note in reversed(self.notes):
            items.append(text_node(ft.Column([subtle(date_words(self.ctx, note.day)),
                                              ft.Text(note.text)], spacing=2, tight=True)))
        items += [wide(self.new_reflection), self.reflection_hint.control]
        items.append(ft.Row([secondary(w("goals.add_reflection"), lambda e: self.add_reflection(),
                                       icon=ft.Icons.EDIT_NOTE)]))
        return card(*items)

    def add_reflection(self) -> None:
        text = (self.new_reflection.value or "").strip()
        problem = self.ctx.words("goals.reflection_needed") if not text else too_long(self.ctx, text, NOTE_MAX)
        if problem:
            self.reflection_hint.show(problem)
            self.ctx.page.update()
            return
        if self.ctx.attempt(lambda: self.ctx.trellis.goals.add_reflection(self.goal_id, text)) is None:
            return
        self.new_reflection.value = ""
        self.reflection_hint.show(None)
        self.reload()

    # ---- sharing ---------------------------------------------------------------------
    def _share(self) -> ft.Control:
        w, shared = self.ctx.words, self.goal.shared
        switch = ft.Switch(label=w("goals.share_label"), value=shared,
                           on_change=lambda e: self.set_shared(bool(e.control.value)))
        return card(
            ft.Row([ft.Icon(ft.Icons.PEOPLE_OUTLINE if shared else ft.Icons.LOCK_OUTLINE, color=ft.Colors.PRIMARY),
                    ft.Container(switch, height=TOUCH, alignment=ft.Alignment.CENTER_LEFT, expand=True)],
                   spacing=8),
            text_node(subtle(share_text(self.ctx, shared, self.goal_id))),
        )

    def set_shared(self, shared: bool) -> None:
        ctx = self.ctx
        mentee_pairs = [p for p in pair_common.pairs(ctx) if p.my_role == "mentee"]
        if not mentee_pairs:  # no pair yet: the consent is kept for later, nothing goes anywhere
            ctx.attempt(lambda: ctx.trellis.goals.set_shared(self.goal_id, shared))
        for info in mentee_pairs:
            svc = pair_common.service(ctx)
            if shared:
                pair_common.attempt(ctx, lambda: svc.share(self.goal_id, pair_id=info.id, level="headline"))
            else:
                pair_common.attempt(ctx, lambda: svc.unshare(self.goal_id, pair_id=info.id))
        self.reload()

    # ---- deleting --------------------------------------------------------------------
    def ask_delete(self) -> None:
        w = self.ctx.words
        self.ctx.page.show_dialog(
            confirm_dialog(self.ctx, w("goals.delete_title"), w("goals.delete_text"), w("goals.delete_keep"),
                           w("goals.delete_confirm"), lambda e: self.delete())
        )

    def delete(self) -> bool:
        ctx = self.ctx
        ctx.page.pop_dialog()
        if not ctx.attempt(_done(lambda: ctx.trellis.goals.delete_goal(self.goal_id))):
            return False
        ctx.state.pop(OPEN_KEY, None)
        ctx.state.pop(PAGE_KEY, None)
        ctx.go("goals")
        ctx.toast(ctx.words("goals.deleted"))
        return True


class _Dialog:
    """An edit dialog: fields, a calm message when something needs changing, Save and Cancel."""

    def __init__(self, page: GoalPage):
        self.page = page
        self.ctx = page.ctx
        self.hint = Hint()
        self.dialog: ft.AlertDialog | None = None

    def open(self) -> None:
        self.ctx.page.show_dialog(self.dialog)

    def close(self, e=None) -> None:
        self.ctx.page.pop_dialog()

    def show_problem(self, exc: ValidationError, labels: dict[str, str], needed: dict[str, str]) -> None:
        """The first problem, in words that name the answer it is about."""
        error = exc.errors(include_url=False)[0]
        name = str(error["loc"][0]) if error["loc"] else ""
        if error["type"] == "string_too_short" and name in needed:
            message = needed[name]
        elif error["type"] == "string_too_long":
            problem = too_long_words(self.ctx, (error.get("ctx") or {}).get("max_length", NOTE_MAX))
            message = self.ctx.words("goals.field_problem", field=labels.get(name, name), problem=problem)
        else:
            message = self.ctx.words("error.check", detail=plain_errors(exc))
        self.hint.show(message)
        self.ctx.page.update()


class StepDialog(_Dialog):
    def __init__(self, page: GoalPage, milestone: Milestone):
        super().__init__(page)
        w = self.ctx.words
        self.milestone = milestone
        self.title = ft.TextField(label=w("goals.step_title_label"), value=milestone.title,
                                  autofocus=True, capitalization=ft.TextCapitalization.SENTENCES,
                                  on_submit=lambda e: self.save())
        self.note = ft.TextField(label=w("goals.step_note_label"), value=milestone.note, multiline=True, min_lines=1,
                                 max_lines=5, capitalization=ft.TextCapitalization.SENTENCES)
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("goals.edit_step_title")),
            content=ft.Column(
                [self.title, self.note, self.hint.control,
                 ft.Row([ft.TextButton(w("goals.remove_step"), icon=ft.Icons.DELETE_OUTLINE,
                                       on_click=lambda e: self.remove(), height=TOUCH)])],
                spacing=GAP,
                tight=True,
                width=400,
            ),
            actions=[
                ft.TextButton(w("goals.cancel"), on_click=self.close, height=TOUCH),
                ft.FilledButton(w("goals.save_step"), icon=ft.Icons.CHECK, on_click=lambda e: self.save(),
                                height=TOUCH),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )

    def save(self) -> Milestone | None:
        svc = self.ctx.trellis.goals
        # Only what was changed in this dialog: a step ticked done elsewhere meanwhile stays done.
        typed = {"title": self.title.value or "", "note": self.note.value or ""}
        changes = {k: v for k, v in typed.items() if v != getattr(self.milestone, k)}
        try:
            Milestone.model_validate({**self.milestone.model_dump(), **changes})  # to name the field at fault
        except ValidationError as exc:
            self.show_problem(exc, {"title": self.title.label, "note": self.note.label},
                              {"title": self.ctx.words("goals.step_needed")})
            return None
        saved = self.ctx.attempt(lambda: svc.edit_milestone(self.milestone.id, changes))
        if saved is None:
            return None
        self.close()
        self.page.reload()
        return saved

    def remove(self) -> None:
        svc = self.ctx.trellis.goals
        if self.ctx.attempt(lambda: svc.delete_milestone(self.milestone.id)) is None:
            return
        self.close()
        self.page.reload()
        self.ctx.toast(self.ctx.words("goals.step_removed"))


class AnswersDialog(_Dialog):
    TEXTS = ("title", "measure", "doable", "why", "strengths", "support")

    def __init__(self, page: GoalPage):
        super().__init__(page)
        w, g = self.ctx.words, page.goal
        self.by: dt.date | None = g.by
        labels = {"title": "title_label", "measure": "measure_title", "doable": "doable_title", "why": "why_title",
                  "strengths": "strengths_title", "support": "support_title"}
        self.fields = {
            name: ft.TextField(
                label=w(f"goals.{labels[name]}"),
                value=getattr(g, name),
                multiline=name != "title",
                min_lines=1,
                max_lines=5,
                capitalization=ft.TextCapitalization.SENTENCES,
            )
            for name in self.TEXTS
        }
        self.by_text = ft.Text()
        self.by_buttons = ft.Row(wrap=True, spacing=8, run_spacing=8)
        self._show_by()
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("goals.edit_title")),
            content=ft.Column(
                [*self.fields.values(), text_node(ft.Column([subtle(w("goals.by_title")), self.by_text], spacing=2)),
                 self.by_buttons,
                 self.hint.control],
                spacing=GAP,
                tight=True,
                width=400,
            ),
            scrollable=True,
            actions=[
                ft.TextButton(w("goals.cancel"), on_click=self.close, height=TOUCH),
                ft.FilledButton(w("goals.save_answers"), icon=ft.Icons.CHECK, on_click=lambda e: self.save(),
                                height=TOUCH),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )

    def _show_by(self) -> None:
        w = self.ctx.words
        self.by_text.value = w("goals.by_date", date=date_words(self.ctx, self.by)) if self.by else w("goals.no_date")
        self.by_buttons.controls = [
            ft.OutlinedButton(w("goals.change_date" if self.by else "goals.pick_date"), icon=ft.Icons.CALENDAR_MONTH,
                              height=TOUCH, on_click=lambda e: self.ctx.page.show_dialog(
                                  date_picker(self.ctx, self.by, self.set_by))),
        ]
        if self.by:
            self.by_buttons.controls.append(ft.TextButton(w("goals.clear_date"), icon=ft.Icons.EVENT_BUSY,
                                                          height=TOUCH, on_click=lambda e: self.set_by(None)))

    def set_by(self, day: dt.date | None) -> None:
        self.by = day
        self._show_by()
        self.ctx.page.update()

    def save(self) -> Goal | None:
        g = self.page.goal  # as it was when the dialog opened
        values = {name: field.value or "" for name, field in self.fields.items()}
        values["by"] = self.by
        # Only the answers changed in this dialog; anything changed elsewhere meanwhile stays.
        changes = {k: v for k, v in values.items() if v != getattr(g, k)}
        try:
            Goal.model_validate({**g.model_dump(), **changes})  # to name the answer at fault
        except ValidationError as exc:
            self.show_problem(exc, {name: f.label for name, f in self.fields.items()},
                              {"title": self.ctx.words("goals.title_needed")})
            return None
        result = self.ctx.attempt(lambda: self.ctx.trellis.goals.edit_goal(g.id, changes))
        if result is None:
            return None
        self.close()
        self.page.reload()
        self.ctx.toast(self.ctx.words("goals.saved"))
        return result[0]


def _gone(ctx: AppContext) -> ft.Control:
    return page_column(
        [empty_state(ft.Icons.FLAG_OUTLINED, ctx.words("goals.gone_title"), ctx.words("goals.gone_text"),
                     primary(ctx.words("goals.to_goals"), lambda e: ctx.go("goals"), icon=ft.Icons.ARROW_BACK))]
    )


def build(ctx: AppContext) -> ft.Control:
    goal_id = ctx.state.get(OPEN_KEY)
    try:
        page = GoalPage(ctx, goal_id) if goal_id else None
    except RecordNotFound:
        page = None
    if page is None:
        ctx.state.pop(PAGE_KEY, None)
        return _gone(ctx)
    ctx.state[PAGE_KEY] = page
    return celebration.with_moment(ctx, page.control)
