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

# Tag counts kept current by triggers (v3), made again whenever ``entries`` is rebuilt (v5).
_TAG_COUNTS: tuple[str, ...] = (
    """
    UPDATE tags SET entry_count = (
        SELECT count(*) FROM entry_tags et JOIN entries e ON e.id = et.entry_id
        WHERE et.tag_id = tags.id AND e.deleted_at IS NULL
    )
    """,
    """
    CREATE TRIGGER tag_count_on_tagging AFTER INSERT ON entry_tags
    WHEN EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id AND deleted_at IS NULL)
    BEGIN
        UPDATE tags SET entry_count = entry_count + 1 WHERE id = NEW.tag_id;
    END
    """,
    """
    CREATE TRIGGER tag_count_on_untagging AFTER DELETE ON entry_tags
    WHEN EXISTS (SELECT 1 FROM entries WHERE id = OLD.entry_id AND deleted_at IS NULL)
    BEGIN
        UPDATE tags SET entry_count = entry_count - 1 WHERE id = OLD.tag_id;
    END
    """,
    """
    CREATE TRIGGER tag_count_on_trash AFTER UPDATE OF deleted_at ON entries
    WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL)
    BEGIN
        UPDATE tags SET entry_count = entry_count
            + (CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END)
        WHERE id IN (SELECT tag_id FROM entry_tags WHERE entry_id = NEW.id);
    END
    """,
    """
    CREATE TRIGGER tag_count_on_purge BEFORE DELETE ON entries
    WHEN OLD.deleted_at IS NULL
    BEGIN
        UPDATE tags SET entry_count = entry_count - 1
        WHERE id IN (SELECT tag_id FROM entry_tags WHERE entry_id = OLD.id);
    END
    """,
)

# v3: the search index stores no text of its own, and tag counts are kept current.
# * The FTS5 table reads its text from ``entry_search_source`` (external content): title and body
#   from ``entries`` (stored once), and the text derived from details, tags and questions from
#   ``entry_search_extra``. The extra rows are filled from the old index's own copy, so the
#   migration needs no code. Entries in the Trash are not in the view and so not indexed.
# * Prefix indexes only for 2 and 3 letters: longer prefixes match few enough terms to be fast
#   without one (the last word typed is matched as a prefix), and each prefix length costs about
#   a full index more on disk.
# * ``tags.entry_count`` counts the non-trashed entries carrying each tag, kept by triggers, so
#   the tag list is a read of one small table instead of a join over every entry.
# * The two list indexes also carry the columns list filters test (kind, private, deleted_at), so
#   counting or filtering by kind, date or privacy reads only the index, never the rows.
_V3: Migration = (
    """
    CREATE TABLE entry_search_extra (
        entry_id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        details    TEXT NOT NULL DEFAULT '',
        tags       TEXT NOT NULL DEFAULT '',
        questions  TEXT NOT NULL DEFAULT ''
    )
    """,
    """
    INSERT INTO entry_search_extra (entry_id, details, tags, questions)
    SELECT s.rowid, coalesce(s.details, ''), coalesce(s.tags, ''), coalesce(s.questions, '')
    FROM entry_search s JOIN entries e ON e.id = s.rowid
    """,
    "DROP TABLE entry_search",
    """
    CREATE VIEW entry_search_source AS
    SELECT e.id AS id, e.title AS title, e.body AS body,
           x.details AS details, x.tags AS tags, x.questions AS questions
    FROM entries e JOIN entry_search_extra x ON x.entry_id = e.id
    WHERE e.deleted_at IS NULL
    """,
    """
    CREATE VIRTUAL TABLE entry_search USING fts5 (
        title, body, details, tags, questions,
        content = 'entry_search_source',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
    "INSERT INTO entry_search (entry_search) VALUES ('rebuild')",
    "DROP INDEX entries_by_time",
    """
    CREATE INDEX entries_by_time
    ON entries (deleted_at, occurred_at DESC, id DESC, kind, private)
    """,
    "DROP INDEX entries_by_kind",
    """
    CREATE INDEX entries_by_kind
    ON entries (kind, deleted_at, occurred_at DESC, id DESC, private)
    """,
    "ALTER TABLE tags ADD COLUMN entry_count INTEGER NOT NULL DEFAULT 0",
    *_TAG_COUNTS,
)

# v4: my safety plan and my appointments, inside the encrypted database like everything else.
# * The plan is one JSON document (``SafetyPlan.to_dict``) in a one-row table: it is read and
#   written whole, and a document keeps fields a newer version adds.
# * An appointment is a first local wall-clock time (no zone: "Thursdays at 17:00" stays 17:00
#   across clock changes) with an optional repetition; ``appointment_changes`` holds one-off
#   changes to single occurrences, keyed by the day the occurrence was planned for: a skipped
#   one has no ``moved_to``.
_V4: Migration = (
    """
    CREATE TABLE safety_plan (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        document    TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE appointments (
        id              INTEGER PRIMARY KEY,
        starts_at       TEXT NOT NULL,
        recurrence      TEXT NOT NULL DEFAULT 'none'
                        CHECK (recurrence IN ('none', 'weekly', 'fortnightly', 'monthly')),
        therapist       TEXT NOT NULL DEFAULT '',
        cancelled_from  TEXT,
        created_at      TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE appointment_changes (
        appointment_id  INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
        planned_day     TEXT NOT NULL,
        moved_to        TEXT,
        PRIMARY KEY (appointment_id, planned_day)
    ) WITHOUT ROWID
    """,
)

# v5: two more kinds of entry, thought records and check-ins. SQLite can't change a CHECK in
# place, so ``entries`` is rebuilt. Foreign keys are always on (and can't be switched off inside
# a transaction), so dropping the old table cascades into every table that refers to it, and
# renaming it would rewrite their references to the old name. So the rows that refer to entries
# are first copied aside and put back afterwards, with the same ids; the search view and the
# triggers that name ``entries`` are dropped and made again; tag counts are recounted and the
# external-content search index rebuilt. A table added later that refers to ``entries`` must be
# kept aside here in the same way (or be created after this step).
_KEPT_ASIDE = ("entry_tags", "questions", "article_links", "entry_search_extra")
_V5: Migration = (
    *(f"CREATE TABLE kept_{name} AS SELECT * FROM {name}" for name in _KEPT_ASIDE),
    "DROP VIEW entry_search_source",
    "DROP TRIGGER tag_count_on_tagging",
    "DROP TRIGGER tag_count_on_untagging",
    """
    CREATE TABLE entries_v5 (
        id           INTEGER PRIMARY KEY,
        uid          TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL CHECK (
            kind IN ('session', 'block', 'reflection', 'thought-record', 'check-in')
        ),
        private      INTEGER NOT NULL DEFAULT 0,
        occurred_at  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        deleted_at   TEXT,
        title        TEXT NOT NULL DEFAULT '',
        details      TEXT NOT NULL DEFAULT '{}',
        body         TEXT NOT NULL DEFAULT ''
    )
    """,
    """
    INSERT INTO entries_v5 (
        id, uid, kind, private, occurred_at, created_at, updated_at, deleted_at, title, details,
        body
    )
    SELECT id, uid, kind, private, occurred_at, created_at, updated_at, deleted_at, title,
           details, body
    FROM entries
    """,
    "DROP TABLE entries",
    "ALTER TABLE entries_v5 RENAME TO entries",
    *(f"INSERT INTO {name} SELECT * FROM kept_{name}" for name in _KEPT_ASIDE),
    *(f"DROP TABLE kept_{name}" for name in _KEPT_ASIDE),
    """
    CREATE INDEX entries_by_time
    ON entries (deleted_at, occurred_at DESC, id DESC, kind, private)
    """,
    """
    CREATE INDEX entries_by_kind
    ON entries (kind, deleted_at, occurred_at DESC, id DESC, private)
    """,
    """
    CREATE VIEW entry_search_source AS
    SELECT e.id AS id, e.title AS title, e.body AS body,
           x.details AS details, x.tags AS tags, x.questions AS questions
    FROM entries e JOIN entry_search_extra x ON x.entry_id = e.id
    WHERE e.deleted_at IS NULL
    """,
    "INSERT INTO entry_search (entry_search) VALUES ('rebuild')",
    *_TAG_COUNTS,
)

# v6: the write sequence, raised in every write transaction and mirrored outside the database,
# so changes lost with a removed journal.db-wal are noticed (see ``wal_guard``).
_V6: Migration = (
    """
    CREATE TABLE write_sequence (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        number  INTEGER NOT NULL
    )
    """,
    "INSERT INTO write_sequence (id, number) VALUES (1, 0)",
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
LATEST_VERSION = len(MIGRATIONS)
