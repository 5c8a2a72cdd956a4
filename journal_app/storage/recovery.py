"""Crash recovery: editor drafts, finishing an interrupted restore, and read-only health checks.

Everything here is Qt-free. The vault keeps drafts (see ``vault.drafts.save``); this module holds
the :class:`Draft` record and the functions that look at a journal folder *without* opening it
read-write, so a damaged journal is never touched while we find out what is wrong with it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.storage.connection import open_keyed
from journal_app.storage.errors import DamagedJournal, NotAJournal
from journal_app.storage.files import atomic_write_bytes, fsync_dir
from journal_app.storage.keyfile import KeyFile

log = logging.getLogger(__name__)

DATABASE_NAME = "journal.db"  # the same names as in vault.py (kept apart to avoid an import cycle)
KEY_FILE_NAME = "journal.key"
RESTORE_MARKER_NAME = "restore-in-progress.json"


@dataclass(frozen=True)
class Draft:
    """An editor's unsaved state, kept in the encrypted journal until saved or discarded."""

    key: str
    payload: dict[str, Any] = field(default_factory=dict)
    saved_at: datetime | None = None


# --------------------------------------------------------------------------- read-only checks


@contextlib.contextmanager
def read_only_connection(database: Path, master_key: bytes) -> Iterator[sqlcipher3.Connection]:
    """A keyed connection that cannot write to ``database`` (for checks and backups).

    Raises :class:`DamagedJournal` when the file is not a readable journal.
    """
    if not database.is_file():
        raise NotAJournal(f"There is no journal database at {database}.")
    if database.stat().st_size == 0:
        raise DamagedJournal(f"{database.name} in {database.parent} is empty (0 bytes).")
    # A database without a -wal beside it (every backup we write) is opened "immutable": SQLite
    # then creates no -wal/-shm files next to it, so checking a backup leaves its folder as it was.
    wal = database.with_name(database.name + "-wal")
    uri = database.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?immutable=1")
    connection = open_keyed(uri, master_key, uri=True)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        connection.close()
        raise DamagedJournal(
            f"The database in {database.parent} is damaged or isn't a journal, so it can't be "
            "read. It was left exactly as it is."
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def database_problems(connection: sqlcipher3.Connection, database: Path) -> list[str]:
    """SQLCipher's page check, SQLite's full check and a length check; empty means healthy."""
    problems: list[str] = []
    try:
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        page_count = int(connection.execute("PRAGMA page_count").fetchone()[0])
        wal = database.with_name(database.name + "-wal")
        has_wal = wal.exists() and wal.stat().st_size > 0
        if not has_wal and database.stat().st_size < page_size * page_count:
            problems.append("the database file is shorter than it should be (truncated)")
        for statement in ("PRAGMA cipher_integrity_check", "PRAGMA integrity_check"):
            for (message,) in connection.execute(statement).fetchall():
                if message != "ok":
                    problems.append(str(message))
    except sqlcipher3.DatabaseError as error:
        problems.append(f"the database could not be read ({error})")
    return problems


def check_database(database: Path, master_key: bytes) -> list[str]:
    """Read-only integrity check of one database file; an empty list means healthy."""
    try:
        with read_only_connection(database, master_key) as connection:
            return database_problems(connection, database)
    except DamagedJournal as error:
        return [str(error)]


def master_key_from(folder: Path, secret: str | bytes, *, recovery_key: bool = False) -> bytes:
    """The master key of the journal (or backup) in ``folder``.

    ``secret`` is the passphrase (or the recovery key when ``recovery_key``), or already the raw
    32-byte master key, which is passed through.
    """
    if isinstance(secret, bytes):
        return secret
    key_file = KeyFile.read(folder / KEY_FILE_NAME)
    if recovery_key:
        return key_file.unlock_with_recovery_key(secret)
    return key_file.unlock_with_passphrase(secret)


def check_journal_folder(
    folder: Path, secret: str | bytes, *, recovery_key: bool = False
) -> list[str]:
    """Integrity check of a closed (or open elsewhere) journal, never writing to it.

    Raises :class:`WrongPassphrase` for a wrong passphrase and :class:`NotAJournal` when there is
    no journal; returns the problems found (empty when healthy).
    """
    folder = Path(folder)
    finish_interrupted_restore(folder)
    master_key = master_key_from(folder, secret, recovery_key=recovery_key)
    return check_database(folder / DATABASE_NAME, master_key)


# --------------------------------------------------------------------------- interrupted restore


def write_restore_marker(journal_folder: Path, staging: Path, safety_copy: Path | None) -> None:
    """Record that a verified restore is ready to swap in (written just before the swap)."""
    marker = journal_folder / RESTORE_MARKER_NAME
    document = {
        "staging": staging.name,
        "safety_copy": str(safety_copy) if safety_copy is not None else None,
    }
    atomic_write_bytes(marker, json.dumps(document).encode("utf-8"))


def finish_interrupted_restore(journal_folder: Path) -> bool:
    """Complete a restore that was interrupted (power cut, kill) after it began swapping files.

    Safe to call before every open (``Vault.open`` does). The staged files were verified before
    the marker was written, so finishing the swap is always right. Returns True when a swap was
    finished.
    """
    journal_folder = Path(journal_folder)
    marker = journal_folder / RESTORE_MARKER_NAME
    if not marker.exists():
        return False
    try:
        document = json.loads(marker.read_text(encoding="utf-8"))
        staging = journal_folder / str(document["staging"])
        safety_name = document.get("safety_copy")
        safety = Path(safety_name) if safety_name else None
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        log.warning("Ignoring an unreadable restore marker.")
        marker.unlink()
        return False
    swap_in_staged_files(journal_folder, staging, safety)
    marker.unlink()
    fsync_dir(journal_folder)
    with contextlib.suppress(OSError):
        staging.rmdir()
    log.info("Finished a restore.")
    return True


def swap_in_staged_files(journal_folder: Path, staging: Path, safety: Path | None) -> None:
    """Move the current database (and its -wal) into ``safety``, then the staged files in.

    Every step is a rename, so it is instant and can be repeated after an interruption. The old
    -wal must leave with its database: a stale WAL beside a new database file would corrupt it.
    (The old key file was already copied into ``safety`` before the marker was written.)
    """
    staged_database = staging / DATABASE_NAME
    if staged_database.exists():
        for suffix in ("-wal", ""):
            current = journal_folder / (DATABASE_NAME + suffix)
            if not current.exists():
                continue
            if safety is not None:
                os.replace(current, safety / current.name)
            else:
                current.unlink()
        with contextlib.suppress(FileNotFoundError):
            (journal_folder / (DATABASE_NAME + "-shm")).unlink()
        if safety is not None:
            fsync_dir(safety)
    for name in (KEY_FILE_NAME, DATABASE_NAME):
        staged = staging / name
        if staged.exists():
            os.replace(staged, journal_folder / name)
    fsync_dir(journal_folder)
