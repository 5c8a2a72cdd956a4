"""Restoring a journal from a backup, and putting back a damaged key file from one (Qt-free).

A restore first keeps the current files as a backup, stages the backup's database inside the
journal folder, verifies it, and only then swaps the files in with atomic renames (a marker lets an
interrupted swap be finished on the next start). Putting back the key file leaves the database,
with everything written since the backup, as it is.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from journal_app.storage.backups import (
    REASON_BEFORE_RESTORE,
    STAMP_FORMAT,
    BackupFailed,
    backup_folder_of,
    backups_folder,
    unique_folder,
    verify_backup,
    write_manifest,
)
from journal_app.storage.connection import attach_keyed, open_keyed
from journal_app.storage.errors import DamagedJournal, WrongPassphrase
from journal_app.storage.files import fsync_dir, make_private_dir, private_umask
from journal_app.storage.keyfile import KeyFile, intact_key_files_in_backups
from journal_app.storage.lock import JournalLock
from journal_app.storage.recovery import (
    finish_interrupted_restore,
    read_only_connection,
    write_restore_marker,
)
from journal_app.storage.vault import DATABASE_NAME, KEY_FILE_NAME, LOCK_FILE_NAME

log = logging.getLogger(__name__)

_STAGING_PREFIX = ".restore-staging-"


@dataclass(frozen=True)
class RestoreResult:
    safety_copy: Path | None  # where the replaced journal files were kept (None: there were none)
    entry_count: int


# --------------------------------------------------------------------------- restoring


def restore(
    journal_folder: Path,
    backup_path: Path,
    passphrase: str | None = None,
    *,
    recovery_key: str | None = None,
    master_key: bytes | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the journal in ``journal_folder`` with a backup, keeping the current files.

    The journal must be closed (its lock is taken; :class:`JournalBusy` otherwise). The backup is
    unlocked with its own key file (``passphrase`` or ``recovery_key``; or pass ``master_key``),
    verified, copied with ``sqlcipher_export`` into a staging folder inside the journal folder,
    verified again, and swapped in with atomic renames. The replaced ``journal.db`` (with its
    -wal) and ``journal.key`` are kept as a "before-restore" backup. At no moment is the journal
    half-restored: an interrupted swap is finished by :func:`finish_interrupted_restore`.
    """
    journal_folder = Path(journal_folder)
    source = backup_folder_of(Path(backup_path))
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    key_file = KeyFile.read(source / KEY_FILE_NAME)
    if master_key is None:
        if recovery_key is not None:
            master_key = key_file.unlock_with_recovery_key(recovery_key)
        elif passphrase is not None:
            master_key = key_file.unlock_with_passphrase(passphrase)
        else:
            raise WrongPassphrase("A passphrase is needed to restore this backup.")
    verify_backup(source, master_key)
    with private_umask():
        make_private_dir(journal_folder)
        lock = JournalLock(journal_folder / LOCK_FILE_NAME)
        lock.acquire()
        try:
            finish_interrupted_restore(journal_folder, master_key)
            staging = journal_folder / f"{_STAGING_PREFIX}{secrets.token_hex(4)}"
            make_private_dir(staging)
            safety: Path | None = None
            try:
                _export_copy(source / DATABASE_NAME, staging / DATABASE_NAME, master_key)
                shutil.copyfile(source / KEY_FILE_NAME, staging / KEY_FILE_NAME)
                _fsync_file(staging / KEY_FILE_NAME)
                fsync_dir(staging)
                count = verify_backup(staging, master_key)
                safety = _prepare_safety_copy(journal_folder, moment)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                if safety is not None:
                    shutil.rmtree(safety, ignore_errors=True)
                raise
            # From here on the swap is recorded, so an interruption is finished on the next open.
            write_restore_marker(journal_folder, staging, safety, master_key)
            finish_interrupted_restore(journal_folder, master_key)
        finally:
            lock.release()
    log.info("Journal restored from a backup.")
    return RestoreResult(safety_copy=safety, entry_count=count)


# --------------------------------------------------------------------------- a damaged key file


@dataclass(frozen=True)
class KeyFileRepair:
    source: Path  # the backup key file that was put back
    damaged_kept_as: Path | None  # where the damaged journal.key was moved (None: it was missing)


def repair_key_file_from_backup(
    journal_folder: Path,
    backup: Path | None = None,
    secret: str = "",
    *,
    recovery_key: bool = False,
    now: datetime | None = None,
) -> KeyFileRepair:
    """Put back ``journal.key`` from the intact copy in a backup (default: the newest intact one).

    Far less than a restore: the journal's database, with everything written since the backup,
    stays as it is; only the key file is replaced. ``secret`` is the passphrase (or the recovery
    key) *of that backup's key file*. The backup's master key must open this journal's database
    (it does unless the journal was re-keyed since), otherwise nothing is changed. The damaged
    key file is kept beside it as ``journal.key.damaged-<time>``, never deleted.
    """
    journal_folder = Path(journal_folder)
    if backup is None:
        intact = intact_key_files_in_backups(journal_folder)
        if not intact:
            raise BackupFailed("No backup of this journal holds an intact key file.")
        source = intact[0]
    else:
        backup = Path(backup)
        source = backup if backup.name == KEY_FILE_NAME else backup / KEY_FILE_NAME
    key_file = KeyFile.from_json(source.read_bytes(), source)
    if recovery_key:
        master_key = key_file.unlock_with_recovery_key(secret)
    else:
        master_key = key_file.unlock_with_passphrase(secret)
    try:
        with read_only_connection(journal_folder / DATABASE_NAME, master_key) as connection:
            connection.execute("SELECT count(*) FROM entries").fetchone()
    except (DamagedJournal, sqlcipher3.DatabaseError):
        raise DamagedJournal(
            f"The key file in {source.parent} doesn't open this journal's database (was the "
            "journal re-keyed since that backup, or is its database damaged too?). "
            "Nothing was changed."
        ) from None
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    key_path = journal_folder / KEY_FILE_NAME
    with private_umask():
        lock = JournalLock(journal_folder / LOCK_FILE_NAME)
        lock.acquire()
        try:
            kept: Path | None = None
            if key_path.exists():
                kept = key_path.with_name(f"{KEY_FILE_NAME}.damaged-{moment:%Y%m%dT%H%M%SZ}")
                os.replace(key_path, kept)
            replace_sealed = key_file if key_file.mac is not None else key_file.sealed(master_key)
            replace_sealed.write_with_copy(key_path)
            fsync_dir(journal_folder)
        finally:
            lock.release()
    log.info("Put back the key file from a backup.")
    return KeyFileRepair(source=source, damaged_kept_as=kept)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _export_copy(source: Path, target: Path, master_key: bytes) -> None:
    """A fresh, consistent copy of ``source`` (including any -wal) via ``sqlcipher_export``."""
    source_wal = source.with_name(source.name + "-wal")
    source_uri = source.resolve().as_uri() + ("?mode=ro" if source_wal.exists() else "?immutable=1")
    connection = open_keyed(str(target), master_key, uri=True)
    try:
        # A staging file: verified and fsynced before it is used, so no journal is needed.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        attach_keyed(connection, source_uri, "source", master_key)
        try:
            connection.execute("SELECT sqlcipher_export('main', 'source')")
            version = int(connection.execute("PRAGMA source.user_version").fetchone()[0])
            connection.execute(f"PRAGMA main.user_version = {version}")
        finally:
            connection.execute("DETACH DATABASE source")
    finally:
        connection.close()
    _fsync_file(target)


def _prepare_safety_copy(journal_folder: Path, moment: datetime) -> Path | None:
    """The folder that will keep the journal's current files (None when there are none).

    Only the small key file is copied now; the database and its -wal are *moved* in by the swap
    (a rename: instant, and the files are never read, so a damaged journal is kept byte for byte).
    """
    if not (journal_folder / DATABASE_NAME).is_file():
        return None
    parent = backups_folder(journal_folder)
    make_private_dir(parent)
    safety = unique_folder(parent, f"{moment.strftime(STAMP_FORMAT)}-{REASON_BEFORE_RESTORE}")
    make_private_dir(safety)
    if (journal_folder / KEY_FILE_NAME).is_file():
        shutil.copy2(journal_folder / KEY_FILE_NAME, safety / KEY_FILE_NAME)
        _fsync_file(safety / KEY_FILE_NAME)
    write_manifest(safety, moment, REASON_BEFORE_RESTORE)
    fsync_dir(safety)
    fsync_dir(parent)
    return safety


__all__ = [
    "KeyFileRepair",
    "RestoreResult",
    "repair_key_file_from_backup",
    "restore",
]
