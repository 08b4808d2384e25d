"""device.json: the person who owns records and the device that stamps them."""

import json
import stat

from app.identity import load_identity
from app.models import Goal
from app.store import Store


def test_a_new_store_has_a_person_and_a_device_in_a_private_file(tmp_path):
    with Store(tmp_path) as store:
        goal = store.save(Goal(title="Walk"))
        assert goal.owner == store.person and store.person != store.device
        assert goal.updated.endswith("-" + store.device)  # the device is in the stamps
    data = json.loads((tmp_path / "device.json").read_text())
    assert data == {"device_id": store.device, "person_id": store.person}
    assert stat.S_IMODE((tmp_path / "device.json").stat().st_mode) == 0o600
    with Store(tmp_path) as again:  # set once
        assert (again.person, again.device) == (store.person, store.device)


def test_an_old_device_file_gets_a_person_who_owns_what_it_wrote(tmp_path):
    (tmp_path / "device.json").write_text(json.dumps({"device_id": "abc123"}))
    identity = load_identity(tmp_path)
    assert (identity.device, identity.person, identity.notices) == ("abc123", "abc123", [])
    assert json.loads((tmp_path / "device.json").read_text()) == {"device_id": "abc123", "person_id": "abc123"}


def test_a_damaged_device_file_is_set_aside_and_reported_never_replaced_silently(tmp_path):
    damaged = b'{"device_id": "abc\x00'
    (tmp_path / "device.json").write_bytes(damaged)
    with Store(tmp_path) as store:
        assert any("id file could not be read" in n for n in store.notices)
        kept = list((tmp_path / "set-aside").glob("device-*.json"))
        assert [p.read_bytes() for p in kept] == [damaged]
        assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
        assert store.device != "abc"
    with Store(tmp_path) as again:  # the new ids are kept from now on, without another notice
        assert again.device == store.device and again.notices == []


def test_a_read_only_open_never_writes_the_device_file(tmp_path):
    (tmp_path / "device.json").write_text(json.dumps({"device_id": "abc123"}))
    before = (tmp_path / "device.json").read_bytes()
    assert load_identity(tmp_path, read_only=True).person == "abc123"
    assert (tmp_path / "device.json").read_bytes() == before
