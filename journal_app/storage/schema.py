"""The database schema as numbered migrations.

Each migration is a list of statements applied in one transaction, after which the database's
``user_version`` is set to its number. Add a migration by appending to :data:`MIGRATIONS`; never
edit one that has shipped. A journal newer than :data:`LATEST_VERSION` is refused, and a backup
copy is taken before any migration runs (see ``Vault``).
"""

from __future__ import annotations

from collections.abc import Sequence

Migration = Sequence[str]

_V1: Migration = (
    """
    CREATE TABLE entries (
        id           INTEGER PRIMARY KEY,
        uid          TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL CHECK (kind IN ('session', 'block', 'reflection')),
        private      INTEGER NOT NULL DEFAULT 0,
        occurred_at  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        deleted_at   TEXT,
        title        TEXT NOT NULL DEFAULT '',
        details      TEXT NOT NULL DEFAULT '{}',
        -- Long text last: columns after it would sit in overflow pages and slow every list query.
        body         TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX entries_by_time ON entries (deleted_at, occurred_at DESC, id DESC)",
    "CREATE INDEX entries_by_kind ON entries (kind, occurred_at DESC)",
    """
    CREATE TABLE tags (
        id    INTEGER PRIMARY KEY,
        name    TEXT NOT NULL,
        -- name.casefold(): SQLite's NOCASE only folds ASCII, so "Ärger" and "ärger" would differ.
        folded  TEXT NOT NULL UNIQUE
    )
    """,
    """
    CREATE TABLE entry_tags (
        entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entry_id, tag_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id, entry_id)",
    """
    CREATE TABLE questions (
        id           INTEGER PRIMARY KEY,
        entry_id     INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        text         TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        resolved_on  TEXT
    )
    """,
    "CREATE INDEX questions_by_entry ON questions (entry_id)",
    "CREATE INDEX questions_open ON questions (resolved_on, created_at)",
    """
    CREATE TABLE article_links (
        id            INTEGER PRIMARY KEY,
        entry_id      INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        article_slug  TEXT NOT NULL,
        comment_id    TEXT,
        quote         TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL
    )
    """,
    "CREATE INDEX article_links_by_entry ON article_links (entry_id)",
    "CREATE INDEX article_links_by_article ON article_links (article_slug, comment_id)",
    """
    CREATE TABLE articles (
        slug      TEXT PRIMARY KEY,
        document  TEXT NOT NULL,
        added_at  TEXT NOT NULL
    )
    """,
    """
    CREATE VIRTUAL TABLE entry_search USING fts5 (
        title, body, details, tags, questions,
        tokenize = 'unicode61 remove_diacritics 2',
        -- Prefix indexes keep search-as-you-type fast on long journals (the last word typed is
        -- matched as a prefix).
        prefix = '2 3 4 5 6'
    )
    """,
)

# v2: editor drafts, saved every few seconds while typing so a crash loses (almost) nothing.
# They live inside the encrypted database like everything else. ``entry_key`` is chosen by the
# editor (for example ``entry:42`` or ``new:<uuid>``); ``payload`` is the editor's JSON state.
_V2: Migration = (
    """
    CREATE TABLE drafts (
        entry_key  TEXT PRIMARY KEY,
        payload    TEXT NOT NULL,
        saved_at   TEXT NOT NULL
    )
    """,
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2)
LATEST_VERSION = len(MIGRATIONS)
