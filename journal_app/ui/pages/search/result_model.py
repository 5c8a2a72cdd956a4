"""Search results as a list model: journal hits, then article hits, each under a header row."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from journal_app.domain.entries import friendly_day
from journal_app.library import ArticleHit
from journal_app.storage import SearchHit, strip_highlights
from journal_app.ui.common.models import Index, RowListModel


class ResultKind(enum.Enum):
    HEADER = "header"
    ENTRY = "entry"
    ARTICLE = "article"


class ResultRole(enum.IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    TITLE = enum.auto()
    SUBTITLE = enum.auto()
    SNIPPET = enum.auto()  # with the highlight markers still in
    ENTRY_ID = enum.auto()
    SLUG = enum.auto()
    COMMENT_ID = enum.auto()


@dataclass(frozen=True)
class ResultRow:
    kind: ResultKind
    title: str
    subtitle: str = ""
    snippet: str = ""
    entry_id: int | None = None
    slug: str | None = None
    comment_id: str | None = None


def result_rows(
    entry_hits: list[SearchHit],
    article_hits: list[ArticleHit],
    comment_labels: dict[tuple[str, str], str] | None = None,
) -> list[ResultRow]:
    """Journal hits then article hits, each group under a header row with its count."""
    labels = comment_labels or {}
    rows: list[ResultRow] = []
    if entry_hits:
        rows.append(ResultRow(ResultKind.HEADER, f"Journal · {len(entry_hits)}"))
        for hit in entry_hits:
            rows.append(
                ResultRow(
                    ResultKind.ENTRY,
                    hit.display_title,
                    f"{hit.kind.label} · {friendly_day(hit.occurred_at)}",
                    hit.snippet,
                    entry_id=hit.entry_id,
                )
            )
    if article_hits:
        rows.append(ResultRow(ResultKind.HEADER, f"Articles · {len(article_hits)}"))
        for article_hit in article_hits:
            if article_hit.comment_id:
                where = labels.get((article_hit.slug, article_hit.comment_id), "A reader comment")
                subtitle = f"{where} · on {article_hit.title}"
            else:
                subtitle = "Article"
            rows.append(
                ResultRow(
                    ResultKind.ARTICLE,
                    article_hit.title,
                    subtitle,
                    article_hit.snippet,
                    slug=article_hit.slug,
                    comment_id=article_hit.comment_id,
                )
            )
    return rows


class SearchResultModel(RowListModel[ResultRow]):
    """Grouped search results; header rows are shown but cannot be selected."""

    roles = ResultRole

    def hit_count(self) -> int:
        return sum(1 for row in self._rows if row.kind is not ResultKind.HEADER)

    def first_hit_row(self) -> int:
        return next((i for i, r in enumerate(self._rows) if r.kind is not ResultKind.HEADER), -1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].kind is ResultKind.HEADER:
            # Not enabled, so arrow keys step over the group headers.
            return Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_data(self, row: ResultRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole or role == ResultRole.TITLE:
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if row.kind is ResultKind.HEADER:
                return row.title.replace(" · ", ", ") + " results"
            return f"{row.title}. {row.subtitle}. {strip_highlights(row.snippet)}"
        return {
            ResultRole.KIND: row.kind,
            ResultRole.SUBTITLE: row.subtitle,
            ResultRole.SNIPPET: row.snippet,
            ResultRole.ENTRY_ID: row.entry_id,
            ResultRole.SLUG: row.slug,
            ResultRole.COMMENT_ID: row.comment_id,
        }.get(role)  # type: ignore[call-overload]
