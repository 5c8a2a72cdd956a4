"""Links from entries to articles (and their comments), seen from either side."""

from __future__ import annotations

from dataclasses import replace

import sqlcipher3

from journal_app.domain import ArticleLink
from journal_app.domain.validation import validate_link
from journal_app.storage.database import Store
from journal_app.storage.records import LinkedEntry
from journal_app.storage.rows import (
    SUMMARY_SELECT,
    link_from_row,
    require_entry,
    summary_from_row,
    timestamp,
)


class LinkStore(Store):
    """``vault.links``: which entries link to which articles."""

    def add(self, entry_id: int, link: ArticleLink) -> ArticleLink:
        validate_link(link)
        with self._database.transaction() as connection:
            require_entry(connection, entry_id)
            link_id = insert_link(connection, entry_id, link)
        return replace(link, id=link_id, entry_id=entry_id)

    def remove(self, link_id: int) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM article_links WHERE id = ?", (link_id,))

    def to_article(self, article_slug: str) -> list[LinkedEntry]:
        """Entries (not in the Trash) linking to an article, newest first, one row per link."""
        rows = self._database.query(
            "SELECT id, entry_id, article_slug, comment_id, quote, created_at FROM article_links"
            " WHERE article_slug = ? ORDER BY created_at DESC, id DESC",
            (article_slug,),
        )
        links = [link_from_row(row) for row in rows]
        entry_ids = sorted({link.entry_id for link in links if link.entry_id is not None})
        if not entry_ids:
            return []
        marks = ",".join("?" * len(entry_ids))
        summaries = {
            summary.id: summary
            for summary in map(
                summary_from_row,
                self._database.query(
                    SUMMARY_SELECT + f" WHERE e.deleted_at IS NULL AND e.id IN ({marks})",
                    entry_ids,
                ),
            )
        }
        return [
            LinkedEntry(link=link, entry=summaries[link.entry_id])
            for link in links
            if link.entry_id in summaries
        ]

    def counts_by_article(self) -> dict[str, int]:
        """How many entries (not in the Trash) link to each article."""
        rows = self._database.query(
            "SELECT l.article_slug, count(DISTINCT l.entry_id) FROM article_links l"
            " JOIN entries e ON e.id = l.entry_id WHERE e.deleted_at IS NULL"
            " GROUP BY l.article_slug"
        )
        return {str(slug): int(count) for slug, count in rows}

    def for_entries(self, entry_ids: list[int]) -> dict[int, list[ArticleLink]]:
        return self._grouped_by_entry(
            "SELECT id, entry_id, article_slug, comment_id, quote, created_at FROM article_links",
            entry_ids,
            link_from_row,
        )


def insert_link(connection: sqlcipher3.Connection, entry_id: int, link: ArticleLink) -> int:
    validate_link(link)
    cursor = connection.execute(
        "INSERT INTO article_links (entry_id, article_slug, comment_id, quote, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (entry_id, link.article_slug, link.comment_id, link.quote, timestamp(link.created_at)),
    )
    return int(cursor.lastrowid or 0)
