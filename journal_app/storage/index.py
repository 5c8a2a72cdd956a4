"""Keeping the full-text index current: what an entry's row in ``entry_search`` holds.

The index stores no text (external content, see schema v3): it reads title and body from
``entries`` and the text derived from details, tags and questions from ``entry_search_extra``.
FTS5 can only take a row out of such an index with exactly the text it was given, so a change
goes in two halves inside its transaction:

* :func:`forget` before the entry's text changes (or it goes to the Trash, or is purged): its
  row leaves the index, using the text as it still is;
* :func:`remember` afterwards: the entry is indexed again when the transaction commits.

Indexing is collected until just before COMMIT and done in one uninterrupted pass
(:func:`index_pending`). Any other statement between two FTS inserts (a tag insert opening a
statement savepoint, say) makes FTS5 flush what it holds as a tiny segment and merge them; one
pass per transaction keeps an import of thousands of entries in a few large segments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlcipher3

from journal_app.domain import EntryKind, details_from_dict, details_search_text

_INDEXED = "SELECT title, body, details, tags, questions FROM entry_search_source WHERE id = ?"


class PendingIndex:
    """The entries of the open transaction whose index rows are still to be written."""

    def __init__(self) -> None:
        self._ids: dict[int, None] = {}  # insertion order, no duplicates

    def add(self, entry_id: int) -> None:
        self._ids[entry_id] = None

    def discard(self, entry_id: int) -> bool:
        """Drop ``entry_id``; whether it was pending (so it is not in the index yet)."""
        if entry_id in self._ids:
            del self._ids[entry_id]
            return True
        return False

    def take(self) -> list[int]:
        ids = list(self._ids)
        self._ids.clear()
        return ids

    def clear(self) -> None:
        self._ids.clear()


def forget(connection: sqlcipher3.Connection, pending: PendingIndex, entry_id: int) -> None:
    """Take the entry's row out of the index (call before its text changes)."""
    if pending.discard(entry_id):
        return  # changed earlier in this transaction: its row is not written yet
    row = connection.execute(_INDEXED, (entry_id,)).fetchone()
    if row is None:
        return  # in the Trash, or never indexed
    connection.execute(
        "INSERT INTO entry_search (entry_search, rowid, title, body, details, tags, questions)"
        " VALUES ('delete', ?, ?, ?, ?, ?, ?)",
        (entry_id, *row),
    )


def remember(pending: PendingIndex, entry_id: int) -> None:
    """Index the entry (again) when the transaction commits."""
    pending.add(entry_id)


def index_pending(connection: sqlcipher3.Connection, entry_ids: Iterable[int]) -> None:
    """Write the index rows of ``entry_ids``: their derived text first, then every FTS insert."""
    ids = list(entry_ids)
    if not ids:
        return
    rows: list[tuple[int, str, str, str, str, str]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        tags: dict[int, list[str]] = {}
        for entry_id, name in connection.execute(
            "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
            f" WHERE et.entry_id IN ({marks}) ORDER BY et.entry_id, et.position",
            chunk,
        ):
            tags.setdefault(entry_id, []).append(name)
        questions: dict[int, list[str]] = {}
        for entry_id, text in connection.execute(
            f"SELECT entry_id, text FROM questions WHERE entry_id IN ({marks})"
            " ORDER BY entry_id, id",
            chunk,
        ):
            questions.setdefault(entry_id, []).append(text)
        for entry_id, kind, title, body, details in connection.execute(
            f"SELECT id, kind, title, body, details FROM entries WHERE id IN ({marks})"
            " AND deleted_at IS NULL",
            chunk,
        ):
            parsed = details_from_dict(EntryKind(kind), json.loads(details))
            details_text = details_search_text(parsed)
            rows.append(
                (
                    entry_id,
                    title,
                    body,
                    details_text,
                    " ".join(tags.get(entry_id, ())),
                    "\n".join(questions.get(entry_id, ())),
                )
            )
    connection.executemany(
        "INSERT INTO entry_search_extra (entry_id, details, tags, questions) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (entry_id) DO UPDATE SET details = excluded.details,"
        " tags = excluded.tags, questions = excluded.questions",
        [(row[0], row[3], row[4], row[5]) for row in rows],
    )
    # Nothing else runs between these inserts, so FTS5 keeps building one segment in memory.
    connection.executemany(
        "INSERT INTO entry_search (rowid, title, body, details, tags, questions)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
