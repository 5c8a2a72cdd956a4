"""Encrypted backups: make, verify, list, rotate and restore (Qt-free; the UI uses a worker).

A backup is a folder holding ``journal.db`` (written with ``sqlcipher_export``, never a file copy of
the live database), ``journal.key`` (so the same passphrase or recovery key opens it) and a tiny
``backup.json`` manifest with its date and reason (no journal content, not even counts). Automatic
backups live in ``<journal>/backups/``; "Back up now…" may write anywhere.

Every new backup is fsynced, renamed into place and then *verified by opening it* (SQLCipher's
page check plus SQLite's integrity check) before any older backup is rotated out, so the number of
good backups never goes down. A restore first keeps the current files as a backup, stages the
backup's database inside the journal folder, verifies it, and only then swaps the files in with
atomic renames (a marker lets an interrupted swap be finished on the next start).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.storage.connection import attach_keyed, open_keyed
from journal_app.storage.errors import (
    DamagedJournal,
    JournalError,
    NotAJournal,
    WrongPassphrase,
)
from journal_app.storage.files import (
    atomic_write_bytes,
    fsync_dir,
    make_private_dir,
    private_umask,
)
from journal_app.storage.keyfile import KeyFile, intact_key_files_in_backups
from journal_app.storage.lock import JournalLock
from journal_app.storage.recovery import (
    check_database,
    finish_interrupted_restore,
    read_only_connection,
    write_restore_marker,
)
from journal_app.storage.vault import (
    BACKUP_DIR_NAME,
    DATABASE_NAME,
    KEY_FILE_NAME,
    LOCK_FILE_NAME,
    Vault,
)

log = logging.getLogger(__name__)

MANIFEST_NAME = "backup.json"
MANIFEST_FORMAT = "between-sessions-backup"
BACKUP_INTERVAL = timedelta(days=1)
TRASH_RETENTION = timedelta(days=30)

REASON_DAILY = "daily"
REASON_MANUAL = "manual"
REASON_BEFORE_RESTORE = "before-restore"
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_FOLDER_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z0-9-]+?)(?:-\d+)?$")
_STAGING_PREFIX = ".restore-staging-"


class BackupFailed(JournalError):
    """A backup could not be made or did not verify; older backups were left as they were."""


@dataclass(frozen=True)
class RotationPolicy:
    """How many automatic backups to keep: the newest of each of the last N days and weeks.

    Safety copies (taken before an update or a restore) are kept apart: the newest ``safety`` of
    them. Backups made by hand are never rotated out.
    """

    daily: int = 7
    weekly: int = 4
    safety: int = 5


DEFAULT_POLICY = RotationPolicy()


@dataclass(frozen=True)
class BackupInfo:
    path: Path  # the backup's folder
    created_at: datetime
    reason: str
    entry_count: int | None = None  # filled in when listed with the master key

    @property
    def database(self) -> Path:
        return self.path / DATABASE_NAME

    @property
    def is_automatic(self) -> bool:
        return self.reason == REASON_DAILY

    @property
    def is_safety_copy(self) -> bool:
        return self.reason.startswith("before-")

    @property
    def description(self) -> str:
        """A short label for lists, e.g. "daily backup" or "copy kept before a restore"."""
        if self.reason == REASON_DAILY:
            return "Automatic backup"
        if self.reason == REASON_MANUAL:
            return "Backup made by hand"
        if self.reason == REASON_BEFORE_RESTORE:
            return "Journal as it was before a restore"
        if self.reason.startswith("before-update"):
            return "Journal as it was before an update"
        return self.reason


@dataclass(frozen=True)
class RestoreResult:
    safety_copy: Path | None  # where the replaced journal files were kept (None: there were none)
    entry_count: int


@dataclass(frozen=True)
class MaintenanceReport:
    """What :func:`after_unlock` did. With ``problems`` it did nothing else."""

    problems: list[str] = field(default_factory=list)
    backup: BackupInfo | None = None
    removed_backups: list[Path] = field(default_factory=list)
    purged_from_trash: int = 0
    backup_error: str | None = None

    @property
    def healthy(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- making backups


def backups_folder(journal_folder: Path) -> Path:
    return Path(journal_folder) / BACKUP_DIR_NAME


def make_backup(
    vault: Vault,
    folder: Path | None = None,
    *,
    reason: str = REASON_MANUAL,
    now: datetime | None = None,
) -> BackupInfo:
    """Write a verified encrypted backup of ``vault`` into a new sub-folder of ``folder``.

    ``folder`` defaults to the journal's own ``backups`` folder. Raises :class:`BackupFailed`
    (leaving nothing half-written behind) when the copy can't be made or doesn't verify.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    parent = Path(folder) if folder is not None else backups_folder(vault.folder)
    with private_umask():
        make_private_dir(parent)
        target = _unique_folder(parent, f"{moment.strftime(_STAMP_FORMAT)}-{reason}")
    started = time.perf_counter()
    try:
        vault.backup_to(target)
        _write_manifest(target, moment, reason)
        fsync_dir(target)
        fsync_dir(parent)
        count = verify_backup(target, vault._master_key)
    except (OSError, sqlcipher3.Error, JournalError) as error:
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, BackupFailed):
            raise
        raise BackupFailed(
            f"The backup could not be written to {parent} ({_plain_reason(error)}). "
            "Older backups were kept."
        ) from error
    log.info("Backup written and verified in %.2f s.", time.perf_counter() - started)
    return BackupInfo(path=target, created_at=moment, reason=reason, entry_count=count)


def verify_backup(path: Path, master_key: bytes) -> int:
    """Open a backup read-only and check every page; returns how many entries it holds.

    Raises :class:`BackupFailed` describing what is wrong.
    """
    path = _backup_folder_of(Path(path))
    database = path / DATABASE_NAME
    if not (path / KEY_FILE_NAME).is_file():
        raise BackupFailed(f"The backup in {path} has no key file, so it couldn't be opened.")
    problems = check_database(database, master_key)
    if problems:
        raise BackupFailed(f"The backup in {path} is damaged ({problems[0]}); it can't be used.")
    try:
        with read_only_connection(database, master_key) as connection:
            return _entry_count(connection)
    except (DamagedJournal, sqlcipher3.Error) as error:
        raise BackupFailed(f"The backup in {path} couldn't be read ({error}).") from None


def backup_if_due(
    vault: Vault,
    now: datetime | None = None,
    *,
    policy: RotationPolicy = DEFAULT_POLICY,
    interval: timedelta = BACKUP_INTERVAL,
) -> BackupInfo | None:
    """Make the daily automatic backup if the newest backup is older than ``interval``.

    Rotation happens only after the new backup verified. Returns the new backup, or None when
    none was due.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    if not backup_is_due(list_backups(vault.folder), moment, interval):
        return None
    info = make_backup(vault, reason=REASON_DAILY, now=moment)
    rotate(backups_folder(vault.folder), policy, keep=(info.path,))
    return info


# A backup stamped up to this far in the future still counts as recent (clocks get corrected).
CLOCK_TOLERANCE = timedelta(minutes=10)


def backup_is_due(
    existing: Iterable[BackupInfo], moment: datetime, interval: timedelta = BACKUP_INTERVAL
) -> bool:
    """Whether no backup was made in the ``interval`` before ``moment``.

    Judged by the backups that lie *within* that window, not by the newest stamp: a backup
    stamped in the future (made while the clock was set ahead, or seen after it was set back)
    proves nothing about the last day, so it never holds the next backup off.
    """
    return not any(
        moment - interval < info.created_at <= moment + CLOCK_TOLERANCE for info in existing
    )


def rotate(
    folder: Path, policy: RotationPolicy = DEFAULT_POLICY, *, keep: Iterable[Path] = ()
) -> list[Path]:
    """Remove automatic backups beyond ``policy`` (and old safety copies); returns what went.

    Call only after the newest backup verified: it is never removed, and neither is anything in
    ``keep`` or any backup made by hand.
    """
    _remove_incomplete(Path(folder))
    backups = _scan(Path(folder))
    protected = {Path(path).resolve() for path in keep}
    if backups:
        protected.add(backups[0].path.resolve())
    kept: set[Path] = set()
    daily = [b for b in backups if b.is_automatic]
    days: set[Any] = set()
    weeks: set[Any] = set()
    for backup in daily:  # newest first
        day = backup.created_at.date()
        week = backup.created_at.isocalendar()[:2]
        if day not in days and len(days) < policy.daily:
            days.add(day)
            kept.add(backup.path)
        if week not in weeks and len(weeks) < policy.weekly:
            weeks.add(week)
            kept.add(backup.path)
    safety = [b for b in backups if b.is_safety_copy]
    kept.update(b.path for b in safety[: policy.safety])
    removed: list[Path] = []
    for backup in daily + safety[policy.safety :]:
        if backup.path in kept or backup.path.resolve() in protected:
            continue
        shutil.rmtree(backup.path, ignore_errors=True)
        removed.append(backup.path)
    if removed:
        fsync_dir(Path(folder))
        log.info("Rotated out %d old backup(s).", len(removed))
    return removed


# --------------------------------------------------------------------------- finding backups


def list_backups(folder: Path, *, master_key: bytes | None = None) -> list[BackupInfo]:
    """Backups found for a journal folder (in its ``backups``), or in any folder; newest first.

    ``folder`` may be a journal folder, a folder of backups, or one backup. With the master key,
    each backup's entry count is read (an unreadable backup gets ``entry_count=None``).
    """
    folder = Path(folder)
    if (folder / MANIFEST_NAME).is_file() or (
        (folder / DATABASE_NAME).is_file() and not (folder / LOCK_FILE_NAME).exists()
    ):
        found = [info] if (info := _read_backup(folder)) else []
    elif (folder / KEY_FILE_NAME).is_file() or (folder / BACKUP_DIR_NAME).is_dir():
        found = _scan(folder / BACKUP_DIR_NAME)
    else:
        found = _scan(folder)
    if master_key is None:
        return found
    return [_with_count(info, master_key) for info in found]


def newest_good_backup(journal_folder: Path, secret: str | bytes) -> BackupInfo | None:
    """The newest backup that opens and passes the full integrity check, or None.

    ``secret`` is the passphrase or the raw master key. The journal's own key file is tried
    first; if it is damaged or the passphrase was changed since, each backup's key file is used.
    """
    journal_folder = Path(journal_folder)
    keys: list[bytes] = []
    if isinstance(secret, bytes):
        keys.append(secret)
    else:
        with contextlib.suppress(JournalError):
            keys.append(KeyFile.read(journal_folder / KEY_FILE_NAME).unlock_with_passphrase(secret))
    for info in list_backups(journal_folder):
        candidates = list(keys)
        if isinstance(secret, str):
            with contextlib.suppress(JournalError):
                candidates.append(
                    KeyFile.read(info.path / KEY_FILE_NAME).unlock_with_passphrase(secret)
                )
        for key in candidates:
            try:
                count = verify_backup(info.path, key)
            except BackupFailed:
                continue
            return BackupInfo(info.path, info.created_at, info.reason, count)
    return None


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
    source = _backup_folder_of(Path(backup_path))
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
            finish_interrupted_restore(journal_folder)
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
            write_restore_marker(journal_folder, staging, safety)
            finish_interrupted_restore(journal_folder)
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


# --------------------------------------------------------------------------- maintenance


def purge_old_trash(vault: Vault, older_than: timedelta = TRASH_RETENTION) -> int:
    """Empty entries that have been in the Trash longer than ``older_than``; returns how many."""
    return vault.entries.empty_trash(older_than=older_than)


def after_unlock(
    vault: Vault,
    now: datetime | None = None,
    *,
    policy: RotationPolicy = DEFAULT_POLICY,
    progress: Callable[[str], None] | None = None,
) -> MaintenanceReport:
    """The background work after unlocking (run it on a worker thread; it never touches Qt).

    1. the full integrity check; if it finds problems, stop there: nothing is written, and the UI
       should close the journal and offer :func:`newest_good_backup`;
    2. the daily backup if one is due (verified before older ones are rotated out);
    3. emptying Trash entries older than 30 days.
    A failed backup is reported in ``backup_error``, never raised: the journal itself is fine.
    """
    say = progress or (lambda _message: None)
    say("Checking the journal…")
    problems = vault.integrity_problems()
    if problems:
        log.warning("The integrity check found %d problem(s).", len(problems))
        return MaintenanceReport(problems=problems)
    say("Backing up…")
    backup: BackupInfo | None = None
    removed: list[Path] = []
    backup_error: str | None = None
    try:
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        if backup_is_due(list_backups(vault.folder), moment, BACKUP_INTERVAL):
            backup = make_backup(vault, reason=REASON_DAILY, now=moment)
            removed = rotate(backups_folder(vault.folder), policy, keep=(backup.path,))
    except JournalError as error:
        backup_error = str(error)
    say("Tidying the Trash…")
    purged = purge_old_trash(vault)
    return MaintenanceReport(
        backup=backup, removed_backups=removed, purged_from_trash=purged, backup_error=backup_error
    )


# --------------------------------------------------------------------------- helpers


def _unique_folder(parent: Path, name: str) -> Path:
    candidate = parent / name
    number = 2
    while candidate.exists():
        candidate = parent / f"{name}-{number}"
        number += 1
    return candidate


def _write_manifest(target: Path, created_at: datetime, reason: str) -> None:
    document = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "created_at": created_at.strftime(_STAMP_FORMAT),
        "reason": reason,
    }
    atomic_write_bytes(target / MANIFEST_NAME, json.dumps(document).encode("utf-8"))


def _read_backup(folder: Path) -> BackupInfo | None:
    if not (folder / DATABASE_NAME).is_file() or not (folder / KEY_FILE_NAME).is_file():
        return None
    created_at: datetime | None = None
    reason = REASON_MANUAL
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        document = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        created_at = _parse_stamp(str(document["created_at"]))
        reason = str(document["reason"])
    if created_at is None:
        match = _FOLDER_NAME.match(folder.name)
        if match:
            created_at = _parse_stamp(match.group("stamp"))
            reason = match.group("reason")
        else:
            created_at = datetime.fromtimestamp((folder / DATABASE_NAME).stat().st_mtime, UTC)
    return BackupInfo(path=folder, created_at=created_at, reason=reason)


def _scan(folder: Path) -> list[BackupInfo]:
    if not folder.is_dir():
        return []
    found = [
        info
        for child in folder.iterdir()
        if child.is_dir() and not child.name.startswith(".")
        if (info := _read_backup(child)) is not None
    ]
    return sorted(found, key=lambda info: (info.created_at, info.path.name), reverse=True)


def _remove_incomplete(folder: Path) -> None:
    """Folders a crash left half-made (no finished database): never usable, so tidy them away.

    Rotation runs only while the journal is open (its lock held), so no backup or restore of this
    journal can be in progress; an interrupted restore was already finished when it was opened.
    """
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and _FOLDER_NAME.match(child.name):
            if not (child / DATABASE_NAME).is_file() or not (child / KEY_FILE_NAME).is_file():
                shutil.rmtree(child, ignore_errors=True)


def _with_count(info: BackupInfo, master_key: bytes) -> BackupInfo:
    try:
        with read_only_connection(info.database, master_key) as connection:
            count: int | None = _entry_count(connection)
    except (JournalError, sqlcipher3.Error):
        count = None
    return BackupInfo(info.path, info.created_at, info.reason, count)


def _entry_count(connection: sqlcipher3.Connection) -> int:
    return int(
        connection.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL").fetchone()[0]
    )


def _parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, _STAMP_FORMAT).replace(tzinfo=UTC)


def _backup_folder_of(path: Path) -> Path:
    """Accept a backup's folder or its ``journal.db``."""
    if path.is_file() and path.name == DATABASE_NAME:
        return path.parent
    if not (path / DATABASE_NAME).is_file():
        raise NotAJournal(f"There is no backup in {path}.")
    return path


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
    safety = _unique_folder(parent, f"{moment.strftime(_STAMP_FORMAT)}-{REASON_BEFORE_RESTORE}")
    make_private_dir(safety)
    if (journal_folder / KEY_FILE_NAME).is_file():
        shutil.copy2(journal_folder / KEY_FILE_NAME, safety / KEY_FILE_NAME)
        _fsync_file(safety / KEY_FILE_NAME)
    _write_manifest(safety, moment, REASON_BEFORE_RESTORE)
    fsync_dir(safety)
    fsync_dir(parent)
    return safety


def _plain_reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error) or type(error).__name__


__all__ = [
    "BACKUP_INTERVAL",
    "DEFAULT_POLICY",
    "BackupFailed",
    "BackupInfo",
    "MaintenanceReport",
    "KeyFileRepair",
    "RestoreResult",
    "RotationPolicy",
    "after_unlock",
    "backup_if_due",
    "backup_is_due",
    "backups_folder",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "purge_old_trash",
    "repair_key_file_from_backup",
    "restore",
    "rotate",
    "verify_backup",
]
