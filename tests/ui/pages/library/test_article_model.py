"""The library list's model, tested without any window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from journal_app import paths
from journal_app.library import Library
from journal_app.ui.pages.library.article_model import (
    ArticleListModel,
    ArticleRole,
    readable_published,
)

SLUG = "how-to-cry-in-therapy"
WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)


def library() -> Library:
    return Library(paths.resources_dir() / "articles")


def test_article_model_roles() -> None:
    model = ArticleListModel()
    model.set_articles(library().articles(), {SLUG: 3})
    index = model.index(0)
    assert model.rowCount() == 1
    assert index.data(ArticleRole.SLUG) == SLUG
    assert index.data(ArticleRole.LINK_COUNT) == 3
    assert index.data(ArticleRole.COMMENT_COUNT) == 18
    assert "3 of my entries link here" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    model.set_link_counts({})
    assert index.data(ArticleRole.LINK_COUNT) == 0
    assert readable_published("2012") == "2012"
    assert readable_published("2012-01-05") == "5 January 2012"
    assert readable_published(None) == ""
