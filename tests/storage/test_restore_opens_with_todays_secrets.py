"""A restored backup opens with the journal's current passphrase and recovery key."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault, WrongPassphrase
from journal_app.storage.backups import make_backup
from journal_app.storage.restore import BackupNeedsItsPassphrase, restore

OLD = "correct horse battery staple"
NEW = "a completely different passphrase"


def _journal_with_backup(folder: Path, outside: Path) -> tuple[Path, str]:
    vault, recovery_key = Vault.create(folder, OLD, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="before", body="one"))
        backup = make_backup(vault, outside)
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="after", body="two"))
    return backup.path, recovery_key


def test_after_a_passphrase_change_a_restore_opens_with_the_new_passphrase(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    backup, recovery_key = _journal_with_backup(folder, tmp_path / "out")
    with Vault.open(folder, OLD) as vault:
        vault.change_passphrase(NEW, kdf=MINIMUM_KDF)
    result = restore(folder, backup, NEW)
    assert result.opens_with_current_secrets
    with Vault.open(folder, NEW) as vault:
        assert vault.entries.count() == 1
    with Vault.open_with_recovery_key(folder, recovery_key) as vault:
        assert vault.entries.count() == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, OLD)


def test_a_backup_from_before_a_rekey_is_restored_under_todays_key(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    backup, _ = _journal_with_backup(folder, tmp_path / "out")  # outside: not re-encrypted
    with Vault.open(folder, OLD) as vault:
        new_recovery = vault.rekey(NEW, kdf=MINIMUM_KDF).recovery_key
    with pytest.raises(BackupNeedsItsPassphrase):
        restore(folder, backup, NEW)
    result = restore(folder, backup, NEW, backup_passphrase=OLD)
    assert result.opens_with_current_secrets
    with Vault.open(folder, NEW) as vault:
        assert vault.entries.count() == 1
    with Vault.open_with_recovery_key(folder, new_recovery) as vault:
        assert vault.entries.count() == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, OLD)


def test_without_the_journals_key_file_the_backup_keeps_its_own_secrets(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    backup, _ = _journal_with_backup(folder, tmp_path / "out")
    (folder / "journal.key").unlink()
    (folder / "journal.key.copy").unlink()
    result = restore(folder, backup, OLD)
    assert not result.opens_with_current_secrets
    with Vault.open(folder, OLD) as vault:
        assert vault.entries.count() == 1
