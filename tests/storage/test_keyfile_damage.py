"""A damaged key file is named as damage, healed from its spare copy, or put back from a backup."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from journal_app.storage import (
    MINIMUM_KDF,
    DamagedJournal,
    Vault,
    WrongPassphrase,
)
from journal_app.storage.backups import make_backup
from journal_app.storage.keyfile import KeyFile, KeyFileDamaged, spare_copy_path
from journal_app.storage.recovery import check_journal_folder
from journal_app.storage.restore import repair_key_file_from_backup

MASTER_KEY = bytes(range(32))


def _flips(data: bytes) -> list[bytes]:
    """Every single-bit flip of every byte (two bits per byte keeps it quick)."""
    variants = []
    for offset in range(len(data)):
        for bit in (0, 5):
            damaged = bytearray(data)
            damaged[offset] ^= 1 << bit
            variants.append(bytes(damaged))
    return variants


def test_every_flipped_bit_of_the_key_file_is_named_as_damage(tmp_path: Path) -> None:
    key_file = KeyFile.new(MASTER_KEY, "pw", "00000-00000-00000-00000-00000-00000", MINIMUM_KDF)
    data = key_file.to_json()
    unnoticed = []
    for damaged in _flips(data):
        try:
            KeyFile.from_json(damaged, tmp_path / "journal.key")
        except DamagedJournal:
            continue
        unnoticed.append(damaged)
    assert unnoticed == []


def _reseal_checksum(document: dict[str, Any]) -> bytes:
    """Recompute the unkeyed checksum, as someone editing the file on purpose could."""
    from journal_app.storage.key_wrapping import canonical_bytes, checksum_of

    document["checksum"] = checksum_of(canonical_bytes(document))
    return json.dumps(document).encode()


def test_a_changed_recovery_wrapping_is_caught_by_check_without_the_recovery_key(
    closed_journal: Any,
) -> None:
    key_path = closed_journal.folder / "journal.key"
    document = json.loads(key_path.read_bytes())
    wrapped = bytearray(base64.b64decode(document["recovery"]["wrapped_master_key"]))
    wrapped[30] ^= 0x01
    document["recovery"]["wrapped_master_key"] = base64.b64encode(bytes(wrapped)).decode()
    data = _reseal_checksum(document)
    key_path.write_bytes(data)
    spare_copy_path(key_path).write_bytes(data)
    with pytest.raises(KeyFileDamaged, match="changed or damaged"):
        check_journal_folder(closed_journal.folder, closed_journal.passphrase)


def test_a_recovery_wrapping_of_the_wrong_shape_is_damage(tmp_path: Path) -> None:
    key_file = KeyFile.new(MASTER_KEY, "pw", "00000-00000-00000-00000-00000-00000", MINIMUM_KDF)
    document = json.loads(key_file.to_json())
    document["recovery"]["wrapped_master_key"] = base64.b64encode(b"short").decode()
    with pytest.raises(KeyFileDamaged):
        KeyFile.from_json(_reseal_checksum(document), tmp_path / "journal.key")


def test_new_journals_keep_a_verified_spare_copy(closed_journal: Any) -> None:
    key_path = closed_journal.folder / "journal.key"
    assert spare_copy_path(key_path).read_bytes() == key_path.read_bytes()
    with Vault.open_with_recovery_key(closed_journal.folder, closed_journal.recovery_key) as vault:
        vault.change_passphrase("a new passphrase", kdf=MINIMUM_KDF)
    assert spare_copy_path(key_path).read_bytes() == key_path.read_bytes()


@pytest.mark.parametrize("damage", ["flip", "empty", "missing"])
def test_a_damaged_key_file_opens_from_its_copy_and_is_healed(
    closed_journal: Any, damage: str
) -> None:
    key_path = closed_journal.folder / "journal.key"
    good = key_path.read_bytes()
    if damage == "flip":
        key_path.write_bytes(good[:200] + bytes([good[200] ^ 0x04]) + good[201:])
    elif damage == "empty":
        key_path.write_bytes(b"")
    else:
        key_path.unlink()
    with Vault.open(closed_journal.folder, closed_journal.passphrase) as vault:
        assert vault.entries.count() == 0
    assert key_path.read_bytes() == good
    assert spare_copy_path(key_path).read_bytes() == good


def test_a_wrong_passphrase_on_the_copy_changes_nothing_and_names_the_damage(
    closed_journal: Any, folder_snapshot: Any
) -> None:
    key_path = closed_journal.folder / "journal.key"
    key_path.write_bytes(b"{ damaged")
    before = folder_snapshot(closed_journal.folder)
    with pytest.raises(DamagedJournal, match="damaged") as caught:
        Vault.open(closed_journal.folder, "not the passphrase")
    assert not isinstance(caught.value, WrongPassphrase)
    assert folder_snapshot(closed_journal.folder) == before


def test_an_older_key_file_is_sealed_on_its_first_unlock(closed_journal: Any) -> None:
    key_path = closed_journal.folder / "journal.key"
    document = json.loads(key_path.read_bytes())
    for name in ("checksum", "mac"):
        del document[name]
    del document["passphrase"]["parallelism"]
    document["version"] = 1
    key_path.write_bytes(json.dumps(document).encode())
    spare_copy_path(key_path).unlink()
    assert KeyFile.read(key_path).mac is None
    with Vault.open(closed_journal.folder, closed_journal.passphrase):
        pass
    sealed = json.loads(key_path.read_bytes())
    assert sealed["version"] == 2 and sealed["mac"] and sealed["checksum"]
    assert spare_copy_path(key_path).read_bytes() == key_path.read_bytes()
    with Vault.open_with_recovery_key(closed_journal.folder, closed_journal.recovery_key):
        pass


def test_both_copies_damaged_points_to_the_backup_and_it_can_be_put_back(
    closed_journal: Any,
) -> None:
    folder = closed_journal.folder
    with Vault.open_with_recovery_key(folder, closed_journal.recovery_key) as vault:
        backup = make_backup(vault)
        from journal_app.domain import Entry, EntryKind

        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="written after the backup"))
    damaged = b'{"format": "between-sessions-keyfile", "ver'
    (folder / "journal.key").write_bytes(damaged)
    (folder / "journal.key.copy").write_bytes(damaged)
    with pytest.raises(KeyFileDamaged) as caught:
        Vault.open(folder, closed_journal.passphrase)
    assert caught.value.intact_copies == (backup.path / "journal.key",)
    assert backup.path.name in str(caught.value)
    assert "wrong" not in str(caught.value).lower()

    repair = repair_key_file_from_backup(folder, secret=closed_journal.passphrase)
    assert repair.damaged_kept_as is not None and repair.damaged_kept_as.read_bytes() == damaged
    with Vault.open(folder, closed_journal.passphrase) as vault:
        assert [s.title for s in vault.entries.summaries()] == ["written after the backup"]
    with Vault.open_with_recovery_key(folder, closed_journal.recovery_key):
        pass


def test_a_backup_key_file_of_another_journal_is_not_put_back(
    closed_journal: Any, tmp_path: Path, folder_snapshot: Any
) -> None:
    other, _ = Vault.create(tmp_path / "other", closed_journal.passphrase, kdf=MINIMUM_KDF)
    with other:
        backup = make_backup(other)
    key_path = closed_journal.folder / "journal.key"
    key_path.write_bytes(b"damaged")
    before = folder_snapshot(closed_journal.folder)
    with pytest.raises(DamagedJournal, match="doesn't open this journal"):
        repair_key_file_from_backup(closed_journal.folder, backup.path, closed_journal.passphrase)
    assert folder_snapshot(closed_journal.folder) == before
    shutil.rmtree(tmp_path / "other")
