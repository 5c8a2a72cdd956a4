"""The floor: for each vault call, the cheapest reasonable raw-SQLCipher query for the same answer.

The floor is not a replay of the vault's SQL (a replay costs whatever the vault's SQL costs, so a
ratio to it can never show a slow query). It is what a careful person would write by hand on a
bare ``sqlcipher3`` connection, keyed with the raw master key, to get the same rows a screen
needs, building no Python objects from them:

* search: the newest 50 matches straight from the FTS index (``ORDER BY rowid DESC LIMIT 50``,
  which FTS5 answers without visiting the other matches), with title, kind, date and a snippet;
* list and filter: 50 rows read along the time index, plus one query for their tags;
* one entry: an indexed fetch of its row, its tags, questions and links;
* tags with counts: one pass over the tag index;
* session prep: the newest session note by index, what happened after it (at most 30 days) and
  the open questions;
* add: one transaction inserting the row, its tags and its search-index row, no read-back.

The queries read the schema as it is (the FTS table is found in ``sqlite_master``), so they keep
working when the vault's internals change; a floor that cannot run says so in its row.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.domain import Entry, details_search_text, details_to_dict, normalize_tags
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.search import HIGHLIGHT_END, HIGHLIGHT_START, parse_query

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
PAGE = 50
PREP_DAYS = 30


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def master_key(folder: Path, passphrase: str) -> bytes:
    """Unwrap the raw SQLCipher key exactly as the vault does (Argon2id + secretbox)."""
    return KeyFile.read(folder / "journal.key").unlock_with_passphrase(passphrase)


def connect(folder: Path, key: bytes) -> sqlcipher3.Connection:
    """A bare connection keyed with the raw master key, WAL and ``synchronous=FULL``."""
    connection = sqlcipher3.connect(
        str(folder / "journal.db"), isolation_level=None, check_same_thread=False
    )
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def unlock(folder: Path, passphrase: str) -> None:
    """Floor for ``Vault.open``: derive the key, open, key and touch the database, close."""
    connect(folder, master_key(folder, passphrase)).close()


def search_table(connection: sqlcipher3.Connection) -> str:
    """The name of the entries' FTS5 table, read from the schema."""
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
        " ORDER BY name LIKE 'entr%' DESC, name"
    ).fetchall()
    if not rows:
        raise RuntimeError("no FTS5 table in this journal")
    return str(rows[0][0])


def search(connection: sqlcipher3.Connection, text: str) -> list[Any]:
    """The newest 50 matches with what a result row shows (title, kind, date, snippet)."""
    match = parse_query(text).fts
    table = search_table(connection)
    rows: list[Any] = connection.execute(
        f"SELECT e.id, e.kind, e.title, e.occurred_at,"
        f" snippet({table}, -1, ?, ?, '…', 14) FROM {table}"
        f" JOIN entries e ON e.id = {table}.rowid"
        f" WHERE {table} MATCH ? ORDER BY {table}.rowid DESC LIMIT ?",
        (HIGHLIGHT_START, HIGHLIGHT_END, match, PAGE),
    ).fetchall()
    return rows


def _tags_of(connection: sqlcipher3.Connection, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows: list[Any] = connection.execute(
        "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
        f" WHERE et.entry_id IN ({marks})",
        ids,
    ).fetchall()
    return rows


_ROW = (
    "SELECT e.id, e.kind, e.title, substr(e.body, 1, 400), e.private, e.occurred_at FROM entries e"
)


def list_newest(connection: sqlcipher3.Connection) -> list[Any]:
    """The newest 50 list rows along the time index, and their tags."""
    rows: list[Any] = connection.execute(
        _ROW + " WHERE e.deleted_at IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?",
        (PAGE,),
    ).fetchall()
    _tags_of(connection, [row[0] for row in rows])
    return rows


def list_after(connection: sqlcipher3.Connection, last: Any, limit: int = 200) -> list[Any]:
    """The next page after ``last`` (a row from ``list_newest``), keyset paging on the index."""
    rows: list[Any] = connection.execute(
        _ROW + " WHERE e.deleted_at IS NULL AND (e.occurred_at < ? OR"
        " (e.occurred_at = ? AND e.id < ?)) ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?",
        (last[5], last[5], last[0], limit),
    ).fetchall()
    _tags_of(connection, [row[0] for row in rows])
    return rows


def list_filtered(
    connection: sqlcipher3.Connection, kind: str, since: datetime, until: datetime
) -> list[Any]:
    """The newest 50 of one kind in a date range, along the kind index, and their tags."""
    rows: list[Any] = connection.execute(
        _ROW + " WHERE e.kind = ? AND e.occurred_at >= ? AND e.occurred_at < ?"
        " AND e.deleted_at IS NULL ORDER BY e.occurred_at DESC LIMIT ?",
        (kind, stamp(since), stamp(until), PAGE),
    ).fetchall()
    _tags_of(connection, [row[0] for row in rows])
    return rows


def get_entry(connection: sqlcipher3.Connection, entry_id: int) -> list[Any]:
    """One entry: its row by primary key, then its tags, questions and links by index."""
    execute = connection.execute
    return [
        execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone(),
        _tags_of(connection, [entry_id]),
        execute("SELECT * FROM questions WHERE entry_id = ?", (entry_id,)).fetchall(),
        execute("SELECT * FROM article_links WHERE entry_id = ?", (entry_id,)).fetchall(),
    ]


def count_entries(connection: sqlcipher3.Connection) -> int:
    return int(
        connection.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL").fetchone()[0]
    )


def all_tags(connection: sqlcipher3.Connection) -> list[Any]:
    """Every tag with its number of entries: one pass over the tag index (no Trash in the
    benchmark journals, so the counts are the same as the vault's)."""
    rows: list[Any] = connection.execute(
        "SELECT t.name, c.n FROM (SELECT tag_id, count(*) AS n FROM entry_tags GROUP BY tag_id) c"
        " JOIN tags t ON t.id = c.tag_id ORDER BY c.n DESC"
    ).fetchall()
    return rows


def session_prep(connection: sqlcipher3.Connection, now: datetime | None = None) -> list[Any]:
    """The newest session note, the entries after it (at most the last 30 days), open questions.

    The 30-day bound is the target's ("since the last session, at most the last 30 days"), so a
    journal without session notes does not make the floor as slow as the whole journal.
    """
    execute = connection.execute
    last = execute(
        "SELECT id, occurred_at FROM entries WHERE kind = 'session' AND deleted_at IS NULL"
        " ORDER BY occurred_at DESC LIMIT 1"
    ).fetchone()
    bound = stamp((now or datetime.now(UTC)) - timedelta(days=PREP_DAYS))
    since = max(last[1], bound) if last else bound
    entries = execute(
        "SELECT id, kind, title, details, occurred_at FROM entries"
        " WHERE occurred_at > ? AND deleted_at IS NULL ORDER BY occurred_at",
        (since,),
    ).fetchall()
    questions = execute(
        "SELECT q.id, q.entry_id, q.text, q.created_at FROM questions q"
        " WHERE q.resolved_on IS NULL ORDER BY q.created_at"
    ).fetchall()
    return [last, entries, questions]


def _indexed_by_trigger(connection: sqlcipher3.Connection) -> bool:
    """True when triggers on ``entries`` keep the search index (then the floor must not)."""
    return bool(
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"
        ).fetchone()
    )


def add_entry(connection: sqlcipher3.Connection, entry: Entry) -> int:
    """One transaction: the entry row, its tags and its search-index row; nothing read back."""
    tags = normalize_tags(entry.tags)
    execute = connection.execute
    table = search_table(connection)
    by_trigger = _indexed_by_trigger(connection)
    execute("BEGIN IMMEDIATE")
    try:
        cursor = execute(
            "INSERT INTO entries (uid, kind, title, body, details, private, occurred_at,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                entry.kind.value,
                entry.title,
                entry.body,
                json.dumps(details_to_dict(entry.details), ensure_ascii=False),
                int(entry.private),
                stamp(entry.occurred_at),
                stamp(entry.created_at),
                stamp(datetime.now(UTC)),
            ),
        )
        entry_id = int(cursor.lastrowid or 0)
        for position, tag in enumerate(tags):
            execute(
                "INSERT OR IGNORE INTO tags (name, folded) VALUES (?, ?)", (tag, tag.casefold())
            )
            execute(
                "INSERT INTO entry_tags (entry_id, tag_id, position)"
                " SELECT ?, id, ? FROM tags WHERE folded = ?",
                (entry_id, position, tag.casefold()),
            )
        if not by_trigger:
            columns = [row[1] for row in execute(f"PRAGMA table_info({table})").fetchall()]
            values = {
                "title": entry.title,
                "body": entry.body,
                "details": details_search_text(entry.details),
                "tags": " ".join(tags),
                "questions": "\n".join(question.text for question in entry.questions),
            }
            execute(
                f"INSERT INTO {table} (rowid, {', '.join(columns)})"
                f" VALUES (?, {', '.join('?' * len(columns))})",
                (entry_id, *(values.get(column, "") for column in columns)),
            )
    except BaseException:
        execute("ROLLBACK")
        raise
    execute("COMMIT")
    return entry_id
