"""Opening a journal whose folder can't be written: read-only, and saying so.

A journal on a read-only disk, a folder without write permission, a copy on a locked-down share:
nothing is wrong with the journal, so it opens, but nothing can be written. SQLite's own
read-only mode is used (``immutable=1`` when no write-ahead log holds pages, so not even a
shared-memory file is made; ``mode=ro`` when one does), no lock file is created (an
existing one is locked shared, so an open writer elsewhere is still noticed), and every write is
refused before it starts with :class:`ReadOnlyJournal`, one sentence that says why and what to
do. Work that must write first — finishing an interrupted re-key or restore, updating an older
format — can't happen here, so those cases are refused with the folder's own message instead.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import sqlcipher3

from journal_app.storage.connection import (
    check_journal_contents,
    damaged_database,
    is_damage,
    open_keyed,
    require_whole_pages,
    wal_has_pages,
)
from journal_app.storage.errors import (
    CantUpdateReadOnly,
    FolderNotWritable,
    JournalBusy,
    NewerJournal,
    ReadOnlyJournal,
)
from journal_app.storage.folder import DATABASE_NAME, LOCK_FILE_NAME
from journal_app.storage.lock import try_shared_lock
from journal_app.storage.recovery import RESTORE_MARKER_NAME
from journal_app.storage.rekey import pending_rekey
from journal_app.storage.schema import LATEST_VERSION
from journal_app.storage.wal_guard import MissingRecentChanges, changes_are_missing

# Short enough for the window's one-line status bar at 900 px; what to do is in the refusal.
READ_ONLY_NOTICE = "Read-only: this journal's folder can't be written to, so nothing can be saved."


class ReadOnlyAccess:
    """Stands where a :class:`~journal_app.storage.lock.JournalLock` stands for a writer.

    ``ensure_held`` is called before every write; here it refuses them all.
    """

    read_only = True

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._fd: int | None = None
        self._open = False

    def acquire(self) -> None:
        """Lock an existing ``journal.lock`` shared (a writer elsewhere holds it exclusively)."""
        with contextlib.suppress(OSError):
            self._fd = os.open(self._folder / LOCK_FILE_NAME, os.O_RDONLY)
        if self._fd is not None and not try_shared_lock(self._fd):
            os.close(self._fd)
            self._fd = None
            raise JournalBusy()
        self._open = True

    def ensure_held(self) -> None:
        raise ReadOnlyJournal(self._folder)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the shared lock
            self._fd = None
        self._open = False

    @property
    def held(self) -> bool:
        return self._open


def _connect(path: Path, master_key: bytes) -> sqlcipher3.Connection:
    """A read-only keyed connection that has read the schema (so the key is known to work)."""
    base = path.resolve().as_uri()
    # With nothing in a write-ahead log, ``immutable`` reads the file alone and makes no -shm;
    # with pages there, SQLite must read them through the shared memory file (``mode=ro``).
    choices = [f"{base}?mode=ro"]
    if not wal_has_pages(path):
        choices.insert(0, f"{base}?immutable=1")
    last: sqlcipher3.DatabaseError | None = None
    for uri in choices:
        connection = open_keyed(uri, master_key, uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            connection.close()
            if is_damage(error):
                raise
            last = error
            continue
        return connection
    assert last is not None
    raise last


def open_read_only(
    folder: Path, master_key: bytes, cannot_write: FolderNotWritable, *, rekey_pending: bool
) -> tuple[sqlcipher3.Connection, ReadOnlyAccess]:
    """Open ``folder``'s journal for reading only, after opening it for writing was refused.

    Raises ``cannot_write`` itself where reading alone can't give a true picture: a re-key or
    restore waiting to be finished, or a write-ahead log SQLite can't read without writing.
    """
    if (
        rekey_pending
        or pending_rekey(folder) is not None
        or (folder / RESTORE_MARKER_NAME).exists()
    ):
        raise cannot_write
    path = folder / DATABASE_NAME
    require_whole_pages(path)
    access = ReadOnlyAccess(folder)
    access.acquire()
    try:
        try:
            connection = _connect(path, master_key)
        except sqlcipher3.DatabaseError as error:
            if is_damage(error):
                raise damaged_database(path) from None
            raise cannot_write from None
        try:
            check_journal_contents(connection, path)
            connection.execute("PRAGMA foreign_keys = ON")
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > LATEST_VERSION:
                raise NewerJournal(version, LATEST_VERSION)
            if version < LATEST_VERSION:
                raise CantUpdateReadOnly(folder)
            if changes_are_missing(folder, connection, master_key):
                raise MissingRecentChanges(folder)
        except sqlcipher3.DatabaseError:
            connection.close()
            raise damaged_database(path) from None
        except BaseException:
            connection.close()
            raise
    except BaseException:
        access.release()
        raise
    return connection, access


__all__ = ["READ_ONLY_NOTICE", "ReadOnlyAccess", "open_read_only"]
