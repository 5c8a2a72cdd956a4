"""What session prep reads: the latest session note, what happened since, block strengths."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from journal_app.domain import Entry
from journal_app.domain.prep import BlockMoment, SessionPrep
from journal_app.storage.database import Database
from journal_app.storage.entries import EntryStore
from journal_app.storage.questions import QuestionStore
from journal_app.storage.rows import parse_timestamp, timestamp


class PrepQueries:
    """``vault.prep``: read-only queries for the prep screen, patterns and export summary."""

    def __init__(self, database: Database, entries: EntryStore, questions: QuestionStore) -> None:
        self._database = database
        self._entries = entries
        self._questions = questions

    def last_session_note(self) -> Entry | None:
        rows = self._database.query(
            "SELECT id FROM entries WHERE kind = 'session' AND deleted_at IS NULL"
            " ORDER BY occurred_at DESC, id DESC LIMIT 1"
        )
        return self._entries.get(int(rows[0][0])) if rows else None

    def entries_since(
        self, moment: datetime | None, *, include_private: bool = True
    ) -> list[Entry]:
        """Whole entries that happened after ``moment`` (all when None), oldest first."""
        where = ["deleted_at IS NULL"]
        parameters: list[Any] = []
        if moment is not None:
            where.append("occurred_at > ?")
            parameters.append(timestamp(moment))
        if not include_private:
            where.append("private = 0")
        ids = [
            int(row[0])
            for row in self._database.query(
                f"SELECT id FROM entries WHERE {' AND '.join(where)} ORDER BY occurred_at, id",
                parameters,
            )
        ]
        return self._entries.get_many(ids)

    def block_moments(self, since: datetime | None = None) -> list[BlockMoment]:
        """When each emotional block happened and how strong it was, oldest first (for charts)."""
        rows = self._database.query(
            "SELECT occurred_at, json_extract(details, '$.feeling_intensity'),"
            " json_extract(details, '$.block_intensity') FROM entries"
            " WHERE kind = 'block' AND deleted_at IS NULL AND occurred_at >= ?"
            " ORDER BY occurred_at",
            (timestamp(since) if since else "",),
        )
        return [
            BlockMoment(parse_timestamp(stamp), int(feeling or 0), int(block or 0))
            for stamp, feeling, block in rows
        ]

    def gather(self) -> SessionPrep:
        """Everything since the latest session note, for the prep screen and export summary."""
        last, entries = self.since_last_session()
        return SessionPrep.gather(last, entries, self._questions.still_open())

    def since_last_session(self) -> tuple[Entry | None, list[Entry]]:
        """The latest session note, and every entry that happened after it (oldest first)."""
        last = self.last_session_note()
        return last, self.entries_since(last.occurred_at if last else None)
