"""Review together: for a meeting, side by side or on a call.

Since the last review: steps done and wins; the goals that ask for support;
notes; agreed next steps (each on a shared goal), which become steps on the
mentee's goal only when the mentee taps "Add to my goal". Earlier reviews
below, and the agreement one tap away. Calls app/review.py only.
"""

from __future__ import annotations

import flet as ft

from app.models import NOTE_MAX, TITLE_MAX
from app.review import ReviewError, ReviewService
from views import celebration, learn
from views.context import AppContext, Screen
from views.pair_common import day_words, nodes, pcard, PROBLEMS, attempt, current, link_button, name_of, section_title
from views.widgets import GAP, TOUCH, page_column, primary, secondary, subtle

VIEW_KEY = "pair.review_view"


class ReviewView:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.info = current(ctx)
        self.name = name_of(ctx, self.info)
        self.svc = ReviewService(ctx.trellis, self.info.id)
        self.mentee = self.svc.role == "mentee"
        w = ctx.words
        self.notes = ft.TextField(label=w("pair.notes_label"), multiline=True, min_lines=3, max_lines=10,
                                  max_length=NOTE_MAX, capitalization=ft.TextCapitalization.SENTENCES)
        self.next_rows: list[tuple[ft.Dropdown, ft.TextField]] = []
        self.next_box = ft.Column(spacing=8, tight=True)
        self.problem = ft.Text("", color=ft.Colors.ERROR, visible=False)
        self.summary_box = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.past_box = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        from views import pair_agreement

        self.control = page_column(nodes([
                subtle(w("pair.review_intro")),
                learn.meeting_prompt(ctx),
                self.summary_box,
                pcard(section_title(w("pair.notes_title")), self.notes),
                pcard(section_title(w("pair.next_title")),
                     subtle(w("pair.next_why_mine") if self.mentee else w("pair.next_why", name=self.name)),
                     self.next_box),
                self.problem,
                primary(w("pair.save_review"), lambda e: self.save(), icon=ft.Icons.CHECK),
                self.past_box,
                ft.Row([link_button(w("pair.agreement_link"), lambda e: ctx.open(
                    Screen(w("pair.agreement_title"), pair_agreement.build)), icon=ft.Icons.HANDSHAKE_OUTLINED)]),
                ft.Container(height=8),
            ]),
            stretch=True,
        )
        self.load()

    # ---- drawing ---------------------------------------------------------------
    def load(self) -> None:
        w = self.ctx.words
        summary = self.svc.summary()
        self.goals = summary.goals
        heading = (w("pair.since_last", date=day_words(self.ctx, summary.last_review)) if summary.last_review
                   else w("pair.since_first"))
        steps = [ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE, size=18, color=ft.Colors.PRIMARY),
                         ft.Text(f"{d.step.title} · {d.goal.title}", expand=True)], spacing=8)
                 for d in summary.steps_done] or [subtle(w("pair.steps_done_none"))]
        wins = [ft.Row([ft.Icon(ft.Icons.EMOJI_EVENTS_OUTLINED, size=18, color=ft.Colors.PRIMARY),
                        ft.Text(win.title or w("celebrate.default_title"), expand=True)], spacing=8)
                for win in summary.wins] or [subtle(w("pair.wins_since_none"))]
        support = [ft.Column([ft.Text(g.title, weight=ft.FontWeight.W_600), ft.Text(g.support)], spacing=2, tight=True)
                   for g in summary.wants_support] or [subtle(w("pair.support_none"))]
        self.summary_box.controls = [
            pcard(section_title(heading), subtle(w("pair.steps_done_title")), *steps,
                 subtle(w("pair.wins_since_title")), *wins),
            pcard(section_title(w("pair.support_title")), *support),
        ]
        self._draw_next()
        self._draw_past()

    def _draw_next(self) -> None:
        w = self.ctx.words
        if not self.goals:
            self.next_box.controls = [subtle(w("pair.next_no_goals"))]
            return
        if not self.next_rows:
            self.add_next()
            return
        self.next_box.controls = [
            ft.Column([goal, title], spacing=4, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
            for goal, title in self.next_rows
        ] + [ft.Row([secondary(w("pair.next_add"), lambda e: self.add_next(), icon=ft.Icons.ADD)])]

    def add_next(self) -> None:
        w = self.ctx.words
        options = [ft.DropdownOption(key=g.id, text=g.title) for g in self.goals]
        goal = ft.Dropdown(label=w("pair.next_goal"), options=options, value=self.goals[0].id, expand=True)
        title = ft.TextField(label=w("pair.next_label"), max_length=TITLE_MAX,
                             capitalization=ft.TextCapitalization.SENTENCES)
        self.next_rows.append((goal, title))
        self._draw_next()
        self.ctx.page.update()

    def _draw_past(self) -> None:
        w = self.ctx.words
        proposals = self.svc.proposals()
        items: list[ft.Control] = [section_title(w("pair.past_title"))]
        reviews = self.svc.reviews()
        if not reviews:
            items.append(subtle(w("pair.past_none")))
        for review in reviews:
            who = w("pair.you_wrote") if review.owner == self.ctx.trellis.store.person else self.name
            lines: list[ft.Control] = [ft.Text(w("pair.review_on", date=day_words(self.ctx, review.day)),
                                               weight=ft.FontWeight.W_600), subtle(who)]
            if review.notes:
                lines.append(ft.Text(review.notes))
            for p in (p for p in proposals if p.review.id == review.id):
                goal = p.goal.title if p.goal else ""
                row: list[ft.Control] = [ft.Container(ft.Semantics(
                    content=ft.Column([ft.Text(p.title), subtle(goal)], spacing=0, tight=True), container=True),
                    expand=True)]
                if p.accepted:
                    row.append(ft.Semantics(content=subtle(w("pair.accepted") if self.mentee
                                                           else w("pair.accepted_other", name=self.name)),
                                            container=True))
                elif self.mentee and p.goal is not None:
                    row.append(ft.FilledTonalButton(w("pair.accept"), icon=ft.Icons.ADD_TASK, height=TOUCH,
                                                    data=f"{review.id}:{p.index}",
                                                    on_click=lambda e, p=p: self.accept(p)))
                elif not self.mentee:
                    row.append(ft.Semantics(content=subtle(w("pair.waiting", name=self.name)), container=True))
                lines.append(ft.Row(row, spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER))
            items.append(ft.Container(ft.Column(nodes(lines), spacing=4, tight=True), padding=ft.Padding.only(top=4)))
        self.past_box.controls = [pcard(*items)]

    # ---- handlers ----------------------------------------------------------------
    def save(self):
        ctx, w = self.ctx, self.ctx.words
        steps = [(goal.value or "", title.value or "") for goal, title in self.next_rows]
        try:
            saved, won = self.svc.save(self.notes.value or "", steps)
        except ReviewError as exc:
            self.problem.value, self.problem.visible = str(exc), True
            ctx.page.update()
            return None
        except PROBLEMS as exc:  # the store or the pair: one plain line, nothing typed is lost
            ctx.toast(w("pair.problem", detail=str(exc)))
            return None
        self.problem.visible = False
        self.notes.value = ""
        self.next_rows = []
        self.load()
        ctx.toast(w("pair.review_saved", name=self.name))
        ctx.celebrate(won)
        ctx.page.update()
        return saved

    def accept(self, proposal) -> None:
        ctx = self.ctx
        step = attempt(ctx, lambda: self.svc.accept(proposal.review.id, proposal.index))
        if step is not None:
            ctx.toast(ctx.words("pair.accept_toast", goal=proposal.goal.title))
        self.load()
        ctx.page.update()


def build(ctx: AppContext) -> ft.Control:
    if current(ctx) is None:
        from views import pair

        return pair.build(ctx)
    view = ReviewView(ctx)
    ctx.state[VIEW_KEY] = view
    return celebration.with_moment(ctx, view.control)  # the first review together, once
