"""First run, Today and settings, in a real browser."""

from tests.e2e.conftest import click, fill_textbox, text_present, trellis_cli, wait_for_text


def _cli(data_dir, *args):
    return trellis_cli(data_dir, *args)


def test_first_run_name_and_role_then_today(serve_app, open_app, shot, tmp_path):
    data = tmp_path / "data"
    url = serve_app(data)
    dark = open_app(url, theme="dark", wait_text="Hello, and welcome to Trellis.")
    shot(dark, "first-run-welcome-dark")
    page = open_app(url, theme="light", wait_text="Hello, and welcome to Trellis.")
    shot(page, "first-run-welcome-light")
    fill_textbox(page, "What would you like to be called?", "Robin")
    click(page, "radio", "I am a mentee")
    click(page, "button", "Let's begin")
    wait_for_text(page, "Robin")
    wait_for_text(page, "Start check-in")
    assert text_present(page, "Need support?")
    for tab in ("Today", "Goals", "Check-ins", "Wins", "Pair"):
        assert page.get_by_role("tab", name=tab).count() == 1, tab
    shot(page, "today-first-light")
    dark = open_app(url, theme="dark", wait_text="Robin")  # a new visit goes straight to Today
    shot(dark, "today-first-dark")
    # The name was saved through app/: the CLI's export shows it.
    out = tmp_path / "export.json"
    _cli(data, "export", str(out))
    assert '"name": "Robin"' in out.read_text()


def test_skipping_first_run_still_reaches_today(serve_app, open_app, tmp_path):
    page = open_app(serve_app(tmp_path / "data"), wait_text="Skip for now")
    click(page, "button", "Skip for now")
    wait_for_text(page, "Start check-in")
    assert not text_present(page, "What would you like to be called?")


def test_a_cli_checkin_shows_on_today_and_theme_can_be_chosen(serve_app, open_app, shot, tmp_path):
    data = tmp_path / "data"
    _cli(data, "checkin", "--mood", "4", "--feeling", "hopeful", "--care", "Went outside")
    page = open_app(serve_app(data), wait_text="Skip for now")
    click(page, "button", "Skip for now")
    wait_for_text(page, "You checked in today. Thank you.")
    wait_for_text(page, "hopeful")
    shot(page, "today-checked-in-light")
    click(page, "button", "Settings")
    wait_for_text(page, "Text size")
    click(page, "radio", "Dark")
    page.wait_for_timeout(800)
    shot(page, "settings-dark-chosen")
    out = tmp_path / "e.json"
    _cli(data, "export", str(out))
    assert '"theme": "dark"' in out.read_text()
