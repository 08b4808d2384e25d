"""The support screen's logic without a browser: the controls are built with a
real Trellis on a temporary store and a small fake page, and the handlers the
buttons carry are called directly, as a tap would."""

from __future__ import annotations

import asyncio
import re
import tomllib
from pathlib import Path

import flet as ft
import pytest

from app.models import SupportContact
from app.services import Trellis
from tests.flet_session import make_page
from views import support
from tests.view_fakes import Event, FakePage, texts, walk
from views.context import AppContext
from views.shell import make_app

ROOT = Path(__file__).resolve().parent.parent
UI_FILE = ROOT / "content" / "ui_support.toml"


@pytest.fixture
def trellis(tmp_path):
    with Trellis.open(tmp_path / "data") as t:
        yield t


@pytest.fixture
def ctx(trellis):
    return AppContext(page=FakePage(), trellis=trellis)


def button(control, label: str, nth: int = 0):
    found = [c for c in walk(control) if isinstance(c, (ft.Button, ft.TextButton, ft.OutlinedButton, ft.FilledButton,
                                                         ft.FilledTonalButton)) and getattr(c.content, "value", c.content) == label]
    assert len(found) > nth, f"no button {label!r}; buttons: {[c.content for c in walk(control) if hasattr(c, 'on_click') and isinstance(getattr(c, 'content', None), str)]}"
    return found[nth]


def tap(control, label: str, nth: int = 0):
    handler = button(control, label, nth).on_click
    result = handler(Event())
    if asyncio.iscoroutine(result):
        return asyncio.run(result)
    return result


def open_screen(ctx):
    screen = support.build(ctx)
    return screen, ctx.state["support.view"]


def add_contact(ctx, screen, name="Sam", phone="+1 555 010 0199", note="", crisis=False):
    tap(screen, ctx.words("support.add_contact"))
    form_dialog = ctx.page.dialogs[-1]
    fields = [c for c in walk(form_dialog) if isinstance(c, ft.TextField)]
    by_label = {f.label: f for f in fields}
    by_label[ctx.words("support.name_label")].value = name
    by_label[ctx.words("support.phone_label")].value = phone
    by_label[ctx.words("support.note_label")].value = note
    switch = next(c for c in walk(form_dialog) if isinstance(c, ft.Switch))
    switch.value = crisis
    tap(form_dialog, ctx.words("support.save"))
    return form_dialog, by_label


# ---------------------------------------------------------------------------- the screen


def test_screen_shows_the_words_and_the_not_a_crisis_service_card(ctx):
    screen, _ = open_screen(ctx)
    shown = "\n".join(texts(screen))
    s = ctx.content.support
    for text in (s.intro, s.not_crisis, s.contacts_title, s.contacts_hint, s.grounding.title, s.breathing.title):
        assert text in shown
    assert "not a crisis service" in s.not_crisis
    assert ctx.words("support.empty_title") in shown  # a friendly empty state first
    assert button(screen, ctx.words("support.add_contact"))


def test_every_button_has_a_visible_text_label_and_touch_height(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam", phone="123"))
    screen, _ = open_screen(ctx)
    buttons = [c for c in walk(screen) if isinstance(c, (ft.TextButton, ft.OutlinedButton, ft.FilledButton,
                                                         ft.FilledTonalButton, ft.IconButton))]
    assert len(buttons) >= 6
    for b in buttons:
        assert not isinstance(b, ft.IconButton)
        shown = getattr(b.content, "value", b.content)  # a word, or a Text read out with what it acts on
        assert isinstance(shown, str) and shown.strip()
        assert b.height is not None and b.height >= 48


# ---------------------------------------------------------------------------- adding


def test_adding_a_contact_saves_it_and_lists_it(ctx, trellis):
    screen, view = open_screen(ctx)
    add_contact(ctx, screen, name="  Aunt June ", phone="+44 (0)20 7946-0018", note="Evenings are best")
    saved = trellis.people.contacts()
    assert [(c.name, c.phone, c.note, c.crisis_line) for c in saved] == [
        ("Aunt June", "+44 (0)20 7946-0018", "Evenings are best", False)
    ]
    assert ctx.page.dialogs == []  # the dialog closed
    shown = texts(screen)
    assert "Aunt June" in shown and "+44 (0)20 7946-0018" in shown
    assert ctx.words("support.saved", name="Aunt June") in ctx.page.snacks
    assert button(screen, ctx.words("support.call"))
    assert button(screen, ctx.words("support.message"))


def test_a_bad_phone_shows_an_error_in_the_field_and_saves_nothing(ctx, trellis):
    screen, _ = open_screen(ctx)
    dialog, fields = add_contact(ctx, screen, name="Sam", phone="call me maybe")
    assert trellis.people.contacts() == []
    assert trellis.store.list(SupportContact, include_deleted=True) == []
    assert ctx.page.dialogs == [dialog]  # still open, so nothing typed is lost
    assert fields[ctx.words("support.phone_label")].error == ctx.words("support.phone_invalid")
    assert fields[ctx.words("support.name_label")].error is None
    # Fixing it clears the message and saves.
    phone = fields[ctx.words("support.phone_label")]
    phone.value = "555 0199"
    phone.on_change(Event(phone))
    assert phone.error is None
    tap(dialog, ctx.words("support.save"))
    assert [c.phone for c in trellis.people.contacts()] == ["555 0199"]


@pytest.mark.parametrize(
    "name, phone, field, message",
    [
        ("   ", "123", "name_label", "name_needed"),
        ("x" * 101, "123", "name_label", "name_too_long"),
        ("Sam", "1" * 41, "phone_label", "phone_too_long"),
        ("Sam", "12#34", "phone_label", "phone_invalid"),
    ],
)
def test_each_problem_is_named_in_its_own_field(ctx, trellis, name, phone, field, message):
    screen, _ = open_screen(ctx)
    _, fields = add_contact(ctx, screen, name=name, phone=phone)
    assert fields[ctx.words(f"support.{field}")].error == ctx.words(f"support.{message}")
    assert trellis.people.contacts() == []


def test_crisis_lines_are_listed_first_under_their_own_heading(ctx, trellis):
    screen, _ = open_screen(ctx)
    add_contact(ctx, screen, name="Alex", phone="111")
    add_contact(ctx, screen, name="Zed Helpline", phone="222", crisis=True)
    shown = texts(screen)
    crisis_at = shown.index(ctx.words("support.crisis_heading"))
    people_at = shown.index(ctx.words("support.people_heading"))
    assert crisis_at < shown.index("Zed Helpline") < people_at < shown.index("Alex")
    assert [c.name for c in trellis.people.contacts()] == ["Zed Helpline", "Alex"]


def test_editing_keeps_the_same_contact(ctx, trellis):
    saved = trellis.people.save_contact(SupportContact(name="Sam", phone="123"))
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.edit"))
    dialog = ctx.page.dialogs[-1]
    name = next(c for c in walk(dialog) if isinstance(c, ft.TextField) and c.label == ctx.words("support.name_label"))
    assert name.value == "Sam"
    name.value = "Sam R"
    tap(dialog, ctx.words("support.save"))
    after = trellis.people.contacts()
    assert [(c.id, c.name) for c in after] == [(saved.id, "Sam R")]
    assert "Sam R" in texts(screen)


# ---------------------------------------------------------------------------- removing


def test_removing_asks_first_and_keep_changes_nothing(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam", phone="123"))
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.remove"))
    assert len(ctx.page.dialogs) == 1
    dialog = ctx.page.dialogs[0]
    assert dialog.title.value == ctx.words("support.remove_title", name="Sam")
    assert [c.name for c in trellis.people.contacts()] == ["Sam"]  # asking is not removing
    tap(dialog, ctx.words("support.keep"))
    assert ctx.page.dialogs == []
    assert [c.name for c in trellis.people.contacts()] == ["Sam"]


def test_confirming_removes_and_leaves_a_tombstone(ctx, trellis):
    saved = trellis.people.save_contact(SupportContact(name="Sam", phone="123"))
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.remove"))
    dialog = ctx.page.dialogs[-1]
    confirm = button(dialog, ctx.words("support.remove_confirm"))
    assert confirm.bgcolor == ft.Colors.ERROR  # red only for this destructive confirmation
    tap(dialog, ctx.words("support.remove_confirm"))
    assert trellis.people.contacts() == []
    tombstones = trellis.store.list(SupportContact, include_deleted=True)
    assert [(t.id, t.deleted) for t in tombstones] == [(saved.id, True)]
    assert "Sam" not in texts(screen)
    assert ctx.words("support.empty_title") in texts(screen)
    assert ctx.words("support.removed", name="Sam") in ctx.page.snacks


def test_nothing_else_on_the_screen_is_red(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam", phone="123", crisis_line=True))
    screen, _ = open_screen(ctx)
    for c in walk(screen):
        for attr in ("bgcolor", "color"):
            assert getattr(c, attr, None) not in (ft.Colors.ERROR, ft.Colors.RED), c


# ---------------------------------------------------------------------------- call and message


class FakeLauncher:
    def __init__(self, fail=False):
        self.fail = fail
        self.urls: list[str] = []

    async def launch_url(self, url, **kwargs):
        self.urls.append(url)
        if self.fail:
            raise RuntimeError("no handler")


def test_call_and_message_open_tel_and_sms_links(trellis):
    ctx = AppContext(page=FakePage(platform=ft.PagePlatform.ANDROID), trellis=trellis)
    trellis.people.save_contact(SupportContact(name="Sam", phone="+1 (555) 010-0199"))
    launcher = FakeLauncher()
    ctx.state[support.LAUNCHER_KEY] = launcher
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.call"))
    tap(screen, ctx.words("support.message"))
    assert launcher.urls == ["tel:+15550100199", "sms:+15550100199"]
    assert ctx.page.snacks == []  # a phone just opens its dialer


def test_where_the_device_cannot_call_it_says_so_with_the_number(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam", phone="555 0199"))
    ctx.state[support.LAUNCHER_KEY] = FakeLauncher(fail=True)
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.call"))
    assert ctx.page.snacks == [ctx.words("support.cannot_call", phone="555 0199")]


def test_a_computer_is_told_plainly_it_may_not_call(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam", phone="555 0199"))
    ctx.state[support.LAUNCHER_KEY] = FakeLauncher()
    screen, _ = open_screen(ctx)
    tap(screen, ctx.words("support.message"))
    assert ctx.page.snacks == [ctx.words("support.may_not_message", phone="555 0199")]


def test_a_contact_without_a_number_has_no_call_button(ctx, trellis):
    trellis.people.save_contact(SupportContact(name="Sam"))
    screen, _ = open_screen(ctx)
    assert ctx.words("support.no_phone") in texts(screen)
    with pytest.raises(AssertionError):
        button(screen, ctx.words("support.call"))


# ---------------------------------------------------------------------------- grounding


def test_grounding_goes_one_step_at_a_time(ctx):
    screen, view = open_screen(ctx)
    g = view["grounding"]
    steps = ctx.content.support.grounding.steps
    assert steps[0] not in texts(screen)
    tap(screen, ctx.words("support.grounding_start"))
    assert steps[0] in texts(screen) and steps[1] not in texts(screen)
    assert ctx.words("support.grounding_step", number=1, total=len(steps)) in texts(screen)
    for i in range(1, len(steps)):
        tap(screen, ctx.words("support.grounding_next"))
        assert steps[i] in texts(screen) and steps[i - 1] not in texts(screen)
    tap(screen, ctx.words("support.grounding_finish"))
    assert ctx.words("support.grounding_done") in texts(screen)
    assert g.step == len(steps)
    tap(screen, ctx.words("support.grounding_again"))
    tap(screen, ctx.words("support.grounding_stop"))
    assert g.step is None and steps[0] not in texts(screen)


# ---------------------------------------------------------------------------- breathing


def run_breathing(breathing, stop_after=None):
    """Run the loop with no waiting, recording (phase, count, size) at each tick."""
    seen = []

    def show():
        seen.append((breathing.phase.value, breathing.count.value, breathing.circle.width))
        if stop_after is not None and len(seen) == stop_after:
            stop_after_fn()
        return True

    stop_after_fn = breathing.stop
    breathing._show = show
    asyncio.run(breathing.run(breathing.run_id, tick=0))
    return seen


def test_breathing_start_runs_the_paced_phases_and_ends_gently(ctx):
    screen, view = open_screen(ctx)
    b = view["breathing"]
    t = ctx.content.support.breathing
    tap(screen, ctx.words("support.breathing_start"))
    assert b.running and len(ctx.page.tasks) == 1  # the loop runs on the page's loop
    assert button(screen, ctx.words("support.breathing_stop"))
    seen = run_breathing(b)
    per_round = t.in_seconds + t.hold_seconds + t.out_seconds
    assert seen[-1] == (t.done, "", support.CIRCLE_SMALL)  # the gentle end is shown once
    seen = seen[:-1]
    assert len(seen) == per_round * t.rounds
    first = seen[:per_round]
    assert [p for p, _, _ in first] == [t.breathe_in] * t.in_seconds + [t.hold] * t.hold_seconds + [t.breathe_out] * t.out_seconds
    assert [c for _, c, _ in first[: t.in_seconds]] == [str(n) for n in range(t.in_seconds, 0, -1)]
    assert first[0][2] == support.CIRCLE_BIG and first[-1][2] == support.CIRCLE_SMALL  # grows in, shrinks out
    assert not b.running and b.phase.value == t.done
    assert button(screen, ctx.words("support.breathing_start"))


def test_stop_ends_the_loop(ctx):
    screen, view = open_screen(ctx)
    b = view["breathing"]
    tap(screen, ctx.words("support.breathing_start"))
    seen = run_breathing(b, stop_after=3)
    assert len(seen) == 3
    assert not b.running and b.phase.value == ctx.words("support.breathing_stopped")


def test_leaving_the_screen_stops_the_loop(ctx):
    _, view = open_screen(ctx)
    b = view["breathing"]
    b.start()
    (handler, args, _), = ctx.page.tasks  # the loop the page was asked to run
    seen = []
    b._show = lambda: seen.append(b.phase.value) or True
    b.control.will_unmount()  # what Flet calls when the screen is replaced
    assert not b.running
    asyncio.run(handler(*args, tick=0))
    assert seen == []  # the loop gave up at once


def test_a_second_start_makes_the_first_loop_give_up(ctx):
    _, view = open_screen(ctx)
    b = view["breathing"]
    b.start()
    b.stop()
    b.start()
    (first, first_args, _), (second, second_args, _) = ctx.page.tasks
    seen = []
    b._show = lambda: seen.append(b.phase.value) or True
    asyncio.run(first(*first_args, tick=0))
    assert seen == [] and b.running
    asyncio.run(second(*second_args, tick=0))
    assert seen[-1] == ctx.content.support.breathing.done


def test_reduced_motion_shows_words_only(ctx, trellis):
    trellis.people.save_settings(reduced_motion=True)
    screen, view = open_screen(ctx)
    b = view["breathing"]
    assert b.circle not in list(walk(screen))  # no shape that grows and shrinks
    assert ctx.words("support.breathing_words_only") in texts(screen)
    b.start()
    seen = run_breathing(b)
    assert {size for _, _, size in seen} == {support.CIRCLE_SMALL}
    assert ctx.content.support.breathing.breathe_in in {p for p, _, _ in seen}


# ---------------------------------------------------------------------------- words


def test_every_word_the_screen_uses_is_in_ui_support_toml():
    source = (ROOT / "views" / "support.py").read_text()
    used = set(re.findall(r'"support\.([a-z_]+)"', source))
    defined = set(tomllib.loads(UI_FILE.read_text())["support"])
    used.discard("view")
    used.discard("url_launcher")
    assert used, "found no words in views/support.py"
    assert used <= defined, f"missing in ui_support.toml: {sorted(used - defined)}"
    assert {"button", "title"} <= defined  # the shell's app-bar button and screen title


def test_the_words_are_gentle():
    text = UI_FILE.read_text().lower()
    for word in ("failed", "missed", "broken", "behind", "lazy", "should have", "streak", "!!"):
        assert word not in text, word
    assert tomllib.loads(UI_FILE.read_text())["support"]["button"] == "Need support?"
    assert tomllib.loads(UI_FILE.read_text())["support"]["title"] == "Support"


def test_dial_string_keeps_digits_and_a_leading_plus():
    assert support.dial_string("+44 (0)20 7946-0018") == "+440207946" + "0018"
    assert support.dial_string("555.0199") == "5550199"
    assert support.dial_string("1+2") == "12"


def test_the_safety_card_offers_to_add_a_crisis_line_until_one_is_saved(ctx, trellis):
    screen, _ = open_screen(ctx)
    assert ctx.words("support.safety_hint") in texts(screen)
    tap(screen, ctx.words("support.add_crisis_line"))
    dialog = ctx.page.dialogs[-1]
    assert dialog.title.value == ctx.words("support.add_crisis_line")
    assert next(c for c in walk(dialog) if isinstance(c, ft.Switch)).value is True  # already switched on
    for field in (c for c in walk(dialog) if isinstance(c, ft.TextField)):
        field.value = {"Name": "City Helpline", "Phone number": "555 0100"}.get(field.label, "")
    tap(dialog, ctx.words("support.save"))
    assert [(c.name, c.crisis_line) for c in trellis.people.contacts()] == [("City Helpline", True)]
    shown = texts(screen)
    assert ctx.content.support.not_crisis in shown  # the statement stays
    assert ctx.words("support.safety_hint") not in shown
    assert shown.index(ctx.words("support.crisis_heading")) < shown.index("City Helpline")


# ---------------------------------------------------------------------------- in a real Flet session
# The whole app (shell and all) in a real flet Session over a fake connection
# (tests/flet_session.py): real dialogs, real updates, real unmounting.



@pytest.fixture
def app_ui(trellis):
    trellis.people.save_profile("Ada", "mentee")
    trellis.people.save_settings(onboarded=True)

    def start(**kwargs):
        return make_page(make_app(trellis), **kwargs)

    return start


def words_of(trellis):
    ui = trellis.content.ui
    return lambda key, **v: ui[key].format(**v) if v else ui[key]


def test_session_add_a_contact_from_the_app_bar(app_ui, trellis):
    w = words_of(trellis)
    with app_ui() as ui:
        ui.click(w("support.button"))
        assert ui.has_text(trellis.content.support.not_crisis)
        ui.click(w("support.add_contact"))
        (dialog,) = [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        ui.change(ui.find(ft.TextField, label=w("support.name_label")), "Aunt June")
        ui.change(ui.find(ft.TextField, label=w("support.phone_label")), "12#4")
        ui.click(w("support.save"))
        assert ui.find(ft.TextField, label=w("support.phone_label")).error == w("support.phone_invalid")
        assert trellis.people.contacts() == [] and dialog.open
        ui.change(ui.find(ft.TextField, label=w("support.phone_label")), "555 0123")
        assert ui.find(ft.TextField, label=w("support.phone_label")).error is None
        ui.click(w("support.save"))
        assert not dialog.open
        assert [c.name for c in trellis.people.contacts()] == ["Aunt June"]
        assert ui.has_text("Aunt June", exact=True) and ui.has_text("555 0123", exact=True)
        assert w("support.saved", name="Aunt June") in ui.snackbar_texts()
        assert "Aunt June" in repr([m.body for m in ui.patches[-3:]])  # it reached the client


def test_session_remove_asks_first_then_leaves_a_tombstone(app_ui, trellis):
    w = words_of(trellis)
    saved = trellis.people.save_contact(SupportContact(name="Sam", phone="123"))
    with app_ui() as ui:
        ui.click(w("support.button"))
        ui.click(ui.find(ft.TextButton, text=w("support.remove")))
        (dialog,) = [d for d in ui.open_dialogs() if isinstance(d, ft.AlertDialog)]
        assert trellis.people.contacts() != []
        ui.click(ui.find(ft.FilledButton, text=w("support.remove_confirm"), root=dialog))
        assert not dialog.open
        assert trellis.people.contacts() == []
        assert [(c.id, c.deleted) for c in trellis.store.list(SupportContact, include_deleted=True)] == [(saved.id, True)]
        assert not ui.has_text("Sam", exact=True)


def test_session_call_uses_the_url_launcher_and_says_so_when_it_cannot(app_ui, trellis):
    w = words_of(trellis)
    trellis.people.save_contact(SupportContact(name="Sam", phone="+1 555 0123"))
    with app_ui(platform="android") as ui:
        ui.click(w("support.button"))
        ui.click(w("support.call"))
        ui.flush()
        assert [(type(c).__name__, m, a["url"]) for c, m, a in ui.invocations if m == "launch_url"] == [
            ("UrlLauncher", "launch_url", "tel:+15550123")
        ]
        assert ui.snackbar_texts() == []

        def cannot(args):
            raise RuntimeError("no app can open this")

        ui.answer("UrlLauncher", "launch_url", cannot)
        ui.click(w("support.message"))
        ui.flush()
        assert w("support.cannot_message", phone="+1 555 0123") in ui.snackbar_texts()


def test_session_breathing_runs_and_stops_when_the_screen_is_left(app_ui, trellis):
    w = words_of(trellis)
    t = trellis.content.support.breathing
    with app_ui() as ui:
        ui.click(w("support.button"))
        ui.click(w("support.breathing_start"))
        ui.wait_until(lambda: ui.has_text(t.breathe_in, exact=True))
        assert ui.has_text(w("support.breathing_round", number=1, total=t.rounds), exact=True)
        circle = next(c for c in ui.controls() if isinstance(c, ft.Container) and c.shape == ft.BoxShape.CIRCLE)
        assert circle.width == support.CIRCLE_BIG  # growing on "in"
        ui.select_tab(0)  # leave for Today
        assert not ui.has_text(t.breathe_in, exact=True)
        n = len(ui.patches)
        ui.flush(seconds=1.2)
        assert len(ui.patches) == n  # the loop sent nothing more: it stopped


# ---------------------------------------------------------------------------- lines near you


def line_texts(ctx):
    return texts(ctx.state["support.view"]["lines"].control)


def test_lines_for_the_system_region_with_emergency_first(ctx):
    ctx.state["system_region"] = "GB"
    open_screen(ctx)
    shown = line_texts(ctx)
    assert shown.index("Emergency services") < shown.index("Samaritans")
    lines = ctx.state["support.view"]["lines"]
    assert button(lines.control, ctx.words("support.call_number", number="999"))
    assert button(lines.control, ctx.words("support.call_number", number="116 123"))
    assert ctx.words("support.lines_may_change") in shown
    assert any(t.startswith("Checked on 30 Nov 2026") for t in shown)


def test_an_unknown_region_says_so_and_offers_to_add_a_line(ctx):
    ctx.state["system_region"] = "ZZ"
    open_screen(ctx)
    shown = line_texts(ctx)
    assert ctx.words("support.region_unknown") in shown
    tap(ctx.state["support.view"]["lines"].control, ctx.words("support.add_crisis_line"))
    assert ctx.page.dialogs and ctx.page.dialogs[-1].content.controls[-3].content.value is True  # crisis switch on


def test_picking_a_country_shows_its_lines_and_is_kept_on_this_device(ctx, trellis):
    ctx.state["system_region"] = "GB"
    _, view = open_screen(ctx)
    lines = view["lines"]
    lines.picker.value = "AU"
    lines.pick(Event(lines.picker))
    assert "Lifeline" in line_texts(ctx) and "Samaritans" not in line_texts(ctx)
    # A new screen (or a new start) remembers the choice over the system's region.
    open_screen(ctx)
    assert ctx.state["support.view"]["lines"].picker.value == "AU"
    lines = ctx.state["support.view"]["lines"]
    lines.picker.value = "nowhere"  # not an option: ignored
    lines.pick(Event(lines.picker))
    assert lines.region == "AU"


def test_call_and_text_open_tel_and_sms(ctx, monkeypatch):
    ctx.state["system_region"] = "US"
    _, view = open_screen(ctx)
    opened = []

    class Launcher:
        async def launch_url(self, url):
            opened.append(url)

    ctx.state[support.LAUNCHER_KEY] = Launcher()
    tap(view["lines"].control, ctx.words("support.call_number", number="988"))
    tap(view["lines"].control, ctx.words("support.text_number", number="988"))
    tap(view["lines"].control, ctx.words("support.call_number", number="911"))
    assert opened == ["tel:988", "sms:988", "tel:911"]


def test_support_from_the_welcome_screen_shows_no_tabs(tmp_path):
    from views.shell import Shell

    with Trellis.open(tmp_path / "fresh") as fresh:
        held = {}

        def main(page):
            held["shell"] = Shell(page, fresh)
            held["shell"].start()

        with make_page(main) as ui:
            assert held["shell"].stack and not held["shell"].stack[-1].show_back  # the welcome screen
            assert ui.page.navigation_bar is None
            ui.click(fresh.content.ui["support.button"])
            assert ui.has_text(fresh.content.support.not_crisis)
            assert ui.page.navigation_bar is None  # still first run: no tabs under Support
