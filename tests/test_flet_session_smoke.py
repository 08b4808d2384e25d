"""Proves tests/flet_session.py: a real Flet session with no client."""

import asyncio
import time

import flet as ft
import pytest

from tests.flet_session import HandlerError, make_page


def counter_app(page: ft.Page):
    label = ft.Text("Clicked 0 times")
    count = 0

    def clicked(e):
        nonlocal count
        count += 1
        label.value = f"Clicked {count} times"

    page.add(ft.Column([label, ft.Button("Click me", on_click=clicked)]))


def test_click_changes_text_and_sends_a_patch():
    with make_page(counter_app) as ui:
        assert ui.has_text("Clicked 0 times", exact=True)
        before = len(ui.patches)
        ui.click("Click me")
        assert ui.has_text("Clicked 1 times", exact=True)
        assert not ui.has_text("Clicked 0 times")
        # the auto-update produced a real patch carrying the new text
        new = ui.patches[before:]
        assert new, "no PATCH_CONTROL message after the click"
        assert "Clicked 1 times" in repr([m.body for m in new])
        ui.click(ui.find(ft.Button, text="Click me"))
        assert ui.find(ft.Text, contains="Clicked").value == "Clicked 2 times"


def test_second_patch_is_a_diff_not_empty():
    # Without msgpack-encoding each message the second update has no snapshot
    # to diff against and comes out empty; this guards the fake connection.
    with make_page(counter_app) as ui:
        ui.click("Click me")
        n = len(ui.patches)
        ui.click("Click me")
        assert len(ui.patches) == n + 1
        assert "Clicked 2 times" in repr(ui.patches[-1].body)
        assert "Clicked 1 times" not in repr(ui.patches[-1].body)


def test_handler_error_is_raised_with_traceback():
    def app(page):
        def boom(e):
            raise ValueError("kaboom")

        page.add(ft.Button("Explode", on_click=boom))

    with make_page(app) as ui:
        with pytest.raises(HandlerError, match="kaboom"):
            ui.click("Explode")


def test_find_reports_what_it_saw():
    with make_page(counter_app) as ui:
        with pytest.raises(AssertionError, match="found 0"):
            ui.find(ft.Button, text="Nope")


def test_inputs_tabs_dialogs_and_snackbar():
    def app(page: ft.Page):
        out = ft.Text("")
        note = ft.TextField(label="Your note", max_length=80)
        energy = ft.Slider(min=1, max=5, divisions=4, value=3, on_change=lambda e: setattr(out, "value", f"energy {int(e.control.value)}"))
        mood = ft.SegmentedButton(
            segments=[ft.Segment(value=str(i), label=ft.Text(w)) for i, w in enumerate(["Rough", "Low", "Okay", "Good", "Great"], 1)],
            selected=[], allow_empty_selection=True,
            on_change=lambda e: setattr(out, "value", f"mood {e.control.selected}"),
        )
        chip = ft.Chip(label=ft.Text("Walk"), on_select=lambda e: setattr(out, "value", f"walk {e.control.selected}"))
        pages = [ft.Column([note, energy, mood, chip, out]), ft.Text("Progress page")]
        body = ft.Container(content=pages[0])

        def save(e):
            page.show_dialog(ft.SnackBar(ft.Text(f"Saved {note.value}")))
            out.value = "saved"
            page.update()  # show_dialog() turned this handler's auto-update off

        def tab(e):
            body.content = pages[e.control.selected_index]

        page.appbar = ft.AppBar(title=ft.Text("T"), actions=[ft.TextButton("Need support?", on_click=lambda e: page.show_dialog(ft.AlertDialog(title=ft.Text("Support"))))])
        page.navigation_bar = ft.NavigationBar(
            destinations=[ft.NavigationBarDestination(icon=ft.Icons.TODAY, label="Today"),
                          ft.NavigationBarDestination(icon=ft.Icons.SHOW_CHART, label="Progress")],
            on_change=tab,
        )
        pages[0].controls.append(ft.Button("Save", on_click=save))
        page.add(body)

    with make_page(app) as ui:
        ui.change(ui.find(ft.TextField, label="Your note"), "hello")
        ui.change(ui.find(ft.Slider), 5)
        assert ui.has_text("energy 5", exact=True)
        ui.change(ui.find(ft.SegmentedButton), "4")
        assert ui.has_text("mood ['4']", exact=True)
        ui.change(ui.find(ft.Chip, label="Walk"), True)
        assert ui.has_text("walk True", exact=True)
        ui.click("Save")
        assert ui.snackbar_texts() == ["Saved hello"]
        assert ui.has_text("saved", exact=True)
        ui.dismiss()
        assert ui.snackbar_texts() == []
        ui.click("Need support?")
        assert [type(d).__name__ for d in ui.open_dialogs()] == ["AlertDialog"]
        ui.dismiss()
        assert ui.open_dialogs() == []
        ui.select_tab(1)
        assert ui.has_text("Progress page") and not ui.has_text("Your note")


def test_services_are_answered_and_recorded():
    async def app(page: ft.Page):
        prefs = ft.SharedPreferences()
        launcher = ft.UrlLauncher()
        shown = ft.Text("")

        async def call(e):
            await launcher.launch_url("tel:+15550100")
            shown.value = f"theme={await prefs.get('theme')}"

        page.add(ft.Button("Call", on_click=call), shown)

    with make_page(app) as ui:
        ui.answer("SharedPreferences", "get", lambda args: {"theme": "dark"}.get(args["key"]))
        ui.click("Call")
        assert ui.has_text("theme=dark", exact=True)
        calls = [(type(svc).__name__, name, args) for svc, name, args in ui.invocations]
        assert ("UrlLauncher", "launch_url") in [c[:2] for c in calls]
        assert calls[0][2]["url"] == "tel:+15550100" or getattr(calls[0][2]["url"], "url", None) == "tel:+15550100"


def test_run_task_and_run_thread_need_wait_until():
    def app(page: ft.Page):
        out = ft.Text("idle")

        async def later():
            await asyncio.sleep(0.05)
            out.value = "task done"
            out.update()  # no auto-update outside event handlers

        def blocking():
            time.sleep(0.05)  # blocking work belongs in a thread, not in a sync handler
            out.value = "thread done"
            out.update()

        page.add(
            out,
            ft.Button("Go", on_click=lambda e: page.run_task(later)),
            ft.Button("Work", on_click=lambda e: page.run_thread(blocking)),
        )

    with make_page(app) as ui:
        ui.click("Go")
        assert ui.has_text("idle")
        ui.wait_until(lambda: ui.has_text("task done"))
        assert "task done" in repr(ui.patches[-1].body)
        ui.click("Work")
        ui.wait_until(lambda: ui.has_text("thread done"))
        assert "thread done" in repr(ui.patches[-1].body)


def test_resize_and_page_props():
    seen = []

    def app(page: ft.Page):
        seen.append((page.web, page.platform, page.width))
        page.on_resize = lambda e: seen.append(("resize", e.width, page.width))

    with make_page(app, width=412, platform="android") as ui:
        ui.resize(1000, 800)
    assert seen == [(True, ft.PagePlatform.ANDROID, 412.0), ("resize", 1000.0, 1000.0)]


def test_declarative_component():
    @ft.component
    def Counter():
        n, set_n = ft.use_state(0)
        return ft.Column([ft.Text(f"n={n}"), ft.Button("Inc", on_click=lambda: set_n(n + 1))])

    with make_page(lambda page: page.render(Counter)) as ui:
        ui.click("Inc")
        ui.click("Inc")
        assert ui.has_text("n=2", exact=True)
