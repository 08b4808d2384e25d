"""The daily self-care check-in: half a minute, one thumb, no typing needed.

Four questions answered with words (tap a chosen word again to clear it),
feeling words (a mixed handful first, the rest a tap away under "More
feelings"), the self-care done today (the content's actions plus the
person's own, and a small field to add another), and an optional note. Everything can be
skipped; "Save check-in" stays in reach at the bottom of the screen.

The day to check in for is `ctx.state["checkin_day"]` (set by whoever opens
the screen; default today). Saving again on a day edits that day's check-in.

What has been answered so far is kept in `ctx.state["checkin.draft"]`, so a
trip to "Need support?" and back loses nothing, and in this device's drafts
file (app/drafts.py) after every answer, so closing the app loses nothing
either. "Not today" saves no check-in and says so; with answers picked it
asks whether to keep them as a draft or let them go. A kept draft is said
so when the form opens again, with a way to start over.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.drafts import Drafts
from app.models import NOTE_MAX, WORD_MAX, SelfCareCheckin
from views.context import AppContext
from views.widgets import GAP, TOUCH, MultiChoice, ScaleChoice, card, draft_kept_notice, subtle, with_actions

DAY_KEY = "checkin_day"
DRAFT_KEY = "checkin.draft"
STORED_DRAFT = "checkin"  # the key in drafts.json
FORM_KEY = "checkin.form"  # the live form, for tests and for the shell's curiosity
SCALES = ("mood", "energy", "sleep", "stress")
HANDFUL_PER_GROUP = 3  # feelings shown before "More feelings": pleasant, mixed and hard alike
OWN_MAX = 40  # Settings.own_care_actions holds at most this many

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# ---- dates, in words from content (shared with the tab and the reflection) ----

def date_long(ctx: AppContext, day: dt.date) -> str:
    return ctx.words(
        "checkins.date_long",
        weekday=ctx.words(f"checkins.weekday.{_WEEKDAYS[day.weekday()]}"),
        day=day.day,
        month=ctx.words(f"checkins.month.{_MONTHS[day.month - 1]}"),
    )


def date_short(ctx: AppContext, day: dt.date) -> str:
    return ctx.words("checkins.date_short", day=day.day, month=ctx.words(f"checkins.month.{_MONTHS[day.month - 1]}"))


def date_relative(ctx: AppContext, day: dt.date) -> str:
    """"Today", "Yesterday", or the weekday and date."""
    today = ctx.trellis.today()
    if day == today:
        return ctx.words("checkins.today")
    if day == today - dt.timedelta(days=1):
        return ctx.words("checkins.yesterday")
    return date_long(ctx, day)


def when_words(ctx: AppContext, day: dt.date) -> str:
    """"today", "yesterday", "on Tuesday" within the week, else "on 4 Nov" (with the year if not this one)."""
    today = ctx.trellis.today()
    if day == today:
        return ctx.words("checkins.when_today")
    if day == today - dt.timedelta(days=1):
        return ctx.words("checkins.when_yesterday")
    if 0 < (today - day).days < 7:
        return ctx.words("checkins.when_weekday", weekday=ctx.words(f"checkins.weekday.{_WEEKDAYS[day.weekday()]}"))
    date = date_short(ctx, day) if day.year == today.year else f"{date_short(ctx, day)} {day.year}"
    return ctx.words("checkins.when_date", date=date)


def question_for(ctx: AppContext, key: str, question: str, day: dt.date) -> str:
    """The question as asked today, or in words for the day it is about."""
    if day == ctx.trellis.today():
        return question
    return ctx.words(f"checkins.past.{key}", when=when_words(ctx, day))


def title_medium(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM)


# ---- the form ----------------------------------------------------------------

def _values(record: SelfCareCheckin | None, day: dt.date) -> dict:
    if record is None:
        return {"day": day, **{k: None for k in SCALES}, "feelings": [], "care": [], "note": "", "own": []}
    return {
        "day": day,
        **{k: getattr(record, k) for k in SCALES},
        "feelings": list(record.feelings),
        "care": list(record.care),
        "note": record.note,
        "own": [],
    }


def _differs(draft: dict, saved: dict) -> bool:
    for key in (*SCALES, "note"):
        if (draft.get(key) or None) != (saved.get(key) or None):
            return True
    return (
        set(draft.get("feelings", [])) != set(saved["feelings"])
        or set(draft.get("care", [])) != set(saved["care"])
        or bool(draft.get("own"))
    )


def _to_json(draft: dict) -> dict:
    return {**draft, "day": draft["day"].isoformat(), "feelings": list(draft["feelings"]), "care": list(draft["care"]),
            "own": list(draft["own"])}


def _from_json(data, day: dt.date) -> dict | None:
    """A stored draft for `day`, or None when there is none (or it is for another day, or damaged)."""
    if not isinstance(data, dict) or data.get("day") != day.isoformat():
        return None
    try:
        draft = {"day": day, "note": str(data.get("note") or "")}
        for key in SCALES:
            value = data.get(key)
            draft[key] = value if isinstance(value, int) and not isinstance(value, bool) else None
        for key in ("feelings", "care", "own"):
            draft[key] = [str(w) for w in data.get(key) or [] if isinstance(w, str)]
        return draft
    except (TypeError, ValueError):
        return None


def has_answers(draft: dict) -> bool:
    return any(draft.get(k) is not None for k in SCALES) or bool(
        draft.get("feelings") or draft.get("care") or (draft.get("note") or "").strip() or draft.get("own"))


def _feeling_order(ctx: AppContext) -> tuple[list[str], list[str]]:
    """(the first handful, the rest): a few of each group, so hard feelings are
    as easy to pick as pleasant ones."""
    groups = ctx.content.feelings_by_group()
    handful = [w for words in groups.values() for w in words[:HANDFUL_PER_GROUP]]
    rest = [w for words in groups.values() for w in words[HANDFUL_PER_GROUP:]]
    return handful, rest


class CheckinForm:
    def __init__(self, ctx: AppContext, day: dt.date):
        self.ctx = ctx
        self.day = day
        service = ctx.trellis.checkins
        self.existing = service.for_day(day)
        saved = _values(self.existing, day)
        self.drafts = Drafts.beside(ctx.trellis)
        draft = ctx.state.get(DRAFT_KEY)
        if not draft or draft.get("day") != day:
            draft = _from_json(self.drafts.get(STORED_DRAFT), day)  # kept from an earlier visit
        self.kept_draft = bool(draft) and draft.get("day") == day and _differs(draft, saved)
        self.draft: dict = draft if self.kept_draft else saved
        ctx.state[DRAFT_KEY] = self.draft
        self.own_words = list(ctx.trellis.people.settings().own_care_actions)
        text = ctx.content.checkin

        items: list[ft.Control] = []
        if self.existing is None and service.welcome_back_due(day):
            items.append(
                card(title_medium(ctx.words("checkins.welcome_back_title")), ft.Text(ctx.content.welcome_back_for(day)))
            )
        if self.existing is None and day == ctx.trellis.today():
            items.append(subtle(text.intro))
        else:
            items.append(ft.Text(ctx.words("checkins.for_day", date=date_long(ctx, day)),
                                 theme_style=ft.TextThemeStyle.TITLE_MEDIUM))
            items.append(subtle(text.skip_hint))
        if self.kept_draft:
            items.append(draft_kept_notice(ctx, self.start_over))

        # The four questions.
        self.scales: dict[str, ScaleChoice] = {}
        for key, question in text.scales.items():
            choice = ScaleChoice(question_for(ctx, key, question.question, day), question.why, question.labels,
                                 self.draft[key],
                                 on_change=self._remember(key))
            self.scales[key] = choice
            items.append(choice.control)

        # Feelings: a mixed handful, then the rest on request; chosen ones always show.
        handful, rest = _feeling_order(ctx)
        self.handful = set(handful)
        self.feelings = MultiChoice([*handful, *rest], self.draft["feelings"])
        self.draft["feelings"] = self.feelings.chosen  # one list: the draft follows every tap
        self.more_open = False
        self.more_button = ft.TextButton(on_click=self.toggle_more, height=TOUCH)
        self._show_feelings()
        items.append(
            card(title_medium(question_for(ctx, "feelings", text.feelings.question, day)), subtle(text.feelings.why),
                 self.feelings.row, self.more_button)
        )

        # Self-care done today: the content's actions, the person's own, anything new.
        icons = {a.label: a.icon for a in ctx.content.care_actions}
        words = [a.label for a in ctx.content.care_actions] + self.own_words + list(self.draft["own"])
        self.care = MultiChoice(words, self.draft["care"])
        self.draft["care"] = self.care.chosen
        self._dressed: set[int] = set()
        self._icons = {label: getattr(ft.Icons, name, None) for label, name in icons.items()}
        for chip in self.care.row.controls:
            self._dress_care_chip(chip)
        for chip in self.feelings.row.controls:
            self._watch(chip)
        self.own_field = ft.TextField(
            label=ctx.words("checkins.add_own_label"),
            hint_text=ctx.words("checkins.add_own_hint"),
            max_length=WORD_MAX,
            counter="",
            content_padding=ft.Padding.symmetric(horizontal=12, vertical=12),
            expand=True,
            on_submit=self.add_own,
        )
        items.append(
            card(
                title_medium(question_for(ctx, "care", text.care.question, day)),
                subtle(text.care.why),
                self.care.row,
                ft.Row(
                    [
                        self.own_field,
                        ft.OutlinedButton(ctx.words("checkins.add_own_button"), icon=ft.Icons.ADD,
                                          on_click=self.add_own, height=TOUCH),
                    ],
                    spacing=8,
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
            )
        )

        # A note, only if wanted.
        self.note = ft.TextField(
            label=ctx.words("checkins.note_label"),
            value=self.draft["note"],
            multiline=True,
            min_lines=2,
            max_lines=8,
            max_length=NOTE_MAX,
            counter="",  # no "0/5000" to make a note feel like a task
            on_change=self._note_changed,
            expand=True,
        )
        # In a Row so that it takes the card's whole width.
        items.append(card(title_medium(text.note.prompt), subtle(text.note.why), ft.Row([self.note])))

        actions: list[ft.Control] = [
            ft.FilledButton(ctx.words("checkins.save"), icon=ft.Icons.CHECK, on_click=self.save, height=TOUCH,
                            expand=True)
        ]
        if self.existing is None:
            actions.insert(0, ft.TextButton(text.skip, on_click=self.not_today, height=TOUCH))
        self.control = with_actions(ctx.page, items, ft.Row(actions, spacing=GAP))

    # ---- taps ----------------------------------------------------------------
    def _remember(self, key: str):
        def remember(value: int | None) -> None:
            self.draft[key] = value
            self.keep_draft()

        return remember

    def _dress_care_chip(self, chip: ft.Chip) -> None:
        """The action's icon beside its words; a check in its place once chosen
        (Flutter draws its own check over an icon as a dark square)."""
        icon = self._icons.get(chip.data) or ft.Icons.FAVORITE_BORDER
        chip.show_checkmark = False
        chip.leading = ft.Icon(ft.Icons.CHECK if chip.data in self.care.chosen else icon, size=18)
        if id(chip) not in self._dressed:
            toggle = chip.on_select

            def on_select(e, toggle=toggle, chip=chip):
                toggle(e)
                self._dress_care_chip(chip)
                self.keep_draft()

            chip.on_select = on_select
            self._dressed.add(id(chip))

    def _watch(self, chip: ft.Chip) -> None:
        """A feeling chip keeps its width when picked (a check in place of an
        empty circle, not a checkmark added beside the word, which reflowed
        the row), and the draft is kept on this device after each tap."""
        toggle = chip.on_select
        chip.show_checkmark = False
        self._feeling_mark(chip)

        def on_select(e, toggle=toggle, chip=chip):
            toggle(e)
            self._feeling_mark(chip)
            self.keep_draft()

        chip.on_select = on_select

    def _feeling_mark(self, chip: ft.Chip) -> None:
        chosen = chip.data in self.feelings.chosen
        chip.leading = ft.Icon(ft.Icons.CHECK_CIRCLE if chosen else ft.Icons.CIRCLE_OUTLINED, size=18)

    def _note_changed(self, e=None) -> None:
        self.draft["note"] = self.note.value or ""
        self.keep_draft()

    def keep_draft(self) -> bool:
        """Write the answers so far to this device's drafts file (not a check-in)."""
        try:
            if has_answers(self.draft):
                self.drafts.put(STORED_DRAFT, _to_json(self.draft))
            else:
                self.drafts.drop(STORED_DRAFT)
            return True
        except OSError:
            return False  # the answers are still on screen; nothing was promised yet

    def drop_draft(self) -> None:
        self.ctx.state.pop(DRAFT_KEY, None)
        try:
            self.drafts.drop(STORED_DRAFT)
        except OSError:
            pass

    def _show_feelings(self) -> None:
        for chip in self.feelings.row.controls:
            chip.visible = self.more_open or chip.data in self.handful or chip.data in self.feelings.chosen
        self.more_button.content = self.ctx.words("checkins.fewer_feelings" if self.more_open else "checkins.more_feelings")
        self.more_button.icon = ft.Icons.EXPAND_LESS if self.more_open else ft.Icons.EXPAND_MORE

    def toggle_more(self, e=None) -> None:
        self.more_open = not self.more_open
        self._show_feelings()

    def add_own(self, e=None) -> None:
        word = " ".join((self.own_field.value or "").split())[:WORD_MAX]
        self.own_field.value = ""
        if not word:
            return
        same = next((c.data for c in self.care.row.controls if c.data.casefold() == word.casefold()), None)
        if same is not None:
            self.care.add(same)  # already there: just choose it
            self._dress_care_chip(next(c for c in self.care.row.controls if c.data == same))
            return
        self.care.add(word)
        self.draft["own"].append(word)
        self._dress_care_chip(self.care.row.controls[-1])
        self.keep_draft()

    def start_over(self, e=None) -> None:
        self.drop_draft()
        self.ctx.refresh()

    def not_today(self, e=None) -> ft.AlertDialog | None:
        """Save no check-in, and say so. With answers picked, ask first whether
        to keep them as a draft on this device or let them go."""
        ctx, w = self.ctx, self.ctx.words
        if not has_answers(self.draft):
            self.drop_draft()
            ctx.back()
            ctx.toast(w("checkins.not_today_nothing"))
            return None

        def keep(e=None):
            ctx.page.pop_dialog()
            kept = self.keep_draft()
            ctx.state.pop(DRAFT_KEY, None)
            ctx.back()
            ctx.toast(w("checkins.not_today_kept" if kept else "checkins.not_today_not_kept"))

        def let_go(e=None):
            ctx.page.pop_dialog()
            self.drop_draft()
            ctx.back()
            ctx.toast(w("checkins.not_today_let_go"))

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("checkins.not_today_title")),
            content=ft.Text(w("checkins.not_today_text")),
            actions=[
                ft.TextButton(w("checkins.not_today_let_go_button"), on_click=let_go, height=TOUCH),
                ft.FilledButton(w("checkins.not_today_keep_button"), icon=ft.Icons.BOOKMARK_BORDER, on_click=keep,
                                height=TOUCH),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )
        dialog.data = {"keep": keep, "let_go": let_go}  # so a test can answer without a client
        ctx.page.show_dialog(dialog)
        return dialog

    def answers(self) -> dict:
        return {
            **{key: choice.value for key, choice in self.scales.items()},
            "feelings": list(self.feelings.chosen),
            "care": list(self.care.chosen),
            "note": (self.note.value or "").strip(),
        }

    def save(self, e=None) -> None:
        ctx = self.ctx
        answers = self.answers()
        # The answers on screen, applied to the day's check-in as it is stored now.
        result = ctx.attempt(lambda: ctx.trellis.checkins.answer_selfcare(self.day, answers))
        if result is None:
            return  # the reason was shown; every answer is still on screen
        record, events = result
        self._keep_own_words()
        self.drop_draft()
        ctx.state.pop(DAY_KEY, None)
        achievements = ctx.attempt(lambda: ctx.trellis.celebrate(events)) or []
        ctx.toast(ctx.words("checkins.updated") if self.existing is not None else ctx.content.thanks_for(record.day))
        ctx.back()
        # Last, so the celebration is shown over the toast and the screen it returns to.
        ctx.celebrate(achievements)

    def _keep_own_words(self) -> None:
        """Words added here are offered again next time."""
        new = [w for w in self.draft["own"] if w.casefold() not in {o.casefold() for o in self.own_words}]
        if new:
            keep = (self.own_words + new)[-OWN_MAX:]
            self.ctx.attempt(lambda: self.ctx.trellis.people.save_settings(own_care_actions=keep))


def build(ctx: AppContext) -> ft.Control:
    today = ctx.trellis.today()
    day = ctx.state.get(DAY_KEY) or today
    if not isinstance(day, dt.date) or day > today:
        day = today
    form = CheckinForm(ctx, day)
    ctx.state[FORM_KEY] = form
    return form.control


# ---- a past day: read first, Edit or Delete on request ------------------------

def open_day(ctx: AppContext, day: dt.date) -> None:
    """Open a day's check-in to read; with none saved yet, the form itself."""
    from views.context import Screen

    ctx.state[DAY_KEY] = day
    ctx.open(Screen(ctx.words("checkins.title"), build_day))


def _answer_rows(ctx: AppContext, record: SelfCareCheckin) -> list[ft.Control]:
    text = ctx.content.checkin
    rows: list[ft.Control] = []

    def row(label: str, value: str, muted: bool = False) -> ft.Control:
        return ft.Column(
            [ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.ON_SURFACE_VARIANT),
             ft.Text(value, theme_style=ft.TextThemeStyle.BODY_LARGE,
                     color=ft.Colors.ON_SURFACE_VARIANT if muted else None, italic=muted)],
            spacing=2,
            tight=True,
        )

    skipped = ctx.words("checkins.read_skipped")
    for key, question in text.scales.items():
        value = getattr(record, key)
        rows.append(row(question_for(ctx, key, question.question, record.day),
                        question.labels[value - 1] if value else skipped, muted=not value))
    rows.append(row(question_for(ctx, "feelings", text.feelings.question, record.day),
                    ", ".join(record.feelings) or skipped, muted=not record.feelings))
    rows.append(row(question_for(ctx, "care", text.care.question, record.day),
                    ", ".join(record.care) or skipped, muted=not record.care))
    if record.note:
        rows.append(row(text.note.prompt, record.note))
    return rows


class DayView:
    """One saved check-in, read only, with Edit and Delete (which asks first)."""

    def __init__(self, ctx: AppContext, record: SelfCareCheckin):
        self.ctx, self.record = ctx, record
        w = ctx.words
        self.control = with_actions(
            ctx.page,
            [
                ft.Text(w("checkins.read_title", date=date_relative(ctx, record.day)),
                        theme_style=ft.TextThemeStyle.TITLE_LARGE),
                card(*_answer_rows(ctx, record)),
                ft.Row(
                    [ft.TextButton(w("checkins.delete"), icon=ft.Icons.DELETE_OUTLINE, height=TOUCH,
                                   on_click=self.confirm_delete)],
                ),
            ],
            ft.Row([ft.FilledButton(w("checkins.edit"), icon=ft.Icons.EDIT_OUTLINED, on_click=self.edit,
                                    height=TOUCH, expand=True)]),
        )

    def edit(self, e=None) -> None:
        from views.context import Screen

        self.ctx.state[DAY_KEY] = self.record.day
        self.ctx.open(Screen(self.ctx.words("checkins.title"), build))

    def confirm_delete(self, e=None) -> ft.AlertDialog:
        ctx, w = self.ctx, self.ctx.words
        when = date_relative(ctx, self.record.day)

        def delete(e=None):
            ctx.page.pop_dialog()
            if ctx.attempt(lambda: ctx.trellis.checkins.delete_selfcare(self.record.id)) is not None:
                ctx.back()
                ctx.toast(w("checkins.deleted", date=when))

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("checkins.delete_title", date=when)),
            content=ft.Text(w("checkins.delete_text")),
            actions=[
                ft.TextButton(w("checkins.keep"), on_click=lambda e: ctx.page.pop_dialog(), height=TOUCH),
                # Red only here: a destructive confirmation.
                ft.FilledButton(w("checkins.delete_confirm"), icon=ft.Icons.DELETE_OUTLINE, on_click=delete,
                                height=TOUCH, bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )
        dialog.data = delete  # so a test can confirm without a client
        ctx.page.show_dialog(dialog)
        return dialog


def build_day(ctx: AppContext) -> ft.Control:
    today = ctx.trellis.today()
    day = ctx.state.get(DAY_KEY) or today
    record = ctx.trellis.checkins.for_day(day) if isinstance(day, dt.date) and day <= today else None
    if record is None:
        return build(ctx)  # nothing saved (or deleted meanwhile): the form, to check in for that day
    view = DayView(ctx, record)
    ctx.state["checkin.day_view"] = view
    return view.control
