"""The shell's Settings and "Hide now" in the app bar, and the cover, in a real
flet Session over a fake connection (tests/flet_session.py)."""

from __future__ import annotations

import datetime as dt

import flet as ft
import pytest

from app.lock import PinLock
from app.models import SelfCareCheckin
from app.services import Trellis
from tests.flet_session import make_page
from views.shell import make_app

TODAY = dt.date(2026, 3, 14)


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data", today=lambda: TODAY) as t:
        t.people.save_profile("Ada", "mentee")
        t.people.save_settings(onboarded=True)
        t.checkins.save_selfcare(SelfCareCheckin(day=TODAY, note="private words"))
        yield t


def w(trellis, key, **values):
    text = trellis.content.ui[key]
    return text.format(**values) if values else text


def icon_button(ui, tooltip):
    return ui.find(ft.IconButton, where=lambda c: c.tooltip == tooltip)


@pytest.mark.parametrize("width", [412, 1280])
def test_settings_open_from_the_app_bar_on_every_tab(trellis, width):
    with make_page(make_app(trellis), width=width, height=860) as ui:
        for index in range(5):
            if width < 840:
                ui.select_tab(index)
            else:
                ui.change(ui.find(ft.NavigationRail), index)
            ui.click(icon_button(ui, w(trellis, "shell.settings")))
            assert ui.has_text(w(trellis, "data.export_json"))
            ui.click(w(trellis, "nav.back"))


def test_hide_now_covers_everything_and_continue_brings_it_back(trellis):
    with make_page(make_app(trellis)) as ui:
        ui.click(icon_button(ui, w(trellis, "shell.hide")))
        assert ui.page.appbar is None and ui.page.navigation_bar is None
        assert not ui.has_text("Ada") and not ui.has_text(w(trellis, "nav.today"))
        ui.click(w(trellis, "lock.continue"))
        assert ui.page.appbar is not None and ui.page.navigation_bar is not None


def test_with_a_pin_the_app_opens_covered_and_asks_for_it(trellis):
    PinLock(trellis.store.dir).set_pin("2468")
    with make_page(make_app(trellis)) as ui:
        assert ui.page.appbar is None and not ui.has_text("Ada")
        pin = ui.find(ft.TextField, label=w(trellis, "lock.pin_label"))
        ui.change(pin, "1111")
        ui.click(w(trellis, "lock.unlock"))
        assert ui.has_text(w(trellis, "lock.wrong")) and ui.page.appbar is None
        ui.submit(pin, "2468")
        assert ui.page.appbar is not None and ui.has_text("Ada")


def test_going_to_the_background_covers_only_when_a_pin_is_set_and_asked_for(trellis):
    with make_page(make_app(trellis)) as ui:
        ui.fire(ui.page, "app_lifecycle_state_change", {"state": "hide"})
        assert ui.page.appbar is not None  # no PIN: nothing to lock
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    with make_page(make_app(trellis)) as ui:
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        ui.fire(ui.page, "app_lifecycle_state_change", {"state": "hide"})
        assert ui.page.appbar is None
    lock.set_timing(lock_on_background=False)
    with make_page(make_app(trellis)) as ui:
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        ui.fire(ui.page, "app_lifecycle_state_change", {"state": "hide"})
        assert ui.page.appbar is not None


def test_the_title_moves_into_the_screen_on_narrow_windows_and_content_stays_readable(trellis):
    with make_page(make_app(trellis), width=412) as ui:
        ui.select_tab(1)
        assert ui.page.appbar.title is None and ui.has_text(w(trellis, "nav.goals"))
    with make_page(make_app(trellis), width=1280) as ui:
        ui.change(ui.find(ft.NavigationRail), 1)
        assert ui.page.appbar.title.value == w(trellis, "nav.goals")
        columns = [c for c in ui.controls() if isinstance(c, ft.Container) and c.width == 752]
        assert columns, "the screen sits in a readable column on a wide window"


def test_idle_time_covers_the_app_only_with_a_pin_and_a_chosen_time(trellis, monkeypatch):
    import views.shell as shell

    monkeypatch.setattr(shell, "IDLE_CHECK_SECONDS", 0.01)
    clock = {"now": 1000.0}
    monkeypatch.setattr(shell, "_now", lambda: clock["now"])
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    lock.set_timing(idle_minutes=1)
    with make_page(make_app(trellis)) as ui:
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        clock["now"] += 30  # half a minute: still open
        ui.flush(0.05)
        assert ui.page.appbar is not None
        clock["now"] += 31
        ui.flush(0.05)
        assert ui.page.appbar is None and ui.find(ft.TextField, label=w(trellis, "lock.pin_label"))
    lock.set_timing(idle_minutes=0)  # "only when I hide it"
    with make_page(make_app(trellis)) as ui:
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        clock["now"] += 3600
        ui.flush(0.05)
        assert ui.page.appbar is not None


# ---- fingerprint or face with the real flet-local-auth service, in a real session ----

def _phone_answers(ui, authenticate):
    ui.answer("LocalAuthentication", "is_device_supported", True)
    ui.answer("LocalAuthentication", "can_check_biometrics", True)
    ui.answer("LocalAuthentication", "authenticate", authenticate)


def _biometric_button(ui, trellis):
    return ui.find_all(ft.OutlinedButton, where=lambda c: c.content == w(trellis, "lock.biometrics_button"))


def test_in_the_android_app_the_switch_shows_and_a_match_opens_the_cover(trellis):
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    with make_page(make_app(trellis), platform="android", web=False) as ui:
        _phone_answers(ui, True)
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        ui.click(icon_button(ui, w(trellis, "shell.settings")))
        ui.flush()
        switch = ui.find(ft.Switch, label=w(trellis, "lock.biometrics_switch"))
        ui.change(switch, True)
        assert lock.state().biometrics
        ui.click(icon_button(ui, w(trellis, "shell.hide")))
        assert ui.page.appbar is None
        ui.click(_biometric_button(ui, trellis)[0])
        ui.flush()
        assert ui.page.appbar is not None and ui.has_text("Ada")
        asked = [args for control, name, args in ui.invocations if name == "authenticate"]
        assert asked and asked[0]["biometric_only"] is True


def test_in_the_android_app_a_cancelled_check_leaves_the_pin_screen(trellis):
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    lock.set_biometrics(True)
    with make_page(make_app(trellis), platform="android", web=False) as ui:
        _phone_answers(ui, {"error_code": "userCanceled", "error_description": "Cancelled"})
        ui.click(_biometric_button(ui, trellis)[0])
        ui.flush()
        assert ui.page.appbar is None and ui.has_text(w(trellis, "lock.biometrics_not_now"))
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        assert ui.page.appbar is not None


@pytest.mark.parametrize("platform, web", [("android", True), ("linux", False), ("windows", False)])
def test_in_a_browser_or_on_a_desktop_there_is_no_fingerprint_or_face(trellis, platform, web):
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    lock.set_biometrics(True)
    with make_page(make_app(trellis), platform=platform, web=web) as ui:
        assert _biometric_button(ui, trellis) == []
        ui.submit(ui.find(ft.TextField, label=w(trellis, "lock.pin_label")), "2468")
        ui.click(icon_button(ui, w(trellis, "shell.settings")))
        ui.flush()
        assert ui.find_all(ft.Switch, where=lambda c: c.label == w(trellis, "lock.biometrics_switch")) == []
        assert ui.has_text(w(trellis, "lock.biometrics_none"))
        assert not [c for c, name, args in ui.invocations if type(c).__name__ == "LocalAuthentication"]
