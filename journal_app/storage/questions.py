"""Questions for my therapist: asked on an entry, ticked off once talked about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import sqlcipher3

from journal_app.domain import Question, validate_question
from journal_app.storage.database import Store
from journal_app.storage.rows import (
    existing_row,
    question_from_row,
    require_entry,
    timestamp,
)


class QuestionStore(Store):
    """``vault.questions``: add, edit, resolve and list the questions on entries."""

    def add(self, entry_id: int, text: str) -> Question:
        question = Question(text=text.strip(), entry_id=entry_id)
        validate_question(question)
        with self._database.transaction() as connection:
            require_entry(connection, entry_id)
            self._database.forget_indexed(connection, entry_id)
            question_id = insert_question(connection, entry_id, question)
            self._database.index_on_commit(entry_id)
        return replace(question, id=question_id)

    def edit(self, question_id: int, text: str) -> None:
        validate_question(Question(text=text))
        with self._database.transaction() as connection:
            entry_id = _question_entry(connection, question_id)
            self._database.forget_indexed(connection, entry_id)
            connection.execute(
                "UPDATE questions SET text = ? WHERE id = ?", (text.strip(), question_id)
            )
            self._database.index_on_commit(entry_id)

    def resolve(self, question_id: int, on: date | None = None) -> None:
        resolved_on = (on or datetime.now().date()).isoformat()
        with self._database.transaction() as connection:
            _question_entry(connection, question_id)
            connection.execute(
                "UPDATE questions SET resolved_on = ? WHERE id = ?", (resolved_on, question_id)
            )

    def reopen(self, question_id: int) -> None:
        with self._database.transaction() as connection:
            _question_entry(connection, question_id)
            connection.execute(
                "UPDATE questions SET resolved_on = NULL WHERE id = ?", (question_id,)
            )

    def delete(self, question_id: int) -> None:
        with self._database.transaction() as connection:
            entry_id = _question_entry(connection, question_id)
            self._database.forget_indexed(connection, entry_id)
            connection.execute("DELETE FROM questions WHERE id = ?", (question_id,))
            self._database.index_on_commit(entry_id)

    def still_open(self, *, include_private: bool = True) -> list[Question]:
        """Open questions from entries not in the Trash, oldest first."""
        private_clause = "" if include_private else " AND e.private = 0"
        rows = self._database.query(
            "SELECT q.id, q.entry_id, q.text, q.created_at, q.resolved_on FROM questions q"
            " JOIN entries e ON e.id = q.entry_id"
            f" WHERE q.resolved_on IS NULL AND e.deleted_at IS NULL{private_clause}"
            " ORDER BY q.created_at, q.id"
        )
        return [question_from_row(row) for row in rows]

    def for_entries(self, entry_ids: list[int]) -> dict[int, list[Question]]:
        return self._grouped_by_entry(
            "SELECT id, entry_id, text, created_at, resolved_on FROM questions",
            entry_ids,
            question_from_row,
        )


def insert_question(connection: sqlcipher3.Connection, entry_id: int, question: Question) -> int:
    validate_question(question)
    cursor = connection.execute(
        "INSERT INTO questions (entry_id, text, created_at, resolved_on) VALUES (?, ?, ?, ?)",
        (
            entry_id,
            question.text.strip(),
            timestamp(question.created_at),
            question.resolved_on.isoformat() if question.resolved_on else None,
        ),
    )
    return int(cursor.lastrowid or 0)


def _question_entry(connection: sqlcipher3.Connection, question_id: int) -> int:
    row = existing_row(
        connection,
        "SELECT entry_id FROM questions WHERE id = ?",
        (question_id,),
        "That question is no longer in the journal.",
    )
    return int(row[0])
