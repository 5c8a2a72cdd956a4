"""Bringing an opened journal's schema up to :data:`~journal_app.storage.schema.LATEST_VERSION`.

A journal newer than this app is refused, a file with no schema is refused unless ``create`` just
made it, a backup copy is taken before the first step, and each numbered migration is one
transaction, so a failure leaves the journal at the last good version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from journal_app.storage.database import Database
from journal_app.storage.errors import DamagedJournal, JournalError, NewerJournal
from journal_app.storage.folder import BACKUP_DIR_NAME
from journal_app.storage.schema import LATEST_VERSION, MIGRATIONS


def migrate(
    database: Database,
    *,
    just_created: bool,
    back_up: Callable[[Path], object] | None,
) -> None:
    """Apply the migrations ``database`` lacks; ``back_up`` (a folder to write) runs first."""
    folder = database.folder
    version = int(database.query("PRAGMA user_version")[0][0])
    if version > LATEST_VERSION:
        raise NewerJournal(version, LATEST_VERSION)
    if version == LATEST_VERSION:
        return
    if version == 0 and not just_created:
        # Only ``create`` builds a schema from nothing; anything else is not our journal.
        raise DamagedJournal(
            f"The journal's database in {folder} holds no journal, so it can't be "
            "opened. It was left exactly as it is."
        )
    if back_up is not None and version > 0:
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
        back_up(folder / BACKUP_DIR_NAME / f"{stamp}-before-update-v{version}")
    for number in range(version + 1, LATEST_VERSION + 1):
        try:
            with database.transaction() as connection:
                for statement in MIGRATIONS[number - 1]:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")
        except sqlcipher3.DatabaseError:
            # Each step is one transaction, so the journal stays at the last good version.
            raise JournalError(
                "This journal couldn't be updated to the new format, so it was left as it "
                "was (a copy is in its backups folder). Please report this problem."
            ) from None


__all__ = ["migrate"]
