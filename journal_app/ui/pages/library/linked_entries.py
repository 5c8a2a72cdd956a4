"""The reader's panel of my entries that link to the article: rows, model and delegate."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from journal_app.domain.entries import friendly_day
from journal_app.library import Article
from journal_app.storage import LinkedEntry
from journal_app.ui.common.card_painting import PAD_Y, card_fonts, draw_line, paint_card
from journal_app.ui.common.models import Index, RowListModel
from journal_app.ui.common.theme import current_colors


class LinkRole(enum.IntEnum):
    ENTRY_ID = Qt.ItemDataRole.UserRole + 1
    LINK_ID = enum.auto()
    TITLE = enum.auto()
    WHEN = enum.auto()
    COMMENT_ID = enum.auto()
    WHERE = enum.auto()  # "The article", "Comment: …"
    QUOTE = enum.auto()


@dataclass(frozen=True)
class LinkedRow:
    entry_id: int
    link_id: int | None
    title: str
    when: str
    comment_id: str | None
    where: str
    quote: str


def linked_rows(article: Article | None, linked: list[LinkedEntry]) -> list[LinkedRow]:
    """Rows for the reader's panel: which entry, which comment or passage it is about."""
    rows: list[LinkedRow] = []
    for item in linked:
        comment_id = item.link.comment_id
        where = "The article"
        if comment_id:
            comment = article.comment(comment_id) if article else None
            if comment is not None:
                label = comment.heading or comment.author or _first_words(comment.body)
                where = f"Comment: {label}"
            else:
                where = "A comment"
        rows.append(
            LinkedRow(
                entry_id=item.entry.id,
                link_id=item.link.id,
                title=item.entry.display_title,
                when=friendly_day(item.entry.occurred_at),
                comment_id=comment_id,
                where=where,
                quote=" ".join(item.link.quote.split()),
            )
        )
    return rows


def _first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


class LinkedEntryModel(RowListModel[LinkedRow]):
    """The entries that link to the open article, one row each."""

    roles = LinkRole

    def row_data(self, row: LinkedRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole or role == LinkRole.TITLE:
            return row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{row.title}, {row.when}. About: {row.where}"
            return text + (f". Passage: {row.quote}" if row.quote else "")
        return {
            LinkRole.ENTRY_ID: row.entry_id,
            LinkRole.LINK_ID: row.link_id,
            LinkRole.WHEN: row.when,
            LinkRole.COMMENT_ID: row.comment_id,
            LinkRole.WHERE: row.where,
            LinkRole.QUOTE: row.quote,
        }.get(role)  # type: ignore[call-overload]


class LinkedEntryDelegate(QStyledItemDelegate):
    """An entry linking to the article: its title, date, which part, and the quoted passage."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, _base, small = card_fonts(option)
        lines = 2 + (1 if index.data(LinkRole.QUOTE) else 0)
        height = (
            PAD_Y * 2 + QFontMetrics(title).height() + lines * (QFontMetrics(small).height() + 3)
        )
        return QSize(max(option.rect.width(), 200), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, _base, small_font = card_fonts(option)
        title_font.setPointSizeF(title_font.pointSizeF() - 1.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRect(option.rect).adjusted(2, 3, -2, -3)
        paint_card(painter, option, card)
        inner = card.adjusted(14, PAD_Y - 3, -12, -PAD_Y + 3)
        y = draw_line(
            painter, title_font, colors.text, inner, inner.top(), index.data(LinkRole.TITLE)
        )
        y = draw_line(painter, small_font, colors.muted, inner, y + 3, index.data(LinkRole.WHEN))
        y = draw_line(painter, small_font, colors.accent, inner, y + 3, index.data(LinkRole.WHERE))
        quote = index.data(LinkRole.QUOTE)
        if quote:
            italic = QFont(small_font)
            italic.setItalic(True)
            draw_line(painter, italic, colors.text, inner, y + 3, f"“{quote}”")
        painter.restore()
