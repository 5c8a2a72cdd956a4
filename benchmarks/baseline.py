"""The baseline: the vault's own SQL run through bare ``sqlcipher3`` calls on the same database.

Each function here issues the statements the matching ``Vault`` method issues (same SQL, same
parameters, same ``fetchall``) but builds no Python objects from the rows. Comparing the two
tells how much the vault layer adds on top of SQLCipher itself.

Read-only operations need no copy of the SQL: ``run.py`` records the statements a vault call
runs (SQLite's trace hook, values filled in) and ``replay`` runs them here, so the baseline
follows the vault whenever its queries change. ``add_entry`` writes, so it cannot be replayed;
it is a copy of ``Vault.entries.add``'s statements, and ``run.py`` warns if the two drift apart.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from journal_app.domain import Entry, details_search_text, details_to_dict, normalize_tags
from journal_app.storage.keyfile import KeyFile
from journal_app.storage.rows import SUMMARY_SELECT as _VAULT_SUMMARY_SELECT

# The list query's SELECT part; taken from the vault so the two can never drift apart.
SUMMARY_SELECT: str = _VAULT_SUMMARY_SELECT

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def master_key(folder: Path, passphrase: str) -> bytes:
    """Unwrap the raw SQLCipher key exactly as the vault does (Argon2id + secretbox)."""
    return KeyFile.read(folder / "journal.key").unlock_with_passphrase(passphrase)


def connect(folder: Path, key: bytes) -> sqlcipher3.Connection:
    """A bare connection keyed with the raw master key and the vault's connection settings."""
    connection = sqlcipher3.connect(
        str(folder / "journal.db"), isolation_level=None, check_same_thread=False
    )
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    for pragma in (
        "journal_mode = WAL",
        "synchronous = FULL",
        "temp_store = MEMORY",
        "foreign_keys = ON",
        "busy_timeout = 5000",
    ):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def unlock(folder: Path, passphrase: str) -> None:
    """Baseline for ``Vault.open``: derive the key, open, key and touch the database, close."""
    connect(folder, master_key(folder, passphrase)).close()


def list_newest(connection: sqlcipher3.Connection, limit: int = 50) -> list[Any]:
    """Mirror of ``Vault.list_entries(limit=50)`` (the memory probe pages with it)."""
    rows: list[Any] = connection.execute(
        SUMMARY_SELECT
        + " WHERE e.deleted_at IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT ? OFFSET ?",
        (limit, 0),
    ).fetchall()
    return rows


def replay(connection: sqlcipher3.Connection, statements: list[str]) -> list[list[Any]]:
    """Run statements recorded from a vault call (values already filled in), reading all rows."""
    return [connection.execute(statement).fetchall() for statement in statements]


def add_entry(connection: sqlcipher3.Connection, entry: Entry) -> int:
    """Mirror of ``Vault.entries.add``: one transaction of the vault's inserts, then the reads."""
    tags = normalize_tags(entry.tags)
    now = stamp(datetime.now(UTC))
    execute = connection.execute
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
                now,
            ),
        )
        entry_id = int(cursor.lastrowid or 0)
        execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        for position, tag in enumerate(tags):
            execute(
                "INSERT OR IGNORE INTO tags (name, folded) VALUES (?, ?)", (tag, tag.casefold())
            )
            execute(
                "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id, position)"
                " SELECT ?, id, ? FROM tags WHERE folded = ?",
                (entry_id, position, tag.casefold()),
            )
        execute(
            "DELETE FROM tags WHERE NOT EXISTS"
            " (SELECT 1 FROM entry_tags et WHERE et.tag_id = tags.id)"
        )
        for question in entry.questions:
            execute(
                "INSERT INTO questions (entry_id, text, created_at, resolved_on)"
                " VALUES (?, ?, ?, ?)",
                (
                    entry_id,
                    question.text.strip(),
                    stamp(question.created_at),
                    question.resolved_on.isoformat() if question.resolved_on else None,
                ),
            )
        for link in entry.links:
            execute(
                "INSERT INTO article_links (entry_id, article_slug, comment_id, quote, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (entry_id, link.article_slug, link.comment_id, link.quote, stamp(link.created_at)),
            )
        # The search index row, as Vault._reindex builds it.
        execute(
            "SELECT kind, title, body, details, deleted_at FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        execute("DELETE FROM entry_search WHERE rowid = ?", (entry_id,))
        tag_text = " ".join(
            name
            for (name,) in execute(
                "SELECT t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
                " WHERE et.entry_id = ?",
                (entry_id,),
            )
        )
        question_text = "\n".join(
            text
            for (text,) in execute("SELECT text FROM questions WHERE entry_id = ?", (entry_id,))
        )
        execute(
            "INSERT INTO entry_search (rowid, title, body, details, tags, questions)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                entry_id,
                entry.title,
                entry.body,
                details_search_text(entry.details),
                tag_text,
                question_text,
            ),
        )
    except BaseException:
        execute("ROLLBACK")
        raise
    execute("COMMIT")
    # Vault.entries.add returns the stored entry, read back with these four queries.
    execute(
        "SELECT id, uid, kind, title, body, details, private, occurred_at, created_at,"
        " updated_at, deleted_at FROM entries WHERE id IN (?)",
        (entry_id,),
    ).fetchall()
    execute(
        "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
        " WHERE et.entry_id IN (?) ORDER BY et.position",
        (entry_id,),
    ).fetchall()
    execute(
        "SELECT id, entry_id, text, created_at, resolved_on FROM questions"
        " WHERE entry_id IN (?) ORDER BY created_at, id",
        (entry_id,),
    ).fetchall()
    execute(
        "SELECT id, entry_id, article_slug, comment_id, quote, created_at"
        " FROM article_links WHERE entry_id IN (?) ORDER BY created_at, id",
        (entry_id,),
    ).fetchall()
    return entry_id


def count_entries(connection: sqlcipher3.Connection) -> int:
    return int(
        connection.execute("SELECT count(*) FROM entries e WHERE e.deleted_at IS NULL").fetchone()[
            0
        ]
    )
