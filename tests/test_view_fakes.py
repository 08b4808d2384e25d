"""The one tree walker the view tests share sees every place a control can hold another."""

import flet as ft

from tests.view_fakes import texts, walk


def test_walk_and_texts_see_every_child_and_hide_what_is_hidden():
    hidden = ft.Text("hidden words", visible=False)
    tree = ft.AlertDialog(
        title=ft.Text("Title"),
        content=ft.Column([
            ft.ListTile(leading=ft.Icon(ft.Icons.STAR), title=ft.Text("Tile"), trailing=ft.Text("After")),
            ft.Card(content=ft.Container(content=ft.Row([ft.TextField(label="Name"), ft.Switch(label="Share")]))),
            ft.Container(content=hidden),
            ft.Column([ft.Text("inside hidden")], visible=False),
        ]),
        actions=[ft.TextButton("Cancel"), ft.FilledButton("Save")],
    )
    assert sorted(texts(tree)) == sorted(["Title", "Tile", "After", "Name", "Share", "Cancel", "Save"])
    assert sorted(texts(tree, buttons=False)) == sorted(["Title", "Tile", "After", "Name", "Share"])
    assert "hidden words" in texts(tree, hidden=True) and "inside hidden" in texts(tree, hidden=True)
    assert any(isinstance(c, ft.Icon) for c in walk(tree))
    assert hidden not in list(walk(tree)) and hidden in list(walk(tree, hidden=True))


def test_walk_leaves_out_closed_dialogs_only_when_asked():
    closed = ft.AlertDialog(title=ft.Text("Closed"), open=False)
    shown = ft.AlertDialog(title=ft.Text("Open"), open=True)
    tree = ft.Column([ft.Text("Page"), closed, shown])
    assert texts(tree) == ["Page", "Closed", "Open"]  # a fake page's dialogs are never opened
    assert [c for c in walk(tree, closed_dialogs=False) if isinstance(c, ft.AlertDialog)] == [shown]
    assert [t.value for t in walk(tree, closed_dialogs=False) if isinstance(t, ft.Text)] == ["Page", "Open"]
