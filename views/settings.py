"""Settings: you, look and feel, the privacy lock, and your data (export,
bring back in, where it lives, delete everything)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import flet as ft

from app import spreadsheet
from app.display import DisplayPrefs
from app.erase import erase_everything
from app.exchange import export, import_file
from app.lock import PinLock
from views import lock as lock_view
from views.context import AppContext
from views.widgets import TOUCH, card, page_column, roomy, subtle

TEXT_SIZES = (("1.0", "settings.text_normal"), ("1.25", "settings.text_large"), ("1.5", "settings.text_larger"))


def default_export_folder() -> Path:
    """The Downloads folder when there is one, else the home folder."""
    downloads = Path.home() / "Downloads"
    return downloads if downloads.is_dir() else Path.home()


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem.suffix, or stem-2, stem-3… so an older export is never overwritten."""
    path, n = folder / f"{stem}{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path


def _on_phone(page) -> bool:
    platform = getattr(page, "platform", None)
    return bool(platform is not None and platform.is_mobile() and not getattr(page, "web", False))


def _radios(value: str, choices: list[tuple[str, str]], on_change) -> ft.RadioGroup:
    # Radios rather than segmented buttons: a visible dot for the chosen one,
    # read as one choice of several, and labels that wrap at any text size.
    return ft.RadioGroup(
        value=value,
        on_change=on_change,
        content=ft.Column([roomy(ft.Radio(value=v, label=label)) for v, label in choices], spacing=0),
    )


def build(ctx: AppContext) -> ft.Control:
    people = ctx.trellis.people
    profile, current = people.profile(), people.settings()

    name = ft.TextField(label=ctx.words("settings.name_label"), value=profile.name, max_length=80)
    role = _radios(
        profile.role or "none",
        [("none", ctx.words("settings.role_none")), ("mentee", ctx.words("onboarding.role_mentee")),
         ("mentor", ctx.words("onboarding.role_mentor"))],
        None,
    )

    def save_you(e):
        chosen = None if role.value in (None, "none") else role.value
        if ctx.attempt(lambda: people.save_profile(name.value or "", chosen)):
            ctx.toast(ctx.words("settings.saved"))

    def change(**values):
        if ctx.attempt(lambda: people.save_settings(**values)):
            ctx.apply_settings()
            ctx.page.update()

    theme = _radios(
        current.theme,
        [(v, ctx.words(f"settings.theme_{v}")) for v in ("system", "light", "dark")],
        lambda e: change(theme=e.control.value),
    )
    nearest = min(TEXT_SIZES, key=lambda s: abs(float(s[0]) - current.text_scale))[0]
    text_size = _radios(
        nearest, [(v, ctx.words(k)) for v, k in TEXT_SIZES], lambda e: change(text_scale=float(e.control.value))
    )
    def set_contrast(e) -> None:
        if ctx.attempt(lambda: DisplayPrefs(ctx.trellis.store.dir).save(high_contrast=bool(e.control.value)) or True):
            ctx.apply_settings()
            ctx.page.update()

    contrast = ft.Switch(
        label=ctx.words("comfort.high_contrast"),
        value=DisplayPrefs(ctx.trellis.store.dir).high_contrast,
        on_change=set_contrast,
    )
    motion = ft.Switch(
        label=ctx.words("settings.reduced_motion"),
        value=current.reduced_motion,
        on_change=lambda e: change(reduced_motion=bool(e.control.value)),
    )
    return page_column(
        [
            card(ft.Text(ctx.words("settings.you"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM), name,
                 subtle(ctx.words("settings.role_label")), role,
                 ft.FilledButton(ctx.words("settings.save_you"), on_click=save_you)),
            card(
                ft.Text(ctx.words("settings.look"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                subtle(ctx.words("settings.theme_label")), theme,
                subtle(ctx.words("settings.text_size")), text_size,
                contrast, subtle(ctx.words("comfort.high_contrast_hint")),
                motion, subtle(ctx.words("settings.reduced_motion_hint")),
            ),
            card(*lock_view.settings_section(ctx, PinLock(ctx.trellis.store.dir))),
            card(*data_section(ctx)),
        ],
        stretch=True,
    )


def data_section(ctx: AppContext) -> list[ft.Control]:
    store = ctx.trellis.store
    page = ctx.page
    phone = _on_phone(page)
    if phone:
        place = ctx.words("data.where_phone")
    elif getattr(page, "web", False):
        place = ctx.words("data.where_web")
    else:
        place = ctx.words("data.where_computer")
    progress = ft.ProgressBar(visible=False)
    working = subtle(ctx.words("data.working"))
    working.visible = False
    folder = ft.TextField(label=ctx.words("data.folder_label"), value=str(default_export_folder()), visible=not phone)
    source = ft.TextField(label=ctx.words("data.import_label"), visible=not phone)

    def busy(on: bool) -> None:
        progress.visible = working.visible = on
        page.update()

    def target(stem: str, suffix: str) -> Path | None:
        raw = (folder.value or "").strip()
        if not raw:
            ctx.toast(ctx.words("data.no_folder"))
            return None
        return free_name(Path(raw).expanduser(), f"{stem}-{ctx.trellis.today().isoformat()}", suffix)

    def run_export(kind: str) -> None:
        stem, suffix = ("trellis-backup", ".json") if kind == "json" else ("trellis-spreadsheet", ".zip")
        if phone:
            page.run_task(_export_on_phone, kind, f"{stem}-{ctx.trellis.today().isoformat()}{suffix}")
            return
        path = target(stem, suffix)
        if path is None:
            return
        busy(True)
        try:
            done = ctx.attempt(lambda: _write(kind, path))
        finally:
            busy(False)
        if done:
            ctx.toast(ctx.words("data.exported", path=str(path)))

    def _write(kind: str, path: Path) -> bool:
        if not path.parent.is_dir():
            raise ValueError(f"there is no folder {path.parent}")
        if kind == "json":
            export(store, path, "json")
        else:
            spreadsheet.export_zip(store, path, ctx.content)
        return True

    async def _export_on_phone(kind: str, file_name: str) -> None:
        # Phones have no folder to name: the system's save sheet gets the bytes.
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / file_name
            if not ctx.attempt(lambda: _write(kind, path)):
                return
            data = path.read_bytes()
        picker = ft.FilePicker()
        page.services.append(picker)
        try:
            saved = await picker.save_file(file_name=file_name, src_bytes=data)
        finally:
            page.services.remove(picker)
        if saved:
            ctx.toast(ctx.words("data.exported", path=saved))

    def run_import(e) -> None:
        if phone:
            page.run_task(_import_on_phone)
            return
        raw = (source.value or "").strip()
        if not raw:
            ctx.toast(ctx.words("error.check", detail=ctx.words("data.import_label").lower()))
            return
        _import(Path(raw).expanduser())

    def _import(path: Path) -> None:
        busy(True)
        try:
            result = ctx.attempt(lambda: import_file(store, path))
        finally:
            busy(False)
        if result:
            added, changed = result
            ctx.toast(ctx.words("data.imported", added=added, changed=changed))
            ctx.apply_settings()

    async def _import_on_phone() -> None:
        picker = ft.FilePicker()
        page.services.append(picker)
        try:
            files = await picker.pick_files(allowed_extensions=["json"], file_type=ft.FilePickerFileType.CUSTOM,
                                            with_data=True)
        finally:
            page.services.remove(picker)
        if files and files[0].bytes:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "import.json"
                path.write_bytes(files[0].bytes)
                _import(path)

    def ask_delete(e) -> None:
        typed = ft.TextField(label=ctx.words("data.delete_confirm_label"), autofocus=True)
        go = ft.FilledButton(
            ctx.words("data.delete_go"),
            disabled=True,
            height=TOUCH,
            style=ft.ButtonStyle(bgcolor={ft.ControlState.DEFAULT: ft.Colors.ERROR,
                                          ft.ControlState.DISABLED: ft.Colors.SURFACE_CONTAINER_HIGHEST},
                                 color={ft.ControlState.DEFAULT: ft.Colors.ON_ERROR}),
        )

        def typed_changed(ev) -> None:
            go.disabled = (typed.value or "").strip().upper() != ctx.words("data.delete_word")
            page.update()

        def really_delete(ev) -> None:
            if go.disabled:
                return
            page.pop_dialog()
            busy(True)
            try:
                done = ctx.attempt(lambda: erase_everything(store) is not None)
            finally:
                busy(False)
            if done:
                ctx.apply_settings()
                ctx.toast(ctx.words("data.deleted"))
                ctx.go("today")

        typed.on_change = typed_changed
        go.on_click = really_delete
        page.show_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text(ctx.words("data.delete_title")),
                content=ft.Column([ft.Text(ctx.words("data.delete_confirm_text")), typed], tight=True),
                actions=[ft.TextButton(ctx.words("data.delete_cancel"), on_click=lambda ev: page.pop_dialog()), go],
            )
        )

    return [
        ft.Text(ctx.words("settings.privacy"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Text(ctx.words("settings.privacy_text")),
        ft.Text(ctx.words("data.where", place=place)),
        ft.Text(str(store.dir), color=ft.Colors.ON_SURFACE_VARIANT),
        folder,
        ft.FilledButton(ctx.words("data.export_json"), icon=ft.Icons.SAVE_ALT, on_click=lambda e: run_export("json")),
        subtle(ctx.words("data.export_json_hint")),
        ft.OutlinedButton(ctx.words("data.export_csv"), icon=ft.Icons.TABLE_CHART_OUTLINED,
                          on_click=lambda e: run_export("csv")),
        subtle(ctx.words("data.export_csv_hint")),
        progress,
        working,
        source,
        ft.OutlinedButton(ctx.words("data.import_button"), icon=ft.Icons.UPLOAD_FILE, on_click=run_import),
        subtle(ctx.words("data.import_hint")),
        ft.Text(ctx.words("data.delete_title"), theme_style=ft.TextThemeStyle.TITLE_SMALL),
        subtle(ctx.words("data.delete_hint")),
        ft.OutlinedButton(ctx.words("data.delete_start"), icon=ft.Icons.DELETE_OUTLINE, on_click=ask_delete),
    ]
