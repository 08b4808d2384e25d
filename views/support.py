"""Need support? One tap from every screen.

A calm page: a few words, a plain statement that Trellis is not a crisis
service, the person's own support contacts (crisis lines first) with Call and
Message, a short grounding exercise shown one step at a time, and a paced
breathing guide. The words come from content/support.toml and
content/ui_support.toml; the contacts from ctx.trellis.people.

The breathing guide runs as a task on the page's loop and stops itself when
Stop is pressed, when the screen is left (its controls are unmounted) or when
the page goes away. With reduced motion it shows words and a count only.
"""

from __future__ import annotations

import asyncio
import re
from typing import Callable

import flet as ft
from pydantic import ValidationError

from app import crisis_lines
from app.drafts import Drafts
from app.models import SupportContact, plain_errors
from views.context import AppContext
from views.widgets import GAP, TOUCH, card, empty_state, heading, named, page_column, secondary, subtle

LAUNCHER_KEY = "support.url_launcher"  # ctx.state: one UrlLauncher per session, kept referenced
REGION_KEY = "region"  # drafts.json: the country picked on this device
ELSEWHERE = "elsewhere"  # the picker's "somewhere else" choice
CIRCLE_BIG = 176
CIRCLE_SMALL = 88
CIRCLE_BOX = 192
PHONES = (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS)


def _title(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600)


def _small_heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.LABEL_LARGE, color=ft.Colors.PRIMARY)


def _section(text: str) -> ft.Control:
    """A section heading, with a little more room above it than between cards."""
    return ft.Container(heading(text), padding=ft.Padding.only(top=8))


def dial_string(phone: str) -> str:
    """What goes after tel: or sms:, digits and a leading + only."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return ("+" if digits.startswith("+") else "") + digits.replace("+", "")


# ---------------------------------------------------------------------------- grounding


class Grounding:
    """Steps shown one at a time: Start, Next step ... Finish, with Stop at any time."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.text = ctx.content.support.grounding
        self.step: int | None = None  # None: not started; len(steps): finished
        self.body = ft.Column(spacing=GAP, tight=True)
        self.control = card(_title(self.text.title), subtle(self.text.intro), self.body)
        self.show()

    @property
    def steps(self) -> tuple[str, ...]:
        return self.text.steps

    def start(self, e=None) -> None:
        self.step = 0
        self.show()

    def next(self, e=None) -> None:
        if self.step is not None and self.step < len(self.steps):
            self.step += 1
        self.show()

    def previous(self, e=None) -> None:
        if self.step:
            self.step -= 1
        self.show()

    def stop(self, e=None) -> None:
        self.step = None
        self.show()

    def show(self) -> None:
        w = self.ctx.words
        if self.step is None:
            self.body.controls = [secondary(w("support.grounding_start"), self.start, icon=ft.Icons.SELF_IMPROVEMENT)]
            return
        if self.step >= len(self.steps):
            self.body.controls = [
                ft.Text(w("support.grounding_done")),
                secondary(w("support.grounding_again"), self.start, icon=ft.Icons.REPLAY),
            ]
            return
        last = self.step == len(self.steps) - 1
        buttons: list[ft.Control] = [
            secondary(w("support.grounding_finish" if last else "support.grounding_next"), self.next,
                      icon=ft.Icons.CHECK if last else ft.Icons.ARROW_FORWARD),
        ]
        if self.step > 0:
            buttons.append(ft.TextButton(w("support.grounding_previous"), icon=ft.Icons.ARROW_BACK,
                                         on_click=self.previous, height=TOUCH))
        buttons.append(ft.TextButton(w("support.grounding_stop"), icon=ft.Icons.CLOSE, on_click=self.stop, height=TOUCH))
        self.body.controls = [
            _small_heading(w("support.grounding_step", number=self.step + 1, total=len(self.steps))),
            ft.Text(self.steps[self.step], theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Row(buttons, wrap=True, spacing=8, run_spacing=8),
        ]


# ---------------------------------------------------------------------------- breathing


@ft.control
class _Watched(ft.Container):
    """A Container that says when it leaves the page, so a running loop can stop."""

    def will_unmount(self):
        on_leave = getattr(self, "_on_leave", None)
        if on_leave is not None:
            on_leave()
        super().will_unmount()


class Breathing:
    """A paced breathing guide: a circle that grows on "in" and shrinks on "out",
    the phase word and a count. The loop runs with page.run_task and, every
    second, checks that its run number is still current: Stop, leaving the
    screen and a new Start each move the number on, so an old loop gives up."""

    def __init__(self, ctx: AppContext, reduced_motion: bool):
        self.ctx = ctx
        self.text = ctx.content.support.breathing
        self.reduced_motion = reduced_motion
        self.running = False
        self.run_id = 0  # a new Start makes any older loop give up
        self.phase = ft.Text(ctx.words("support.breathing_ready"), theme_style=ft.TextThemeStyle.TITLE_LARGE,
                             text_align=ft.TextAlign.CENTER)
        self.count = ft.Text("", theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM, text_align=ft.TextAlign.CENTER,
                             color=ft.Colors.ON_PRIMARY_CONTAINER)
        self.round = subtle("")
        self.circle = ft.Container(
            content=self.count,
            width=CIRCLE_SMALL,
            height=CIRCLE_SMALL,
            shape=ft.BoxShape.CIRCLE,
            bgcolor=ft.Colors.PRIMARY_CONTAINER,
            alignment=ft.Alignment.CENTER,
            animate=None if reduced_motion else ft.Animation(1000, ft.AnimationCurve.EASE_IN_OUT),
        )
        self.button = secondary(ctx.words("support.breathing_start"), self.toggle, icon=ft.Icons.AIR)
        if reduced_motion:
            # Words only: no shape that changes size.
            self.count.color = ft.Colors.PRIMARY
            visual: ft.Control = ft.Container(self.count, alignment=ft.Alignment.CENTER, height=56)
            note: list[ft.Control] = [subtle(ctx.words("support.breathing_words_only"))]
        else:
            visual = ft.Container(self.circle, width=CIRCLE_BOX, height=CIRCLE_BOX, alignment=ft.Alignment.CENTER)
            note = []
        t = self.text
        pattern = (
            ctx.words("support.breathing_pattern", inhale=t.in_seconds, hold=t.hold_seconds, exhale=t.out_seconds,
                      rounds=t.rounds)
            if t.hold_seconds
            else ctx.words("support.breathing_pattern_no_hold", inhale=t.in_seconds, exhale=t.out_seconds,
                           rounds=t.rounds)
        )
        self.control = _Watched(
            card(
                _title(t.title),
                subtle(t.intro),
                subtle(pattern),
                *note,
                ft.Container(  # a Container with an alignment takes the card's width: centred
                    ft.Column(
                        [visual, self.phase, self.round],
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                        spacing=8,
                        tight=True,
                    ),
                    alignment=ft.Alignment.CENTER,
                ),
                ft.Row([self.button], alignment=ft.MainAxisAlignment.CENTER),
            )
        )
        self.control._on_leave = self.leave

    # ---- the steps of one round
    def phases(self) -> list[tuple[str, int, int]]:
        """(word, seconds, circle size) for one round; a 0-second hold is left out."""
        t = self.text
        out = [(t.breathe_in, t.in_seconds, CIRCLE_BIG)]
        if t.hold_seconds:
            out.append((t.hold, t.hold_seconds, CIRCLE_BIG))
        out.append((t.breathe_out, t.out_seconds, CIRCLE_SMALL))
        return out

    # ---- controls
    def toggle(self, e=None) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        self.running = True
        self.run_id += 1
        self._set_button(running=True)
        page = self.ctx.page
        if page is not None and hasattr(page, "run_task"):
            page.run_task(self.run, self.run_id)

    def stop(self, message: str | None = None) -> None:
        self.running = False
        self.run_id += 1
        self._set_button(running=False)
        self.phase.value = message if message is not None else self.ctx.words("support.breathing_stopped")
        self.count.value = ""
        self.round.value = ""
        self._size(CIRCLE_SMALL, 400)

    def leave(self) -> None:
        """The screen was left: end the loop quietly."""
        self.running = False
        self.run_id += 1

    def _set_button(self, running: bool) -> None:
        w = self.ctx.words
        self.button.content = w("support.breathing_stop" if running else "support.breathing_start")
        self.button.icon = ft.Icons.STOP_CIRCLE_OUTLINED if running else ft.Icons.AIR

    def _size(self, size: int, ms: int) -> None:
        if self.reduced_motion:
            return
        self.circle.animate = ft.Animation(ms, ft.AnimationCurve.EASE_IN_OUT)
        self.circle.width = self.circle.height = size

    def _show(self) -> bool:
        """Send the changes; False when the controls are no longer on a page."""
        try:
            self.control.update()
            return True
        except Exception:  # left the page, or the session closed
            self.leave()
            return False

    async def run(self, run_id: int, tick: float = 1.0) -> None:
        rounds = self.text.rounds
        for number in range(1, rounds + 1):
            for word, seconds, size in self.phases():
                if run_id != self.run_id:
                    return
                self.phase.value = word
                self.round.value = self.ctx.words("support.breathing_round", number=number, total=rounds)
                self._size(size, seconds * 1000)
                for left in range(seconds, 0, -1):
                    if run_id != self.run_id:
                        return
                    self.count.value = str(left)
                    if not self._show():
                        return
                    await asyncio.sleep(tick)
        if run_id == self.run_id:
            self.stop(message=self.text.done)
            self._show()


# ---------------------------------------------------------------------------- contacts


class ContactForm:
    """The add/edit dialog. Invalid input shows in the field and saves nothing."""

    FIELDS = ("name", "phone", "note")

    def __init__(self, ctx: AppContext, contact: SupportContact | None, on_saved: Callable[[SupportContact], None],
                 crisis_line: bool = False):
        self.ctx = ctx
        self.contact = contact
        self.on_saved = on_saved
        w = ctx.words
        self.name = ft.TextField(label=w("support.name_label"), hint_text=w("support.name_hint"),
                                 value=contact.name if contact else "", autofocus=True,
                                 capitalization=ft.TextCapitalization.WORDS, on_change=self._clear)
        self.phone = ft.TextField(label=w("support.phone_label"), hint_text=w("support.phone_hint"),
                                  value=contact.phone if contact else "", keyboard_type=ft.KeyboardType.PHONE,
                                  on_change=self._clear)
        self.note = ft.TextField(label=w("support.note_label"), hint_text=w("support.note_hint"),
                                 value=contact.note if contact else "", multiline=True, min_lines=1, max_lines=4,
                                 on_change=self._clear)
        self.crisis = ft.Switch(label=w("support.crisis_label"), value=contact.crisis_line if contact else crisis_line)
        self.general = ft.Text("", visible=False)
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("support.edit_title" if contact else
                            "support.add_crisis_line" if crisis_line else "support.add_title")),
            content=ft.Column(
                [subtle(w("support.dialog_intro")), self.name, self.phone, self.note,
                 ft.Container(self.crisis, height=TOUCH, alignment=ft.Alignment.CENTER_LEFT),
                 subtle(w("support.crisis_hint")), self.general],
                spacing=GAP,
                tight=True,
                width=400,
            ),
            scrollable=True,  # sized to its fields; scrolls only when the keyboard leaves too little room
            actions=[
                ft.TextButton(w("support.cancel"), on_click=self.cancel, height=TOUCH),
                ft.FilledButton(w("support.save"), icon=ft.Icons.CHECK, on_click=self.save, height=TOUCH),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )

    def open(self) -> None:
        self.ctx.page.show_dialog(self.dialog)

    def cancel(self, e=None) -> None:
        self.ctx.page.pop_dialog()

    def _clear(self, e) -> None:
        e.control.error = None
        self.general.visible = False

    def _message(self, field: str, error: dict) -> str:
        w, kind = self.ctx.words, error["type"]
        if field == "name":
            return w("support.name_too_long" if kind == "string_too_long" else "support.name_needed")
        if field == "phone":
            return w("support.phone_too_long" if kind == "string_too_long" else "support.phone_invalid")
        if field == "note":
            return w("support.note_too_long")
        return w("support.field_check", detail=error.get("msg", ""))

    def values(self) -> dict:
        return {
            "name": self.name.value or "",
            "phone": self.phone.value or "",
            "note": self.note.value or "",
            "crisis_line": bool(self.crisis.value),
        }

    def validate(self) -> SupportContact | None:
        """The contact to save, or None with each problem shown in its own field."""
        for field in self.FIELDS:
            getattr(self, field).error = None
        self.general.visible = False
        base = self.contact.model_dump() if self.contact else {}
        try:
            return SupportContact.model_validate({**base, **self.values()})
        except ValidationError as exc:
            shown = False
            for error in exc.errors(include_url=False):
                field = error["loc"][0] if error["loc"] else None
                if field in self.FIELDS and getattr(self, field).error is None:
                    getattr(self, field).error = self._message(field, error)
                    shown = True
            if not shown:
                self.general.value = self.ctx.words("support.field_check", detail=plain_errors(exc))
                self.general.visible = True
            return None

    def save(self, e=None) -> SupportContact | None:
        contact = self.validate()
        if contact is None:
            return None
        people = self.ctx.trellis.people
        if self.contact is None:
            saved = self.ctx.attempt(lambda: people.save_contact(contact))
        else:  # only what was changed in this dialog
            changes = {k: v for k, v in contact.model_dump().items()
                       if k in SupportContact.content_fields() and v != getattr(self.contact, k)}
            saved = self.ctx.attempt(lambda: people.edit_contact(self.contact.id, changes))
        if saved is None:
            return None
        self.ctx.page.pop_dialog()
        self.on_saved(saved)
        return saved


class Contacts:
    """Your people: crisis lines first under their own heading, then everyone else."""

    def __init__(self, ctx: AppContext, on_change: Callable[[], None] | None = None):
        self.ctx = ctx
        self.on_change = on_change  # told after every fill, so other parts can follow
        self.contacts: list[SupportContact] = []  # as last listed
        self.list = ft.Column(spacing=GAP, tight=True)
        self.add_button = secondary(ctx.words("support.add_contact"), lambda e: self.add(), icon=ft.Icons.PERSON_ADD_ALT)
        self.control = ft.Column(
            [_section(ctx.content.support.contacts_title), self.list],
            spacing=GAP,
            tight=True,
        )

    # ---- listing
    def fill(self) -> None:
        self._fill()
        if self.on_change is not None:
            self.on_change()

    def _fill(self) -> None:
        ctx, w = self.ctx, self.ctx.words
        contacts = self.contacts = ctx.trellis.people.contacts()
        if not contacts:
            self.list.controls = [
                card(
                    empty_state(
                        ft.Icons.PEOPLE_OUTLINE,
                        w("support.empty_title"),
                        ctx.content.support.contacts_hint,
                        self.add_button,
                    )
                )
            ]
            return
        crisis = [c for c in contacts if c.crisis_line]
        others = [c for c in contacts if not c.crisis_line]
        items: list[ft.Control] = []
        if crisis:
            items.append(_small_heading(w("support.crisis_heading")))
            items += [self.contact_card(c) for c in crisis]
        if others:
            if crisis:
                items.append(_small_heading(w("support.people_heading")))
            items += [self.contact_card(c) for c in others]
        items.append(subtle(ctx.content.support.contacts_hint))
        items.append(self.add_button)
        self.list.controls = items

    def contact_card(self, c: SupportContact) -> ft.Control:
        w = self.ctx.words
        lines: list[ft.Control] = [
            ft.Row(
                [
                    ft.Icon(ft.Icons.SUPPORT_AGENT if c.crisis_line else ft.Icons.PERSON_OUTLINE, color=ft.Colors.PRIMARY),
                    ft.Column(
                        [
                            _title(c.name),
                            ft.Text(c.phone) if c.phone else subtle(w("support.no_phone")),
                        ],
                        spacing=2,
                        tight=True,
                        expand=True,
                    ),
                ],
                spacing=GAP,
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        ]
        if c.note:
            lines.append(subtle(c.note))
        if c.phone:
            lines.append(
                ft.Row(
                    [
                        ft.FilledTonalButton(named(w("support.call"), w("a11y.call", name=c.name)), icon=ft.Icons.CALL, height=TOUCH,
                                             on_click=self._launcher("tel", c)),
                        ft.OutlinedButton(named(w("support.message"), w("a11y.message", name=c.name)), icon=ft.Icons.SMS_OUTLINED, height=TOUCH,
                                          on_click=self._launcher("sms", c)),
                    ],
                    wrap=True,
                    spacing=8,
                    run_spacing=8,
                )
            )
        lines.append(
            ft.Row(
                [
                    ft.TextButton(w("support.edit"), icon=ft.Icons.EDIT_OUTLINED, height=TOUCH, on_click=lambda e: self.edit(c)),
                    ft.TextButton(w("support.remove"), icon=ft.Icons.DELETE_OUTLINE, height=TOUCH,
                                  on_click=lambda e: self.confirm_remove(c)),
                ],
                wrap=True,
                spacing=8,
                run_spacing=8,
            )
        )
        return card(*lines)

    # ---- add, edit, remove
    def add(self, crisis_line: bool = False) -> ContactForm:
        form = ContactForm(self.ctx, None, self._saved, crisis_line=crisis_line)
        form.open()
        return form

    def edit(self, contact: SupportContact) -> ContactForm:
        form = ContactForm(self.ctx, contact, self._saved)
        form.open()
        return form

    def _saved(self, contact: SupportContact) -> None:
        self.fill()
        self.ctx.toast(self.ctx.words("support.saved", name=contact.name))

    def confirm_remove(self, contact: SupportContact) -> ft.AlertDialog:
        w = self.ctx.words

        def remove(e=None):
            self.ctx.page.pop_dialog()
            if self.ctx.attempt(lambda: self.ctx.trellis.people.delete_contact(contact.id)) is not None:
                self.fill()
                self.ctx.toast(w("support.removed", name=contact.name))

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(w("support.remove_title", name=contact.name)),
            content=ft.Text(w("support.remove_text")),
            actions=[
                ft.TextButton(w("support.keep"), on_click=lambda e: self.ctx.page.pop_dialog(), height=TOUCH),
                # Red only here: the one destructive confirmation.
                ft.FilledButton(w("support.remove_confirm"), icon=ft.Icons.DELETE_OUTLINE, on_click=remove,
                                height=TOUCH, bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
            ],
            actions_alignment=ft.MainAxisAlignment.END,
        )
        dialog.data = remove  # so a test can confirm without a client
        self.ctx.page.show_dialog(dialog)
        return dialog

    # ---- call and message
    def _launcher(self, scheme: str, contact: SupportContact):
        async def launch(e=None):
            await self.launch(scheme, contact)

        return launch

    async def launch(self, scheme: str, contact: SupportContact) -> bool:
        return await launch_number(self.ctx, scheme, contact.phone)


def _url_launcher(ctx: AppContext) -> ft.UrlLauncher:
    # Services the page no longer references are dropped: keep one per session.
    launcher = ctx.state.get(LAUNCHER_KEY)
    if launcher is None:
        launcher = ft.UrlLauncher()
        ctx.state[LAUNCHER_KEY] = launcher
    return launcher


async def launch_number(ctx: AppContext, scheme: str, phone: str) -> bool:
    """Open tel: or sms:; where the device cannot, say so plainly with the number."""
    w = ctx.words
    call = scheme == "tel"
    url = f"{scheme}:{dial_string(phone)}"
    try:
        await _url_launcher(ctx).launch_url(url)
    except Exception:
        ctx.toast(w("support.cannot_call" if call else "support.cannot_message", phone=phone))
        return False
    if getattr(ctx.page, "platform", None) not in PHONES:
        # A computer or a browser there may have nothing that handles tel:/sms:.
        ctx.toast(w("support.may_not_call" if call else "support.may_not_message", phone=phone))
    return True


# ---------------------------------------------------------------------------- lines near you


class LocalLines:
    """Checked crisis lines for the person's country, the emergency number first,
    with Call and Text one tap away and a picker to choose another country.

    The country comes from a choice kept on this device, else from the
    system's locale; where no checked list exists the card says so and points
    to the emergency number and to adding one's own line."""

    def __init__(self, ctx: AppContext, on_add_own: Callable[[], None]):
        self.ctx = ctx
        self.on_add_own = on_add_own
        self.lines = crisis_lines.default()
        self.drafts = Drafts.beside(ctx.trellis)
        self.body = ft.Column(spacing=GAP, tight=True)
        w = ctx.words
        self.picker = ft.Dropdown(
            label=w("support.region_label"),
            options=[ft.DropdownOption(key=c.code, text=c.name) for c in self.lines.country]
            + [ft.DropdownOption(key=ELSEWHERE, text=w("support.region_elsewhere"))],
            on_select=self.pick,
            expand=True,
        )
        self.picker_name = ft.Semantics(content=self.picker, label=w("support.region_label"), container=True,
                                        expand=True)
        self.control = ft.Column(
            # Flutter's web build gives a dropdown's button no name: the label is
            # said here, with the country chosen (kept current in show()).
            [_section(w("support.lines_title")), ft.Row([self.picker_name]), self.body],
            spacing=GAP,
            tight=True,
        )
        self.region = self._initial_region()
        self.show()

    def _initial_region(self) -> str:
        chosen = self.drafts.get(REGION_KEY)
        if isinstance(chosen, str) and (chosen == ELSEWHERE or self.lines.get(chosen)):
            return chosen
        found = self.ctx.state.get("system_region") or crisis_lines.system_region()
        return found if self.lines.get(found) else ELSEWHERE

    def pick(self, e=None) -> None:
        value = (e.control.value if e is not None and getattr(e, "control", None) is not None else self.picker.value)
        if value != ELSEWHERE and self.lines.get(value) is None:
            return
        self.region = value
        try:
            self.drafts.put(REGION_KEY, value)
        except OSError:
            pass  # shown for now; asked again next time
        self.show()

    def show(self) -> None:
        ctx, w = self.ctx, self.ctx.words
        self.picker.value = self.region
        country = self.lines.get(self.region)
        items: list[ft.Control] = []
        if country is None:
            items.append(card(
                _title(w("support.region_unknown_title")),
                ft.Text(w("support.region_unknown")),
                ft.TextButton(w("support.add_crisis_line"), icon=ft.Icons.ADD, height=TOUCH,
                              on_click=lambda e: self.on_add_own()),
            ))
        else:
            items += [self.line_card(line) for line in country.line]
            items.append(subtle(w("support.lines_checked", date=_checked(ctx, min(l.checked for l in country.line)))))
        items.append(subtle(w("support.lines_may_change")))
        self.body.controls = items

    def line_card(self, line) -> ft.Control:
        w = self.ctx.words
        emergency = line.kind == "emergency"
        buttons: list[ft.Control] = [
            ft.FilledButton(w("support.call_number", number=line.number), icon=ft.Icons.CALL, height=TOUCH,
                            on_click=self._launch("tel", line.number),
                            tooltip=w("support.call_name", name=line.name)),
        ]
        if line.text:
            buttons.append(ft.OutlinedButton(w("support.text_number", number=line.text), icon=ft.Icons.SMS_OUTLINED,
                                             height=TOUCH, on_click=self._launch("sms", line.text),
                                             tooltip=w("support.text_name", name=line.name)))
        return card(
            ft.Row(
                [
                    ft.Icon(ft.Icons.EMERGENCY_OUTLINED if emergency else ft.Icons.SUPPORT_AGENT,
                            color=ft.Colors.PRIMARY),
                    ft.Column([_title(line.name), subtle(line.hours)], spacing=2, tight=True, expand=True),
                ],
                spacing=GAP,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            ft.Text(line.purpose),
            ft.Row(buttons, wrap=True, spacing=8, run_spacing=8),
        )

    def _launch(self, scheme: str, number: str):
        async def launch(e=None):
            await launch_number(self.ctx, scheme, number)

        return launch


def _checked(ctx: AppContext, day) -> str:
    from views.checkin import date_short  # the app's one way of writing a date

    return f"{date_short(ctx, day)} {day.year}"


# ---------------------------------------------------------------------------- the screen


def safety_card(ctx: AppContext, contacts: "Contacts") -> ft.Control:
    """Trellis is not a crisis service; until a crisis line is saved, a hint to add one."""
    s = ctx.content.support
    items: list[ft.Control] = [
        ft.Row(
            [ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.PRIMARY), _title(ctx.words("support.safety_title"))],
            spacing=GAP,
        ),
        ft.Text(s.not_crisis),
    ]
    if not any(c.crisis_line for c in contacts.contacts):
        items += [
            subtle(ctx.words("support.safety_hint")),
            ft.TextButton(ctx.words("support.add_crisis_line"), icon=ft.Icons.ADD, height=TOUCH,
                          on_click=lambda e: contacts.add(crisis_line=True)),
        ]
    return card(*items)


def build(ctx: AppContext) -> ft.Control:
    s = ctx.content.support
    reduced_motion = ctx.reduced_motion
    safety = ft.Container()
    contacts = Contacts(ctx, on_change=lambda: setattr(safety, "content", safety_card(ctx, contacts)))
    contacts.fill()
    local = LocalLines(ctx, on_add_own=lambda: contacts.add(crisis_line=True))
    breathing = Breathing(ctx, reduced_motion)
    grounding = Grounding(ctx)
    # Kept for tests and for anything that needs to reach the parts of this screen.
    ctx.state["support.view"] = {"contacts": contacts, "breathing": breathing, "grounding": grounding,
                                 "lines": local}
    return page_column(
        [
            ft.Text(s.intro, theme_style=ft.TextThemeStyle.BODY_LARGE),
            local.control,
            safety,
            contacts.control,
            _section(ctx.words("support.calm_title")),
            grounding.control,  # short at rest, so its steps open in view
            breathing.control,
            ft.Container(height=16),
        ]
    )
