"""The open journal database the vault's stores share: one connection, one lock, transactions.

The connection is shared by the UI thread and worker threads, so all database work is serialised
by one re-entrant lock. Every write is one transaction; nested use joins the outer one. Once a
sign of damage is seen in a session, every later write is refused with :class:`DamagedJournal`,
so nothing is written on top of a file that is already failing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from journal_app.storage.connection import damaged_journal, is_damage, raise_write_failure
from journal_app.storage.errors import DamagedJournal, JournalError
from journal_app.storage.index import PendingIndex, forget, index_pending, remember
from journal_app.storage.rows import grouped_by_entry
from journal_app.storage.wal_guard import WriteSequence

T = TypeVar("T")


class Database:
    """One keyed connection to ``folder``'s journal database, for the vault and its stores."""

    def __init__(
        self,
        folder: Path,
        connection: sqlcipher3.Connection,
        before_write: Callable[[], None] | None = None,
    ) -> None:
        self.folder = folder
        # Called before every write transaction: the vault re-checks its writer lock there, so a
        # deleted journal.lock never lets a second writer in.
        self._before_write = before_write or (lambda: None)
        self._connection: sqlcipher3.Connection | None = connection
        self.mutex = threading.RLock()
        self._transaction_depth = 0
        self._damage_seen = False
        self._pending_index = PendingIndex()
        # Set by the vault once the schema has its write_sequence table (after migrations).
        self.write_sequence: WriteSequence | None = None

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    @property
    def damage_seen(self) -> bool:
        """Whether damage was found in this session (writes are refused from then on)."""
        return self._damage_seen

    def mark_damaged(self) -> None:
        self._damage_seen = True

    def require_open(self) -> sqlcipher3.Connection:
        if self._connection is None:
            raise JournalError("This journal is locked.")
        return self._connection

    def close(self) -> None:
        """Flush the write-ahead log into the database file and close the connection."""
        with self.mutex:
            if self._connection is None:
                return
            try:
                with contextlib.suppress(sqlcipher3.DatabaseError):
                    self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._connection.close()
            finally:
                self._connection = None

    def reopen(self, connection: sqlcipher3.Connection) -> None:
        """Use a new connection after :meth:`close` (the journal was re-keyed in between)."""
        with self.mutex:
            if self._connection is not None:
                raise JournalError("The journal is still open.")
            self._connection = connection

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self.mutex:
            try:
                return list(self.require_open().execute(sql, parameters).fetchall())
            except sqlcipher3.DatabaseError as error:
                self._raise_if_damaged(error)
                raise

    def _raise_if_damaged(self, error: BaseException) -> None:
        if is_damage(error):
            self._damage_seen = True
            raise damaged_journal(self.folder) from None

    def _refuse_writes_if_damaged(self) -> None:
        if self._damage_seen:
            raise DamagedJournal(
                f"The journal in {self.folder} was found damaged, so nothing more is written to "
                "it. What was saved before is left exactly as it is; a backup can bring the "
                "journal back."
            )

    def forget_indexed(self, connection: sqlcipher3.Connection, entry_id: int) -> None:
        """Take an entry out of the search index before its text changes (see ``index``)."""
        forget(connection, self._pending_index, entry_id)

    def index_on_commit(self, entry_id: int) -> None:
        """Index an entry (again) when the open transaction commits."""
        remember(self._pending_index, entry_id)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """One write transaction; nested use joins the outer one."""
        with self.mutex:
            connection = self.require_open()
            if self._transaction_depth:
                self._transaction_depth += 1
                try:
                    yield connection
                finally:
                    self._transaction_depth -= 1
                return
            self._refuse_writes_if_damaged()
            self._before_write()
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as error:
                self._raise_if_damaged(error)
                raise_write_failure(error, self.folder)
                raise
            self._transaction_depth = 1
            sequence = self.write_sequence
            try:
                yield connection
                if sequence is not None:
                    sequence.bump(connection)
                index_pending(connection, self._pending_index.take())
            except BaseException as error:
                self._transaction_depth = 0
                self._pending_index.clear()
                if sequence is not None:
                    sequence.rolled_back()
                # After a disk-full or I/O error SQLite may already have rolled back.
                with contextlib.suppress(sqlcipher3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                if isinstance(error, sqlcipher3.Error):
                    self._raise_if_damaged(error)
                    raise_write_failure(error, self.folder)
                raise
            self._transaction_depth = 0
            try:
                connection.execute("COMMIT")
            except sqlcipher3.Error as error:
                if sequence is not None:
                    sequence.rolled_back()
                with contextlib.suppress(sqlcipher3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                self._raise_if_damaged(error)
                raise_write_failure(error, self.folder)
                raise
            if sequence is not None:
                sequence.committed()


class Store:
    """What every room of the vault (``vault.tags``, ``vault.links``…) starts from: the one
    shared database it works on."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def _grouped_by_entry(
        self, select: str, entry_ids: list[int], convert: Callable[[Sequence[Any]], T]
    ) -> dict[int, list[T]]:
        """The rows of ``select`` (columns ``id, entry_id, …`` of a table with ``created_at``)
        for ``entry_ids``, oldest first, converted and gathered per entry."""
        marks = ",".join("?" * len(entry_ids))
        rows = self._database.query(
            f"{select} WHERE entry_id IN ({marks}) ORDER BY created_at, id", entry_ids
        )
        return grouped_by_entry(rows, convert)
