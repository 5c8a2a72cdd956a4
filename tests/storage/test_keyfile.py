"""The key file: wrapping the master key, recovery keys, the format on disk, atomic writes."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import journal_app.storage.files as files_module
from journal_app.storage import (
    MINIMUM_KDF,
    DamagedJournal,
    KdfParams,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
    format_recovery_key,
)
from journal_app.storage.files import atomic_write_bytes
from journal_app.storage.key_wrapping import (
    RECOVERY_ALPHABET,
    canonical_recovery_key,
    generate_recovery_key,
    normalize_passphrase,
)
from journal_app.storage.keyfile import KeyFile

MASTER_KEY = bytes(range(32))
PASSPHRASE = "keyfile passphrase"


@pytest.fixture(scope="module")
def recovery() -> str:
    return generate_recovery_key()


@pytest.fixture(scope="module")
def key_file(recovery: str) -> KeyFile:
    return KeyFile.new(MASTER_KEY, PASSPHRASE, recovery, MINIMUM_KDF)


# ------------------------------------------------------------------ recovery keys


def test_recovery_keys_are_six_groups_of_five_unambiguous_characters() -> None:
    keys = {generate_recovery_key() for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        groups = key.split("-")
        assert [len(group) for group in groups] == [5] * 6
        assert set(key.replace("-", "")) <= set(RECOVERY_ALPHABET)
    assert not set("ILOU") & set(RECOVERY_ALPHABET)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("abcde-fghjk", "ABCDEFGHJK"),
        ("  ab cd\tef\n", "ABCDEF"),
        ("O0 o0", "0000"),
        ("I1 l1 L", "11111"),
        ("A-B—C_D", "ABCD"),
    ],
)
def test_canonical_recovery_key_forgives_how_people_type(typed: str, canonical: str) -> None:
    assert canonical_recovery_key(typed) == canonical


def test_format_recovery_key_groups_in_fives() -> None:
    assert format_recovery_key("abcdefghjkmnpqrs") == "ABCDE-FGHJK-MNPQR-S"


def test_recovery_key_unlocks_however_it_is_typed(key_file: KeyFile, recovery: str) -> None:
    confusable = recovery.replace("0", "o").replace("1", "l")
    for typed in (recovery, recovery.lower(), recovery.replace("-", " "), confusable):
        assert key_file.unlock_with_recovery_key(typed) == MASTER_KEY


def test_wrong_recovery_key_is_refused(key_file: KeyFile) -> None:
    with pytest.raises(WrongRecoveryKey):
        key_file.unlock_with_recovery_key(generate_recovery_key())
    with pytest.raises(WrongPassphrase):  # WrongRecoveryKey is a kind of WrongPassphrase
        key_file.unlock_with_recovery_key("")


# ------------------------------------------------------------------ passphrases


def test_passphrase_unlocks(key_file: KeyFile) -> None:
    assert key_file.unlock_with_passphrase(PASSPHRASE) == MASTER_KEY
    with pytest.raises(WrongPassphrase):
        key_file.unlock_with_passphrase(PASSPHRASE.upper())


def test_passphrases_are_nfc_normalised() -> None:
    assert normalize_passphrase("e\u0301") == normalize_passphrase("\u00e9") == "é".encode()


def test_kdf_params_have_a_floor() -> None:
    assert MINIMUM_KDF == KdfParams(opslimit=3, memlimit=64 * 1024 * 1024)
    with pytest.raises(ValueError):
        KdfParams(opslimit=2, memlimit=64 * 1024 * 1024)
    with pytest.raises(ValueError):
        KdfParams(opslimit=3, memlimit=64 * 1024 * 1024 - 1)


def test_rewrapping_changes_one_wrapping_and_keeps_the_other(
    key_file: KeyFile, recovery: str
) -> None:
    new_pass = key_file.with_passphrase(MASTER_KEY, "new passphrase", MINIMUM_KDF)
    assert new_pass.journal_id == key_file.journal_id
    assert new_pass.passphrase_salt != key_file.passphrase_salt
    assert new_pass.unlock_with_passphrase("new passphrase") == MASTER_KEY
    assert new_pass.unlock_with_recovery_key(recovery) == MASTER_KEY
    with pytest.raises(WrongPassphrase):
        new_pass.unlock_with_passphrase(PASSPHRASE)

    other_recovery = generate_recovery_key()
    new_recovery = key_file.with_recovery_key(MASTER_KEY, other_recovery)
    assert new_recovery.unlock_with_recovery_key(other_recovery) == MASTER_KEY
    assert new_recovery.unlock_with_passphrase(PASSPHRASE) == MASTER_KEY
    with pytest.raises(WrongRecoveryKey):
        new_recovery.unlock_with_recovery_key(recovery)


# ------------------------------------------------------------------ the file format


def test_json_round_trip_and_no_secret_in_the_clear(
    key_file: KeyFile, recovery: str, tmp_path: Path
) -> None:
    data = key_file.to_json()
    document = json.loads(data)
    assert document["format"] == "between-sessions-keyfile"
    assert document["version"] == 2
    assert document["checksum"].startswith("blake2b-256:")
    assert document["mac"]
    assert document["passphrase"]["opslimit"] == MINIMUM_KDF.opslimit
    assert document["passphrase"]["memlimit"] == MINIMUM_KDF.memlimit
    for secret in (
        MASTER_KEY,
        MASTER_KEY.hex().encode(),
        base64.b64encode(MASTER_KEY),
        PASSPHRASE.encode(),
        recovery.encode(),
        canonical_recovery_key(recovery).encode(),
    ):
        assert secret not in data
    path = tmp_path / "journal.key"
    key_file.write(path)
    assert KeyFile.read(path) == key_file


def _document(key_file: KeyFile) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(key_file.to_json())
    return document


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("passphrase"),
        lambda d: d["passphrase"].pop("salt"),
        lambda d: d["passphrase"].update(salt="not base64!"),
        lambda d: d["recovery"].update(salt=5),
        lambda d: d["passphrase"].update(opslimit="many"),
        lambda d: d.update(version="one"),
    ],
)
def test_damaged_key_file_documents(key_file: KeyFile, tmp_path: Path, damage: Any) -> None:
    document = _document(key_file)
    damage(document)
    with pytest.raises(DamagedJournal) as caught:
        KeyFile.from_json(json.dumps(document).encode(), tmp_path / "journal.key")
    assert not isinstance(caught.value, NotAJournal)


def test_weakened_key_derivation_is_refused(key_file: KeyFile, tmp_path: Path) -> None:
    document = _document(key_file)
    document["passphrase"]["memlimit"] = 8 * 1024 * 1024  # an attacker lowering the cost
    with pytest.raises(DamagedJournal):
        KeyFile.from_json(json.dumps(document).encode(), tmp_path / "journal.key")


def test_newer_key_file_version_is_refused(key_file: KeyFile, tmp_path: Path) -> None:
    document = _document(key_file)
    document["version"] = 3
    with pytest.raises(DamagedJournal, match="newer"):
        KeyFile.from_json(json.dumps(document).encode(), tmp_path / "journal.key")


def test_other_json_is_not_a_journal(tmp_path: Path) -> None:
    with pytest.raises(NotAJournal):
        KeyFile.from_json(b'{"format": "other"}', tmp_path / "journal.key")
    with pytest.raises(NotAJournal):
        KeyFile.read(tmp_path / "missing.key")


def test_tampered_wrapped_key_does_not_unlock(key_file: KeyFile) -> None:
    raw = bytearray(base64.b64decode(key_file.wrapped_by_passphrase))
    raw[-1] ^= 0x01
    tampered = KeyFile(
        journal_id=key_file.journal_id,
        kdf=key_file.kdf,
        passphrase_salt=key_file.passphrase_salt,
        wrapped_by_passphrase=base64.b64encode(bytes(raw)).decode(),
        recovery_salt=key_file.recovery_salt,
        wrapped_by_recovery=key_file.wrapped_by_recovery,
    )
    with pytest.raises(WrongPassphrase):
        tampered.unlock_with_passphrase(PASSPHRASE)


# ------------------------------------------------------------------ atomic writes


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_atomic_write_is_private_and_leaves_no_partial(tmp_path: Path, default_umask: None) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")
    target.chmod(0o644)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]


def test_atomic_write_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")

    def broken_fsync(_fd: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(files_module.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("opslimit", 2**31),  # years of hashing
        ("memlimit", 64 * 1024**3),  # 64 GiB
        ("memlimit", -1),
        ("parallelism", 8),
        ("parallelism", 0),
    ],
)
def test_key_derivation_settings_out_of_range_are_damage_not_a_hang(
    key_file: KeyFile, tmp_path: Path, field: str, value: int
) -> None:
    document = _document(key_file)
    document["passphrase"][field] = value
    with pytest.raises(DamagedJournal, match="damaged"):
        KeyFile.from_json(json.dumps(document).encode(), tmp_path / "journal.key")


def test_the_largest_allowed_key_derivation_settings_are_accepted(tmp_path: Path) -> None:
    from journal_app.storage.key_wrapping import MAXIMUM_MEMLIMIT, MAXIMUM_OPSLIMIT

    assert KdfParams(opslimit=MAXIMUM_OPSLIMIT, memlimit=MAXIMUM_MEMLIMIT)
    with pytest.raises(ValueError):
        KdfParams(opslimit=MAXIMUM_OPSLIMIT + 1)
    with pytest.raises(ValueError):
        KdfParams(memlimit=MAXIMUM_MEMLIMIT + 1)
