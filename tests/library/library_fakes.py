"""Test doubles for the library tests."""

from __future__ import annotations


class MemoryStore:
    """Stands in for the vault (``journal_app.library.ArticleStore``) and its ``articles`` store."""

    def __init__(self, documents: dict[str, str] | None = None) -> None:
        self.documents: dict[str, str] = dict(documents or {})

    @property
    def articles(self) -> MemoryStore:
        return self

    def save(self, slug: str, document: str) -> None:
        self.documents[slug] = document

    def stored(self) -> list[tuple[str, str]]:
        return list(self.documents.items())

    def delete(self, slug: str) -> None:
        del self.documents[slug]
