"""Encrypted backups: make, verify, list and rotate (Qt-free; the UI uses a worker).

A backup is a folder holding ``journal.db`` (written with ``sqlcipher_export``, never a file copy of
the live database), ``journal.key`` (so the same passphrase or recovery key opens it) and a tiny
``backup.json`` manifest with its date and reason (no journal content, not even counts). Automatic
backups live in ``<journal>/backups/``; "Back up now…" may write anywhere.

Every new backup is fsynced, renamed into place and then *verified by opening it* (SQLCipher's
page check plus SQLite's integrity check) before any older backup is rotated out, so the number of
good backups never goes down. Restoring from a backup is in :mod:`journal_app.storage.restore`;
the work after unlocking (daily backup, Trash) in :mod:`journal_app.storage.maintenance`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.storage.errors import (
    DamagedJournal,
    JournalError,
    NotAJournal,
)
from journal_app.storage.files import (
    atomic_write_bytes,
    fsync_dir,
    make_private_dir,
    private_umask,
)
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.recovery import (
    check_database,
    read_only_connection,
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

REASON_DAILY = "daily"
REASON_MANUAL = "manual"
REASON_BEFORE_RESTORE = "before-restore"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_FOLDER_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z0-9-]+?)(?:-\d+)?$")


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
        target = unique_folder(parent, f"{moment.strftime(STAMP_FORMAT)}-{reason}")
    started = time.perf_counter()
    try:
        vault.backup_to(target)
        write_manifest(target, moment, reason)
        fsync_dir(target)
        fsync_dir(parent)
        count = verify_backup(target, vault._master_key)
    except (OSError, sqlcipher3.Error, JournalError) as error:
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(error, BackupFailed):
            raise
        raise BackupFailed(
            f"The backup could not be written to {parent} ({plain_reason(error)}). "
            "Older backups were kept."
        ) from error
    log.info("Backup written and verified in %.2f s.", time.perf_counter() - started)
    return BackupInfo(path=target, created_at=moment, reason=reason, entry_count=count)


def verify_backup(path: Path, master_key: bytes) -> int:
    """Open a backup read-only and check every page; returns how many entries it holds.

    Raises :class:`BackupFailed` describing what is wrong.
    """
    path = backup_folder_of(Path(path))
    database = path / DATABASE_NAME
    if not (path / KEY_FILE_NAME).is_file():
        raise BackupFailed(f"The backup in {path} has no key file, so it couldn't be opened.")
    problems = check_database(database, master_key)
    if problems:
        raise BackupFailed(f"The backup in {path} is damaged ({problems[0]}); it can't be used.")
    try:
        with read_only_connection(database, master_key) as connection:
            return entry_count(connection)
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


# --------------------------------------------------------------------------- helpers


def unique_folder(parent: Path, name: str) -> Path:
    candidate = parent / name
    number = 2
    while candidate.exists():
        candidate = parent / f"{name}-{number}"
        number += 1
    return candidate


def write_manifest(target: Path, created_at: datetime, reason: str) -> None:
    document = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "created_at": created_at.strftime(STAMP_FORMAT),
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
            count: int | None = entry_count(connection)
    except (JournalError, sqlcipher3.Error):
        count = None
    return BackupInfo(info.path, info.created_at, info.reason, count)


def entry_count(connection: sqlcipher3.Connection) -> int:
    return int(
        connection.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL").fetchone()[0]
    )


def _parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)


def backup_folder_of(path: Path) -> Path:
    """Accept a backup's folder or its ``journal.db``."""
    if path.is_file() and path.name == DATABASE_NAME:
        return path.parent
    if not (path / DATABASE_NAME).is_file():
        raise NotAJournal(f"There is no backup in {path}.")
    return path


def plain_reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error) or type(error).__name__


__all__ = [
    "BACKUP_INTERVAL",
    "DEFAULT_POLICY",
    "REASON_BEFORE_RESTORE",
    "REASON_DAILY",
    "REASON_MANUAL",
    "BackupFailed",
    "BackupInfo",
    "RotationPolicy",
    "backup_if_due",
    "backup_is_due",
    "backups_folder",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "rotate",
    "verify_backup",
]
