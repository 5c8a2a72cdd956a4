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

import nacl.bindings
import nacl.encoding
import nacl.hash
import sqlcipher3

from journal_app.storage.connection import open_keyed
from journal_app.storage.errors import DamagedJournal, NotAJournal
from journal_app.storage.files import atomic_write_bytes, fsync_dir
from journal_app.storage.key_wrapping import keyed_digest
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.wal_guard import (
    SEQUENCE_FILE_NAME,
    changes_are_missing,
    missing_changes_message,
)

log = logging.getLogger(__name__)

DATABASE_NAME = "journal.db"  # the same names as in vault.py (kept apart to avoid an import cycle)
KEY_FILE_NAME = "journal.key"
RESTORE_MARKER_NAME = "restore-in-progress.json"
_MARKER_FORMAT = "between-sessions-restore-marker"
_MARKER_PERSONAL = b"bs-restore-mark1"  # 16 bytes: a MAC of its own
STAGING_PREFIX = ".restore-staging-"


@dataclass(frozen=True)
class IgnoredRestoreMarker:
    """A restore marker that was left alone: not sealed by this journal, or naming bad paths."""

    path: Path
    reason: str

    @property
    def notice(self) -> str:
        """What to tell the person, in plain words (no journal text: only the file's place)."""
        return (
            f"A note about an unfinished restore ({self.path.name}) in {self.path.parent} didn't "
            "come from this journal, so it was left alone and nothing was moved. Your journal "
            "is as it was; you can delete that file."
        )


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
            problems = database_problems(connection, database)
            try:
                if changes_are_missing(database.parent, connection, master_key):
                    problems.append(missing_changes_message(database.parent))
            except sqlcipher3.DatabaseError:
                if not problems:  # the pages holding the number can't be read: that is damage
                    problems.append("the journal's write sequence could not be read")
            return problems
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
    master_key = master_key_from(folder, secret, recovery_key=recovery_key)
    return check_database(folder / DATABASE_NAME, master_key)


# --------------------------------------------------------------------------- interrupted restore


def _marker_mac(master_key: bytes, staging: str, safety: str | None) -> str:
    content = json.dumps([_MARKER_FORMAT, staging, safety]).encode("utf-8")
    return keyed_digest(master_key, _MARKER_PERSONAL, content).hex()


def _inside(journal_folder: Path, relative: str, *, staging: bool) -> Path:
    """``relative`` as a real folder inside the journal folder; ValueError otherwise."""
    root = journal_folder.resolve()
    candidate = journal_folder / relative
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        raise ValueError("a path outside the journal folder")
    if candidate.is_symlink() or candidate.resolve().parent == candidate.resolve():
        raise ValueError("a symlink")
    resolved = candidate.resolve()
    if staging and (resolved.parent != root or not resolved.name.startswith(STAGING_PREFIX)):
        raise ValueError("not a staging folder")
    if not staging and resolved.parent.parent != root:
        raise ValueError("not a backup folder")
    for part in (candidate, *candidate.parents):
        if part == journal_folder:
            break
        if part.is_symlink():
            raise ValueError("a symlink")
    return resolved


def write_restore_marker(
    journal_folder: Path, staging: Path, safety_copy: Path | None, master_key: bytes
) -> None:
    """Record that a verified restore is ready to swap in (written just before the swap).

    The paths are kept relative to the journal folder and must lie inside it (no symlinks); the
    marker is sealed with a MAC keyed from the master key that opens the staged database.
    """
    journal_folder = Path(journal_folder)
    root = journal_folder.resolve()
    staging_name = os.path.relpath(staging, journal_folder)
    safety_name = os.path.relpath(safety_copy, journal_folder) if safety_copy is not None else None
    _inside(journal_folder, staging_name, staging=True)
    if safety_name is not None:
        _inside(journal_folder, safety_name, staging=False)
    del root
    document = {
        "format": _MARKER_FORMAT,
        "staging": staging_name,
        "safety_copy": safety_name,
        "mac": _marker_mac(master_key, staging_name, safety_name),
    }
    atomic_write_bytes(journal_folder / RESTORE_MARKER_NAME, json.dumps(document).encode("utf-8"))


def finish_interrupted_restore(
    journal_folder: Path, master_key: bytes
) -> bool | IgnoredRestoreMarker:
    """Complete a restore that was interrupted (power cut, kill) after it began swapping files.

    Called only after unlock, with the journal's lock held (``Vault`` and ``restore`` do). The
    staged files were verified before the marker was written, so finishing the swap is right, but
    only for a marker sealed with ``master_key`` whose paths lie inside the journal folder:
    anything else is left exactly as it is and returned as an :class:`IgnoredRestoreMarker`.
    Returns True when a swap was finished, False when there was nothing to finish.
    """
    journal_folder = Path(journal_folder)
    marker = journal_folder / RESTORE_MARKER_NAME
    if not marker.exists() and not marker.is_symlink():
        return False
    try:
        if marker.is_symlink():
            raise ValueError("a symlink")
        document = json.loads(marker.read_text(encoding="utf-8"))
        staging_name = document["staging"]
        safety_name = document.get("safety_copy")
        mac = document["mac"]
        if not isinstance(staging_name, str) or not isinstance(mac, str):
            raise ValueError("malformed")
        if safety_name is not None and not isinstance(safety_name, str):
            raise ValueError("malformed")
        expected = _marker_mac(master_key, staging_name, safety_name)
        if not nacl.bindings.sodium_memcmp(expected.encode("ascii"), mac.encode("ascii")):
            raise ValueError("not sealed by this journal")
        staging = _inside(journal_folder, staging_name, staging=True)
        safety = _inside(journal_folder, safety_name, staging=False) if safety_name else None
    except (ValueError, KeyError, TypeError, AttributeError, OSError, UnicodeError) as error:
        reason = str(error) or type(error).__name__
        log.warning("Left alone a restore marker this journal didn't write (%s).", reason)
        return IgnoredRestoreMarker(marker, reason)
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
        # The write-sequence mirror belongs to the database being replaced: it goes first, so
        # the restored (older) database is never compared with it.
        mirror = journal_folder / SEQUENCE_FILE_NAME
        if mirror.exists():
            if safety is not None:
                os.replace(mirror, safety / SEQUENCE_FILE_NAME)
            else:
                mirror.unlink()
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
