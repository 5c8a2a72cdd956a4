"""The encrypted journal: the one door through which the app and the CLI reach journal data.

A journal is a folder holding ``journal.db`` (SQLCipher 4, keyed with a random raw master key),
``journal.key`` (that key wrapped by the passphrase and by the recovery key, see ``keyfile``) and
``journal.lock`` (one writer at a time). No SQL exists outside this package.

``Vault`` opens, creates, migrates, backs up, re-keys and closes a journal; everything else is in
the small stores it composes (``vault.entries``, ``vault.tags``, ``vault.questions``,
``vault.links``, ``vault.search``, ``vault.prep``, ``vault.articles``, ``vault.drafts``,
``vault.safety_plan``, ``vault.appointments``), which
share one connection, one lock and one transaction (see ``database``).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.domain.passphrase import passphrase_problem
from journal_app.domain.validation import ValidationError
from journal_app.storage.appointments import AppointmentStore
from journal_app.storage.articles import ArticleStore
from journal_app.storage.connection import (
    integrity_findings,
    open_journal_database,
    require_whole_pages,
    write_keyed_copy,
)
from journal_app.storage.database import Database
from journal_app.storage.drafts import DraftStore
from journal_app.storage.entries import EntryStore
from journal_app.storage.errors import (
    DamagedJournal,
    FolderNotWritable,
    JournalError,
    JournalExists,
    NotAJournal,
)
from journal_app.storage.files import make_private_dir, private_umask
from journal_app.storage.folder import (
    BACKUP_DIR_NAME,
    DATABASE_NAME,
    KEY_FILE_NAME,
    LOCK_FILE_NAME,
)
from journal_app.storage.key_wrapping import DEFAULT_KDF, KdfParams, generate_recovery_key
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.links import LinkStore
from journal_app.storage.lock import JournalLock
from journal_app.storage.migrating import migrate
from journal_app.storage.prep import PrepQueries
from journal_app.storage.questions import QuestionStore
from journal_app.storage.read_only import ReadOnlyAccess, open_read_only
from journal_app.storage.recovery import (
    RESTORE_MARKER_NAME,
    IgnoredRestoreMarker,
    finish_interrupted_restore,
    read_only_connection,
)
from journal_app.storage.rekey import (
    OldBackups,
    Progress,
    RekeyResult,
    discard_staging,
    new_key_file,
    old_wal_is_empty,
    open_with_first_key,
    settle_after_unlock,
    stage_rekey,
    tidy_leftovers,
    unlock_journal,
)
from journal_app.storage.rekey import (
    finish_rekey as finish_staged_rekey,
)
from journal_app.storage.safety_plan import SafetyPlanStore
from journal_app.storage.search import SearchStore
from journal_app.storage.tags import TagStore
from journal_app.storage.wal_guard import (
    MissingRecentChanges,
    WriteSequence,
    changes_are_missing,
    database_sequence,
    read_mirrored_sequence,
)

__all__ = ["BACKUP_DIR_NAME", "DATABASE_NAME", "KEY_FILE_NAME", "LOCK_FILE_NAME", "Vault"]


class Vault:
    """An open, unlocked journal. Create with :meth:`create` or :meth:`open`; close when done."""

    def __init__(
        self,
        folder: Path,
        connection: sqlcipher3.Connection,
        key_file: KeyFile,
        master_key: bytes,
        lock: JournalLock | ReadOnlyAccess,
    ) -> None:
        self.folder = folder
        self._database = Database(folder, connection, before_write=lock.ensure_held)
        self._key_file = key_file
        self._master_key = master_key
        self._lock = lock
        # A restore marker found at open that this journal didn't write (left alone, see recovery).
        self.ignored_restore_marker: IgnoredRestoreMarker | None = None
        self.tags = TagStore(self._database)
        self.questions = QuestionStore(self._database)
        self.links = LinkStore(self._database)
        self.entries = EntryStore(self._database, self.tags, self.questions, self.links)
        self.search = SearchStore(self._database)
        self.appointments = AppointmentStore(self._database)
        self.prep = PrepQueries(self._database, self.entries, self.questions, self.appointments)
        self.articles = ArticleStore(self._database)
        self.drafts = DraftStore(self._database)
        self.safety_plan = SafetyPlanStore(self._database)

    # ------------------------------------------------------------------ opening and closing

    @staticmethod
    def database_path(folder: Path) -> Path:
        return Path(folder) / DATABASE_NAME

    @staticmethod
    def key_file_path(folder: Path) -> Path:
        return Path(folder) / KEY_FILE_NAME

    @classmethod
    def exists(cls, folder: Path) -> bool:
        """Whether ``folder`` holds (at least part of) a journal."""
        folder = Path(folder)
        return cls.key_file_path(folder).exists() or cls.database_path(folder).exists()

    @classmethod
    def create(
        cls, folder: Path, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF
    ) -> tuple[Vault, str]:
        """Make a new journal in ``folder``; returns it and the recovery key (show it once)."""
        folder = Path(folder)
        if not passphrase:
            raise ValidationError("passphrase", "Please choose a passphrase.")
        if cls.exists(folder):
            raise JournalExists(f"There is already a journal in {folder}. Nothing was changed.")
        with private_umask():
            make_private_dir(folder)
            lock = JournalLock(folder / LOCK_FILE_NAME)
            lock.acquire()
            try:
                master_key = os.urandom(32)
                recovery_key = generate_recovery_key()
                key_file = KeyFile.new(master_key, passphrase, recovery_key, kdf)
                key_file.write_with_copy(cls.key_file_path(folder))
                connection = open_journal_database(
                    cls.database_path(folder), master_key, create=True
                )
            except BaseException:
                lock.release()
                for created in (cls.key_file_path(folder), cls.database_path(folder)):
                    with contextlib.suppress(FileNotFoundError):
                        created.unlink()
                raise
        vault = cls(folder, connection, key_file, master_key, lock)
        try:
            vault._migrate(backup_first=False, just_created=True)
            vault._start_write_sequence()
            # Move the new schema out of the WAL into journal.db, so the database file is a
            # complete journal from the start (open refuses one that is not).
            vault._database.require_open().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            vault.close()
            raise
        return vault, recovery_key

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Vault:
        return cls._unlock_and_open(
            folder, lambda key_file: key_file.unlock_with_passphrase(passphrase)
        )

    @classmethod
    def open_with_recovery_key(cls, folder: Path, recovery_key: str) -> Vault:
        """Open with the recovery key; callers then usually :meth:`change_passphrase`."""
        return cls._unlock_and_open(
            folder, lambda key_file: key_file.unlock_with_recovery_key(recovery_key)
        )

    @classmethod
    def _unlock_and_open(cls, folder: Path, unlock: Callable[[KeyFile], bytes]) -> Vault:
        folder = Path(folder)
        key_file = cls._read_key_file(folder)
        key_file, master_key, finish_rekey = unlock_journal(folder, key_file, unlock)
        try:
            return cls._open_with_master_key(folder, key_file, master_key, finish_rekey)
        except FolderNotWritable as cannot_write:  # nothing wrong with it: open it to read
            connection, access = open_read_only(
                folder, master_key, cannot_write, rekey_pending=finish_rekey is not None
            )
        key_file.verify(master_key)
        return cls(folder, connection, key_file, master_key, access)

    @classmethod
    def _read_key_file(cls, folder: Path) -> KeyFile:
        """Read-only checks that need no passphrase: the files are there and whole."""
        if not folder.is_dir():
            raise NotAJournal(f"There is no journal in {folder}.")
        key_path = cls.key_file_path(folder)
        database = cls.database_path(folder)
        if not key_path.exists() and not database.exists():
            raise NotAJournal(f"There is no journal in {folder}.")
        key_file = KeyFile.read(key_path)
        # A restore cut short mid-swap may have moved journal.db away; it is finished after unlock.
        if not (folder / RESTORE_MARKER_NAME).exists():
            require_whole_pages(database)
        return key_file

    @classmethod
    def _open_with_master_key(
        cls,
        folder: Path,
        key_file: KeyFile,
        master_key: bytes,
        finish_rekey: bool | None = None,
    ) -> Vault:
        lock = JournalLock(folder / LOCK_FILE_NAME)
        with private_umask():
            lock.acquire()
            try:
                # An interrupted re-key is settled only now, unlocked and with the lock held:
                # finished when the new secrets opened it, thrown away when the old ones did.
                if finish_rekey is not None:
                    settle_after_unlock(folder, master_key if finish_rekey else None)
                    key_file = KeyFile.read(cls.key_file_path(folder))
                else:
                    tidy_leftovers(folder)
                # A verified restore cut short by a crash is finished only now: unlocked, with
                # the lock held, and only if its marker is sealed with this journal's key.
                restore_outcome = finish_interrupted_restore(folder, master_key)
                if restore_outcome is True:
                    key_file = KeyFile.read(cls.key_file_path(folder))
                connection = open_journal_database(
                    cls.database_path(folder), master_key, create=False
                )
                try:
                    if changes_are_missing(folder, connection, master_key):
                        raise MissingRecentChanges(folder)
                except sqlcipher3.DatabaseError:
                    connection.close()
                    raise DamagedJournal(
                        f"Part of the journal in {folder} is damaged and can't be read. It was "
                        "left exactly as it is; a backup can bring the journal back."
                    ) from None
                except BaseException:
                    connection.close()
                    raise
                key_file = key_file.after_unlock(master_key)  # seal; repair from the spare copy
            except BaseException:
                lock.release()
                raise
        vault = cls(folder, connection, key_file, master_key, lock)
        if isinstance(restore_outcome, IgnoredRestoreMarker):
            vault.ignored_restore_marker = restore_outcome
        try:
            vault._migrate(backup_first=True, just_created=False)
            vault._start_write_sequence()
        except BaseException:
            vault.close()
            raise
        return vault

    def _start_write_sequence(self) -> None:
        """From now on every write raises the sequence and mirrors it (see ``wal_guard``)."""
        current = database_sequence(self._database.require_open())
        sequence = WriteSequence(self.folder, self._master_key, current)
        mirrored = read_mirrored_sequence(self.folder, self._master_key)
        if mirrored is None or mirrored < current:
            sequence.mirror()  # missing, not ours (a restore, a new key) or behind after a crash
        self._database.write_sequence = sequence

    def close(self) -> None:
        """Flush the write-ahead log into the database, close it and release the lock."""
        with self._database.mutex:
            if not self._database.is_open:
                return
            try:
                self._database.close()
            finally:
                if self._database.write_sequence is not None:
                    self._database.write_sequence.forget_key()
                self._master_key = b""
                self._lock.release()

    @property
    def is_open(self) -> bool:
        return self._database.is_open

    @property
    def read_only(self) -> bool:
        """Opened read-only because its folder can't be written; every write is refused."""
        return isinstance(self._lock, ReadOnlyAccess)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ keys

    def change_passphrase(self, new_passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the master key with a new passphrase (the data is not re-encrypted)."""
        if not new_passphrase:
            raise ValidationError("passphrase", "Please choose a passphrase.")
        with self._database.mutex:
            self._require_open()
            self._lock.ensure_held()
            updated = self._key_file.with_passphrase(
                self._master_key, new_passphrase, kdf or self._key_file.kdf
            )
            updated.write_with_copy(self.key_file_path(self.folder))
            self._key_file = updated

    def new_recovery_key(self) -> str:
        """Replace the recovery key; the old one stops working. Returns the new one."""
        with self._database.mutex:
            self._require_open()
            self._lock.ensure_held()
            recovery_key = generate_recovery_key()
            updated = self._key_file.with_recovery_key(self._master_key, recovery_key)
            updated.write_with_copy(self.key_file_path(self.folder))
            self._key_file = updated
            return recovery_key

    def rekey(
        self,
        new_passphrase: str,
        *,
        recovery_key: str | None = None,
        old_backups: OldBackups = OldBackups.REENCRYPT,
        kdf: KdfParams | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> RekeyResult:
        """A new master key, passphrase and recovery key: the old secrets stop opening anything.

        The database is copied under the new key, the journal's own backups re-encrypted (or
        deleted), and the staged files swapped in (see ``rekey``); Cancel before the swap changes
        nothing. Returns the new recovery key (``recovery_key`` if given, e.g. one already shown).
        """
        problem = passphrase_problem(new_passphrase)
        if problem is not None:
            raise ValidationError("passphrase", problem)
        with self._database.mutex, private_umask():
            connection = self._require_open()
            if self._database.damage_seen:
                raise DamagedJournal(
                    f"The journal in {self.folder} was found damaged, so it can't be re-keyed. "
                    "Nothing was changed."
                )
            self._lock.ensure_held()
            new_key = os.urandom(32)
            recovery = recovery_key or generate_recovery_key()
            key_file = new_key_file(
                self._key_file, new_key, new_passphrase, recovery, kdf or self._key_file.kdf
            )
            staged = stage_rekey(
                self.folder,
                connection,
                self._master_key,
                self.schema_version,
                new_key,
                key_file,
                old_backups,
                progress=progress,
                cancel=cancel,
            )
            self._database.close()  # checkpoints the -wal into journal.db; the lock stays held
            opened_with = self._master_key
            try:
                if not old_wal_is_empty(self.folder):
                    raise JournalError(
                        "The journal couldn't be re-keyed because it is busy; nothing was "
                        "changed. Please close other windows and try again."
                    )
                finish_staged_rekey(self.folder, new_key)
                opened_with = new_key
            finally:
                self._reopen_after_rekey(new_key, opened_with)
                if self._master_key != new_key:
                    # Still on the old key: entries written from now on must never be
                    # overwritten by the staged copy on a later open with the new secrets.
                    discard_staging(self.folder)
            return replace(staged, recovery_key=recovery)

    def _reopen_after_rekey(self, new_key: bytes, expected: bytes) -> None:
        """Reopen the database with whichever key it now has (the expected one first)."""
        try:
            connection, self._master_key = open_with_first_key(
                self.database_path(self.folder), (expected, new_key, self._master_key)
            )
        except JournalError:
            self._lock.release()
            raise
        self._key_file = KeyFile.read(self.key_file_path(self.folder))
        self._database.reopen(connection)
        self._start_write_sequence()  # replaces the old key's sequence: seals with the new key

    @property
    def kdf(self) -> KdfParams:
        return self._key_file.kdf

    # ------------------------------------------------------------------ transactions and state

    def _require_open(self) -> sqlcipher3.Connection:
        return self._database.require_open()

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Group many writes into one all-or-nothing transaction (an exception undoes them all)."""
        with self._database.transaction():
            yield

    @property
    def damage_seen(self) -> bool:
        """Whether damage was found in this session; from then on every write is refused."""
        return self._database.damage_seen

    @property
    def write_sequence(self) -> int:
        """How many write transactions this journal has committed since it kept count."""
        return int(self._database.query("SELECT number FROM write_sequence WHERE id = 1")[0][0])

    @property
    def schema_version(self) -> int:
        return int(self._database.query("PRAGMA user_version")[0][0])

    def pragma(self, name: str) -> Any:
        """Read one connection setting (tests assert the security-relevant ones)."""
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(name)
        rows = self._database.query(f"PRAGMA {name}")
        return rows[0][0] if rows else None

    def _migrate(self, *, backup_first: bool, just_created: bool) -> None:
        back_up = self.backup_to if backup_first else None
        migrate(self._database, just_created=just_created, back_up=back_up)

    # ------------------------------------------------------------------ maintenance

    def backup_to(self, target_folder: Path) -> Path:
        """Write an encrypted copy of this journal (database and key file) into a new folder.

        Uses ``sqlcipher_export`` into a temporary file that is then renamed, never a file copy of
        the live database. The copy is read on a connection of its own, in one read transaction,
        so the journal stays free to read and write meanwhile. The same secrets open the copy.
        """
        target_folder = Path(target_folder)
        with self._database.mutex:
            self._require_open()
            master_key, key_file = self._master_key, self._key_file
        with private_umask():
            make_private_dir(target_folder)
            target_db = target_folder / DATABASE_NAME
            if target_db.exists():
                raise JournalExists(f"There is already a journal in {target_folder}.")
            write_keyed_copy(self.database_path(self.folder), master_key, target_db)
            key_file.write(target_folder / KEY_FILE_NAME)
        return target_folder

    def integrity_problems(self) -> list[str]:
        """Run SQLCipher's page check and SQLite's full check; an empty list means healthy.

        The check reads on a read-only connection of its own, so the journal stays free to use
        meanwhile. Any problem found also marks the journal damaged for this session (writes are
        refused).
        """
        with self._database.mutex:
            self._require_open()
            master_key = self._master_key
        try:
            with read_only_connection(self.database_path(self.folder), master_key) as connection:
                problems = integrity_findings(connection)
        except DamagedJournal as error:
            problems = [str(error)]
        if problems:
            self._database.mark_damaged()
        return problems
