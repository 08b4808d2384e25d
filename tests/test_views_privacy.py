"""Settings' "Your data" and the privacy lock, without a browser: the controls
are built on a real store and a fake page, and handlers are called as a tap would."""

from __future__ import annotations

import json
import zipfile

import flet as ft
import pytest

from app.lock import PinLock
from app.models import Goal, SelfCareCheckin
from app.services import Trellis
from tests.view_fakes import TODAY, Event, button, buttons_called, ctx, tap, trellis, walk  # noqa: F401 (ctx, trellis: fixtures)
from views import lock as lock_view
from views import settings


def field(view, label) -> ft.TextField:
    found = [c for c in walk(view) if isinstance(c, ft.TextField) and c.label == label]
    assert found, f"no field {label!r}"
    return found[0]


def test_export_backup_and_spreadsheet_into_a_named_folder_and_say_where(ctx, trellis, tmp_path):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=3))
    out = tmp_path / "exports"
    out.mkdir()
    view = settings.build(ctx)
    field(view, ctx.words("data.folder_label")).value = str(out)
    tap(view, ctx.words("data.export_json"))
    tap(view, ctx.words("data.export_json"))  # a second backup never overwrites the first
    tap(view, ctx.words("data.export_csv"))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["trellis-backup-2026-03-14-2.json", "trellis-backup-2026-03-14.json",
                     "trellis-spreadsheet-2026-03-14.zip"]
    assert ctx.page.snacks[0] == ctx.words("data.exported", path=str(out / "trellis-backup-2026-03-14.json"))
    assert json.loads((out / names[1]).read_text())["format"] == "trellis-export"
    with zipfile.ZipFile(out / names[2]) as archive:
        assert "check-ins.csv" in archive.namelist()


def test_export_to_a_missing_folder_says_so_and_writes_nothing(ctx, tmp_path):
    view = settings.build(ctx)
    field(view, ctx.words("data.folder_label")).value = str(tmp_path / "nowhere")
    tap(view, ctx.words("data.export_json"))
    assert "nowhere" in ctx.page.snacks[-1] and not (tmp_path / "nowhere").exists()
    field(view, ctx.words("data.folder_label")).value = "  "
    tap(view, ctx.words("data.export_csv"))
    assert ctx.page.snacks[-1] == ctx.words("data.no_folder")


def test_bring_a_backup_back_in_merges(ctx, trellis, tmp_path):
    with Trellis.open(tmp_path / "other", today=lambda: TODAY) as other:
        other.goals.save_goal(Goal(title="From the backup"))
        from app.exchange import export

        export(other.store, tmp_path / "b.json")
    view = settings.build(ctx)
    field(view, ctx.words("data.import_label")).value = str(tmp_path / "b.json")
    tap(view, ctx.words("data.import_button"))
    assert [g.title for g in trellis.goals.goals()] == ["From the backup"]
    assert ctx.page.snacks[-1].startswith(ctx.words("data.imported", added=1, changed=0)[:10])
    # Not a backup: one plain message, nothing changed.
    (tmp_path / "notes.txt").write_text("hello")
    field(view, ctx.words("data.import_label")).value = str(tmp_path / "notes.txt")
    tap(view, ctx.words("data.import_button"))
    assert "not a Trellis export" in ctx.page.snacks[-1]
    assert len(trellis.goals.goals()) == 1


def test_delete_everything_needs_the_typed_word(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=3))
    view = settings.build(ctx)
    tap(view, ctx.words("data.delete_start"))
    dialog = ctx.page.dialogs[-1]
    typed = field(dialog, ctx.words("data.delete_confirm_label"))
    go = button(dialog, ctx.words("data.delete_go"))
    typed.value = "delete it"
    typed.on_change(Event(typed))
    assert go.disabled
    go.on_click(Event(go))  # a tap on the disabled button does nothing
    assert trellis.checkins.for_day(TODAY) is not None
    typed.value = "delete"
    typed.on_change(Event(typed))
    assert not go.disabled
    go.on_click(Event(go))
    assert trellis.checkins.for_day(TODAY) is None
    assert ctx.page.snacks[-1] == ctx.words("data.deleted") and ctx.went == ["today"]


def test_keep_my_data_closes_the_question_and_changes_nothing(ctx, trellis):
    trellis.checkins.save_selfcare(SelfCareCheckin(day=TODAY, mood=3))
    tap(settings.build(ctx), ctx.words("data.delete_start"))
    tap(ctx.page.dialogs[-1], ctx.words("data.delete_cancel"))
    assert ctx.page.dialogs == [] and trellis.checkins.for_day(TODAY) is not None


def test_set_a_pin_in_settings_then_the_cover_asks_for_it(ctx, trellis):
    refreshed = []
    ctx.refresh = lambda: refreshed.append(1)
    view = settings.build(ctx)
    field(view, ctx.words("lock.new_pin")).value = "12"
    tap(view, ctx.words("lock.set_pin"))
    assert "4 to 12 digits" in ctx.page.snacks[-1] and not PinLock(trellis.store.dir).state().pin_set
    field(view, ctx.words("lock.new_pin")).value = "2468"
    tap(view, ctx.words("lock.set_pin"))
    assert PinLock(trellis.store.dir).state().pin_set and refreshed

    opened = []
    cover = lock_view.build(ctx, PinLock(trellis.store.dir), lambda: opened.append(1))
    text = " ".join(c.value for c in walk(cover) if isinstance(c, ft.Text) and c.value)
    assert trellis.people.profile().name == "" or trellis.people.profile().name not in text
    pin = field(cover, ctx.words("lock.pin_label"))
    pin.value = "1111"
    tap(cover, ctx.words("lock.unlock"))
    assert opened == [] and ctx.words("lock.wrong") in text + " ".join(
        c.value for c in walk(cover) if isinstance(c, ft.Text) and c.value)
    assert pin.value == ""
    pin.value = "2468"
    tap(cover, ctx.words("lock.unlock"))
    assert opened == [1]


def test_without_a_pin_the_cover_opens_with_one_tap_and_forgot_pin_is_honest(ctx, trellis):
    opened = []
    cover = lock_view.build(ctx, PinLock(trellis.store.dir), lambda: opened.append(1))
    tap(cover, ctx.words("lock.continue"))
    assert opened == [1]
    PinLock(trellis.store.dir).set_pin("2468")
    cover = lock_view.build(ctx, PinLock(trellis.store.dir), lambda: None)
    tap(cover, ctx.words("lock.forgot"))
    said = ctx.page.dialogs[-1].content.value
    assert "lock.json" in said and str(trellis.store.dir) in said and "cannot be recovered" in said


def test_the_lock_section_says_what_it_does_not_protect_against(ctx):
    view = settings.build(ctx)
    text = " ".join(c.value for c in walk(view) if isinstance(c, ft.Text) and c.value)
    assert ctx.words("lock.not_protect") in text
    assert "does not encrypt" in ctx.words("lock.not_protect")


def test_high_contrast_is_kept_on_this_device_and_applied(ctx, trellis):
    from app.display import DisplayPrefs

    applied = []
    ctx.apply_settings = lambda: applied.append(DisplayPrefs(trellis.store.dir).high_contrast)
    view = settings.build(ctx)
    switch = [c for c in walk(view) if isinstance(c, ft.Switch) and c.label == ctx.words("comfort.high_contrast")][0]
    switch.value = True
    switch.on_change(Event(switch))
    assert applied == [True]
    assert "high_contrast" not in str(trellis.store.raw_docs())  # not a record: never synced or exported


def test_the_high_contrast_theme_has_black_text_on_white():
    from app.models import Settings as SettingsModel
    from tests.view_fakes import FakePage
    from views.theme import apply_theme

    page = FakePage()
    apply_theme(page, SettingsModel(), high_contrast=True)
    assert page.theme.color_scheme.on_surface == "#000000" and page.theme.color_scheme.surface == "#FFFFFF"
    assert page.dark_theme.color_scheme.on_surface == "#FFFFFF"
    apply_theme(page, SettingsModel())
    assert page.theme.color_scheme is None


# ---- fingerprint or face (flet-local-auth), without a phone ---------------------
# A stand-in for the phone's check: what it says about the device, and the
# answer (or exception) authenticate() gives.

class FakeLocalAuth:
    def __init__(self, available: bool = True, answer=True):
        self.available, self.answer, self.asked = available, answer, []

    async def is_device_supported(self) -> bool:
        return self.available

    async def can_check_biometrics(self) -> bool:
        return self.available

    async def authenticate(self, reason: str, **options) -> bool:
        self.asked.append((reason, options))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _on(ctx, platform, web=False):
    ctx.page.platform = platform
    ctx.page.web = web


def _run_tasks(ctx) -> None:
    import asyncio

    for handler, args, kwargs in ctx.page.tasks:
        asyncio.run(handler(*args, **kwargs))
    ctx.page.tasks.clear()


def _biometric_switches(view):
    return [c for c in walk(view) if isinstance(c, ft.Switch) and c.label == "Unlock with fingerprint or face"]


def _texts(view) -> str:
    return " ".join(c.value for c in walk(view) if isinstance(c, ft.Text) and c.value)


@pytest.mark.parametrize("platform, web", [(ft.PagePlatform.LINUX, False), (ft.PagePlatform.ANDROID, True),
                                           (ft.PagePlatform.WINDOWS, False), (ft.PagePlatform.IOS, True)])
def test_fingerprint_or_face_is_never_offered_on_web_or_desktop(ctx, trellis, monkeypatch, platform, web):
    made = []
    monkeypatch.setattr(lock_view, "make_local_auth", lambda: made.append(1) or FakeLocalAuth())
    _on(ctx, platform, web)
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    view = settings.build(ctx)
    _run_tasks(ctx)
    assert _biometric_switches(view) == [] and ctx.words("lock.biometrics_none") in _texts(view)
    assert made == []  # the service (which raises on web and Linux) is never created there
    lock.set_biometrics(True)  # even if the file says so (copied from a phone), the cover offers only the PIN
    cover = lock_view.build(ctx, lock, lambda: None)
    assert not buttons_called(cover, ctx.words("lock.biometrics_button"))


def test_on_a_phone_the_switch_shows_once_the_phone_says_it_can_check(ctx, trellis, monkeypatch):
    monkeypatch.setattr(lock_view, "make_local_auth", lambda: FakeLocalAuth(available=True))
    _on(ctx, ft.PagePlatform.ANDROID)
    lock = PinLock(trellis.store.dir)
    view = settings.build(ctx)  # no PIN yet: no switch, a line says a PIN comes first
    _run_tasks(ctx)
    assert _biometric_switches(view) == [] and ctx.words("lock.biometrics_needs_pin") in _texts(view)

    lock.set_pin("2468")
    view = settings.build(ctx)
    assert _biometric_switches(view) == []  # hidden until the phone has answered
    _run_tasks(ctx)
    (switch,) = _biometric_switches(view)
    assert switch.value is False and ctx.words("lock.biometrics_hint") in _texts(view)
    switch.value = True
    switch.on_change(Event(switch))
    assert lock.state().biometrics is True and ctx.page.snacks[-1] == ctx.words("lock.biometrics_on")
    switch.value = False
    switch.on_change(Event(switch))
    assert lock.state().biometrics is False and ctx.page.snacks[-1] == ctx.words("lock.biometrics_off")


def test_on_a_phone_without_fingerprint_or_face_the_switch_stays_hidden(ctx, trellis, monkeypatch):
    monkeypatch.setattr(lock_view, "make_local_auth", lambda: FakeLocalAuth(available=False))
    _on(ctx, ft.PagePlatform.IOS)
    PinLock(trellis.store.dir).set_pin("2468")
    view = settings.build(ctx)
    _run_tasks(ctx)
    assert _biometric_switches(view) == []


def _cover_with_biometrics(ctx, trellis, monkeypatch, answer):
    fake = FakeLocalAuth(answer=answer)
    monkeypatch.setattr(lock_view, "make_local_auth", lambda: fake)
    _on(ctx, ft.PagePlatform.ANDROID)
    lock = PinLock(trellis.store.dir)
    lock.set_pin("2468")
    lock.set_biometrics(True)
    opened = []
    return fake, opened, lock_view.build(ctx, lock, lambda: opened.append(1))


def test_a_fingerprint_or_face_that_matches_opens_the_cover(ctx, trellis, monkeypatch):
    import asyncio

    fake, opened, cover = _cover_with_biometrics(ctx, trellis, monkeypatch, answer=True)
    asyncio.run(tap(cover, ctx.words("lock.biometrics_button")))
    assert opened == [1]
    assert fake.asked == [(ctx.words("lock.biometrics_reason"), {"biometric_only": True})]  # not the phone's own PIN


@pytest.mark.parametrize("answer", ["no match", "cancelled"])
def test_a_fingerprint_or_face_that_does_not_match_or_is_cancelled_leaves_the_pin_screen(
        ctx, trellis, monkeypatch, answer):
    import asyncio

    from flet_local_auth import LocalAuthErrorCode, LocalAuthException

    result = False if answer == "no match" else LocalAuthException(LocalAuthErrorCode.USER_CANCELED)
    fake, opened, cover = _cover_with_biometrics(ctx, trellis, monkeypatch, answer=result)
    asyncio.run(tap(cover, ctx.words("lock.biometrics_button")))
    assert opened == [] and fake.asked
    assert ctx.words("lock.biometrics_not_now") in _texts(cover)
    pin = field(cover, ctx.words("lock.pin_label"))  # the PIN is still the way in
    pin.value = "2468"
    tap(cover, ctx.words("lock.unlock"))
    assert opened == [1]
