"""Search results grouped under headers, tested without any window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from journal_app.domain.entries import EntryKind
from journal_app.library import ArticleHit
from journal_app.storage import SearchHit
from journal_app.ui.pages.search.result_model import ResultKind, SearchResultModel, result_rows

SLUG = "how-to-cry-in-therapy"
WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)


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
