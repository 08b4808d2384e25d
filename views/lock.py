"""The cover: a neutral screen shown by "Hide now", when the app goes to the
background, or after idle time; with a PIN set, the PIN opens it again.

The cover shows nothing of what is stored (not even the person's name), so
a glance over a shoulder sees only a plain screen.

Fingerprint or face (flet-local-auth) is offered only in the Android and iOS
apps, once a PIN is set and the phone says it can check: the package raises
on web and Linux, and a browser on a phone is still the web. It is a second
way in beside the PIN, never instead of it: the PIN field stays on the cover.
"""

from __future__ import annotations

from typing import Any, Callable

import flet as ft

from app.lock import IDLE_CHOICES, LockError, PinLock, TooSoon
from views.context import AppContext
from views.widgets import GAP, TOUCH, subtle


BIOMETRIC_PLATFORMS = (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS)


def biometrics_offered(page) -> bool:
    """Only the phone apps: not a browser (even on a phone), not a desktop."""
    return not getattr(page, "web", False) and getattr(page, "platform", None) in BIOMETRIC_PLATFORMS


def make_local_auth() -> Any:
    """The phone's fingerprint or face check. Imported here, on a phone only,
    so web and desktop never create a service that raises there."""
    from flet_local_auth import LocalAuthentication

    return LocalAuthentication()


def _local_auth(ctx: AppContext) -> Any:
    # One service per session, kept in the session state (a service needs a strong reference).
    service = ctx.state.get("local_auth")
    if service is None:
        service = ctx.state["local_auth"] = make_local_auth()
    return service


async def biometrics_ready(ctx: AppContext) -> bool:
    """True when this is a phone app whose phone says it can check a fingerprint or face."""
    if not biometrics_offered(ctx.page):
        return False
    try:
        service = _local_auth(ctx)
        return bool(await service.is_device_supported()) and bool(await service.can_check_biometrics())
    except Exception:  # no answer from the phone: the switch stays hidden, the PIN works
        return False


def build(ctx: AppContext, lock: PinLock, on_open: Callable[[], None]) -> ft.Control:
    try:
        pin_set = lock.state().pin_set
    except LockError as exc:  # a damaged lock file keeps the cover on and says what to do
        return _plain(ctx, [ft.Text(str(exc))])
    if not pin_set:
        return _plain(
            ctx,
            [ft.FilledButton(ctx.words("lock.continue"), icon=ft.Icons.ARROW_FORWARD, on_click=lambda e: on_open(),
                             height=TOUCH, autofocus=True)],
        )

    message = ft.Text("", color=ft.Colors.ON_SURFACE_VARIANT)
    pin = ft.TextField(
        label=ctx.words("lock.pin_label"),
        password=True,
        can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER,
        max_length=12,
        autofocus=True,
        width=280,
    )

    def unlock(e=None) -> None:
        try:
            right = lock.check(pin.value or "")
        except TooSoon as exc:
            message.value = str(exc)
        except LockError as exc:
            message.value = str(exc)
        else:
            if right:
                on_open()
                return
            message.value = ctx.words("lock.wrong")
        pin.value = ""
        ctx.page.update()

    pin.on_submit = unlock

    async def with_biometrics(e=None) -> None:
        try:
            right = await _local_auth(ctx).authenticate(ctx.words("lock.biometrics_reason"), biometric_only=True)
        except Exception:  # cancelled, no match, locked out, no answer: the PIN is the way in
            right = False
        if right:
            on_open()
            return
        message.value = ctx.words("lock.biometrics_not_now")
        ctx.page.update()

    biometric_button = []
    if lock.state().biometrics and biometrics_offered(ctx.page):
        biometric_button = [ft.OutlinedButton(ctx.words("lock.biometrics_button"), icon=ft.Icons.FINGERPRINT,
                                              on_click=with_biometrics, height=TOUCH)]

    def forgot(e) -> None:
        ctx.page.show_dialog(
            ft.AlertDialog(
                title=ft.Text(ctx.words("lock.forgot_title")),
                content=ft.Text(ctx.words("lock.forgot_text", folder=str(lock.path.parent))),
                actions=[ft.TextButton(ctx.words("lock.close"), on_click=lambda e: ctx.page.pop_dialog())],
            )
        )

    return _plain(
        ctx,
        [
            pin,
            ft.FilledButton(ctx.words("lock.unlock"), icon=ft.Icons.LOCK_OPEN, on_click=unlock),
            *biometric_button,
            message,
            ft.TextButton(ctx.words("lock.forgot"), on_click=forgot),
        ],
    )


def _plain(ctx: AppContext, controls: list[ft.Control]) -> ft.Control:
    return ft.Container(
        ft.Column(
            [ft.Icon(ft.Icons.SPA_OUTLINED, size=48, color=ft.Colors.PRIMARY),
             ft.Text(ctx.words("lock.cover_title"), theme_style=ft.TextThemeStyle.TITLE_LARGE), *controls],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            alignment=ft.MainAxisAlignment.CENTER,
            spacing=GAP,
            tight=True,
        ),
        alignment=ft.Alignment.CENTER,
        expand=True,
        padding=24,
        bgcolor=ft.Colors.SURFACE,
    )


def settings_section(ctx: AppContext, lock: PinLock) -> list[ft.Control]:
    """The lock's part of Settings: set, change or remove the PIN, and when to lock."""
    try:
        state = lock.state()
    except LockError as exc:
        return [ft.Text(ctx.words("lock.section"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM), ft.Text(str(exc))]
    current = ft.TextField(label=ctx.words("lock.current_pin"), password=True, keyboard_type=ft.KeyboardType.NUMBER,
                           max_length=12, visible=state.pin_set)
    new = ft.TextField(label=ctx.words("lock.new_pin"), password=True, keyboard_type=ft.KeyboardType.NUMBER,
                       max_length=12)

    def done(message: str) -> None:
        ctx.toast(message)
        ctx.refresh()

    def set_pin(e) -> None:
        try:
            lock.set_pin(new.value or "", current=current.value or None)
        except LockError as exc:
            ctx.toast(str(exc))
            return
        done(ctx.words("lock.pin_set"))

    def remove_pin(e) -> None:
        try:
            lock.remove_pin(current.value or "")
        except LockError as exc:
            ctx.toast(str(exc))
            return
        done(ctx.words("lock.pin_removed"))

    def idle_text(minutes: int) -> str:
        if minutes == 0:
            return ctx.words("lock.idle_never")
        return ctx.words("lock.idle_one") if minutes == 1 else ctx.words("lock.idle_minutes", count=minutes)

    def timing(**values) -> None:
        try:
            lock.set_timing(**values)
        except LockError as exc:
            ctx.toast(str(exc))

    idle = ft.Dropdown(
        label=ctx.words("lock.idle_label"),
        value=str(state.idle_minutes),
        options=[ft.DropdownOption(key=str(m), text=idle_text(m)) for m in (*IDLE_CHOICES, 0)],
        on_select=lambda e: timing(idle_minutes=int(e.control.value)),
    )
    background = ft.Switch(
        label=ctx.words("lock.background"),
        value=state.lock_on_background,
        on_change=lambda e: timing(lock_on_background=bool(e.control.value)),
    )
    items: list[ft.Control] = [
        ft.Text(ctx.words("lock.section"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(ctx.words("lock.pin_set") if state.pin_set else ctx.words("lock.intro")),
        current,
        new,
        ft.FilledButton(ctx.words("lock.change_pin" if state.pin_set else "lock.set_pin"), on_click=set_pin),
    ]
    if state.pin_set:
        items.append(ft.OutlinedButton(ctx.words("lock.remove_pin"), on_click=remove_pin))
    items += [idle, background, *_biometrics_controls(ctx, lock, state), subtle(ctx.words("lock.not_protect"))]
    return items


def _biometrics_controls(ctx: AppContext, lock: PinLock, state) -> list[ft.Control]:
    """The fingerprint-or-face switch on a phone app with a PIN set, shown once
    the phone says it can check; elsewhere one line saying it is not offered."""
    if not biometrics_offered(ctx.page):
        return [subtle(ctx.words("lock.biometrics_none"))]
    if not state.pin_set:
        return [subtle(ctx.words("lock.biometrics_needs_pin"))]
    hint = subtle(ctx.words("lock.biometrics_hint"))

    def turn(e) -> None:
        on = bool(e.control.value)
        try:
            lock.set_biometrics(on)
        except LockError as exc:
            e.control.value = False
            ctx.toast(str(exc))
            return
        ctx.toast(ctx.words("lock.biometrics_on" if on else "lock.biometrics_off"))

    switch = ft.Switch(label=ctx.words("lock.biometrics_switch"), value=state.biometrics, on_change=turn,
                       visible=False)
    hint.visible = False

    async def show_if_ready() -> None:
        if await biometrics_ready(ctx):
            switch.visible = hint.visible = True
            ctx.page.update()

    ctx.page.run_task(show_if_ready)
    return [switch, hint]
