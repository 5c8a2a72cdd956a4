"""A file the journal must write that has become read-only is named, with the fix; never damage."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from journal_app.domain import Entry, EntryKind
from journal_app.storage import (
    MINIMUM_KDF,
    CantWriteHere,
    DamagedJournal,
    DiskFull,
    Vault,
)
from journal_app.storage.connection import raise_write_failure

PASSPHRASE = "correct horse battery staple"
RefuseWrites = Callable[..., None]


def test_a_read_only_write_is_named_and_the_journal_is_not_called_damaged(tmp_path: Path) -> None:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept"))
        # What SQLite answers when it finds a -shm (or the folder) it can't write: "attempt to
        # write a readonly database". query_only gives the same answer even as root.
        vault._database.require_open().execute("PRAGMA query_only = 1")
        with pytest.raises(CantWriteHere) as raised:
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title="not saved"))
        message = str(raised.value)
        assert "journal.db-shm" in message and str(vault.folder) in message
        assert "Nothing is wrong with the journal" in message
        assert not isinstance(raised.value, DamagedJournal)
        assert not vault.damage_seen
        vault._database.require_open().execute("PRAGMA query_only = 0")
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="saved after the fix"))
    with Vault.open(tmp_path / "journal", PASSPHRASE) as reopened:
        assert reopened.entries.count() == 2


def test_a_read_only_shm_file_is_named_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journal.db-shm").write_bytes(b"")
    real_access = __import__("os").access
    monkeypatch.setattr(
        "journal_app.storage.errors.os.access",
        lambda path, mode: False if str(path).endswith("-shm") else real_access(path, mode),
    )  # root ignores file modes, so "not writable" is simulated here
    with pytest.raises(CantWriteHere) as raised:
        raise_write_failure(
            sqlcipher3.OperationalError("attempt to write a readonly database"), tmp_path
        )
    assert str(raised.value).startswith(
        f"The file journal.db-shm in {tmp_path} can't be written to."
    )


def _closed_journal(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept"))
    return tmp_path / "journal"


def _digests(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_full_disk_at_open_is_not_damage(
    tmp_path: Path, folder_refuses_writes: RefuseWrites
) -> None:
    folder = _closed_journal(tmp_path)
    (folder / "journal.lock").unlink(missing_ok=True)
    folder_refuses_writes(folder, errno.ENOSPC)
    with pytest.raises(DiskFull) as raised:
        Vault.open(folder, PASSPHRASE)
    assert "Nothing is wrong with the journal" in str(raised.value)
