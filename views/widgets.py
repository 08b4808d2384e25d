"""Small building blocks shared by the screens, so they look and read alike."""

from __future__ import annotations

from typing import Callable, Sequence

import flet as ft

GAP = 12  # between things
TOUCH = 48  # smallest touch target


def heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600)


def subtle(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.BODY_MEDIUM, color=ft.Colors.ON_SURFACE_VARIANT)


def card(*controls: ft.Control, on_click=None) -> ft.Card:
    return ft.Card(
        content=ft.Container(ft.Column(list(controls), spacing=8, tight=True), padding=16, on_click=on_click),
        shape=ft.RoundedRectangleBorder(radius=16),
        elevation=0,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        margin=0,
    )


SHORT_WINDOW = 560  # px high: a phone on its side, or a laptop window at 200% zoom


def with_actions(page, controls: list[ft.Control], actions: ft.Control) -> ft.Column:
    """A scrolling form with its buttons pinned below it. On a short window
    the pinned buttons would take half of what is left between the bars, so
    there they come at the end of the form and scroll with it."""
    short = 0 < (getattr(page, "height", None) or 0) < SHORT_WINDOW
    bar = ft.Container(actions, padding=ft.Padding.only(top=8, bottom=8))
    body = ft.Column(controls + ([bar] if short else []), spacing=GAP, scroll=ft.ScrollMode.AUTO, expand=True,
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    return ft.Column([body] if short else [body, bar], spacing=0, expand=True)


def page_column(controls: Sequence[ft.Control], stretch: bool = False) -> ft.Column:
    """The scrolling body of a screen, with the shared spacing; `stretch` makes
    fields and buttons as wide as the screen (forms)."""
    return ft.Column(
        list(controls),
        spacing=GAP,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH if stretch else ft.CrossAxisAlignment.START,
    )


def roomy(control: ft.Control) -> ft.MergeSemantics:
    """A radio, checkbox or switch with 4 px above and below, merged into its
    node: Flutter draws these 40 px high in a browser; this makes 48."""
    return ft.MergeSemantics(ft.Container(control, padding=ft.Padding.symmetric(vertical=4)))


def icon_button(icon, name: str, on_click, **kwargs) -> ft.MergeSemantics:
    """An icon button read by its name: the tooltip alone labels a wrapper and
    leaves the button itself nameless for screen readers; merged, they are one
    button called `name`."""
    return ft.MergeSemantics(
        ft.IconButton(icon, tooltip=name, on_click=on_click, width=TOUCH, height=TOUCH, **kwargs)
    )


def named(text: str, name: str) -> ft.Text:
    """A button's short visible word, read out with what it acts on
    ("Edit" is heard as "Edit step Walk 10 minutes")."""
    return ft.Text(text, semantics_label=name)


def primary(label: str, on_click, icon=None) -> ft.FilledButton:
    return ft.FilledButton(label, icon=icon, on_click=on_click, height=TOUCH)


def secondary(label: str, on_click, icon=None) -> ft.OutlinedButton:
    return ft.OutlinedButton(label, icon=icon, on_click=on_click, height=TOUCH)


def confirm_dialog(ctx, title: str, text: str, keep: str, confirm: str, on_confirm) -> ft.AlertDialog:
    """Asked before something that cannot be undone (a reflection removed, a
    goal deleted): a short question, then the safe choice (it only closes the
    dialog) and the one red button that goes ahead."""
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(title),
        content=ft.Text(text, width=400),
        actions=[
            ft.TextButton(keep, on_click=lambda e: ctx.page.pop_dialog(), height=TOUCH),
            ft.FilledButton(confirm, icon=ft.Icons.DELETE_OUTLINE, on_click=on_confirm, height=TOUCH,
                            style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR,
                                                 icon_color=ft.Colors.ON_ERROR)),
        ],
        actions_alignment=ft.MainAxisAlignment.END,
    )


def empty_state(icon, title: str, text: str, action: ft.Control | None = None) -> ft.Container:
    items: list[ft.Control] = [
        ft.Icon(icon, size=48, color=ft.Colors.PRIMARY),
        ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, text_align=ft.TextAlign.CENTER),
        ft.Text(text, text_align=ft.TextAlign.CENTER, color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if action is not None:
        items.append(action)
    return ft.Container(
        ft.Column(items, horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=GAP, tight=True),
        padding=24,
        alignment=ft.Alignment.CENTER,
    )


class ScaleChoice:
    """A 1-5 question answered with words, one tap. A radio group: read as one
    choice of several, with a filled dot on the chosen word (not only a pale
    fill). Tapping the chosen word again clears it, so every question can be
    skipped or un-answered."""

    def __init__(self, question: str, why: str, labels: Sequence[str], value: int | None,
                 on_change: Callable[[int | None], None] | None = None):
        self.value = value
        self._on_change = on_change
        self.radios = [
            ft.Radio(value=str(i), label=word, toggleable=True, height=TOUCH) for i, word in enumerate(labels, start=1)
        ]
        self.group = ft.RadioGroup(
            ft.Column([roomy(r) for r in self.radios], spacing=0),
            value=str(value) if value else None,
            on_change=self._changed,
        )
        for radio in self.radios:
            radio.data = self.group  # so a tap in tests can reach its group
        self.control = card(
            ft.Text(question, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            subtle(why),
            self.group,
        )

    def _changed(self, e) -> None:
        raw = e.control.value
        self.value = int(raw) if raw else None
        if self._on_change:
            self._on_change(self.value)


class MultiChoice:
    """Words to pick any number of (feelings, self-care done today)."""

    def __init__(self, words: Sequence[str], chosen: Sequence[str]):
        self.chosen = list(chosen)
        self.row = ft.Row(wrap=True, spacing=8, run_spacing=8)
        for word in dict.fromkeys([*words, *chosen]):  # keep a person's own words too
            self.add(word, select=False)

    def add(self, word: str, select: bool = True) -> None:
        word = word.strip()
        if not word:
            return
        if select and word not in self.chosen:
            self.chosen.append(word)
        if any(c.data == word for c in self.row.controls):
            for c in self.row.controls:
                if c.data == word:
                    c.selected = word in self.chosen
            return
        self.row.controls.append(
            ft.Chip(label=ft.Text(word), data=word, selected=word in self.chosen, on_select=self._toggle)
        )

    def _toggle(self, e) -> None:
        word = e.control.data
        if e.control.selected and word not in self.chosen:
            self.chosen.append(word)
        elif not e.control.selected and word in self.chosen:
            self.chosen.remove(word)


def draft_kept_notice(ctx, on_start_over) -> ft.Row:
    """Said when a screen comes back with the answers typed before a detour
    (to "Need support?", say), with a way to start over."""
    return ft.Row(
        [
            ft.Icon(ft.Icons.HISTORY, color=ft.Colors.PRIMARY),
            ft.Text(ctx.words("checkins.draft_kept"), expand=True),
            ft.TextButton(ctx.words("checkins.start_over"), on_click=on_start_over, height=TOUCH),
        ],
        spacing=8,
    )
