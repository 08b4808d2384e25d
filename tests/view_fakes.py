"""A stand-in page for view tests that build controls and call handlers directly."""

import flet as ft


class FakePage:
    """Records dialogs, SnackBar texts and tasks; updates are no-ops."""

    def __init__(self, platform=None):
        self.dialogs: list = []  # open dialogs, the top one last
        self.snacks: list[str] = []
        self.tasks: list = []
        self.platform = platform

    def show_dialog(self, dialog) -> None:
        if isinstance(dialog, ft.SnackBar):
            self.snacks.append(dialog.content.value)
        else:
            self.dialogs.append(dialog)

    def pop_dialog(self):
        return self.dialogs.pop() if self.dialogs else None

    def update(self, *controls) -> None:
        pass

    def run_task(self, handler, *args, **kwargs):
        self.tasks.append((handler, args, kwargs))


class Event:
    """The `e` a handler gets: only `e.control` is read."""

    def __init__(self, control=None):
        self.control = control
