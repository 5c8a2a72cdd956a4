"""Re-keying: a new master key, passphrase and recovery key lock out every old secret."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from journal_app.domain import Entry, EntryKind
from journal_app.domain.validation import ValidationError
from journal_app.storage import MINIMUM_KDF, Vault, WrongPassphrase
from journal_app.storage.backups import list_backups, make_backup, verify_backup
from journal_app.storage.errors import DamagedJournal
from journal_app.storage.keyfile import KeyFile, spare_copy_path
from journal_app.storage.recovery import read_only_connection
from journal_app.storage.rekey import (
    STAGING_NAME,
    OldBackups,
    RekeyAlreadyFinished,
    RekeyCancelled,
    RekeyNotFinished,
    new_key_file,
    stage_rekey,
)

OLD = "correct horse battery staple"
NEW = "a completely different passphrase"


def _journal(folder: Path, entries: int = 20) -> tuple[Vault, str]:
    vault, recovery_key = Vault.create(folder, OLD, kdf=MINIMUM_KDF)
    with vault.bulk():
        for n in range(entries):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title=f"e{n}", body="words " * 50))
    return vault, recovery_key


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "journal.lock"
    }


def _opens(database: Path, key: bytes) -> bool:
    try:
        with read_only_connection(database, key) as connection:
            connection.execute("SELECT count(*) FROM entries").fetchone()
    except DamagedJournal:
        return False
    return True


def test_rekey_locks_out_the_old_passphrase_old_key_files_and_old_recovery_key(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    vault, old_recovery = _journal(folder)
    old_key_file = (folder / "journal.key").read_bytes()
    old_master = vault._master_key
    with vault:
        result = vault.rekey(NEW, kdf=MINIMUM_KDF)
        # The open vault keeps working, on the new key.
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="after", body="written later"))
        assert vault._master_key != old_master
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, OLD)
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery_key(folder, old_recovery)
    # An old copy of journal.key with the old passphrase no longer decrypts the database.
    stolen = KeyFile.from_json(old_key_file, folder / "old.key").unlock_with_passphrase(OLD)
    assert not _opens(folder / "journal.db", stolen)
    with Vault.open(folder, NEW) as reopened:
        assert reopened.entries.count() == 21
        assert reopened.integrity_problems() == []
    with Vault.open_with_recovery_key(folder, result.recovery_key) as reopened:
        assert reopened.entries.count() == 21
    # The spare copy was replaced too.
    assert (
        spare_copy_path(folder / "journal.key").read_bytes()
        == (folder / "journal.key").read_bytes()
    )
    assert not (folder / STAGING_NAME).exists()


def test_rekey_reencrypts_old_backups_to_the_new_key(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = _journal(folder)
    with vault:
        first = make_backup(vault)
        old_master = vault._master_key
        result = vault.rekey(NEW, kdf=MINIMUM_KDF)
        new_master = vault._master_key
    assert result.reencrypted == (first.path.name,)
    (backup,) = list_backups(folder)
    assert verify_backup(backup.path, new_master) == 20
    assert not _opens(backup.database, old_master)
    with pytest.raises(WrongPassphrase):
        KeyFile.read(backup.path / "journal.key").unlock_with_passphrase(OLD)
    assert KeyFile.read(backup.path / "journal.key").unlock_with_passphrase(NEW) == new_master
    assert sorted(p.name for p in (folder / "backups").iterdir()) == [first.path.name]


def test_rekey_can_delete_old_backups_instead(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = _journal(folder)
    with vault:
        make_backup(vault)
        result = vault.rekey(NEW, kdf=MINIMUM_KDF, old_backups=OldBackups.DELETE)
    assert len(result.deleted) == 1
    assert list_backups(folder) == []


def test_rekey_follows_the_one_passphrase_rule(tmp_path: Path) -> None:
    vault, _ = _journal(tmp_path / "journal")
    with vault, pytest.raises(ValidationError):
        vault.rekey("a", kdf=MINIMUM_KDF)


def test_cancel_before_the_swap_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    vault, _ = _journal(folder)
    with vault:
        make_backup(vault)
        vault._database.require_open().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _fingerprint(folder)
        cancel = threading.Event()

        def progress(done: int, _total: int, _text: str) -> None:
            if done >= 1:
                cancel.set()

        with pytest.raises(RekeyCancelled):
            vault.rekey(NEW, kdf=MINIMUM_KDF, progress=progress, cancel=cancel)
        assert _fingerprint(folder) == before
        assert vault.entries.count() == 20
    with Vault.open(folder, OLD) as reopened:
        assert reopened.entries.count() == 20


def _stage(folder: Path) -> bytes:
    """Stage a re-key to NEW the way ``Vault.rekey`` does, then "crash" before the swap."""
    vault = Vault.open(folder, OLD)
    new_key = os.urandom(32)
    key_file = new_key_file(vault._key_file, new_key, NEW, "0" * 30, MINIMUM_KDF)
    stage_rekey(
        folder,
        vault._database.require_open(),
        vault._master_key,
        vault.schema_version,
        new_key,
        key_file,
        OldBackups.REENCRYPT,
    )
    vault.close()
    return new_key


def test_a_staged_rekey_is_finished_by_the_new_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _journal(folder)[0].close()
    new_key = _stage(folder)
    with Vault.open(folder, NEW) as vault:
        assert vault._master_key == new_key
        assert vault.entries.count() == 20
    assert not (folder / STAGING_NAME).exists()
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, OLD)


def test_a_staged_rekey_is_thrown_away_by_the_old_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _journal(folder)[0].close()
    _stage(folder)
    with Vault.open(folder, OLD) as vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="later", body="kept"))
    assert not (folder / STAGING_NAME).exists()
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, NEW)
    with Vault.open(folder, OLD) as vault:
        assert vault.entries.count() == 21


def test_once_the_swap_began_only_the_new_secrets_open_and_they_finish_it(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _journal(folder)[0].close()
    _stage(folder)
    # The crash came right after the new database was renamed into place.
    os.replace(folder / STAGING_NAME / "journal.db", folder / "journal.db")
    before = _fingerprint(folder)
    with pytest.raises(RekeyAlreadyFinished):
        Vault.open(folder, OLD)
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "not either of them")
    assert _fingerprint(folder) == before  # a refused secret changes nothing
    with Vault.open(folder, NEW) as vault:
        assert vault.entries.count() == 20
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, OLD)


def test_an_unfinished_staging_is_named_when_the_new_passphrase_is_typed(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _journal(folder)[0].close()
    _stage(folder)
    (folder / STAGING_NAME / "rekey-plan.json").unlink()  # the crash came before the plan
    before = _fingerprint(folder)
    with pytest.raises(RekeyNotFinished):
        Vault.open(folder, NEW)
    assert _fingerprint(folder) == before
    with Vault.open(folder, OLD) as vault:
        assert vault.entries.count() == 20
    assert not (folder / STAGING_NAME).exists()


def test_a_tampered_plan_is_reported_as_damage(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _journal(folder)[0].close()
    _stage(folder)
    plan = folder / STAGING_NAME / "rekey-plan.json"
    plan.write_text(plan.read_text().replace('"delete": []', '"delete": ["x"]'))
    with pytest.raises(DamagedJournal):
        Vault.open(folder, NEW)
    shutil.rmtree(folder / STAGING_NAME)
    with Vault.open(folder, OLD) as vault:
        assert vault.entries.count() == 20
