"""A file the journal must write that has become read-only is named, with the fix; never damage."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from journal_app.cli import EXIT_DAMAGED, EXIT_OK, Console, main
from journal_app.domain import Entry, EntryKind
from journal_app.storage import (
    MINIMUM_KDF,
    CantWriteHere,
    DamagedJournal,
    DiskFull,
    FolderNotWritable,
    Vault,
)
from journal_app.storage.connection import raise_write_failure

PASSPHRASE = "correct horse battery staple"


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


def _folder_refuses_writes(
    monkeypatch: pytest.MonkeyPatch, folder: Path, code: int = errno.EROFS
) -> None:
    """Every open for writing inside ``folder`` fails as on a read-only disk or a full one (root
    ignores file modes, so the refusal is simulated at the system call)."""
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("journal_app.storage.lock.os.open", refusing_open)


def _closed_journal(tmp_path: Path) -> Path:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    with vault:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="kept"))
    return tmp_path / "journal"


def _digests(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_folder_that_cant_be_written_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    folder = _closed_journal(tmp_path)
    before = _digests(folder)
    _folder_refuses_writes(monkeypatch, folder, code)
    with pytest.raises(FolderNotWritable) as raised:
        Vault.open(folder, PASSPHRASE)
    assert "Nothing is wrong with the journal" in str(raised.value)
    assert not isinstance(raised.value, DamagedJournal)
    out, err = io.StringIO(), io.StringIO()
    code_out = main(
        ["list", "--journal", str(folder)], Console(io.StringIO(PASSPHRASE + "\n"), out, err)
    )
    assert code_out not in (EXIT_OK, EXIT_DAMAGED)
    assert "can't be written to" in err.getvalue() and "damaged" not in err.getvalue().lower()
    assert _digests(folder) == before


def test_a_full_disk_at_open_is_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _closed_journal(tmp_path)
    (folder / "journal.lock").unlink(missing_ok=True)
    _folder_refuses_writes(monkeypatch, folder, errno.ENOSPC)
    with pytest.raises(DiskFull) as raised:
        Vault.open(folder, PASSPHRASE)
    assert "Nothing is wrong with the journal" in str(raised.value)


@contextlib.contextmanager
def _file_modes_apply() -> Iterator[None]:
    """Make file modes bind this thread even as root, by dropping the capabilities that bypass
    them from the effective set (they stay permitted, so they are put back afterwards)."""
    if os.geteuid() != 0:
        yield
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root and file modes can't be made to apply on this system")
    libc = ctypes.CDLL(None, use_errno=True)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint32) for name in ("effective", "permitted", "inheritable")]

    header, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.skip("running as root and capget failed, so file modes can't be made to apply")
    saved = data[0].effective
    data[0].effective &= ~((1 << 1) | (1 << 2) | (1 << 3))  # DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.skip("running as root and capset failed, so file modes can't be made to apply")
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)


def test_a_really_read_only_folder_is_not_called_damaged(tmp_path: Path) -> None:
    folder = _closed_journal(tmp_path)
    before = _digests(folder)
    folder.chmod(0o500)
    try:
        with _file_modes_apply():
            with pytest.raises(FolderNotWritable):
                Vault.open(folder, PASSPHRASE)
            out, err = io.StringIO(), io.StringIO()
            code = main(
                ["list", "--journal", str(folder)],
                Console(io.StringIO(PASSPHRASE + "\n"), out, err),
            )
    finally:
        folder.chmod(0o700)
    assert code not in (EXIT_OK, EXIT_DAMAGED), err.getvalue()
    assert "can't be written to" in err.getvalue()
    assert _digests(folder) == before
