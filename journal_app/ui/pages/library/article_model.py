"""The library list's model: the articles with how many of my entries link to each.

It holds plain rows from the library and answers named roles; it never talks to the vault, so it is
tested without any window or journal.
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import Qt

from journal_app.domain import wording
from journal_app.library import Article, ArticleOrigin
from journal_app.ui.common.models import RowListModel


def readable_published(published: str | None) -> str:
    """``2012-01`` as ``January 2012``; a year stays a year; nothing stays empty."""
    if not published:
        return ""
    return wording.published_date(published)


def linked_entries_phrase(count: int) -> str:
    if count == 0:
        return "No entries link here yet"
    return wording.entries_link_here(count)


class ArticleRole(enum.IntEnum):
    SLUG = Qt.ItemDataRole.UserRole + 1
    TITLE = enum.auto()
    AUTHOR = enum.auto()
    BLOG = enum.auto()
    PUBLISHED = enum.auto()  # readable, e.g. "January 2012"
    SUMMARY = enum.auto()
    LINK_COUNT = enum.auto()
    COMMENT_COUNT = enum.auto()
    ADDED_BY_ME = enum.auto()  # imported or from the articles folder, not bundled


class ArticleListModel(RowListModel[Article]):
    """The articles in the library with how many of my entries link to each."""

    roles = ArticleRole

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._link_counts: dict[str, int] = {}

    def set_articles(self, articles: list[Article], link_counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._rows = list(articles)
        self._link_counts = dict(link_counts)
        self.endResetModel()

    def set_link_counts(self, link_counts: dict[str, int]) -> None:
        self._link_counts = dict(link_counts)
        if self._rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._rows) - 1), [int(ArticleRole.LINK_COUNT)]
            )

    def clear(self) -> None:
        self.set_articles([], {})

    def article(self, row: int) -> Article:
        return self.row(row)

    def row_of(self, slug: str) -> int:
        return next((row for row, a in enumerate(self._rows) if a.slug == slug), -1)

    def row_data(self, article: Article, role: int) -> Any:
        meta = article.meta
        count = self._link_counts.get(article.slug, 0)
        if role == Qt.ItemDataRole.DisplayRole or role == ArticleRole.TITLE:
            return meta.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [meta.title]
            if meta.author:
                parts.append(f"by {meta.author}")
            if meta.blog:
                parts.append(f"from {meta.blog}")
            if meta.published:
                parts.append(readable_published(meta.published))
            parts.append(linked_entries_phrase(count))
            return ", ".join(parts)
        if role == ArticleRole.SLUG:
            return article.slug
        if role == ArticleRole.AUTHOR:
            return meta.author or ""
        if role == ArticleRole.BLOG:
            return meta.blog or ""
        if role == ArticleRole.PUBLISHED:
            return readable_published(meta.published)
        if role == ArticleRole.SUMMARY:
            return meta.summary or ""
        if role == ArticleRole.LINK_COUNT:
            return count
        if role == ArticleRole.COMMENT_COUNT:
            return len(article.comments)
        if role == ArticleRole.ADDED_BY_ME:
            return article.origin is not ArticleOrigin.BUNDLED
        return None
