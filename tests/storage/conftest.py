"""Shared fixtures for the vault tests: a fresh journal folder, an open vault, raw access helpers.

Every vault here uses ``MINIMUM_KDF`` (64 MiB, 3 passes) so a test pays about 0.1 s per key
derivation; the one test that checks the default parameters uses them on purpose.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.storage.connection import open_keyed
from journal_app.storage.keyfile import KeyFile

PASSPHRASE = "correct horse battery staple"


@dataclass
class CreatedJournal:
    folder: Path
    passphrase: str
    recovery_key: str


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    """Where a journal will live; not created yet (``Vault.create`` makes it)."""
    return tmp_path / "journal"


@pytest.fixture(scope="session")
def journal_template(tmp_path_factory: pytest.TempPathFactory) -> CreatedJournal:
    """One freshly created, cleanly closed journal per test run; tests get copies of it.

    Copying costs milliseconds where ``Vault.create`` costs a key derivation, so fixtures below
    copy this and open the copy with the recovery key (a fast keyed hash, no Argon2id).
    """
    folder = tmp_path_factory.mktemp("journal-template") / "journal"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    vault.close()
    (folder / "journal.lock").unlink(missing_ok=True)
    assert {"journal.db", "journal.key"} <= {path.name for path in folder.iterdir()}
    return CreatedJournal(folder, PASSPHRASE, recovery_key)


@pytest.fixture
def closed_journal(journal_template: CreatedJournal, journal_dir: Path) -> CreatedJournal:
    """A new, empty journal that is closed (no -wal, no lock file), ready for ``Vault.open``."""
    shutil.copytree(journal_template.folder, journal_dir)
    return CreatedJournal(journal_dir, journal_template.passphrase, journal_template.recovery_key)


@pytest.fixture
def created(closed_journal: CreatedJournal) -> Iterator[tuple[Vault, CreatedJournal]]:
    """An open vault on a new, empty journal, with what opens it."""
    vault = Vault.open_with_recovery_key(closed_journal.folder, closed_journal.recovery_key)
    try:
        yield vault, closed_journal
    finally:
        vault.close()


@pytest.fixture
def vault(created: tuple[Vault, CreatedJournal]) -> Vault:
    """An open vault on a new, empty journal (closed after the test)."""
    return created[0]


@pytest.fixture
def recovery_key(created: tuple[Vault, CreatedJournal]) -> str:
    return created[1].recovery_key


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_folder(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder``."""
    return {
        str(path.relative_to(folder)): _file_digest(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def folder_snapshot() -> Callable[[Path], dict[str, str]]:
    return snapshot_folder


def raw_connect(folder: Path, passphrase: str = PASSPHRASE) -> sqlcipher3.Connection:
    """A plain SQLCipher connection to a closed journal's database, keyed like the vault does."""
    master_key = KeyFile.read(folder / "journal.key").unlock_with_passphrase(passphrase)
    connection = open_keyed(str(folder / "journal.db"), master_key)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


@pytest.fixture
def raw_database() -> Callable[..., sqlcipher3.Connection]:
    return raw_connect


@pytest.fixture
def default_umask() -> Iterator[None]:
    """Run under a permissive umask, so private file modes are the vault's doing, not ours."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@contextlib.contextmanager
def file_modes_apply() -> Iterator[None]:
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


@pytest.fixture
def modes_apply() -> Callable[[], contextlib.AbstractContextManager[None]]:
    """``with modes_apply():`` makes file modes bind, even for root."""
    return file_modes_apply


@pytest.fixture
def folder_refuses_writes(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``folder_refuses_writes(folder, code)``: every open for writing inside ``folder`` (of the
    lock file, the first file the vault writes) fails as on a read-only or full disk. Root ignores
    file modes, so the refusal is simulated at the system call."""

    def refuse(folder: Path, code: int = errno.EROFS) -> None:
        real_open = os.open

        def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            if str(path).startswith(str(folder)) and writing:
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr("journal_app.storage.lock.os.open", refusing_open)

    return refuse
