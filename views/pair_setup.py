"""Start or join a pair: your role, their name, where the file lives, the
passphrase; then the safety code to compare on a call.

In web mode the file is a path on this computer, typed and checked (a full
path, a folder that exists, not inside the data folder); on desktop and
phones Flet's FilePicker chooses the folder (start) or the file (join).
The passphrase has show/hide and a strength hint; no passphrase is possible
only after a plain warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import flet as ft

from views.context import AppContext, Screen
from views.pair_common import nodes, pcard, OPEN_KEY, attempt, name_of, section_title, service
from views.widgets import GAP, TOUCH, page_column, primary, subtle

MODE_KEY = "pair.setup_mode"
SETUP_KEY = "pair.setup"  # ctx.state: the live SetupForm (for tests)
FILE_NAME = "trellis-pair.trellis"
MIN_PASSPHRASE = 8


def open_setup(ctx: AppContext, mode: str) -> None:
    ctx.state[MODE_KEY] = mode
    ctx.open(Screen(ctx.words("pair.start_title" if mode == "start" else "pair.join_title"), build))


def check_path(text: str, data_dir: Path, mode: str) -> tuple[str | None, str | None]:
    """(the file's path, None) or (None, the key of the words saying what to change).

    A folder given for a new pair gets the usual file name inside it."""
    text = (text or "").strip()
    if not text:
        return None, "pair.path_needed"
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        return None, "pair.path_not_absolute"
    if mode == "start" and path.is_dir():
        path = path / FILE_NAME
    if not path.parent.is_dir():
        return None, "pair.path_no_folder"
    try:
        resolved, data = path.resolve(), Path(data_dir).resolve()
    except OSError:
        return None, "pair.path_no_folder"
    if resolved == data or data in resolved.parents:
        return None, "pair.path_in_data"
    if mode == "join" and not path.is_file():
        return None, "pair.path_no_file"
    return str(path), None


def strength(passphrase: str) -> str:
    """The key of the strength hint for a passphrase."""
    if not passphrase:
        return "pair.strength_empty"
    if len(passphrase) < MIN_PASSPHRASE:
        return "pair.strength_short"
    kinds = sum(any(f(c) for c in passphrase) for f in (str.islower, str.isupper, str.isdigit, str.isspace))
    if len(passphrase) >= 16 or (len(passphrase) >= 12 and kinds >= 2):
        return "pair.strength_strong"
    return "pair.strength_fair"


class SetupForm:
    def __init__(self, ctx: AppContext, mode: str):
        self.ctx, self.mode = ctx, mode
        w = ctx.words
        profile_role = ctx.trellis.people.profile().role or "mentee"
        self.role = ft.RadioGroup(
            value=profile_role,
            content=ft.Column([ft.Radio(value="mentee", label=w("pair.role_mentee")),
                               ft.Radio(value="mentor", label=w("pair.role_mentor"))], spacing=0, tight=True),
        )
        self.name = ft.TextField(label=w("pair.name_label"), max_length=80,
                                 capitalization=ft.TextCapitalization.WORDS)
        self.web = bool(getattr(ctx.page, "web", True))
        hint = w("pair.path_hint_start" if mode == "start" else "pair.path_hint_join")
        self.path = ft.TextField(label=w("pair.path_label"), hint_text=hint, on_change=lambda e: self._clear_path())
        self.chosen = subtle(w("pair.none_chosen"))
        self.path_problem = ft.Text("", color=ft.Colors.ERROR, visible=False)
        self.passphrase = ft.TextField(label=w("pair.passphrase_label"), password=True, can_reveal_password=True,
                                       on_change=lambda e: self._strength())
        self.strength = subtle(w("pair.strength_empty"))
        self.no_pass = ft.Checkbox(label=w("pair.no_passphrase"), value=False, on_change=lambda e: self._no_pass())
        self.no_pass_warning = ft.Text(w("pair.no_passphrase_warning"), visible=False,
                                       color=ft.Colors.ON_SURFACE_VARIANT)
        self.problem = ft.Text("", color=ft.Colors.ERROR, visible=False)
        self.picked: str | None = None
        self._picker = None

        file_items: list[ft.Control] = [section_title(w("pair.file_title")),
                                        subtle(w("pair.file_why_start" if mode == "start" else "pair.file_why_join"))]
        if self.web:
            file_items.append(self.path)
        else:
            file_items += [ft.Row([ft.OutlinedButton(
                w("pair.choose_folder" if mode == "start" else "pair.choose_file"), icon=ft.Icons.FOLDER_OPEN,
                height=TOUCH, on_click=self.pick)]), self.chosen]
        file_items.append(self.path_problem)
        submit = w("pair.submit_start" if mode == "start" else "pair.submit_join")
        other = "join" if mode == "start" else "start"
        self.control = page_column(nodes([
                ft.Row([ft.TextButton(w(f"pair.{other}_instead"), icon=ft.Icons.SWAP_HORIZ, height=TOUCH,
                                      on_click=lambda e: self.switch(other))]),
                pcard(section_title(w("pair.role_title")), self.role, self.name),
                pcard(*file_items),
                pcard(section_title(w("pair.passphrase_title")), subtle(w("pair.passphrase_why")), self.passphrase,
                     self.strength, ft.Text(w("pair.passphrase_lost"), weight=ft.FontWeight.W_600),
                     self.no_pass, self.no_pass_warning),
                self.problem,
                primary(submit, lambda e: self.submit(), icon=ft.Icons.ADD_LINK if mode == "start" else ft.Icons.LINK),
                ft.Container(height=GAP),
            ]),
            stretch=True,
        )

    def switch(self, mode: str) -> None:
        """Start instead of join, or the other way round, in place of this screen."""
        self.ctx.back()
        open_setup(self.ctx, mode)

    # ---- live hints -------------------------------------------------------
    def _clear_path(self) -> None:
        self.path_problem.visible = False

    def _strength(self) -> None:
        self.strength.value = self.ctx.words(strength(self.passphrase.value or ""))

    def _no_pass(self) -> None:
        on = bool(self.no_pass.value)
        self.no_pass_warning.visible = on
        self.passphrase.disabled = on

    async def pick(self, e=None) -> None:
        """Desktop and phones: the system's own file dialog."""
        w = self.ctx.words
        if self._picker is None:
            self._picker = ft.FilePicker()  # a service: kept here so it lives as long as the form
        try:
            if self.mode == "start":
                folder = await self._picker.get_directory_path(dialog_title=w("pair.choose_folder"))
                self.picked = str(Path(folder) / FILE_NAME) if folder else None
            else:
                files = await self._picker.pick_files(dialog_title=w("pair.choose_file"))
                self.picked = files[0].path if files else None
        except Exception as exc:  # no dialog on this platform: say so, keep the form
            self.show_problem(str(exc))
            return
        self.chosen.value = w("pair.chosen", path=self.picked) if self.picked else w("pair.none_chosen")
        self.ctx.page.update()

    def show_problem(self, text: str | None, where: ft.Text | None = None) -> None:
        target = where or self.problem
        target.value = text or ""
        target.visible = bool(text)
        self.ctx.page.update()

    # ---- submit -------------------------------------------------------------
    def submit(self):
        ctx, w = self.ctx, self.ctx.words
        raw = (self.path.value or "") if self.web else (self.picked or "")
        path, problem = check_path(raw, ctx.trellis.store.dir, self.mode)
        if problem:
            self.show_problem(w(problem), self.path_problem)
            return None
        self.show_problem(None, self.path_problem)
        passphrase = None
        if not self.no_pass.value:
            passphrase = self.passphrase.value or ""
            if len(passphrase) < MIN_PASSPHRASE:
                self.show_problem(w("pair.strength_short"))
                return None
        svc = service(ctx)
        act = svc.start if self.mode == "start" else svc.join
        info = attempt(ctx, lambda: act(path, self.role.value or "mentee", (self.name.value or "").strip(), passphrase))
        if info is None:
            return None
        self.show_problem(None)
        ctx.state[OPEN_KEY] = info.id
        ctx.toast(w("pair.started"))
        ctx.go("pair")
        ctx.open(Screen(w("pair.safety_title"), safety_screen))
        return info


def safety_block(ctx: AppContext, info) -> ft.Control:
    """The safety code with "compare these on a call", or a line saying it is not there yet."""
    w = ctx.words
    name = name_of(ctx, info)
    code = getattr(info, "safety_code", None)
    items: list[ft.Control] = [section_title(w("pair.safety_title"))]
    if not code:
        items.append(subtle(w("pair.safety_waiting", name=name)))
    else:
        items += [
            ft.Semantics(content=ft.Text(_two_lines(code), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                                         font_family="monospace", weight=ft.FontWeight.W_600), container=True),
            ft.Text(w("pair.safety_why")),
        ]
        if getattr(info, "key_changed", False):
            items += [ft.Text(w("pair.safety_changed", name=name), weight=ft.FontWeight.W_600),
                      ft.Row([primary(w("pair.safety_accept"), lambda e: _confirm(ctx, info.id),
                                      icon=ft.Icons.VERIFIED_USER_OUTLINED)])]
    return ft.Container(ft.Column(nodes(items), spacing=8, tight=True),
                        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12)


def _two_lines(code: str) -> str:
    """Six groups of four digits as two lines of three, easy to read aloud in turn."""
    groups = code.split()
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


def _confirm(ctx: AppContext, pair_id: str) -> None:
    if attempt(ctx, lambda: service(ctx).confirm_key(pair_id)) is not None:
        ctx.toast(ctx.words("pair.safety_confirmed"))
    ctx.refresh()


def safety_screen(ctx: AppContext) -> ft.Control:
    from views.pair_common import current

    info = current(ctx)
    if info is None:
        return page_column(nodes([subtle(ctx.words("pair.never_synced"))]))
    return page_column(nodes([safety_block(ctx, info)]), stretch=True)


def build(ctx: AppContext) -> ft.Control:
    form = SetupForm(ctx, ctx.state.get(MODE_KEY, "start"))
    ctx.state[SETUP_KEY] = form
    return form.control
