"""Restoring a journal from a backup, and putting back a damaged key file from one (Qt-free).

A restore first keeps the current files as a backup, stages the backup's database inside the
journal folder, verifies it, and only then swaps the files in with atomic renames (a marker lets an
interrupted swap be finished on the next start). Putting back the key file leaves the database,
with everything written since the backup, as it is.
"""

from __future__ import annotations

import contextlib
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
from journal_app.storage.connection import export_copy
from journal_app.storage.errors import DamagedJournal, JournalError, WrongPassphrase
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
    # True: it opens with the journal's current passphrase and recovery key. False (the journal's
    # own key file was missing, damaged or not opened by the secret given): with the backup's.
    opens_with_current_secrets: bool = True


# --------------------------------------------------------------------------- restoring


def restore(
    journal_folder: Path,
    backup_path: Path,
    passphrase: str | None = None,
    *,
    recovery_key: str | None = None,
    master_key: bytes | None = None,
    backup_passphrase: str | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the journal in ``journal_folder`` with a backup, keeping the current files.

    The journal must be closed (its lock is taken; :class:`JournalBusy` otherwise). The secret
    given (``passphrase``, ``recovery_key`` or ``master_key``) is tried on the journal's own key
    file first: then the backup is re-encrypted to the journal's current key, so the restored
    journal opens with today's passphrase and recovery key, even if they changed since the
    backup. A backup from before a re-key also needs its own ``backup_passphrase``. When the
    journal's key file can't be opened, the backup's own key file is used (and the result says
    so). The backup is verified, copied with ``sqlcipher_export`` into a staging folder inside
    the journal folder, verified again, and swapped in with atomic renames. The replaced
    ``journal.db`` (with its -wal) and ``journal.key`` are kept as a "before-restore" backup. At
    no moment is the journal half-restored: an interrupted swap is finished by
    :func:`finish_interrupted_restore`.
    """
    journal_folder = Path(journal_folder)
    source = backup_folder_of(Path(backup_path))
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if master_key is None and recovery_key is None and passphrase is None:
        raise WrongPassphrase("A passphrase is needed to restore this backup.")
    current = _current_secrets(journal_folder, passphrase, recovery_key, master_key)
    backup_key = _backup_master_key(
        source, passphrase, recovery_key, master_key, backup_passphrase, current
    )
    verify_backup(source, backup_key)
    # Re-encrypted to the journal's current key, the restored journal opens with today's
    # passphrase and recovery key; only without them does it keep the backup's own.
    target_key = current[1] if current is not None else backup_key
    key_file_bytes = (
        current[0].to_json() if current is not None else (source / KEY_FILE_NAME).read_bytes()
    )
    with private_umask():
        make_private_dir(journal_folder)
        lock = JournalLock(journal_folder / LOCK_FILE_NAME)
        lock.acquire()
        try:
            if current is not None:
                finish_interrupted_restore(journal_folder, current[1])
            staging = journal_folder / f"{_STAGING_PREFIX}{secrets.token_hex(4)}"
            make_private_dir(staging)
            safety: Path | None = None
            try:
                export_copy(source / DATABASE_NAME, backup_key, staging / DATABASE_NAME, target_key)
                (staging / KEY_FILE_NAME).write_bytes(key_file_bytes)
                _fsync_file(staging / KEY_FILE_NAME)
                fsync_dir(staging)
                count = verify_backup(staging, target_key)
                safety = _prepare_safety_copy(journal_folder, moment)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                if safety is not None:
                    shutil.rmtree(safety, ignore_errors=True)
                raise
            # From here on the swap is recorded, so an interruption is finished on the next open.
            write_restore_marker(journal_folder, staging, safety, target_key)
            finish_interrupted_restore(journal_folder, target_key)
        finally:
            lock.release()
    log.info("Journal restored from a backup.")
    return RestoreResult(
        safety_copy=safety, entry_count=count, opens_with_current_secrets=current is not None
    )


def _current_secrets(
    journal_folder: Path,
    passphrase: str | None,
    recovery_key: str | None,
    master_key: bytes | None,
) -> tuple[KeyFile, bytes] | None:
    """The journal's own key file and master key, if the given secret opens them."""
    try:
        key_file = KeyFile.read(journal_folder / KEY_FILE_NAME)
        if master_key is not None:
            if key_file.mac is None:
                return None
            key_file.verify(master_key)
            return key_file, master_key
        if recovery_key is not None:
            return key_file, key_file.unlock_with_recovery_key(recovery_key)
        if passphrase is not None:
            return key_file, key_file.unlock_with_passphrase(passphrase)
    except JournalError:
        return None
    return None


def _backup_master_key(
    source: Path,
    passphrase: str | None,
    recovery_key: str | None,
    master_key: bytes | None,
    backup_passphrase: str | None,
    current: tuple[KeyFile, bytes] | None,
) -> bytes:
    """The backup's master key: the journal's own (the same unless it was re-keyed since), or
    from the backup's key file with the secret typed (or the backup's own passphrase)."""
    if current is not None and _opens(source / DATABASE_NAME, current[1]):
        return current[1]
    if master_key is not None:
        return master_key
    key_file = KeyFile.read(source / KEY_FILE_NAME)
    with contextlib.suppress(WrongPassphrase):
        if recovery_key is not None:
            return key_file.unlock_with_recovery_key(recovery_key)
        if passphrase is not None:
            return key_file.unlock_with_passphrase(passphrase)
    if backup_passphrase is not None:
        return key_file.unlock_with_passphrase(backup_passphrase)
    if current is not None:
        raise BackupNeedsItsPassphrase()
    raise WrongPassphrase(
        "That passphrase opened neither this journal nor the backup. Nothing was changed."
    )


def _opens(database: Path, key: bytes) -> bool:
    try:
        with read_only_connection(database, key) as connection:
            connection.execute("SELECT count(*) FROM entries").fetchone()
    except (DamagedJournal, sqlcipher3.DatabaseError):
        return False
    return True


class BackupNeedsItsPassphrase(WrongPassphrase):
    """The backup was made before the journal was re-keyed: it opens only with its own secrets."""

    def __init__(self) -> None:
        super().__init__(
            "This backup was made before the journal was re-keyed, so it needs the passphrase "
            "it had then (once restored, the journal opens with your current passphrase and "
            "recovery key). Nothing was changed."
        )


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
    "BackupNeedsItsPassphrase",
    "KeyFileRepair",
    "RestoreResult",
    "repair_key_file_from_backup",
    "restore",
]
