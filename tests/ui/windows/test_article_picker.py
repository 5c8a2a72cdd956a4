"""The article picker: filtering by words and returning an article or a comment."""

from __future__ import annotations

from typing import Any

from journal_app import paths
from journal_app.library import Library
from journal_app.ui.windows.article_picker import ArticlePickerDialog

SLUG = "how-to-cry-in-therapy"


def library() -> Library:
    return Library(paths.resources_dir() / "articles")


def test_article_picker_filters_and_returns_a_comment(qtbot: Any) -> None:
    dialog = ArticlePickerDialog(library())
    qtbot.addWidget(dialog)
    assert dialog.chosen() == (SLUG, None)
    dialog.filter.setText("hallmark")
    assert dialog.chosen() == (SLUG, "c06")
    dialog.filter.setText("")
    assert dialog.select(SLUG, "c12")
    assert dialog.chosen() == (SLUG, "c12")
    dialog.filter.setText("no such words anywhere")
    assert dialog.chosen() is None
