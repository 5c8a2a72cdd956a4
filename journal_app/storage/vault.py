"""The encrypted journal: the one door through which the app and the CLI reach journal data.

A journal is a folder holding ``journal.db`` (SQLCipher 4, keyed with a random raw master key),
``journal.key`` (that key wrapped by the passphrase and by the recovery key, see ``keyfile``) and
``journal.lock`` (one writer at a time). No SQL exists outside this package.

Every write is one transaction. The connection is shared by the UI thread and worker threads, so
all database work is serialised by one re-entrant lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.domain import (
    ArticleLink,
    Entry,
    EntryFilter,
    EntryKind,
    EntrySummary,
    Question,
    details_from_dict,
    details_search_text,
    details_to_dict,
    entry_snippet,
    normalize_tags,
    utc_now,
    validate_entry,
    validate_question,
)
from journal_app.domain.prep import BlockMoment, SessionPrep
from journal_app.domain.validation import ValidationError, validate_link
from journal_app.storage.errors import (
    DamagedJournal,
    DiskFull,
    EntryNotFound,
    JournalError,
    JournalExists,
    NewerJournal,
    NotAJournal,
    WriteFailed,
)
from journal_app.storage.files import make_private_dir, private_umask
from journal_app.storage.keyfile import (
    DEFAULT_KDF,
    KdfParams,
    KeyFile,
    generate_recovery_key,
)
from journal_app.storage.lock import JournalLock
from journal_app.storage.recovery import Draft, finish_interrupted_restore
from journal_app.storage.schema import LATEST_VERSION, MIGRATIONS
from journal_app.storage.search import HIGHLIGHT_END, HIGHLIGHT_START, parse_query

DATABASE_NAME = "journal.db"
KEY_FILE_NAME = "journal.key"
LOCK_FILE_NAME = "journal.lock"
BACKUP_DIR_NAME = "backups"

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TAG_SEPARATOR = "\x1f"


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime(_TIMESTAMP_FORMAT)


def _parse_timestamp(text: str) -> datetime:
    # fromisoformat reads our own "...Z" stamps (Python 3.11+) about 20x faster than strptime,
    # which dominated the cost of a list page (two stamps per row).
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class SearchHit:
    entry_id: int
    kind: EntryKind
    title: str
    occurred_at: datetime
    snippet: str  # matches wrapped in HIGHLIGHT_START / HIGHLIGHT_END
    score: float  # lower is better (FTS5 bm25)

    @property
    def display_title(self) -> str:
        return self.title.strip() or f"{self.kind.label}, {self.occurred_at.astimezone():%d %b %Y}"


@dataclass(frozen=True)
class LinkedEntry:
    """An entry that links to an article, seen from the article's side."""

    link: ArticleLink
    entry: EntrySummary


@dataclass(frozen=True)
class ListCursor:
    """Where the next page of a list starts (keyset paging stays fast deep into a long journal)."""

    occurred_at: datetime
    entry_id: int


class Vault:
    """An open, unlocked journal. Create with :meth:`create` or :meth:`open`; close when done."""

    def __init__(
        self,
        folder: Path,
        connection: sqlcipher3.Connection,
        key_file: KeyFile,
        master_key: bytes,
        lock: JournalLock,
    ) -> None:
        self.folder = folder
        self._connection: sqlcipher3.Connection | None = connection
        self._key_file = key_file
        self._master_key = master_key
        self._lock = lock
        self._mutex = threading.RLock()
        self._transaction_depth = 0

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
                connection = _connect(cls.database_path(folder), master_key)
            except BaseException:
                lock.release()
                for created in (cls.key_file_path(folder), cls.database_path(folder)):
                    with contextlib.suppress(FileNotFoundError):
                        created.unlink()
                raise
        vault = cls(folder, connection, key_file, master_key, lock)
        vault._migrate(backup_first=False)
        return vault, recovery_key

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Vault:
        folder = Path(folder)
        key_file = cls._read_key_file(folder)
        master_key = key_file.unlock_with_passphrase(passphrase)
        return cls._open_with_master_key(folder, key_file, master_key)

    @classmethod
    def open_with_recovery_key(cls, folder: Path, recovery_key: str) -> Vault:
        """Open with the recovery key; callers then usually :meth:`change_passphrase`."""
        folder = Path(folder)
        key_file = cls._read_key_file(folder)
        master_key = key_file.unlock_with_recovery_key(recovery_key)
        return cls._open_with_master_key(folder, key_file, master_key)

    @classmethod
    def _read_key_file(cls, folder: Path) -> KeyFile:
        """Read-only checks that need no passphrase: the files are there and not empty."""
        if not folder.is_dir():
            raise NotAJournal(f"There is no journal in {folder}.")
        finish_interrupted_restore(folder)  # a verified restore cut short by a crash
        key_path = cls.key_file_path(folder)
        database = cls.database_path(folder)
        if not key_path.exists() and not database.exists():
            raise NotAJournal(f"There is no journal in {folder}.")
        key_file = KeyFile.read(key_path)
        if not database.exists():
            raise DamagedJournal(
                f"The journal in {folder} is missing its database file ({DATABASE_NAME}). "
                "Nothing was changed."
            )
        if database.stat().st_size == 0:
            raise DamagedJournal(
                f"The journal's database in {folder} is empty (0 bytes), so it can't be opened. "
                "It was left as it is."
            )
        return key_file

    @classmethod
    def _open_with_master_key(cls, folder: Path, key_file: KeyFile, master_key: bytes) -> Vault:
        lock = JournalLock(folder / LOCK_FILE_NAME)
        with private_umask():
            lock.acquire()
            try:
                connection = _connect(cls.database_path(folder), master_key)
                key_file = key_file.after_unlock(master_key)  # seal; repair from the spare copy
            except BaseException:
                lock.release()
                raise
        vault = cls(folder, connection, key_file, master_key, lock)
        try:
            vault._migrate(backup_first=True)
        except BaseException:
            vault.close()
            raise
        return vault

    def close(self) -> None:
        """Flush the write-ahead log into the database, close it and release the lock."""
        with self._mutex:
            if self._connection is None:
                return
            try:
                with contextlib.suppress(sqlcipher3.DatabaseError):
                    self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._connection.close()
            finally:
                self._connection = None
                self._master_key = b""
                self._lock.release()

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ keys

    def change_passphrase(self, new_passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the master key with a new passphrase (the data is not re-encrypted)."""
        if not new_passphrase:
            raise ValidationError("passphrase", "Please choose a passphrase.")
        with self._mutex:
            self._require_open()
            updated = self._key_file.with_passphrase(
                self._master_key, new_passphrase, kdf or self._key_file.kdf
            )
            updated.write_with_copy(self.key_file_path(self.folder))
            self._key_file = updated

    def new_recovery_key(self) -> str:
        """Replace the recovery key; the old one stops working. Returns the new one."""
        with self._mutex:
            self._require_open()
            recovery_key = generate_recovery_key()
            updated = self._key_file.with_recovery_key(self._master_key, recovery_key)
            updated.write_with_copy(self.key_file_path(self.folder))
            self._key_file = updated
            return recovery_key

    @property
    def kdf(self) -> KdfParams:
        return self._key_file.kdf

    # ------------------------------------------------------------------ plumbing

    def _require_open(self) -> sqlcipher3.Connection:
        if self._connection is None:
            raise JournalError("This journal is locked.")
        return self._connection

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlcipher3.Connection]:
        """One write transaction; nested use joins the outer one."""
        with self._mutex:
            connection = self._require_open()
            if self._transaction_depth:
                self._transaction_depth += 1
                try:
                    yield connection
                finally:
                    self._transaction_depth -= 1
                return
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as error:
                _raise_write_failure(error)
                raise
            self._transaction_depth = 1
            try:
                yield connection
            except BaseException as error:
                self._transaction_depth = 0
                # After a disk-full or I/O error SQLite may already have rolled back.
                with contextlib.suppress(sqlcipher3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                if isinstance(error, sqlcipher3.Error):
                    _raise_write_failure(error)
                raise
            self._transaction_depth = 0
            try:
                connection.execute("COMMIT")
            except sqlcipher3.Error as error:
                with contextlib.suppress(sqlcipher3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                _raise_write_failure(error)
                raise

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        with self._mutex:
            try:
                return list(self._require_open().execute(sql, parameters).fetchall())
            except sqlcipher3.DatabaseError as error:
                _raise_if_damaged(error, self.folder)
                raise

    @property
    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    def pragma(self, name: str) -> Any:
        """Read one connection setting (tests assert the security-relevant ones)."""
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(name)
        rows = self._query(f"PRAGMA {name}")
        return rows[0][0] if rows else None

    def _migrate(self, *, backup_first: bool) -> None:
        version = self.schema_version
        if version > LATEST_VERSION:
            raise NewerJournal(version, LATEST_VERSION)
        if version == LATEST_VERSION:
            return
        if backup_first and version > 0:
            self.backup_to(
                self.folder / BACKUP_DIR_NAME / _backup_name(f"before-update-v{version}")
            )
        for number in range(version + 1, LATEST_VERSION + 1):
            try:
                with self._transaction() as connection:
                    for statement in MIGRATIONS[number - 1]:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {number}")
            except sqlcipher3.DatabaseError:
                # Each step is one transaction, so the journal stays at the last good version.
                raise JournalError(
                    "This journal couldn't be updated to the new format, so it was left as it "
                    "was (a copy is in its backups folder). Please report this problem."
                ) from None

    def backup_to(self, target_folder: Path) -> Path:
        """Write an encrypted copy of this journal (database and key file) into a new folder.

        Uses ``sqlcipher_export`` into a temporary file that is then renamed, never a file copy of
        the live database. The same passphrase and recovery key open the copy.
        """
        target_folder = Path(target_folder)
        with private_umask(), self._mutex:
            connection = self._require_open()
            make_private_dir(target_folder)
            target_db = target_folder / DATABASE_NAME
            if target_db.exists():
                raise JournalExists(f"There is already a journal in {target_folder}.")
            partial = target_folder / (DATABASE_NAME + ".partial")
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            connection.execute(
                f"ATTACH DATABASE ? AS backup KEY \"x'{self._master_key.hex()}'\"",
                (str(partial),),
            )
            try:
                # The partial file is fsynced and renamed only when complete, so per-statement
                # journaling and syncing would only slow the export down (0.35 s -> 2 ms empty).
                connection.execute("PRAGMA backup.journal_mode = OFF")
                connection.execute("PRAGMA backup.synchronous = OFF")
                connection.execute("SELECT sqlcipher_export('backup')")
                connection.execute(f"PRAGMA backup.user_version = {self.schema_version}")
            finally:
                connection.execute("DETACH DATABASE backup")
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target_db)
            self._key_file.write(target_folder / KEY_FILE_NAME)
        return target_folder

    def integrity_problems(self) -> list[str]:
        """Run SQLCipher's page check and SQLite's full check; an empty list means healthy."""
        problems: list[str] = []
        for statement in ("PRAGMA cipher_integrity_check", "PRAGMA integrity_check"):
            try:
                with self._mutex:  # not _query: the raw finding is wanted here, not a verdict
                    rows = self._require_open().execute(statement).fetchall()
            except sqlcipher3.DatabaseError as error:
                # A damaged page can make the check itself fail ("database disk image is
                # malformed"); that is a finding to report, not a crash.
                problems.append(str(error))
                continue
            for (message,) in rows:
                if message != "ok":
                    problems.append(str(message))
        return problems

    # ------------------------------------------------------------------ entries

    def add_entry(self, entry: Entry) -> Entry:
        """Save a new entry with its tags, questions and links; returns it as stored."""
        if entry.id is not None:
            raise ValueError("add_entry takes a new entry; use update_entry for an existing one")
        entry = replace(entry, uid=entry.uid or uuid.uuid4().hex, updated_at=utc_now())
        entry_id = self._insert_entry(entry)
        return self.get_entry(entry_id)

    def _insert_entry(self, entry: Entry) -> int:
        """Store a new entry exactly as given (uid and timestamps included) with its parts."""
        entry = replace(entry, tags=normalize_tags(entry.tags))
        validate_entry(entry)
        with self._transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO entries (uid, kind, title, body, details, private, occurred_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.uid,
                    entry.kind.value,
                    entry.title,
                    entry.body,
                    json.dumps(details_to_dict(entry.details), ensure_ascii=False),
                    int(entry.private),
                    _timestamp(entry.occurred_at),
                    _timestamp(entry.created_at),
                    _timestamp(entry.updated_at),
                ),
            )
            entry_id = int(cursor.lastrowid or 0)
            self._set_tags(connection, entry_id, entry.tags)
            for question in entry.questions:
                self._insert_question(connection, entry_id, question)
            for link in entry.links:
                self._insert_link(connection, entry_id, link)
            self._reindex(connection, entry_id)
        return entry_id

    def update_entry(self, entry: Entry) -> Entry:
        """Save an entry's text, details, tags, date and private flag.

        Questions and links have their own methods, so an editor saving an entry never undoes a
        question resolved elsewhere in the meantime.
        """
        entry_id = entry.id
        if entry_id is None:
            raise ValueError("update_entry needs an entry that was saved before")
        entry = replace(entry, tags=normalize_tags(entry.tags))
        validate_entry(replace(entry, questions=(), links=()))
        now = utc_now()
        with self._transaction() as connection:
            cursor = connection.execute(
                "UPDATE entries SET kind = ?, title = ?, body = ?, details = ?, private = ?,"
                " occurred_at = ?, updated_at = ? WHERE id = ?",
                (
                    entry.kind.value,
                    entry.title,
                    entry.body,
                    json.dumps(details_to_dict(entry.details), ensure_ascii=False),
                    int(entry.private),
                    _timestamp(entry.occurred_at),
                    _timestamp(now),
                    entry_id,
                ),
            )
            if cursor.rowcount == 0:
                raise EntryNotFound(entry_id)
            self._set_tags(connection, entry_id, entry.tags)
            self._reindex(connection, entry_id)
        return replace(entry, updated_at=now)

    def get_entry(self, entry_id: int) -> Entry:
        entries = self.get_entries([entry_id], include_deleted=True)
        if not entries:
            raise EntryNotFound(entry_id)
        return entries[0]

    def get_entries(
        self, entry_ids: Sequence[int], *, include_deleted: bool = False
    ) -> list[Entry]:
        """Whole entries (with tags, questions and links), in the order of ``entry_ids``."""
        found: dict[int, Entry] = {}
        for chunk_start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[chunk_start : chunk_start + 500])
            found.update(self._load_entries(chunk, include_deleted))
        return [found[entry_id] for entry_id in entry_ids if entry_id in found]

    def _load_entries(self, entry_ids: list[int], include_deleted: bool) -> dict[int, Entry]:
        if not entry_ids:
            return {}
        marks = ",".join("?" * len(entry_ids))
        deleted_clause = "" if include_deleted else " AND deleted_at IS NULL"
        with self._mutex:
            rows = self._query(
                "SELECT id, uid, kind, title, body, details, private, occurred_at, created_at,"
                f" updated_at, deleted_at FROM entries WHERE id IN ({marks}){deleted_clause}",
                entry_ids,
            )
            tags = self._tags_for(entry_ids)
            questions: dict[int, list[Question]] = {}
            for row in self._query(
                "SELECT id, entry_id, text, created_at, resolved_on FROM questions"
                f" WHERE entry_id IN ({marks}) ORDER BY created_at, id",
                entry_ids,
            ):
                questions.setdefault(row[1], []).append(_question_from_row(row))
            links: dict[int, list[ArticleLink]] = {}
            for row in self._query(
                "SELECT id, entry_id, article_slug, comment_id, quote, created_at"
                f" FROM article_links WHERE entry_id IN ({marks}) ORDER BY created_at, id",
                entry_ids,
            ):
                links.setdefault(row[1], []).append(_link_from_row(row))
        result: dict[int, Entry] = {}
        for row in rows:
            kind = EntryKind(row[2])
            result[row[0]] = Entry(
                id=row[0],
                uid=row[1],
                kind=kind,
                title=row[3],
                body=row[4],
                details=details_from_dict(kind, json.loads(row[5])),
                private=bool(row[6]),
                occurred_at=_parse_timestamp(row[7]),
                created_at=_parse_timestamp(row[8]),
                updated_at=_parse_timestamp(row[9]),
                deleted_at=_parse_timestamp(row[10]) if row[10] else None,
                tags=tuple(tags.get(row[0], ())),
                questions=tuple(questions.get(row[0], ())),
                links=tuple(links.get(row[0], ())),
            )
        return result

    def entry_id_for_uid(self, uid: str) -> int | None:
        rows = self._query("SELECT id FROM entries WHERE uid = ?", (uid,))
        return int(rows[0][0]) if rows else None

    def list_entries(
        self,
        entry_filter: EntryFilter | None = None,
        *,
        limit: int = 50,
        after: ListCursor | None = None,
        offset: int = 0,
    ) -> list[EntrySummary]:
        """Newest first. Page with ``after`` (the last row's cursor) or ``offset``."""
        where, parameters = self._filter_clause(entry_filter or EntryFilter())
        if after is not None:
            where.append("(e.occurred_at < ? OR (e.occurred_at = ? AND e.id < ?))")
            stamp = _timestamp(after.occurred_at)
            parameters += [stamp, stamp, after.entry_id]
        sql = (
            _SUMMARY_SELECT
            + " WHERE "
            + " AND ".join(where)
            + " ORDER BY e.occurred_at DESC, e.id DESC LIMIT ? OFFSET ?"
        )
        return self._summaries(sql, [*parameters, limit, offset])

    def count_entries(self, entry_filter: EntryFilter | None = None) -> int:
        where, parameters = self._filter_clause(entry_filter or EntryFilter())
        rows = self._query(
            f"SELECT count(*) FROM entries e WHERE {' AND '.join(where)}", parameters
        )
        return int(rows[0][0])

    @staticmethod
    def cursor_after(summary: EntrySummary) -> ListCursor:
        return ListCursor(summary.occurred_at, summary.id)

    def _filter_clause(self, entry_filter: EntryFilter) -> tuple[list[str], list[Any]]:
        where = ["e.deleted_at IS NULL"]
        parameters: list[Any] = []
        if entry_filter.kinds:
            kinds = sorted(kind.value for kind in entry_filter.kinds)
            where.append(f"e.kind IN ({','.join('?' * len(kinds))})")
            parameters += kinds
        for tag in sorted(entry_filter.tags):
            where.append(
                "e.id IN (SELECT et.entry_id FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
                " WHERE t.folded = ?)"
            )
            parameters.append(tag.casefold())
        if entry_filter.since is not None:
            where.append("e.occurred_at >= ?")
            parameters.append(_timestamp(entry_filter.since))
        if entry_filter.until is not None:
            where.append("e.occurred_at < ?")
            parameters.append(_timestamp(entry_filter.until))
        if not entry_filter.include_private:
            where.append("e.private = 0")
        if entry_filter.text.strip():
            fts = parse_query(entry_filter.text).fts
            if fts:
                where.append("e.id IN (SELECT rowid FROM entry_search WHERE entry_search MATCH ?)")
                parameters.append(fts)
            else:
                where.append("0")
        return where, parameters

    def _summaries(self, sql: str, parameters: Sequence[Any]) -> list[EntrySummary]:
        rows = self._query(sql, parameters)
        return [_summary_from_row(row) for row in rows]

    # ------------------------------------------------------------------ trash

    def delete_entry(self, entry_id: int) -> None:
        """Move an entry to the Trash (restorable)."""
        with self._transaction() as connection:
            cursor = connection.execute(
                "UPDATE entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (_timestamp(utc_now()), entry_id),
            )
            if cursor.rowcount == 0:
                self._require_entry(connection, entry_id)
            connection.execute("DELETE FROM entry_search WHERE rowid = ?", (entry_id,))

    def restore_entry(self, entry_id: int) -> None:
        with self._transaction() as connection:
            self._require_entry(connection, entry_id)
            connection.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", (entry_id,))
            self._reindex(connection, entry_id)

    def purge_entry(self, entry_id: int) -> None:
        """Delete for good (links, questions and tags go with it)."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM entry_search WHERE rowid = ?", (entry_id,))
            connection.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            connection.execute(
                # NOT EXISTS probes entry_tags_by_tag once per tag; NOT IN built a list of
                # every tag link in the journal on each save (0.4 ms at 18k links, growing).
                "DELETE FROM tags WHERE NOT EXISTS"
                " (SELECT 1 FROM entry_tags et WHERE et.tag_id = tags.id)"
            )

    def trashed_entries(self) -> list[EntrySummary]:
        sql = _SUMMARY_SELECT + " WHERE e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC"
        return self._summaries(sql, ())

    def empty_trash(self, *, older_than: timedelta | None = None) -> int:
        """Purge trashed entries (all, or those trashed more than ``older_than`` ago)."""
        cutoff = _timestamp(utc_now() - older_than) if older_than else "9999"
        with self._transaction():
            ids = [
                row[0]
                for row in self._query(
                    "SELECT id FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?",
                    (cutoff,),
                )
            ]
            for entry_id in ids:
                self.purge_entry(entry_id)
        return len(ids)

    # ------------------------------------------------------------------ tags

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many (non-trashed) entries carry it, most used first."""
        rows = self._query(
            "SELECT t.name, count(e.id) FROM tags t JOIN entry_tags et ON et.tag_id = t.id"
            " JOIN entries e ON e.id = et.entry_id AND e.deleted_at IS NULL"
            " GROUP BY t.id ORDER BY count(e.id) DESC, t.folded"
        )
        return [(str(name), int(count)) for name, count in rows]

    def _set_tags(
        self, connection: sqlcipher3.Connection, entry_id: int, tags: Iterable[str]
    ) -> None:
        connection.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        for position, tag in enumerate(tags):
            connection.execute(
                "INSERT OR IGNORE INTO tags (name, folded) VALUES (?, ?)", (tag, tag.casefold())
            )
            connection.execute(
                "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id, position)"
                " SELECT ?, id, ? FROM tags WHERE folded = ?",
                (entry_id, position, tag.casefold()),
            )
        connection.execute(
            # NOT EXISTS probes entry_tags_by_tag once per tag; NOT IN built a list of
            # every tag link in the journal on each save (0.4 ms at 18k links, growing).
            "DELETE FROM tags WHERE NOT EXISTS"
            " (SELECT 1 FROM entry_tags et WHERE et.tag_id = tags.id)"
        )

    def _tags_for(self, entry_ids: list[int]) -> dict[int, list[str]]:
        marks = ",".join("?" * len(entry_ids))
        tags: dict[int, list[str]] = {}
        for entry_id, name in self._query(
            "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
            f" WHERE et.entry_id IN ({marks}) ORDER BY et.position",
            entry_ids,
        ):
            tags.setdefault(entry_id, []).append(name)
        return tags

    # ------------------------------------------------------------------ questions

    def add_question(self, entry_id: int, text: str) -> Question:
        question = Question(text=text.strip(), entry_id=entry_id)
        validate_question(question)
        with self._transaction() as connection:
            self._require_entry(connection, entry_id)
            question_id = self._insert_question(connection, entry_id, question)
            self._reindex(connection, entry_id)
        return replace(question, id=question_id)

    def edit_question(self, question_id: int, text: str) -> None:
        validate_question(Question(text=text))
        with self._transaction() as connection:
            entry_id = self._question_entry(connection, question_id)
            connection.execute(
                "UPDATE questions SET text = ? WHERE id = ?", (text.strip(), question_id)
            )
            self._reindex(connection, entry_id)

    def resolve_question(self, question_id: int, on: date | None = None) -> None:
        resolved_on = (on or datetime.now().date()).isoformat()
        with self._transaction() as connection:
            self._question_entry(connection, question_id)
            connection.execute(
                "UPDATE questions SET resolved_on = ? WHERE id = ?", (resolved_on, question_id)
            )

    def reopen_question(self, question_id: int) -> None:
        with self._transaction() as connection:
            self._question_entry(connection, question_id)
            connection.execute(
                "UPDATE questions SET resolved_on = NULL WHERE id = ?", (question_id,)
            )

    def delete_question(self, question_id: int) -> None:
        with self._transaction() as connection:
            entry_id = self._question_entry(connection, question_id)
            connection.execute("DELETE FROM questions WHERE id = ?", (question_id,))
            self._reindex(connection, entry_id)

    def open_questions(self, *, include_private: bool = True) -> list[Question]:
        """Open questions from entries not in the Trash, oldest first."""
        private_clause = "" if include_private else " AND e.private = 0"
        rows = self._query(
            "SELECT q.id, q.entry_id, q.text, q.created_at, q.resolved_on FROM questions q"
            " JOIN entries e ON e.id = q.entry_id"
            f" WHERE q.resolved_on IS NULL AND e.deleted_at IS NULL{private_clause}"
            " ORDER BY q.created_at, q.id"
        )
        return [_question_from_row(row) for row in rows]

    def _insert_question(
        self, connection: sqlcipher3.Connection, entry_id: int, question: Question
    ) -> int:
        validate_question(question)
        cursor = connection.execute(
            "INSERT INTO questions (entry_id, text, created_at, resolved_on) VALUES (?, ?, ?, ?)",
            (
                entry_id,
                question.text.strip(),
                _timestamp(question.created_at),
                question.resolved_on.isoformat() if question.resolved_on else None,
            ),
        )
        return int(cursor.lastrowid or 0)

    def _question_entry(self, connection: sqlcipher3.Connection, question_id: int) -> int:
        row = connection.execute(
            "SELECT entry_id FROM questions WHERE id = ?", (question_id,)
        ).fetchone()
        if row is None:
            raise JournalError("That question is no longer in the journal.")
        return int(row[0])

    # ------------------------------------------------------------------ article links

    def add_link(self, entry_id: int, link: ArticleLink) -> ArticleLink:
        validate_link(link)
        with self._transaction() as connection:
            self._require_entry(connection, entry_id)
            link_id = self._insert_link(connection, entry_id, link)
        return replace(link, id=link_id, entry_id=entry_id)

    def remove_link(self, link_id: int) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM article_links WHERE id = ?", (link_id,))

    def links_to_article(self, article_slug: str) -> list[LinkedEntry]:
        """Entries (not in the Trash) linking to an article, newest first, one row per link."""
        rows = self._query(
            "SELECT id, entry_id, article_slug, comment_id, quote, created_at FROM article_links"
            " WHERE article_slug = ? ORDER BY created_at DESC, id DESC",
            (article_slug,),
        )
        links = [_link_from_row(row) for row in rows]
        entry_ids = sorted({link.entry_id for link in links if link.entry_id is not None})
        if not entry_ids:
            return []
        marks = ",".join("?" * len(entry_ids))
        summaries = {
            summary.id: summary
            for summary in self._summaries(
                _SUMMARY_SELECT + f" WHERE e.deleted_at IS NULL AND e.id IN ({marks})", entry_ids
            )
        }
        return [
            LinkedEntry(link=link, entry=summaries[link.entry_id])
            for link in links
            if link.entry_id in summaries
        ]

    def link_counts(self) -> dict[str, int]:
        """How many entries (not in the Trash) link to each article."""
        rows = self._query(
            "SELECT l.article_slug, count(DISTINCT l.entry_id) FROM article_links l"
            " JOIN entries e ON e.id = l.entry_id WHERE e.deleted_at IS NULL"
            " GROUP BY l.article_slug"
        )
        return {str(slug): int(count) for slug, count in rows}

    def _insert_link(
        self, connection: sqlcipher3.Connection, entry_id: int, link: ArticleLink
    ) -> int:
        validate_link(link)
        cursor = connection.execute(
            "INSERT INTO article_links (entry_id, article_slug, comment_id, quote, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (entry_id, link.article_slug, link.comment_id, link.quote, _timestamp(link.created_at)),
        )
        return int(cursor.lastrowid or 0)

    # ------------------------------------------------------------------ search

    def search(
        self, text: str, *, limit: int = 50, include_private: bool = True
    ) -> list[SearchHit]:
        """Ranked full-text search over titles, bodies, details, tags and questions.

        Whatever a person types, this never raises: text with nothing searchable finds nothing.
        """
        query = parse_query(text)
        if not query.fts:
            return []
        # Two steps: rank first, then build snippets for the page of results only. Asking for
        # snippets in the ranking query computes one for every match (hundreds of ms for a
        # common word in a long journal).
        if include_private:
            ranking = (
                "SELECT rowid, bm25(entry_search, 8, 1, 1, 4, 2) AS score FROM entry_search"
                " WHERE entry_search MATCH ? ORDER BY score LIMIT ?"
            )
        else:
            ranking = (
                "SELECT entry_search.rowid, bm25(entry_search, 8, 1, 1, 4, 2) AS score"
                " FROM entry_search JOIN entries e ON e.id = entry_search.rowid"
                " WHERE entry_search MATCH ? AND e.private = 0 ORDER BY score LIMIT ?"
            )
        hits: list[SearchHit] = []
        with self._mutex:
            try:
                ranked = self._query(ranking, (query.fts, limit))
                if not ranked:
                    return []
                marks = ",".join("?" * len(ranked))
                metadata = {
                    row[0]: row
                    for row in self._query(
                        f"SELECT id, kind, title, occurred_at FROM entries WHERE id IN ({marks})",
                        [entry_id for entry_id, _score in ranked],
                    )
                }
                for entry_id, score in ranked:
                    snippet_rows = self._query(
                        "SELECT snippet(entry_search, -1, ?, ?, '…', 14) FROM entry_search"
                        " WHERE entry_search MATCH ? AND rowid = ?",
                        (HIGHLIGHT_START, HIGHLIGHT_END, query.fts, entry_id),
                    )
                    row = metadata.get(entry_id)
                    if row is None or not snippet_rows:
                        continue
                    hits.append(
                        SearchHit(
                            entry_id=entry_id,
                            kind=EntryKind(row[1]),
                            title=row[2],
                            occurred_at=_parse_timestamp(row[3]),
                            snippet=snippet_rows[0][0],
                            score=float(score),
                        )
                    )
            except sqlcipher3.OperationalError:
                # The query builder quotes every term, so this is not expected; but a search box
                # must never crash the app, so an unforeseen FTS complaint means "no results".
                return []
        return hits

    def _reindex(self, connection: sqlcipher3.Connection, entry_id: int) -> None:
        row = connection.execute(
            "SELECT kind, title, body, details, deleted_at FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        connection.execute("DELETE FROM entry_search WHERE rowid = ?", (entry_id,))
        if row is None or row[4] is not None:
            return
        kind = EntryKind(row[0])
        details_text = details_search_text(details_from_dict(kind, json.loads(row[3])))
        tags = " ".join(
            name
            for (name,) in connection.execute(
                "SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
                " WHERE et.entry_id = ?",
                (entry_id,),
            )
        )
        questions = "\n".join(
            text
            for (text,) in connection.execute(
                "SELECT text FROM questions WHERE entry_id = ?", (entry_id,)
            )
        )
        connection.execute(
            "INSERT INTO entry_search (rowid, title, body, details, tags, questions)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (entry_id, row[1], row[2], details_text, tags, questions),
        )

    def _require_entry(self, connection: sqlcipher3.Connection, entry_id: int) -> None:
        if connection.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
            raise EntryNotFound(entry_id)

    # ------------------------------------------------------------------ session prep

    def last_session_note(self) -> Entry | None:
        rows = self._query(
            "SELECT id FROM entries WHERE kind = 'session' AND deleted_at IS NULL"
            " ORDER BY occurred_at DESC, id DESC LIMIT 1"
        )
        return self.get_entry(int(rows[0][0])) if rows else None

    def entries_since(
        self, moment: datetime | None, *, include_private: bool = True
    ) -> list[Entry]:
        """Whole entries that happened after ``moment`` (all when None), oldest first."""
        where = ["deleted_at IS NULL"]
        parameters: list[Any] = []
        if moment is not None:
            where.append("occurred_at > ?")
            parameters.append(_timestamp(moment))
        if not include_private:
            where.append("private = 0")
        ids = [
            int(row[0])
            for row in self._query(
                f"SELECT id FROM entries WHERE {' AND '.join(where)} ORDER BY occurred_at, id",
                parameters,
            )
        ]
        return self.get_entries(ids)

    def block_moments(self, since: datetime | None = None) -> list[BlockMoment]:
        """When each emotional block happened and how strong it was, oldest first (for charts)."""
        rows = self._query(
            "SELECT occurred_at, json_extract(details, '$.feeling_intensity'),"
            " json_extract(details, '$.block_intensity') FROM entries"
            " WHERE kind = 'block' AND deleted_at IS NULL AND occurred_at >= ?"
            " ORDER BY occurred_at",
            (_timestamp(since) if since else "",),
        )
        return [
            BlockMoment(_parse_timestamp(stamp), int(feeling or 0), int(block or 0))
            for stamp, feeling, block in rows
        ]

    def session_prep(self) -> SessionPrep:
        """Everything since the latest session note, for the prep screen and export summary."""
        last, entries = self.entries_since_last_session()
        return SessionPrep.gather(last, entries, self.open_questions())

    def entries_since_last_session(self) -> tuple[Entry | None, list[Entry]]:
        """The latest session note, and every entry that happened after it (oldest first)."""
        last = self.last_session_note()
        return last, self.entries_since(last.occurred_at if last else None)

    # ------------------------------------------------------------------ imported articles

    def save_article(self, slug: str, document: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO articles (slug, document, added_at) VALUES (?, ?, ?)"
                " ON CONFLICT (slug) DO UPDATE SET document = excluded.document",
                (slug, document, _timestamp(utc_now())),
            )

    def stored_articles(self) -> list[tuple[str, str]]:
        rows = self._query("SELECT slug, document FROM articles ORDER BY added_at, slug")
        return [(str(slug), str(document)) for slug, document in rows]

    def delete_article(self, slug: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM articles WHERE slug = ?", (slug,))

    # ---- drafts (crash safety) ----------------------------------------------------------------
    # Also here: ``bulk`` (one transaction for imports) and ``add_imported_entry`` (keeps the
    # source's uid and timestamps, so an export -> import -> export round trip is identical).

    def save_draft(self, key: str, payload: dict[str, Any]) -> None:
        """Keep the editor's unsaved state for ``key`` (replacing an older draft of it)."""
        if not key:
            raise ValueError("a draft needs a key")
        document = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO drafts (entry_key, payload, saved_at) VALUES (?, ?, ?)"
                " ON CONFLICT (entry_key) DO UPDATE SET payload = excluded.payload,"
                " saved_at = excluded.saved_at",
                (key, document, _timestamp(utc_now())),
            )

    def drafts(self) -> list[Draft]:
        """Drafts left behind (for example by a crash), newest first."""
        rows = self._query("SELECT entry_key, payload, saved_at FROM drafts ORDER BY saved_at DESC")
        return [
            Draft(key=str(key), payload=json.loads(payload), saved_at=_parse_timestamp(saved_at))
            for key, payload, saved_at in rows
        ]

    def discard_draft(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM drafts WHERE entry_key = ?", (key,))

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Group many writes into one all-or-nothing transaction (an exception undoes them all)."""
        with self._transaction():
            yield

    def add_imported_entry(self, entry: Entry) -> int:
        """Save an entry from an import as it was: its uid and all three timestamps are kept.

        Returns the new entry's id. Callers check ``entry_id_for_uid`` first (imports are
        idempotent); a duplicate uid raises ``JournalError``.
        """
        if not entry.uid:
            raise ValueError("an imported entry needs a uid")
        try:
            return self._insert_entry(entry)
        except sqlcipher3.IntegrityError:
            raise JournalError("An entry with the same identity is already here.") from None


_SUMMARY_SELECT = (
    "SELECT e.id, e.kind, e.title, substr(e.body, 1, 400), e.details, e.private, e.occurred_at,"
    " e.updated_at,"
    " (SELECT count(*) FROM article_links l WHERE l.entry_id = e.id),"
    " (SELECT count(*) FROM questions q WHERE q.entry_id = e.id AND q.resolved_on IS NULL),"
    " (SELECT group_concat(name, char(31)) FROM (SELECT t.name AS name FROM entry_tags et"
    "   JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id ORDER BY et.position))"
    " FROM entries e"
)


def _summary_from_row(row: Sequence[Any]) -> EntrySummary:
    kind = EntryKind(row[1])
    return EntrySummary(
        id=row[0],
        kind=kind,
        title=row[2],
        snippet=entry_snippet(row[3], details_from_dict(kind, json.loads(row[4]))),
        tags=tuple(row[10].split(_TAG_SEPARATOR)) if row[10] else (),
        private=bool(row[5]),
        occurred_at=_parse_timestamp(row[6]),
        updated_at=_parse_timestamp(row[7]),
        link_count=int(row[8]),
        open_question_count=int(row[9]),
    )


def _question_from_row(row: Sequence[Any]) -> Question:
    return Question(
        id=row[0],
        entry_id=row[1],
        text=row[2],
        created_at=_parse_timestamp(row[3]),
        resolved_on=date.fromisoformat(row[4]) if row[4] else None,
    )


def _link_from_row(row: Sequence[Any]) -> ArticleLink:
    return ArticleLink(
        id=row[0],
        entry_id=row[1],
        article_slug=row[2],
        comment_id=row[3],
        quote=row[4],
        created_at=_parse_timestamp(row[5]),
    )


def _raise_write_failure(error: sqlcipher3.Error) -> None:
    """Turn SQLite's "disk is full" and "disk I/O error" into errors a person can act on."""
    message = str(error).lower()
    if "database or disk is full" in message:
        raise DiskFull() from error
    if "disk i/o error" in message:
        raise WriteFailed() from error


_DAMAGE_SIGNS = ("malformed", "not a database", "hmac")


def _raise_if_damaged(error: sqlcipher3.DatabaseError, folder: Path) -> None:
    """A page that fails to decrypt or parse means a damaged file, not a programming error."""
    if any(sign in str(error).lower() for sign in _DAMAGE_SIGNS):
        raise DamagedJournal(
            f"Part of the journal in {folder} is damaged and can't be read. It was left exactly "
            "as it is; a backup can bring the journal back."
        ) from None


def _backup_name(reason: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{reason}"


def _connect(path: Path, master_key: bytes) -> sqlcipher3.Connection:
    """Open and key the database, refusing anything that is not a readable journal.

    Never creates a database from ``open``: callers check the file exists first. Called inside
    ``private_umask`` so the -wal and -shm files SQLite makes are private too.
    """
    is_new = not path.exists()
    connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # Keep SQLCipher's own log (HMAC failures and the like) off stderr.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{master_key.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not is_new:
            _check_not_truncated(connection, path)
        _apply_settings(connection)
    except sqlcipher3.DatabaseError:
        connection.close()
        raise DamagedJournal(
            f"The journal's database in {path.parent} is damaged or isn't a journal, so it "
            "can't be opened. It was left exactly as it is; a backup can bring the journal back."
        ) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _check_not_truncated(connection: sqlcipher3.Connection, path: Path) -> None:
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # pages may legitimately live only in the WAL until the next checkpoint
    page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(connection.execute("PRAGMA page_count").fetchone()[0])
    if path.stat().st_size < page_size * page_count:
        raise sqlcipher3.DatabaseError("database file is shorter than its header says")


_REQUIRED_SETTINGS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "temp_store": 2,  # MEMORY: with FILE, SQLCipher could spill plaintext into temp files
    "foreign_keys": 1,
}


def _apply_settings(connection: sqlcipher3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 5000")
    for name, expected in _REQUIRED_SETTINGS.items():
        actual = connection.execute(f"PRAGMA {name}").fetchone()[0]
        if actual != expected:
            raise JournalError(f"Could not set up the journal safely ({name} is {actual}).")


def copy_journal_folder(source: Path, target: Path) -> None:
    """Copy a closed journal's files (used by tests and restore; never on a live journal)."""
    make_private_dir(target)
    for name in (DATABASE_NAME, KEY_FILE_NAME):
        shutil.copy2(source / name, target / name)
