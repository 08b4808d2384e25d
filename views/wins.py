"""Wins: every moment worth noticing, newest first, grouped by month.

A timeline of achievements (a finished milestone has one of its own, rule
"milestone_done"), with chips to show all of them or only those from goals,
check-ins or the pair. Each win opens to look back on it: its title, message
and date, a note of how it felt (editable) and a share toggle that starts
off. Ten years hold about 500 wins, so the newest 50 are drawn first and
"Show more" adds the next 50 below them, without redrawing the rest.

The words come from content/ui_wins.toml (the [wins] table) and, for the
empty tab, content/messages.toml; the wins from ctx.trellis.wins().
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.models import Achievement
from app.sharing import pair_exists
from views import celebration, pair_comments
from views.context import AppContext, Screen
from views.widgets import GAP, TOUCH, card, empty_state, page_column, primary, secondary, subtle

PAGE_SIZE = 50  # wins drawn at first, and added by each "Show more"
FEELING_MAX = 500  # as in the celebration moment
FILTERS = ("all", "goals", "checkins", "pair")
FILTER_KEY = "wins.filter"  # ctx.state: the chosen filter, kept while the app is open
VIEW_KEY = "wins.view"  # ctx.state: the WinsView on screen (for tests and the shell)

GOAL_RULES = frozenset({"first_goal", "milestone_done", "goal_achieved"})
CHECKIN_RULES = frozenset({"first_checkin", "welcome_back", "first_reflection", "reflection_every_4"})
PAIR_RULES = frozenset({"first_pair_review", "first_pair_review_mentor", "encouragement_received"})
# Wins that never travel: a mentor's own moment about a pair (app/review.py).
STAYS_HERE = frozenset({"first_pair_review_mentor"})

_KIND_ICONS = {
    "goals": ft.Icons.FLAG_OUTLINED,
    "checkins": ft.Icons.FAVORITE_BORDER,
    "pair": ft.Icons.PEOPLE_OUTLINE,
    None: ft.Icons.EMOJI_EVENTS_OUTLINED,
}
_RULE_ICONS = {
    "milestone_done": ft.Icons.CHECK_CIRCLE_OUTLINE,
    "goal_achieved": ft.Icons.EMOJI_EVENTS_OUTLINED,
    "welcome_back": ft.Icons.WAVING_HAND_OUTLINED,
    "first_reflection": ft.Icons.AUTO_STORIES_OUTLINED,
    "reflection_every_4": ft.Icons.AUTO_STORIES_OUTLINED,
    "encouragement_received": ft.Icons.VOLUNTEER_ACTIVISM_OUTLINED,
}


def kind_of(rule: str) -> str | None:
    """Which filter a rule belongs to: goals, checkins, pair, or None (shown under All only)."""
    if rule in GOAL_RULES:
        return "goals"
    if rule in CHECKIN_RULES or rule.startswith("checkins_"):
        return "checkins"
    if rule in PAIR_RULES:
        return "pair"
    return None


def matches(win: Achievement, which: str) -> bool:
    return which == "all" or kind_of(win.rule) == which


def icon_for(rule: str) -> str:
    return _RULE_ICONS.get(rule, _KIND_ICONS[kind_of(rule)])


def month_heading(ctx: AppContext, day: dt.date) -> str:
    return ctx.words("wins.month_heading", month=ctx.words(f"wins.month_{day.month}"), year=day.year)


def date_text(ctx: AppContext, day: dt.date) -> str:
    return ctx.words("wins.date", day=day.day, month=ctx.words(f"wins.month_{day.month}"), year=day.year)


@ft.control(isolated=True)
class Batch(ft.Column):
    """The wins one "Show more" adds (month headings and cards).

    Isolated: once sent, the tab's later updates do not compare it again, so
    adding the tenth batch costs what the first did. A change inside it (a
    note saved on one card) is sent with :meth:`refresh`."""

    def refresh(self) -> None:
        try:
            self.update()
        except RuntimeError:  # not on a page (yet): it is sent whole when it is
            pass


class WinsView:
    """The Wins tab: filter chips, the timeline and "Show more"."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.wins: list[Achievement] = ctx.trellis.wins()
        # The Pair filter only once a pair exists: before that it could only ever be empty.
        self.filters = FILTERS if pair_exists(ctx.trellis) else tuple(f for f in FILTERS if f != "pair")
        self.filter: str = ctx.state.get(FILTER_KEY, "all")
        if self.filter not in self.filters:
            self.filter = "all"
        self.shown = 0  # how many of the filtered wins are drawn
        self.last_month: tuple[int, int] | None = None  # (year, month) of the last drawn win
        self.cards: dict[str, tuple[Batch, ft.Control]] = {}  # win id -> (its batch, its card)
        w = ctx.words

        if not self.wins:
            self.chips: list[ft.Chip] = []
            self.timeline = ft.Column(spacing=GAP, tight=True)
            self.control = page_column([self._empty_tab(), self.moments_setting()])
            return

        self.chips = [
            ft.Chip(
                label=ft.Text(w(f"wins.filter_{key}")),
                data=key,
                selected=key == self.filter,
                show_checkmark=True,
                on_select=self._choose,
                # 48 px tall: on the web Flutter does not pad a chip's touch target.
                padding=ft.Padding.symmetric(horizontal=4, vertical=15),
                shape=ft.StadiumBorder(),
            )
            for key in self.filters
        ]
        self.timeline = ft.Column(spacing=GAP, tight=True)
        self.status = subtle("")
        self.more = secondary(w("wins.show_more"), self.show_more, icon=ft.Icons.EXPAND_MORE)
        self.more_row = ft.Row([self.more], alignment=ft.MainAxisAlignment.CENTER)
        self.control = page_column(
            [
                subtle(w("wins.intro")),
                ft.Semantics(
                    content=ft.Row(self.chips, wrap=True, spacing=8, run_spacing=8),
                    label=w("wins.filters_label"),
                    container=True,
                ),
                self.timeline,
                self.status,
                self.more_row,
                self.moments_setting(),
                ft.Container(height=8),
            ]
        )
        self.redraw()

    def moments_setting(self) -> ft.Control:
        """Full moments for steps and goals on or off (small wins are always a short note)."""
        ctx, w = self.ctx, self.ctx.words
        on = celebration.full_moments_on(ctx)
        explain = subtle(w("celebrate.full_setting_on" if on else "celebrate.full_setting_off"))
        switch = ft.Switch(label=w("celebrate.full_setting"), value=on,
                           padding=ft.Padding.symmetric(horizontal=4, vertical=4))

        def changed(e=None):
            if not celebration.set_full_moments(ctx, bool(switch.value)):
                switch.value = not switch.value
                ctx.toast(w("error.save", detail=w("celebrate.full_setting")))
            explain.value = w("celebrate.full_setting_on" if switch.value else "celebrate.full_setting_off")

        switch.on_change = changed
        self.full_switch = switch
        # A quiet outlined box, not a Card: the cards on this tab are wins.
        return ft.Container(ft.Column([switch, explain], spacing=4, tight=True),
                            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12,
                            padding=ft.Padding.symmetric(horizontal=12, vertical=8))

    # ---- what is shown ---------------------------------------------------
    @property
    def selected(self) -> list[Achievement]:
        """The wins of the chosen filter, newest first."""
        return [win for win in self.wins if matches(win, self.filter)]

    def redraw(self) -> None:
        """Draw the first page of the chosen filter, from the top."""
        self.timeline.controls = []
        self.cards = {}
        self.shown = 0
        self.last_month = None
        if not self.selected:
            self.timeline.controls.append(self._empty_filter())
        self._draw_next()

    def _draw_next(self) -> None:
        chosen = self.selected
        batch = chosen[self.shown : self.shown + PAGE_SIZE]
        if batch:
            drawn = Batch(spacing=GAP, tight=True)
            for win in batch:
                month = (win.day.year, win.day.month)
                if month != self.last_month:
                    drawn.controls.append(self._month(win.day))
                    self.last_month = month
                item = self._card(win)
                self.cards[win.id] = (drawn, item)
                drawn.controls.append(item)
            self.timeline.controls.append(drawn)
        self.shown += len(batch)
        total = len(chosen)
        left = total - self.shown
        self.more_row.visible = left > 0
        self.status.visible = total > PAGE_SIZE  # a count helps only in a long list
        self.status.value = (
            self.ctx.words("wins.showing", shown=self.shown, total=total)
            if left > 0
            else self.ctx.words("wins.showing_all", total=total)
        )

    # ---- handlers --------------------------------------------------------
    def _choose(self, e) -> None:
        self.choose(e.control.data)

    def choose(self, which: str) -> None:
        """Show one filter's wins (tapping the chosen chip again keeps it chosen)."""
        if which not in self.filters:
            raise ValueError(f"unknown filter {which!r}")
        self.filter = which
        self.ctx.state[FILTER_KEY] = which
        for chip in self.chips:
            chip.selected = chip.data == which
        self.redraw()

    def show_more(self, e=None) -> None:
        self._draw_next()

    def open(self, win: Achievement) -> ft.AlertDialog:
        """Look back on one win: its words, its date, how it felt, and whether it is shared."""
        ctx, w = self.ctx, self.ctx.words
        feeling = ft.TextField(
            label=w("wins.feeling_label"),
            value=win.feeling,
            multiline=True,
            min_lines=2,
            max_lines=6,
            max_length=max(FEELING_MAX, len(win.feeling)),
        )
        paired = pair_exists(ctx.trellis)
        hint = subtle(celebration.share_words(ctx, win.shared, "wins"))
        share = ft.Switch(label=w("wins.share_label"), value=win.shared, disabled=not paired and not win.shared,
                          padding=ft.Padding.symmetric(horizontal=4, vertical=4))  # a 48 px tall target

        def toggled(e) -> None:
            hint.value = celebration.share_words(ctx, bool(share.value), "wins")

        share.on_change = toggled
        if win.rule in STAYS_HERE and not win.shared:
            share.visible = False  # nothing would carry it: no switch that says otherwise
            hint.value = w("wins.share_off")

        def done(e) -> None:
            text = (feeling.value or "").strip()
            if text != win.feeling or bool(share.value) != win.shared:
                saved = ctx.attempt(lambda: ctx.trellis.note_win(win, text, bool(share.value)))
                if saved is None:
                    return  # the dialog stays open, so nothing typed is lost
                self._replace(saved)
                ctx.page.pop_dialog()
                ctx.toast(w("wins.saved"))
                return
            ctx.page.pop_dialog()

        # Notes the other side of a pair left on this win; hiding one closes the dialog.
        notes = pair_comments.section(ctx, [win.id], lambda: ctx.page.pop_dialog())
        dialog = ft.AlertDialog(
            modal=True,
            semantics_label=win.title or w("celebrate.default_title"),
            scrollable=True,  # a small phone with the keyboard open can still reach Done
            icon=ft.Icon(icon_for(win.rule), color=ft.Colors.PRIMARY),
            title=ft.Text(win.title or w("celebrate.default_title"), text_align=ft.TextAlign.CENTER),
            content=ft.Column(
                [
                    subtle(w("wins.detail_when", date=date_text(ctx, win.day))),
                    ft.Text(win.message),
                    *([notes] if notes is not None else []),
                    subtle(w("wins.feeling_why")),
                    feeling,
                    share,
                    hint,
                ],
                tight=True,
                spacing=GAP,
                width=360,
            ),
            actions=[ft.FilledButton(w("wins.done"), on_click=done, height=TOUCH)],
            data=win.id,
        )
        ctx.page.show_dialog(dialog)
        return dialog

    def _replace(self, saved: Achievement) -> None:
        self.wins = [saved if win.id == saved.id else win for win in self.wins]
        if saved.id not in self.cards:
            return
        batch, old = self.cards[saved.id]
        new = self._card(saved)
        self.cards[saved.id] = (batch, new)
        batch.controls[next(i for i, c in enumerate(batch.controls) if c is old)] = new
        batch.refresh()

    # ---- pieces ----------------------------------------------------------
    def _month(self, day: dt.date) -> ft.Control:
        return ft.Container(
            ft.Semantics(
                content=ft.Text(month_heading(self.ctx, day), theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        color=ft.Colors.PRIMARY, weight=ft.FontWeight.W_600),
                header=True,
            ),
            padding=ft.Padding.only(top=8),
        )

    def _card(self, win: Achievement) -> ft.Control:
        w = self.ctx.words
        kind = kind_of(win.rule)
        meta = w("wins.meta", kind=w(f"wins.kind_{kind or 'other'}"), date=date_text(self.ctx, win.day))
        lines: list[ft.Control] = [
            ft.Text(win.title or w("celebrate.default_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    weight=ft.FontWeight.W_600),
        ]
        if win.message:
            lines.append(ft.Text(win.message, max_lines=3, overflow=ft.TextOverflow.ELLIPSIS))
        if win.feeling:
            lines.append(
                ft.Text(w("wins.feeling_quote", feeling=win.feeling), italic=True, max_lines=2,
                        overflow=ft.TextOverflow.ELLIPSIS, color=ft.Colors.ON_SURFACE_VARIANT)
            )
        footer: list[ft.Control] = [
            ft.Text(meta, theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT, expand=True)
        ]
        if win.shared:
            footer.append(
                ft.Row(
                    [ft.Icon(ft.Icons.PEOPLE_OUTLINE, size=16, color=ft.Colors.PRIMARY),
                     ft.Text(w("wins.shared_badge"), theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                             color=ft.Colors.PRIMARY)],
                    spacing=4,
                    tight=True,
                )
            )
        lines.append(ft.Row(footer, spacing=8))
        body = ft.Row(
            [
                ft.Icon(icon_for(win.rule), color=ft.Colors.PRIMARY),
                ft.Column(lines, spacing=4, tight=True, expand=True),
            ],
            spacing=GAP,
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        item = card(body, on_click=lambda e, win=win: self.open(self._current(win)))
        item.content.ink = True
        item.content.border_radius = 16
        item.data = win.id
        return item

    def _current(self, win: Achievement) -> Achievement:
        """The latest copy of a win (a note saved since the card was drawn)."""
        return next((w for w in self.wins if w.id == win.id), win)

    def _empty_filter(self) -> ft.Control:
        return ft.Container(
            ft.Text(self.ctx.words(f"wins.none_{self.filter}"), text_align=ft.TextAlign.CENTER,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            padding=ft.Padding.symmetric(horizontal=8, vertical=24),
            alignment=ft.Alignment.CENTER,
        )

    def _empty_tab(self) -> ft.Control:
        text = self.ctx.content.messages.empty.wins
        return empty_state(
            ft.Icons.EMOJI_EVENTS_OUTLINED,
            text.title,
            text.text,
            primary(text.action, lambda e: _open_checkin(self.ctx), icon=ft.Icons.FAVORITE_BORDER),
        )


def _open_checkin(ctx: AppContext) -> None:
    # The same way Today opens it; imported here so the Wins tab does not
    # depend on the check-in screen until the person asks for it.
    from views import checkin

    ctx.state["checkin_day"] = ctx.trellis.today()
    ctx.open(Screen(ctx.words("today.checkin_title"), checkin.build))


def build(ctx: AppContext) -> ft.Control:
    view = WinsView(ctx)
    ctx.state[VIEW_KEY] = view
    return celebration.with_moment(ctx, view.control)
