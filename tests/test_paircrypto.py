import json
import os
import re
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import paircrypto
from app.paircrypto import CryptoError, IdentityKey, KdfParams, KdfRefused, PairKey, derive_key, safety_code

from .pairfile_helpers import FAST_KDF, fast_key, fast_params


def test_identity_key_file_is_private_and_round_trips(tmp_path):
    key = IdentityKey.generate()
    path = tmp_path / "identity.key"
    key.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert IdentityKey.load(path).public == key.public
    assert [p.name for p in tmp_path.iterdir()] == ["identity.key"]  # no temp file left behind
    message = b"a section"
    assert paircrypto.verify(key.public, key.sign(message), message)
    assert not paircrypto.verify(key.public, key.sign(message), message + b"!")


def test_saving_again_replaces_the_key_file_atomically(tmp_path):
    path = tmp_path / "identity.key"
    IdentityKey.generate().save(path)
    second = IdentityKey.generate()
    second.save(path)
    assert IdentityKey.load(path).public == second.public


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "damaged"),
        (b"\xff\xfe", "damaged"),
        (b'{"format": "something-else"}', "not a Trellis key file"),
        (b'{"format": "trellis-identity-key", "version": 9}', "newer"),
        (b'{"format": "trellis-identity-key", "version": 1, "private": "XYZ"}', "not written"),
    ],
)
def test_a_damaged_key_file_is_one_plain_error(tmp_path, content, words):
    path = tmp_path / "identity.key"
    path.write_bytes(content)
    with pytest.raises(CryptoError, match=words):
        IdentityKey.load(path)


def test_a_key_file_whose_halves_disagree_is_refused(tmp_path):
    doc = json.loads(IdentityKey.generate().to_bytes())
    doc["public"] = IdentityKey.generate().public.hex()
    with pytest.raises(CryptoError, match="halves"):
        IdentityKey.from_bytes(json.dumps(doc).encode())


def test_a_missing_key_file_is_one_plain_error(tmp_path):
    with pytest.raises(CryptoError, match="cannot be read"):
        IdentityKey.load(tmp_path / "nope.key")


def test_safety_code_is_six_groups_of_four_digits_and_order_free():
    a, b, c = (IdentityKey.generate().public for _ in range(3))
    code = safety_code(a, b)
    assert re.fullmatch(r"\d{4}( \d{4}){5}", code)
    assert safety_code(b, a) == code
    assert safety_code(a, c) != code
    assert safety_code(a, b, c) == safety_code(c, a, b)


@pytest.mark.parametrize("keys", [[], [b"k" * 32], [b"k" * 32, b"k" * 32], [b"k" * 32, b"short"]])
def test_safety_code_needs_two_different_keys(keys):
    with pytest.raises(ValueError):
        safety_code(*keys)


def test_fingerprint_is_short_readable_and_distinct():
    a, b = IdentityKey.generate().public, IdentityKey.generate().public
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){7}", paircrypto.fingerprint(a))
    assert paircrypto.fingerprint(a) != paircrypto.fingerprint(b)


def test_public_key_ok_rejects_wrong_lengths():
    assert paircrypto.public_key_ok(IdentityKey.generate().public)
    assert not paircrypto.public_key_ok(b"x" * 31)


def test_derived_key_depends_on_passphrase_and_salt_only():
    one = fast_key("quiet river stones")
    assert fast_key("quiet river stones") == one
    assert fast_key("quiet river stone").key != one.key
    assert fast_key("quiet river stones", salt=b"t" * 16).key != one.key
    assert len(one.key) == 32


def test_default_parameters_are_argon2id_with_a_fresh_salt():
    first, second = KdfParams.new(), KdfParams.new()
    assert first.name == "argon2id"
    assert dict(first.costs) == paircrypto.ARGON2_DEFAULT
    assert first.salt != second.salt
    # The defaults are within what a reader accepts.
    assert KdfParams.from_json(first.to_json()) == first


def test_scrypt_is_supported_as_the_fallback():
    params = KdfParams.from_json({"name": "scrypt", "log_n": 14, "r": 8, "p": 1, "salt": "ab" * 16})
    key = derive_key("quiet river stones", params)
    assert len(key.key) == 32 and key.kdf.name == "scrypt"
    assert KdfParams.new("scrypt").name == "scrypt"


def test_an_empty_passphrase_is_refused():
    with pytest.raises(ValueError):
        derive_key("", fast_params())


HOSTILE = [
    {**FAST_KDF, "memory_kib": 4 * 1024 * 1024},  # 4 GiB
    {**FAST_KDF, "iterations": 100000},
    {**FAST_KDF, "lanes": 4096},
    {**FAST_KDF, "memory_kib": 256 * 1024, "iterations": 10},  # each within range, together too much
    {**FAST_KDF, "memory_kib": 8},  # too weak to protect the passphrase
    {**FAST_KDF, "iterations": True},
    {**FAST_KDF, "iterations": 1.5},
    {**FAST_KDF, "extra": 1},
    {"name": "scrypt", "log_n": 30, "r": 8, "p": 1},
    {"name": "scrypt", "log_n": 14, "r": 1024, "p": 1},
    {"name": "pbkdf2", "iterations": 1},
    "argon2id",
]


@pytest.mark.parametrize("doc", HOSTILE)
def test_hostile_kdf_parameters_are_refused_before_any_work(doc, monkeypatch):
    def no_work(*args, **kwargs):
        raise AssertionError("the KDF must not run")

    monkeypatch.setattr(paircrypto, "Argon2id", no_work)
    monkeypatch.setattr(paircrypto, "Scrypt", no_work)
    if isinstance(doc, dict):
        doc = {**doc, "salt": "ab" * 16}
    with pytest.raises(KdfRefused):
        KdfParams.from_json(doc)


@pytest.mark.parametrize("salt", ["ab", "AB" * 16, "zz" * 16, "abc", 5, "ab" * 65])
def test_bad_salts_are_refused(salt):
    with pytest.raises(KdfRefused):
        KdfParams.from_json({**FAST_KDF, "salt": salt})


def test_pair_key_file_is_private_and_round_trips(tmp_path):
    key = fast_key()
    path = tmp_path / "pair.key"
    key.save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert PairKey.load(path) == key
    assert b"quiet river" not in path.read_bytes()  # the passphrase is never kept


@pytest.mark.parametrize("content", [b"", b"{}", b'{"format":"trellis-pair-key","version":1,"kdf":{},"key":"00"}'])
def test_a_damaged_pair_key_file_is_refused(tmp_path, content):
    path = tmp_path / "pair.key"
    path.write_bytes(content)
    with pytest.raises(CryptoError):
        PairKey.load(path)
    with pytest.raises(CryptoError, match="cannot be read"):
        PairKey.load(tmp_path / "missing.key")


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000), st.binary(max_size=64))
def test_seal_round_trips_and_binds_the_header(plain, header):
    key = _KEY
    nonce = paircrypto.new_nonce()
    sealed = paircrypto.seal(key, nonce, plain, header)
    assert paircrypto.unseal(key, nonce, sealed, header) == plain
    with pytest.raises(paircrypto.SealBroken):
        paircrypto.unseal(key, nonce, sealed, header + b"x")


_KEY = fast_key()
