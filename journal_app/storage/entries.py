"""Entries: saving, reading and listing them, and the Trash they go to before they are gone."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import sqlcipher3

from journal_app.domain import (
    Entry,
    EntryFilter,
    EntryKind,
    EntrySummary,
    details_from_dict,
    details_to_dict,
    normalize_tags,
    utc_now,
    validate_entry,
)
from journal_app.storage.database import Database
from journal_app.storage.errors import EntryNotFound, JournalError
from journal_app.storage.links import LinkStore, insert_link
from journal_app.storage.questions import QuestionStore, insert_question
from journal_app.storage.records import ListCursor
from journal_app.storage.rows import (
    SUMMARY_SELECT,
    parse_timestamp,
    require_entry,
    summary_from_row,
    timestamp,
)
from journal_app.storage.search import matching_ids_clause
from journal_app.storage.tags import TagStore, drop_unused_tags, set_tags

_LOAD_CHUNK = 500  # ids per IN (...) list when loading whole entries


class EntryStore:
    """``vault.entries``: every entry, whole or as list rows, and the Trash."""

    def __init__(
        self, database: Database, tags: TagStore, questions: QuestionStore, links: LinkStore
    ) -> None:
        self._database = database
        self._tags = tags
        self._questions = questions
        self._links = links

    # ------------------------------------------------------------------ saving

    def add(self, entry: Entry) -> Entry:
        """Save a new entry with its tags, questions and links; returns it as stored."""
        if entry.id is not None:
            raise ValueError("entries.add takes a new entry; use entries.update for a saved one")
        entry = replace(entry, uid=entry.uid or uuid.uuid4().hex, updated_at=utc_now())
        entry_id = self._insert(entry)
        return self.get(entry_id)

    def add_imported(self, entry: Entry) -> int:
        """Save an entry from an import as it was: its uid and all three timestamps are kept.

        Returns the new entry's id. Callers check ``id_for_uid`` first (imports are idempotent);
        a duplicate uid raises ``JournalError``.
        """
        if not entry.uid:
            raise ValueError("an imported entry needs a uid")
        try:
            return self._insert(entry)
        except sqlcipher3.IntegrityError:
            raise JournalError("An entry with the same identity is already here.") from None

    def _insert(self, entry: Entry) -> int:
        """Store a new entry exactly as given (uid and timestamps included) with its parts."""
        entry = replace(entry, tags=normalize_tags(entry.tags))
        validate_entry(entry)
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO entries (uid, kind, title, body, details, private, occurred_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.uid,
                    *_content_columns(entry),
                    timestamp(entry.created_at),
                    timestamp(entry.updated_at),
                ),
            )
            entry_id = int(cursor.lastrowid or 0)
            set_tags(connection, entry_id, entry.tags)
            for question in entry.questions:
                insert_question(connection, entry_id, question)
            for link in entry.links:
                insert_link(connection, entry_id, link)
            self._database.index_on_commit(entry_id)
        return entry_id

    def update(self, entry: Entry) -> Entry:
        """Save an entry's text, details, tags, date and private flag.

        Questions and links have their own stores, so an editor saving an entry never undoes a
        question resolved elsewhere in the meantime.
        """
        entry_id = entry.id
        if entry_id is None:
            raise ValueError("entries.update needs an entry that was saved before")
        entry = replace(entry, tags=normalize_tags(entry.tags))
        validate_entry(replace(entry, questions=(), links=()))
        now = utc_now()
        with self._database.transaction() as connection:
            self._database.forget_indexed(connection, entry_id)
            cursor = connection.execute(
                "UPDATE entries SET kind = ?, title = ?, body = ?, details = ?, private = ?,"
                " occurred_at = ?, updated_at = ? WHERE id = ?",
                (*_content_columns(entry), timestamp(now), entry_id),
            )
            if cursor.rowcount == 0:
                raise EntryNotFound(entry_id)
            set_tags(connection, entry_id, entry.tags)
            self._database.index_on_commit(entry_id)
        return replace(entry, updated_at=now)

    # ------------------------------------------------------------------ reading

    def get(self, entry_id: int) -> Entry:
        entries = self.get_many([entry_id], include_deleted=True)
        if not entries:
            raise EntryNotFound(entry_id)
        return entries[0]

    def get_many(self, entry_ids: Sequence[int], *, include_deleted: bool = False) -> list[Entry]:
        """Whole entries (with tags, questions and links), in the order of ``entry_ids``."""
        found: dict[int, Entry] = {}
        for chunk_start in range(0, len(entry_ids), _LOAD_CHUNK):
            chunk = list(entry_ids[chunk_start : chunk_start + _LOAD_CHUNK])
            found.update(self._load(chunk, include_deleted))
        return [found[entry_id] for entry_id in entry_ids if entry_id in found]

    def _load(self, entry_ids: list[int], include_deleted: bool) -> dict[int, Entry]:
        if not entry_ids:
            return {}
        marks = ",".join("?" * len(entry_ids))
        deleted_clause = "" if include_deleted else " AND deleted_at IS NULL"
        with self._database.mutex:
            rows = self._database.query(
                "SELECT id, uid, kind, title, body, details, private, occurred_at, created_at,"
                f" updated_at, deleted_at FROM entries WHERE id IN ({marks}){deleted_clause}",
                entry_ids,
            )
            tags = self._tags.for_entries(entry_ids)
            questions = self._questions.for_entries(entry_ids)
            links = self._links.for_entries(entry_ids)
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
                occurred_at=parse_timestamp(row[7]),
                created_at=parse_timestamp(row[8]),
                updated_at=parse_timestamp(row[9]),
                deleted_at=parse_timestamp(row[10]) if row[10] else None,
                tags=tuple(tags.get(row[0], ())),
                questions=tuple(questions.get(row[0], ())),
                links=tuple(links.get(row[0], ())),
            )
        return result

    def id_for_uid(self, uid: str) -> int | None:
        rows = self._database.query("SELECT id FROM entries WHERE uid = ?", (uid,))
        return int(rows[0][0]) if rows else None

    def summaries(
        self,
        entry_filter: EntryFilter | None = None,
        *,
        limit: int = 50,
        after: ListCursor | None = None,
        offset: int = 0,
    ) -> list[EntrySummary]:
        """List rows, newest first. Page with ``after`` (the last row's cursor) or ``offset``."""
        where, parameters = _filter_clause(entry_filter or EntryFilter())
        if after is not None:
            where.append("(e.occurred_at < ? OR (e.occurred_at = ? AND e.id < ?))")
            stamp = timestamp(after.occurred_at)
            parameters += [stamp, stamp, after.entry_id]
        sql = (
            SUMMARY_SELECT
            + " WHERE "
            + " AND ".join(where)
            + " ORDER BY e.occurred_at DESC, e.id DESC LIMIT ? OFFSET ?"
        )
        return self._summaries(sql, [*parameters, limit, offset])

    def count(self, entry_filter: EntryFilter | None = None) -> int:
        where, parameters = _filter_clause(entry_filter or EntryFilter())
        rows = self._database.query(
            f"SELECT count(*) FROM entries e WHERE {' AND '.join(where)}", parameters
        )
        return int(rows[0][0])

    @staticmethod
    def cursor_after(summary: EntrySummary) -> ListCursor:
        return ListCursor.after(summary)

    def _summaries(self, sql: str, parameters: Sequence[Any]) -> list[EntrySummary]:
        return [summary_from_row(row) for row in self._database.query(sql, parameters)]

    # ------------------------------------------------------------------ the Trash

    def delete(self, entry_id: int) -> None:
        """Move an entry to the Trash (restorable)."""
        with self._database.transaction() as connection:
            self._database.forget_indexed(connection, entry_id)
            cursor = connection.execute(
                "UPDATE entries SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (timestamp(utc_now()), entry_id),
            )
            if cursor.rowcount == 0:
                require_entry(connection, entry_id)

    def restore(self, entry_id: int) -> None:
        """Bring an entry back from the Trash."""
        with self._database.transaction() as connection:
            require_entry(connection, entry_id)
            self._database.forget_indexed(connection, entry_id)
            connection.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", (entry_id,))
            self._database.index_on_commit(entry_id)

    def purge(self, entry_id: int) -> None:
        """Delete for good (links, questions and tags go with it)."""
        with self._database.transaction() as connection:
            self._database.forget_indexed(connection, entry_id)
            connection.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            drop_unused_tags(connection)

    def trashed(self) -> list[EntrySummary]:
        sql = SUMMARY_SELECT + " WHERE e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC"
        return self._summaries(sql, ())

    def empty_trash(self, *, older_than: timedelta | None = None) -> int:
        """Purge trashed entries (all, or those trashed more than ``older_than`` ago)."""
        cutoff = timestamp(utc_now() - older_than) if older_than else "9999"
        with self._database.transaction():
            ids = [
                row[0]
                for row in self._database.query(
                    "SELECT id FROM entries WHERE deleted_at IS NOT NULL AND deleted_at < ?",
                    (cutoff,),
                )
            ]
            for entry_id in ids:
                self.purge(entry_id)
        return len(ids)


def _content_columns(entry: Entry) -> tuple[str, str, str, str, int, str]:
    """kind, title, body, details, private and occurred_at, as the entries table holds them."""
    return (
        entry.kind.value,
        entry.title,
        entry.body,
        json.dumps(details_to_dict(entry.details), ensure_ascii=False),
        int(entry.private),
        timestamp(entry.occurred_at),
    )


def _filter_clause(entry_filter: EntryFilter) -> tuple[list[str], list[Any]]:
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
        parameters.append(timestamp(entry_filter.since))
    if entry_filter.until is not None:
        where.append("e.occurred_at < ?")
        parameters.append(timestamp(entry_filter.until))
    if not entry_filter.include_private:
        where.append("e.private = 0")
    if entry_filter.text.strip():
        condition, text_parameters = matching_ids_clause(entry_filter.text)
        where.append(condition)
        parameters += text_parameters
    return where, parameters
