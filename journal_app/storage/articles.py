"""Articles the person added to the library, kept inside the encrypted journal."""

from __future__ import annotations

from journal_app.domain import utc_now
from journal_app.storage.database import Store
from journal_app.storage.rows import timestamp


class ArticleStore(Store):
    """``vault.articles``: the documents of added articles, by slug."""

    def save(self, slug: str, document: str) -> None:
        """Insert or replace the article document stored under ``slug``."""
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO articles (slug, document, added_at) VALUES (?, ?, ?)"
                " ON CONFLICT (slug) DO UPDATE SET document = excluded.document",
                (slug, document, timestamp(utc_now())),
            )

    def stored(self) -> list[tuple[str, str]]:
        """Every stored ``(slug, document)`` pair, oldest first."""
        rows = self._database.query("SELECT slug, document FROM articles ORDER BY added_at, slug")
        return [(str(slug), str(document)) for slug, document in rows]

    def delete(self, slug: str) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM articles WHERE slug = ?", (slug,))
