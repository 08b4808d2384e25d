"""The daily self-care check-in: half a minute, one thumb, no typing needed.

Four questions answered with words (tap a chosen word again to clear it),
feeling words (a mixed handful first, the rest a tap away under "More
feelings"), the self-care done today (the content's actions plus the
person's own, and a small field to add another), and an optional note. Everything can be
skipped; "Save check-in" stays in reach at the bottom of the screen.

The day to check in for is `ctx.state["checkin_day"]` (set by whoever opens
the screen; default today). Saving again on a day edits that day's check-in.

What has been answered so far is kept in `ctx.state["checkin.draft"]`, so a
trip to "Need support?" and back loses nothing; the draft is dropped on save
or "Not today", and a kept draft is said so, with a way to start over.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.models import NOTE_MAX, WORD_MAX, SelfCareCheckin
from views.context import AppContext
from views.widgets import GAP, TOUCH, MultiChoice, ScaleChoice, card, draft_kept_notice, subtle

DAY_KEY = "checkin_day"
DRAFT_KEY = "checkin.draft"
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
        draft = ctx.state.get(DRAFT_KEY)
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
            choice = ScaleChoice(question.question, question.why, question.labels, self.draft[key],
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
            card(title_medium(text.feelings.question), subtle(text.feelings.why), self.feelings.row, self.more_button)
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
                title_medium(text.care.question),
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
        self.control = ft.Column(
            [
                ft.Column(items, spacing=GAP, scroll=ft.ScrollMode.AUTO, expand=True,
                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                ft.Container(ft.Row(actions, spacing=GAP), padding=ft.Padding.only(top=8, bottom=8)),
            ],
            spacing=0,
            expand=True,
        )

    # ---- taps ----------------------------------------------------------------
    def _remember(self, key: str):
        def remember(value: int | None) -> None:
            self.draft[key] = value

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

            chip.on_select = on_select
            self._dressed.add(id(chip))

    def _note_changed(self, e=None) -> None:
        self.draft["note"] = self.note.value or ""

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

    def start_over(self, e=None) -> None:
        self.ctx.state.pop(DRAFT_KEY, None)
        self.ctx.refresh()

    def not_today(self, e=None) -> None:
        self.ctx.state.pop(DRAFT_KEY, None)
        self.ctx.back()

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
        ctx.state.pop(DRAFT_KEY, None)
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
