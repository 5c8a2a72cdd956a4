"""Test doubles for the library tests."""

from __future__ import annotations


class MemoryStore:
    """Stands in for the vault's article methods (``journal_app.library.ArticleStore``)."""

    def __init__(self, documents: dict[str, str] | None = None) -> None:
        self.documents: dict[str, str] = dict(documents or {})

    def save_article(self, slug: str, document: str) -> None:
        self.documents[slug] = document

    def stored_articles(self) -> list[tuple[str, str]]:
        return list(self.documents.items())

    def delete_article(self, slug: str) -> None:
        del self.documents[slug]
