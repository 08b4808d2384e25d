"""Learn: the cards on the ideas that shape Trellis.

- The list: a search box (works offline, ignores case and accents), the
  cards marked helpful first, then the rest; for a mentor, the five cards to
  read before a first meeting; and "Your reflections", everything written
  from the cards, newest first.
- A card: a few sentences, why it matters (for the person's role, or both
  when no role is set), two questions each with "Write about this", one small
  thing to try, where the idea lives in the app (a button only where that
  place exists), "This card helps me", and what was written from it.
- The reflect dialog saves a private journal entry.
- `suggestion(ctx, moment, ...)`: the one card offered at a moment (a goal
  let go...), with "Don't suggest this again", for other screens to show.

Opened from Today (`entry_card`) and the Pair tab (`entry_button`). The live
list and card are kept in ctx.state under LIST_KEY and CARD_VIEW_KEY for tests.
"""

from __future__ import annotations

import datetime as dt

import flet as ft

from app.learn import Card
from app.models import NOTE_MAX, Goal, JournalEntry
from views.context import AppContext, Screen
from views.widgets import GAP, TOUCH, card, confirm_dialog, page_column, primary, secondary, subtle

QUERY_KEY = "learn.query"
CARD_KEY = "learn.card"
LIST_KEY = "learn.list"
CARD_VIEW_KEY = "learn.card_view"
REFLECTIONS_SHOWN = 20  # newest reflections listed on Learn; every one stays on its card


# ---- getting here -----------------------------------------------------------------

def open_learn(ctx: AppContext) -> None:
    ctx.open(Screen(ctx.words("learn.title"), build))


def open_card(ctx: AppContext, card_id: str) -> None:
    ctx.state[CARD_KEY] = card_id
    ctx.open(Screen(ctx.words("learn.title"), build_card))


def entry_button(ctx: AppContext, key: str = "learn.today_button") -> ft.Control:
    return secondary(ctx.words(key), lambda e: open_learn(ctx), icon=ft.Icons.MENU_BOOK_OUTLINED)


def entry_card(ctx: AppContext) -> ft.Control:
    """The small Learn card near the bottom of Today."""
    return card(
        ft.Row([ft.Icon(ft.Icons.MENU_BOOK_OUTLINED, color=ft.Colors.PRIMARY),
                ft.Text(ctx.words("learn.today_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True)]),
        ft.Text(ctx.words("learn.today_text")),
        ft.Row([entry_button(ctx)], wrap=True),
    )


def _go(ctx: AppContext, action: str) -> None:
    """Where a card's "In Trellis" button leads. Imports wait until a tap: those
    screens import a good deal, and some of them show Learn's suggestions."""
    if action == "checkin":
        from views import checkin

        ctx.state["checkin_day"] = ctx.trellis.today()
        ctx.open(Screen(ctx.words("today.checkin_title"), checkin.build))
    elif action == "new_goal":
        from views import goal_new

        goal_new.start(ctx)
    elif action == "reflection":
        from views import resilience

        ctx.open(Screen(ctx.content.resilience.title, resilience.build))
    elif action == "support":
        from views import support

        ctx.open(Screen(ctx.words("support.title"), support.build))
    elif action in ("goals", "wins"):
        ctx.go(action)
    else:
        raise ValueError(f"no place in the app called {action!r}")


def _date(ctx: AppContext, day: dt.date) -> str:
    return ctx.words("learn.date", day=day.day, month=ctx.words(f"wins.month_{day.month}"), year=day.year)


def _section(text: str) -> ft.Control:
    return ft.Semantics(
        content=ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
        header=True,
        container=True,  # its own node: without it the whole card became one "heading"
    )


def _tappable(item: ft.Card, on_click) -> ft.Card:
    item.content.on_click = on_click
    item.content.ink = True
    item.content.border_radius = 16
    return item


# ---- the list ---------------------------------------------------------------------

class LearnList:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        w = ctx.words
        self.svc = ctx.trellis.learn
        self.role = ctx.trellis.people.profile().role
        self.search = ft.TextField(
            label=w("learn.search_label"), hint_text=w("learn.search_hint"), value=ctx.state.get(QUERY_KEY, ""),
            prefix_icon=ft.Icons.SEARCH, on_change=lambda e: self.find(e.control.value or ""),
        )
        self.path = ft.Container()
        self.results = ft.Column(spacing=GAP, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.reflections = ft.Container()
        self.control = page_column(
            [subtle(w("learn.intro")), self.search, self.path, self.results, self.reflections,
             ft.Container(height=GAP)],
            stretch=True,
        )
        self.show()

    @property
    def query(self) -> str:
        return self.ctx.state.get(QUERY_KEY, "")

    def find(self, query: str) -> None:
        self.ctx.state[QUERY_KEY] = query
        self.show()
        self.ctx.page.update()

    def show(self) -> None:
        w, query = self.ctx.words, self.query
        helpful, rest = self.svc.listing(query)
        items: list[ft.Control] = []
        if not helpful and not rest:
            items.append(subtle(w("learn.no_match", query=query.strip())))
        if helpful:
            items += [_section(w("learn.helpful_title")), *[self.item(c, True) for c in helpful]]
        if rest:
            items += [_section(w("learn.more_title" if helpful else "learn.all_title")),
                      *[self.item(c, False) for c in rest]]
        self.results.controls = items
        # The mentors' path and the reflections would crowd a search.
        searching = bool(query.strip())
        self.path.content = None if searching or self.role != "mentor" else self._path()
        self.reflections.content = None if searching else self._reflections()

    def item(self, c: Card, helpful: bool) -> ft.Control:
        title: list[ft.Control] = [ft.Text(c.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True)]
        if helpful:
            title.insert(0, ft.Icon(ft.Icons.THUMB_UP_OUTLINED, color=ft.Colors.PRIMARY, size=20))
        item = _tappable(card(ft.Row(title, spacing=8), subtle(c.summary)),
                         lambda e, cid=c.id: open_card(self.ctx, cid))
        item.data = c.id
        return item

    def _path(self) -> ft.Control:
        w = self.ctx.words
        rows: list[ft.Control] = [_section(w("learn.path_title")), subtle(w("learn.path_intro"))]
        for number, (c, read) in enumerate(self.svc.first_meeting_path(), start=1):
            rows.append(
                ft.ListTile(
                    leading=ft.Icon(ft.Icons.CHECK_CIRCLE if read else ft.Icons.RADIO_BUTTON_UNCHECKED,
                                    color=ft.Colors.PRIMARY),
                    title=ft.Text(w("learn.path_step", number=number, title=c.title)),
                    subtitle=ft.Text(w("learn.path_read" if read else "learn.path_unread")),
                    on_click=lambda e, cid=c.id: open_card(self.ctx, cid),
                    min_height=TOUCH,
                    content_padding=ft.Padding.symmetric(horizontal=4),
                    data=c.id,
                )
            )
        return card(*rows)

    def _reflections(self) -> ft.Control:
        w = self.ctx.words
        entries = self.svc.reflections()
        items: list[ft.Control] = [_section(w("learn.reflections_title")), subtle(w("learn.reflections_intro"))]
        if not entries:
            items.append(ft.Text(w("learn.reflections_empty")))
        for entry in entries[:REFLECTIONS_SHOWN]:
            items.append(self._entry(entry))
        return ft.Column(items, spacing=8, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def _entry(self, entry: JournalEntry) -> ft.Control:
        w = self.ctx.words
        try:
            title = self.svc.card(entry.card_id).title
        except ValueError:  # a card no longer in the content: the words stay readable
            title = entry.card_id
        lines: list[ft.Control] = [
            ft.Text(f"{_date(self.ctx, entry.day)} · {w('learn.reflection_from', title=title)}",
                    theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT),
        ]
        if entry.prompt:
            lines.append(ft.Text(entry.prompt, italic=True, color=ft.Colors.ON_SURFACE_VARIANT))
        lines.append(ft.Text(entry.text))
        item = card(*lines)
        if entry.card_id in {c.id for c in self.svc.cards()}:
            _tappable(item, lambda e, cid=entry.card_id: open_card(self.ctx, cid))
        item.data = entry.id
        return item


def build(ctx: AppContext) -> ft.Control:
    view = LearnList(ctx)
    ctx.state[LIST_KEY] = view
    return view.control


# ---- one card ---------------------------------------------------------------------

class CardView:
    def __init__(self, ctx: AppContext, card_id: str):
        self.ctx = ctx
        self.svc = ctx.trellis.learn
        self.card = self.svc.card(card_id)
        ctx.attempt(lambda: self.svc.mark_seen(card_id))
        w, c = ctx.words, self.card
        role = ctx.trellis.people.profile().role

        why: list[ft.Control] = [_section(w("learn.why_title"))]
        for whose, text in c.why(role):
            label = f"learn.why_{whose}" if role else f"learn.why_{whose}_unset"
            why += [subtle(w(label)), ft.Text(text)]

        prompts: list[ft.Control] = [_section(w("learn.prompts_title"))]
        for prompt in c.prompts:
            prompts.append(
                ft.Column(
                    [ft.Text(prompt),
                     ft.Row([ft.TextButton(w("learn.reflect"), icon=ft.Icons.EDIT_NOTE, height=TOUCH, data=prompt,
                                           on_click=lambda e, p=prompt: self.reflect(p))], wrap=True)],
                    spacing=0,
                    tight=True,
                )
            )

        connects: list[ft.Control] = [_section(w("learn.connects_title")), ft.Text(c.connects)]
        if c.action:
            connects.append(ft.Row([secondary(w(f"learn.go_{c.action}"), lambda e: _go(ctx, c.action),
                                              icon=ft.Icons.ARROW_FORWARD)], wrap=True))

        self.helpful = ft.Switch(label=w("learn.helpful_label"), value=c.id in self.svc.helpful_ids(),
                                 on_change=lambda e: self.set_helpful(bool(e.control.value)))
        self.written = ft.Container()
        self.control = page_column(
            [
                ft.Semantics(content=ft.Text(c.title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                                             weight=ft.FontWeight.W_600), header=True,
                            container=True),
                ft.Text(c.body),
                card(*why),
                card(*prompts),
                card(_section(w("learn.activity_title")), subtle(w(f"learn.activity_{c.activity_with}")),
                     ft.Text(c.activity)),
                card(*connects),
                ft.Container(self.helpful, height=TOUCH, alignment=ft.Alignment.CENTER_LEFT),
                self.written,
                ft.Container(height=GAP),
            ],
            stretch=True,
        )
        self.show_written()

    def show_written(self) -> None:
        w = self.ctx.words
        entries = self.svc.reflections(self.card.id)
        items: list[ft.Control] = [_section(w("learn.card_reflections_title"))]
        if not entries:
            items.append(subtle(w("learn.card_reflections_empty")))
        for entry in entries:
            date = _date(self.ctx, entry.day)
            lines: list[ft.Control] = [subtle(date)]
            if entry.prompt:
                lines.append(ft.Text(entry.prompt, italic=True, color=ft.Colors.ON_SURFACE_VARIANT))
            lines += [
                ft.Text(entry.text),
                ft.Row([ft.TextButton(w("learn.delete_reflection"), icon=ft.Icons.DELETE_OUTLINE, height=TOUCH,
                                      data=entry.id,
                                      on_click=lambda e, eid=entry.id: self.ask_remove(eid))]),
            ]
            items.append(ft.Column(lines, spacing=2, tight=True))
        self.written.content = card(*items)

    def set_helpful(self, helpful: bool) -> None:
        if self.ctx.attempt(lambda: self.svc.set_helpful(self.card.id, helpful)) is None:
            self.helpful.value = not helpful
        else:
            self.ctx.toast(self.ctx.words("learn.helpful_on" if helpful else "learn.helpful_off"))
        self.ctx.page.update()

    def reflect(self, prompt: str) -> "ReflectDialog":
        dialog = ReflectDialog(self, prompt)
        self.ctx.page.show_dialog(dialog.dialog)
        return dialog

    def ask_remove(self, entry_id: str) -> None:
        """Words someone wrote are not removed by one stray tap: ask first."""
        w = self.ctx.words
        self.ctx.page.show_dialog(
            confirm_dialog(self.ctx, w("learn.remove_title"), w("learn.remove_text"), w("learn.remove_keep"),
                           w("learn.remove_confirm"), lambda e: self.remove(entry_id))
        )

    def remove(self, entry_id: str) -> None:
        self.ctx.page.pop_dialog()
        if self.ctx.attempt(lambda: self.svc.delete_reflection(entry_id)) is None:
            return
        self.show_written()
        self.ctx.toast(self.ctx.words("learn.reflection_removed"))


class ReflectDialog:
    """Write about one of a card's questions; saved as a private journal entry."""

    def __init__(self, view: CardView, prompt: str):
        self.view = view
        self.ctx = ctx = view.ctx
        self.prompt = prompt
        w = ctx.words
        self.field = ft.TextField(label=w("learn.dialog_label"), hint_text=w("learn.dialog_hint"), multiline=True,
                                  min_lines=3, max_lines=8, autofocus=True,
                                  capitalization=ft.TextCapitalization.SENTENCES)
        self.hint = ft.Text(visible=False, color=ft.Colors.ERROR)
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("learn.dialog_title", title=view.card.title)),
            content=ft.Column(
                [ft.Text(prompt, theme_style=ft.TextThemeStyle.TITLE_SMALL), subtle(w("learn.dialog_why")),
                 self.field, self.hint],
                spacing=GAP,
                tight=True,
                width=400,
            ),
            scrollable=True,
            actions=[
                ft.TextButton(w("learn.dialog_cancel"), on_click=lambda e: ctx.page.pop_dialog(), height=TOUCH),
                ft.FilledButton(w("learn.dialog_save"), icon=ft.Icons.CHECK, on_click=lambda e: self.save(),
                                height=TOUCH),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )

    def _problem(self, text: str) -> None:
        self.hint.value, self.hint.visible = text, True
        self.ctx.page.update()

    def save(self) -> JournalEntry | None:
        w, text = self.ctx.words, (self.field.value or "").strip()
        if not text:
            self._problem(w("learn.dialog_needed"))
            return None
        if len(text) > NOTE_MAX:
            self._problem(w("learn.dialog_too_long", max=NOTE_MAX))
            return None
        saved = self.ctx.attempt(lambda: self.view.svc.reflect(self.view.card.id, self.prompt, text))
        if saved is None:
            return None
        self.ctx.page.pop_dialog()
        self.view.show_written()
        self.ctx.toast(w("learn.saved"))
        return saved


def _gone(ctx: AppContext) -> ft.Control:
    return page_column([subtle(ctx.words("learn.gone")),
                        ft.Row([primary(ctx.words("learn.today_button"), lambda e: ctx.back(),
                                        icon=ft.Icons.ARROW_BACK)])])


def build_card(ctx: AppContext) -> ft.Control:
    try:
        view = CardView(ctx, ctx.state.get(CARD_KEY) or "")
    except ValueError:
        ctx.state.pop(CARD_VIEW_KEY, None)
        return _gone(ctx)
    ctx.state[CARD_VIEW_KEY] = view
    return view.control


# ---- a card at the right moment -----------------------------------------------------

def suggestion(ctx: AppContext, *moments: str, goal: Goal | None = None) -> ft.Control:
    """The one card worth offering now, or an empty box. "Don't suggest this
    again" turns the offer off for good and removes it in place."""
    holder = ft.Container()
    found = ctx.trellis.learn.suggestion(*moments, goal=goal)
    if found is None:
        return holder
    w = ctx.words

    def dismiss(e) -> None:
        if ctx.attempt(lambda: ctx.trellis.learn.dismiss_suggestion(found.id)) is None:
            return
        holder.content = None
        ctx.toast(w("learn.suggest_dismissed"))

    holder.content = card(
        ft.Row([ft.Icon(ft.Icons.LIGHTBULB_OUTLINE, color=ft.Colors.PRIMARY),
                ft.Text(w("learn.suggest_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True)]),
        ft.Text(found.title, weight=ft.FontWeight.W_600),
        subtle(found.summary),
        ft.Row(
            [secondary(w("learn.suggest_read"), lambda e: open_card(ctx, found.id), icon=ft.Icons.MENU_BOOK_OUTLINED),
             ft.TextButton(w("learn.suggest_dismiss"), on_click=dismiss, height=TOUCH)],
            wrap=True, spacing=8, run_spacing=8,
        ),
    )
    holder.data = found.id
    return holder


def meeting_prompt(ctx: AppContext) -> ft.Control:
    """For Review together: one question from a card not read yet, the same
    all day, so both people can start from it."""
    found, question = ctx.trellis.learn.meeting_prompt()
    w = ctx.words
    return card(
        ft.Row([ft.Icon(ft.Icons.FORUM_OUTLINED, color=ft.Colors.PRIMARY),
                ft.Text(w("learn.meeting_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True)]),
        ft.Text(question),
        subtle(w("learn.meeting_from", title=found.title)),
        ft.Row([secondary(w("learn.suggest_read"), lambda e: open_card(ctx, found.id), icon=ft.Icons.MENU_BOOK_OUTLINED)],
               wrap=True),
    )
