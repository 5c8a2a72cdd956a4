"""The background work after unlocking: the integrity check, the daily backup, the old Trash.

Qt-free; the UI runs :func:`after_unlock` on a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journal_app.storage.backups import (
    BACKUP_INTERVAL,
    DEFAULT_POLICY,
    REASON_DAILY,
    BackupInfo,
    RotationPolicy,
    backup_is_due,
    backups_folder,
    list_backups,
    make_backup,
    rotate,
)
from journal_app.storage.errors import JournalError
from journal_app.storage.vault import Vault

log = logging.getLogger(__name__)

TRASH_RETENTION = timedelta(days=30)


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
    A journal opened read-only (its folder can't be written) gets the check alone.
    A failed backup is reported in ``backup_error``, never raised: the journal itself is fine.
    """
    say = progress or (lambda _message: None)
    say("Checking the journal…")
    problems = vault.integrity_problems()
    if problems:
        log.warning("The integrity check found %d problem(s).", len(problems))
        return MaintenanceReport(problems=problems)
    if vault.read_only:
        return MaintenanceReport()  # a folder that can't be written: no backup, Trash left as is
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


__all__ = [
    "TRASH_RETENTION",
    "MaintenanceReport",
    "after_unlock",
    "purge_old_trash",
]
