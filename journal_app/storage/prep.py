"""What session prep reads: the span since the last session, what happened in it, block strengths.

Everything here is bounded: the span is at most a month or so (``domain/prep.py`` says how it is
chosen), and within it only the newest ``PREP_ENTRY_LIMIT`` entries are loaded whole, read along
the time index, so prep costs the same for a journal of a hundred entries or of 200,000.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from journal_app.domain import Entry
from journal_app.domain.prep import SPAN_DAYS, BlockMoment, PrepSpan, SessionPrep, prep_span
from journal_app.storage.appointments import AppointmentStore
from journal_app.storage.database import Database
from journal_app.storage.entries import EntryStore
from journal_app.storage.questions import QuestionStore
from journal_app.storage.rows import parse_timestamp, timestamp

# The most entries of one span loaded whole; older ones in the span are counted, not loaded.
PREP_ENTRY_LIMIT = 400


class PrepQueries:
    """``vault.prep``: read-only queries for the prep screen, patterns and export summary."""

    def __init__(
        self,
        database: Database,
        entries: EntryStore,
        questions: QuestionStore,
        appointments: AppointmentStore,
    ) -> None:
        self._database = database
        self._entries = entries
        self._questions = questions
        self._appointments = appointments

    def last_session_note(self) -> Entry | None:
        rows = self._database.query(
            "SELECT id FROM entries WHERE kind = 'session' AND deleted_at IS NULL"
            " ORDER BY occurred_at DESC, id DESC LIMIT 1"
        )
        return self._entries.get(int(rows[0][0])) if rows else None

    def span(self, *, days: int = SPAN_DAYS, now: datetime | None = None) -> PrepSpan:
        """Since the last session note or past appointment, at most ``days`` (``domain/prep``)."""
        moment = now or datetime.now(UTC)
        note = self.last_session_note()
        appointment = self._appointments.last(moment.astimezone().replace(tzinfo=None))
        return prep_span(
            note.occurred_at if note else None,
            appointment.starts_at.astimezone() if appointment else None,
            moment,
            days=days,
        )

    def gather(
        self,
        *,
        days: int = SPAN_DAYS,
        now: datetime | None = None,
        limit: int = PREP_ENTRY_LIMIT,
        include_private: bool = True,
    ) -> SessionPrep:
        """Everything in the span, for the prep screen and the export summary."""
        span = self.span(days=days, now=now)
        entries, more = self.entries_in_span(span, limit=limit, include_private=include_private)
        return SessionPrep.gather(
            self.last_session_note(),
            entries,
            self._questions.still_open(include_private=include_private),
            span,
            more_entries=more,
            earlier_entries=self.has_entries_before(span, include_private=include_private),
        )

    def entries_in_span(
        self, span: PrepSpan, *, limit: int = PREP_ENTRY_LIMIT, include_private: bool = True
    ) -> tuple[list[Entry], int]:
        """The newest ``limit`` entries after the span's start, oldest first, and how many more."""
        where, parameters = self._after(span.start, include_private)
        ids = [
            int(row[0])
            for row in self._database.query(
                f"SELECT id FROM entries WHERE {where} ORDER BY occurred_at DESC, id DESC LIMIT ?",
                [*parameters, limit],
            )
        ]
        more = 0
        if len(ids) == limit:
            rows = self._database.query(f"SELECT count(*) FROM entries WHERE {where}", parameters)
            more = int(rows[0][0]) - limit
        ids.reverse()
        return self._entries.get_many(ids), more

    def has_entries_before(self, span: PrepSpan, *, include_private: bool = True) -> bool:
        """Whether widening the span could show more (only when the day limit set its start)."""
        if not span.may_have_earlier:
            return False
        private = "" if include_private else " AND private = 0"
        rows = self._database.query(
            f"SELECT 1 FROM entries WHERE deleted_at IS NULL AND occurred_at <= ?{private} LIMIT 1",
            (timestamp(span.start),),
        )
        return bool(rows)

    @staticmethod
    def _after(moment: datetime, include_private: bool) -> tuple[str, list[Any]]:
        where = "deleted_at IS NULL AND occurred_at > ?"
        return (where if include_private else where + " AND private = 0"), [timestamp(moment)]

    def entries_since(
        self, moment: datetime | None, *, include_private: bool = True
    ) -> list[Entry]:
        """Whole entries that happened after ``moment`` (all when None), oldest first.

        Unbounded: for checks and copies, never for a screen (use ``gather``).
        """
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

    def since_last_session(self) -> tuple[Entry | None, list[Entry]]:
        """The latest session note, and every entry after it (oldest first); unbounded."""
        last = self.last_session_note()
        return last, self.entries_since(last.occurred_at if last else None)
