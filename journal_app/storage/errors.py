"""Errors the vault raises. Their messages are for people and never contain journal text."""

from __future__ import annotations

import os
from pathlib import Path


class JournalError(Exception):
    """Base class: something about opening or using a journal went wrong."""


class WrongPassphrase(JournalError):
    def __init__(
        self, message: str = "That passphrase didn't open this journal. Nothing was changed."
    ) -> None:
        super().__init__(message)


class WrongRecoveryKey(WrongPassphrase):
    def __init__(self) -> None:
        super().__init__("That recovery key didn't open this journal. Nothing was changed.")


class DamagedJournal(JournalError):
    """The files are there but cannot be read as a journal. They are left untouched."""


class NotAJournal(DamagedJournal):
    """The folder holds no journal (or something that is not one)."""


class JournalBusy(JournalError):
    def __init__(self) -> None:
        super().__init__("This journal is open in another window or program. Close it there first.")


class JournalExists(JournalError):
    """``create`` was asked to make a journal where files already are."""


class NewerJournal(JournalError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This journal was saved by a newer version of Between Sessions (format {found}; "
            f"this version reads up to {supported}). Please update the app. Nothing was changed."
        )
        self.found = found
        self.supported = supported


class EntryNotFound(JournalError):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"There is no entry number {entry_id} in this journal.")
        self.entry_id = entry_id


# ---- write failures: sqlite's "database or disk is full" / "disk I/O error" mapped to
# sentences a person can act on. The transaction was rolled back, so nothing saved earlier is lost.


DISK_FULL_AT_OPEN = (
    "Your computer's disk is full, so the journal can't be opened right now. Nothing is wrong "
    "with the journal: free some space and open it again."
)


class DiskFull(JournalError):
    def __init__(
        self,
        message: str = (
            "Your computer's disk is full; this entry was not saved yet. "
            "Free some space and it will be saved."
        ),
    ) -> None:
        super().__init__(message)


class CantWriteHere(JournalError):
    """SQLite found a file it needs to write read-only: usually a -shm left by another user."""

    def __init__(self, folder: Path | None = None) -> None:
        where = f" in {folder}" if folder is not None else ""
        shm = folder / "journal.db-shm" if folder is not None else None
        if shm is not None and shm.exists() and not os.access(shm, os.W_OK):
            culprit = f"The file journal.db-shm{where} can't be written to."
        else:
            culprit = (
                f"A file of the journal{where} (journal.db-shm, journal.db-wal or the folder "
                "itself) can't be written to."
            )
        super().__init__(
            f"{culprit} Nothing is wrong with the journal, and nothing was saved just now. Close "
            "any other copy of Between Sessions, then delete journal.db-shm (or give yourself "
            "permission to write it and the folder) and try again."
        )


class FolderNotWritable(JournalError):
    """The journal's folder is read-only or not ours to write: not damage, and not the journal."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The folder {folder} can't be written to (it is read-only, or you don't have "
            "permission), so the journal can't be opened there. Nothing is wrong with the "
            "journal and nothing was changed. Give yourself permission to write the folder, or "
            "copy the whole folder somewhere you can write, and open it from there."
        )


class WriteFailed(JournalError):
    def __init__(self) -> None:
        super().__init__(
            "Your computer couldn't write to the disk, so this was not saved yet. Everything "
            "saved before is safe. Check the disk (or free some space) and save again."
        )


class ReadOnlyJournal(JournalError):
    """The journal was opened read-only because its folder can't be written: writes are refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"This journal is open read-only, because the folder {folder} can't be written to, "
            "so nothing can be saved or changed. Everything in it is there to read and export. "
            "To write again, give yourself permission to write the folder (or copy the whole "
            "folder somewhere you can write) and open it from there."
        )


class CantUpdateReadOnly(FolderNotWritable):
    """An older journal needs its format updated, which a folder that can't be written refuses."""

    def __init__(self, folder: Path) -> None:
        JournalError.__init__(
            self,
            f"This journal was saved by an older version of Between Sessions and needs a small "
            f"update before it can be opened, but the folder {folder} can't be written to. "
            "Nothing is wrong with the journal and nothing was changed. Give yourself permission "
            "to write the folder (or copy the whole folder somewhere you can write) and open it "
            "from there.",
        )
