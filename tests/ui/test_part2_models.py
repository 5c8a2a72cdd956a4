"""The part-2 list models (without any window) and the article picker."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from journal_app import paths
from journal_app.domain.entries import ArticleLink, EntryKind, EntrySummary
from journal_app.library import ArticleHit, Library
from journal_app.storage import LinkedEntry, SearchHit
from journal_app.ui.article_picker import ArticlePickerDialog
from journal_app.ui.part2_models import (
    ArticleListModel,
    ArticleRole,
    LinkedEntryModel,
    LinkRole,
    ResultKind,
    SearchResultModel,
    linked_rows,
    readable_published,
    result_rows,
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


def test_linked_rows_name_the_comment() -> None:
    summary = EntrySummary(7, EntryKind.REFLECTION, "", "", (), False, WHEN, WHEN, 1, 0)
    linked = [
        LinkedEntry(ArticleLink(SLUG, "c06", "a  quote\nhere", id=1, entry_id=7), summary),
        LinkedEntry(ArticleLink(SLUG, None, "", id=2, entry_id=7), summary),
    ]
    model = LinkedEntryModel()
    model.set_rows(linked_rows(library().get(SLUG), linked))
    first, second = model.index(0), model.index(1)
    assert first.data(LinkRole.WHERE) == "Comment: Such a timely post!"
    assert first.data(LinkRole.QUOTE) == "a quote here"
    assert first.data(LinkRole.TITLE) == "Reflection, 2 March 2026"
    assert second.data(LinkRole.WHERE) == "The article"


def test_result_rows_are_grouped_with_headers() -> None:
    entry_hit = SearchHit(4, EntryKind.BLOCK, "Tears", WHEN, "\ue000tears\ue001", -1.0)
    article_hits = [
        ArticleHit(SLUG, "How to Cry in Therapy", None, "x", 1.0),
        ArticleHit(SLUG, "How to Cry in Therapy", "c06", "y", 0.5),
    ]
    model = SearchResultModel()
    model.set_rows(result_rows([entry_hit], article_hits, {(SLUG, "c06"): "Reader comment: Z"}))
    kinds = [model.row(r).kind for r in range(model.rowCount())]
    assert kinds == [
        ResultKind.HEADER,
        ResultKind.ENTRY,
        ResultKind.HEADER,
        ResultKind.ARTICLE,
        ResultKind.ARTICLE,
    ]
    assert model.hit_count() == 3 and model.first_hit_row() == 1
    assert model.row(4).subtitle == "Reader comment: Z · on How to Cry in Therapy"
    assert model.row(1).subtitle.startswith("Emotional block · ")
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsEnabled == Qt.ItemFlag(0)
    assert result_rows([], []) == []


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
