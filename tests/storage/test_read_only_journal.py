"""A journal whose folder can't be written opens read-only and says so; nothing on disk changes."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from journal_app.cli import EXIT_DAMAGED, EXIT_OK, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import (
    MINIMUM_KDF,
    READ_ONLY_NOTICE,
    CantUpdateReadOnly,
    FolderNotWritable,
    JournalBusy,
    ReadOnlyJournal,
    Vault,
)
from journal_app.storage.maintenance import after_unlock
from journal_app.storage.recovery import RESTORE_MARKER_NAME

PASSPHRASE = "correct horse battery staple"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ModesApply = Callable[[], contextlib.AbstractContextManager[None]]


def _journal(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept", body="the words"))
        vault.entries.add(Entry.new(EntryKind.SESSION, title="tuesday"))
    return tmp_path / "journal"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def _read_only(folder: Path, modes_apply: ModesApply) -> Iterator[None]:
    """``folder`` and everything in it made read-only, with modes binding even for root."""
    paths = [folder, *folder.rglob("*")]
    modes = {path: path.stat().st_mode for path in paths}
    for path in reversed(paths):
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        with modes_apply():
            yield
    finally:
        for path in paths:
            path.chmod(modes[path])


def _cli(folder: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [*argv, "--journal", str(folder)], Console(io.StringIO(PASSPHRASE + "\n"), out, err)
    )
    return code, out.getvalue(), err.getvalue()


def test_a_read_only_folder_opens_for_reading_and_refuses_every_write(
    tmp_path: Path, modes_apply: ModesApply
) -> None:
    folder = _journal(tmp_path)
    before = _files(folder)
    with _read_only(folder, modes_apply):
        with Vault.open(folder, PASSPHRASE) as vault:
            assert vault.read_only
            assert vault.entries.count() == 2
            assert [hit.title for hit in vault.search.entries("words")] == ["kept"]
            assert vault.integrity_problems() == []
            refused: list[Callable[[], Any]] = [
                lambda: vault.entries.add(Entry.new(EntryKind.REFLECTION, title="not saved")),
                lambda: vault.drafts.save("new", {"title": "draft"}),
                lambda: vault.change_passphrase("another passphrase entirely"),
                vault.new_recovery_key,
            ]
            for write in refused:
                with pytest.raises(ReadOnlyJournal) as raised:
                    write()
                assert "open read-only" in str(raised.value)
                assert str(folder) in str(raised.value)
            report = after_unlock(vault)
            assert report.healthy and report.backup is None and report.backup_error is None
        code, out, err = _cli(folder, "list")
        assert code == EXIT_OK, err
        assert "kept" in out and READ_ONLY_NOTICE in err
        code, out, err = _cli(folder, "add", "a new entry")
        assert code not in (EXIT_OK, EXIT_DAMAGED)
        assert "open read-only" in err and "damaged" not in err.lower()
    assert _files(folder) == before  # not a byte changed, and no file added


def test_a_read_only_journal_can_still_be_backed_up_somewhere_else(
    tmp_path: Path, modes_apply: ModesApply
) -> None:
    folder = _journal(tmp_path)
    elsewhere = tmp_path / "copy"
    with _read_only(folder, modes_apply), Vault.open(folder, PASSPHRASE) as vault:
        vault.backup_to(elsewhere)
    with Vault.open(elsewhere, PASSPHRASE) as copy:
        assert not copy.read_only and copy.entries.count() == 2


def test_recent_writes_still_in_the_write_ahead_log_are_read(
    tmp_path: Path, modes_apply: ModesApply
) -> None:
    folder = _journal(tmp_path)
    crashed = tmp_path / "crashed"
    vault = Vault.open(folder, PASSPHRASE)
    try:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="only in the log"))
        shutil.copytree(folder, crashed)  # what a power cut leaves: -wal and -shm beside the db
    finally:
        vault.close()
    (crashed / "journal.lock").unlink()
    assert (crashed / "journal.db-wal").stat().st_size > 0
    before = _files(crashed)
    with _read_only(crashed, modes_apply):
        try:
            opened = Vault.open(crashed, PASSPHRASE)
        except FolderNotWritable:
            pass  # honest too: SQLite can't read this log without writing (never "damaged")
        else:
            with opened:
                assert opened.read_only
                assert opened.entries.count() == 3
    assert _files(crashed) == before


def test_an_older_journal_in_a_read_only_folder_says_it_needs_an_update(
    tmp_path: Path, modes_apply: ModesApply
) -> None:
    folder = tmp_path / "journal"
    shutil.copytree(FIXTURES / "journal-v5", folder)
    before = _files(folder)
    with _read_only(folder, modes_apply), pytest.raises(CantUpdateReadOnly) as raised:
        Vault.open(folder, "fixture passphrase – v5")
    assert "needs a small update" in str(raised.value)
    assert _files(folder) == before


def test_a_restore_waiting_to_finish_is_not_opened_read_only(
    tmp_path: Path, modes_apply: ModesApply
) -> None:
    folder = _journal(tmp_path)
    (folder / RESTORE_MARKER_NAME).write_text("{}", encoding="utf-8")
    with _read_only(folder, modes_apply), pytest.raises(FolderNotWritable) as raised:
        Vault.open(folder, PASSPHRASE)
    assert not isinstance(raised.value, CantUpdateReadOnly)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_lock_file_that_cant_be_made_means_read_only(
    tmp_path: Path, folder_refuses_writes: Callable[..., None], code: int
) -> None:
    folder = _journal(tmp_path)
    before = _files(folder)
    folder_refuses_writes(folder, code)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.read_only and vault.entries.count() == 2
        with pytest.raises(ReadOnlyJournal):
            vault.entries.add(Entry.new(EntryKind.REFLECTION, title="not saved"))
    assert _files(folder) == before


def test_a_writer_elsewhere_still_keeps_a_reader_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _journal(tmp_path)
    with Vault.open(folder, PASSPHRASE):
        real_open = os.open

        def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr("journal_app.storage.lock.os.open", refusing_open)
        with pytest.raises(JournalBusy):
            Vault.open(folder, PASSPHRASE)
