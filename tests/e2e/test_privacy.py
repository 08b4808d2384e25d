"""The privacy lock, quick hide and "Your data", in a real browser."""

import csv
import io
import json
import zipfile

from tests.e2e.conftest import click, fill_textbox, text_present, trellis_cli, wait_for_text


def _today(page):
    click(page, "button", "Skip for now")
    wait_for_text(page, "You checked in today. Thank you.")


def test_set_a_pin_hide_now_and_unlock(serve_app, open_app, shot, tmp_path):
    data = tmp_path / "data"
    trellis_cli(data, "checkin", "--mood", "4", "--note", "a private note")
    url = serve_app(data)
    page = open_app(url, wait_text="Skip for now")
    _today(page)
    click(page, "button", "Settings")
    wait_for_text(page, "Privacy lock")
    fill_textbox(page, "New PIN (4 to 12 digits)", "2468")
    click(page, "button", "Set PIN")
    wait_for_text(page, "Your PIN is set. Trellis will ask for it.")
    shot(page, "settings-lock-set-light")
    click(page, "button", "Hide now")
    wait_for_text(page, "Unlock")
    assert not text_present(page, "a private note") and not text_present(page, "Need support?")
    shot(page, "lock-cover-light")
    fill_textbox(page, "Your PIN", "1111")
    click(page, "button", "Unlock")
    wait_for_text(page, "That PIN is not right")
    click(page, "button", "Forgot your PIN?")
    wait_for_text(page, "lock.json")
    shot(page, "lock-forgot-light")
    click(page, "button", "Close")
    # Type only once the dialog has gone: the cover redraws (and clears its field) as it closes.
    wait_for_text(page, "lock.json", gone=True)
    page.wait_for_timeout(300)
    fill_textbox(page, "Your PIN", "2468")
    click(page, "button", "Unlock")
    wait_for_text(page, "Need support?")
    # A new visit opens covered; the PIN file never holds the PIN itself.
    again = open_app(url, theme="dark", wait_text="Unlock")
    shot(again, "lock-cover-dark")
    assert "2468" not in (data / "lock.json").read_text()


def test_export_backup_and_spreadsheet_then_delete_everything(serve_app, open_app, shot, tmp_path):
    data, out = tmp_path / "data", tmp_path / "exports"
    out.mkdir()
    trellis_cli(data, "checkin", "--mood", "4", "--feeling", "hopeful", "--note", "a note, with a comma")
    page = open_app(serve_app(data), wait_text="Skip for now")
    _today(page)
    click(page, "button", "Settings")
    wait_for_text(page, "Your data")
    fill_textbox(page, "Folder for exports", str(out))
    click(page, "button", "Save a full backup (JSON)")
    wait_for_text(page, "Saved to")
    click(page, "button", "Save for a spreadsheet (ZIP of CSV files)")
    wait_for_text(page, ".zip")
    shot(page, "settings-data-exported-light")
    (backup,) = out.glob("*.json")
    assert json.loads(backup.read_text())["format"] == "trellis-export"
    (sheet,) = out.glob("*.zip")
    with zipfile.ZipFile(sheet) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("check-ins.csv").decode("utf-8-sig"))))
    assert rows[0]["mood (1-5)"] == "4" and rows[0]["note"] == "a note, with a comma"

    click(page, "button", "Delete everything…")
    wait_for_text(page, "Type DELETE to confirm")
    shot(page, "settings-delete-confirm-light")
    fill_textbox(page, "Type DELETE to confirm", "DELETE")
    page.wait_for_timeout(300)
    click(page, "button", "Delete everything now")
    wait_for_text(page, "Everything was deleted. Trellis is fresh again.")
    wait_for_text(page, "Start check-in")  # Today, with nothing checked in
    assert "a note, with a comma" not in trellis_cli(data, "export", str(tmp_path / "after.json")) + (
        tmp_path / "after.json").read_text()
