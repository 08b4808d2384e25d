"""The privacy lock service: hashed PIN, waits after wrong tries, a private file."""

import json
import stat

import pytest

from app.lock import LOCK_FILE, LockError, PinLock, TooSoon, wait_after


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def lock(tmp_path):
    return PinLock(tmp_path, clock=Clock())


def test_no_pin_means_unlocked_and_no_file(lock, tmp_path):
    assert lock.state().pin_set is False
    assert lock.check("") is True
    assert not (tmp_path / LOCK_FILE).exists()


def test_the_pin_is_stored_only_as_a_salted_hash_in_a_private_file(lock, tmp_path):
    lock.set_pin("2468")
    path = tmp_path / LOCK_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "2468" not in text
    data = json.loads(text)
    assert data["kdf"] == "scrypt" and data["n"] >= 2**14 and len(data["salt"]) >= 20
    first_hash = data["hash"]
    lock.set_pin("2468", current="2468")  # same PIN, new salt, new hash
    assert json.loads(path.read_text())["hash"] != first_hash
    assert lock.check("2468") is True and lock.check("1357") is False


@pytest.mark.parametrize("bad", ["", "123", "abcd", "12 34", "1234567890123", "١٢٣٤"])
def test_a_pin_of_the_wrong_shape_is_refused_and_nothing_is_written(lock, tmp_path, bad):
    with pytest.raises(LockError, match="4 to 12 digits"):
        lock.set_pin(bad)
    assert not (tmp_path / LOCK_FILE).exists()


def test_changing_or_removing_the_pin_needs_the_current_one(lock, tmp_path):
    lock.set_pin("2468")
    with pytest.raises(LockError):
        lock.set_pin("1111", current="0000")
    assert lock.check("2468")
    with pytest.raises(LockError):
        lock.remove_pin("0000")
    lock.remove_pin("2468")
    assert not (tmp_path / LOCK_FILE).exists() and lock.state().pin_set is False


def test_wrong_tries_make_the_next_wait_longer_and_a_right_one_resets(lock):
    assert [wait_after(n) for n in range(8)] == [0, 0, 0, 5, 10, 20, 40, 80]
    assert wait_after(50) == 300
    lock.set_pin("2468")
    for _ in range(3):
        assert lock.check("0000") is False
    with pytest.raises(TooSoon) as waited:
        lock.check("2468")  # even the right PIN waits
    assert 4 < waited.value.seconds <= 5
    lock.clock.now += 5
    assert lock.check("0000") is False  # fourth wrong try: 10 s
    lock.clock.now += 9
    with pytest.raises(TooSoon):
        lock.check("2468")
    lock.clock.now += 1
    assert lock.check("2468") is True
    assert lock.state().failures == 0 and lock.wait_seconds() == 0


def test_wrong_tries_are_remembered_when_the_app_is_opened_again(lock, tmp_path):
    lock.set_pin("2468")
    for _ in range(3):
        lock.check("0000")
    again = PinLock(tmp_path, clock=lock.clock)
    assert again.state().failures == 3 and again.wait_seconds() == 5


def test_a_damaged_lock_file_says_how_to_take_the_lock_off(lock, tmp_path):
    (tmp_path / LOCK_FILE).write_text("{not json")
    with pytest.raises(LockError, match="remove .*lock.json"):
        lock.check("2468")
    (tmp_path / LOCK_FILE).write_text(json.dumps({"hash": "AAAA", "kdf": "scrypt", "n": 2**30, "r": 8, "p": 1, "salt": "AA=="}))
    with pytest.raises(LockError, match="damaged"):  # a cost too high to be ours is refused, not run
        lock.check("2468")


def test_timing_choices(lock):
    assert lock.state().idle_minutes == 5 and lock.state().lock_on_background is True
    lock.set_timing(idle_minutes=15, lock_on_background=False)
    assert lock.state().idle_minutes == 15 and lock.state().lock_on_background is False
    with pytest.raises(LockError):
        lock.set_timing(idle_minutes=7)
    assert lock.state().idle_minutes == 15


def test_display_prefs_default_survive_damage_and_refuse_unknown_keys(tmp_path):
    from app.display import DISPLAY_FILE, DisplayPrefs

    prefs = DisplayPrefs(tmp_path)
    assert prefs.high_contrast is False
    prefs.save(high_contrast=True)
    assert DisplayPrefs(tmp_path).high_contrast is True
    (tmp_path / DISPLAY_FILE).write_text("[1, 2")
    assert prefs.high_contrast is False
    (tmp_path / DISPLAY_FILE).write_text('{"high_contrast": "yes"}')
    assert prefs.high_contrast is False  # a wrong type is not taken as true
    with pytest.raises(ValueError):
        prefs.save(font="big")


def test_fingerprint_or_face_needs_a_pin_and_goes_with_it(lock, tmp_path):
    with pytest.raises(LockError, match="Set a PIN first"):
        lock.set_biometrics(True)
    assert lock.state().biometrics is False and not (tmp_path / LOCK_FILE).exists()
    lock.set_pin("2468")
    lock.set_biometrics(True)
    assert lock.state().biometrics is True and lock.state().pin_set
    lock.set_biometrics(False)
    assert lock.state().biometrics is False
    lock.set_biometrics(True)
    lock.remove_pin("2468")
    assert lock.state().biometrics is False  # removing the PIN takes it off too
    lock.set_pin("1357")
    assert lock.state().biometrics is False  # a new PIN starts without it
