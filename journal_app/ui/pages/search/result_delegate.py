"""How a search result looks: a group header, or a hit with its title, origin and marked snippet."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRect, QRectF, QSize
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from journal_app.domain.entries import EntryKind
from journal_app.storage import split_highlights
from journal_app.ui.common.card_painting import (
    GAP,
    PAD_X,
    PAD_Y,
    card_fonts,
    card_height,
    draw_line,
    mix_colors,
    paint_card,
)
from journal_app.ui.common.models import Index
from journal_app.ui.common.theme import current_colors
from journal_app.ui.pages.search.result_model import ResultKind, ResultRole


class SearchResultDelegate(QStyledItemDelegate):
    """A group header, or a hit: title, where it is from, and the snippet with matches marked."""

    def _snippet_document(
        self, option: QStyleOptionViewItem, snippet: str, width: int
    ) -> QTextDocument:
        colors = current_colors()
        _title, base, _small = card_fonts(option)
        mark = mix_colors(colors.base, colors.kinds[EntryKind.REFLECTION], 0.28)
        runs = []
        for text, matched in split_highlights(" ".join(snippet.split())):
            escaped = html.escape(text)
            if matched:
                runs.append(
                    f'<span style="background-color:{mark}; color:{colors.text}; '
                    f'font-weight:600;">{escaped}</span>'
                )
            else:
                runs.append(escaped)
        document = QTextDocument()
        document.setDefaultFont(base)
        document.setDocumentMargin(0)
        document.setHtml(f'<div style="color:{colors.text};">{"".join(runs)}</div>')
        document.setTextWidth(width)
        return document

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        _title, _base, small = card_fonts(option)
        return QFontMetrics(small).height() + 26

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, base, small = card_fonts(option)
        if index.data(ResultRole.KIND) is ResultKind.HEADER:
            return QSize(max(option.rect.width(), 300), self._header_height(option))
        width = max(option.rect.width(), 300) - 8 - PAD_X * 2
        lines = min(3, max(1, self._line_count(option, index, width)))
        height = card_height(
            QFontMetrics(title).height(),
            QFontMetrics(small).height(),
            lines * QFontMetrics(base).lineSpacing(),
            bottom=8,
        )
        return QSize(max(option.rect.width(), 300), height)

    def _line_count(self, option: QStyleOptionViewItem, index: Index, width: int) -> int:
        document = self._snippet_document(option, str(index.data(ResultRole.SNIPPET) or ""), width)
        return int(document.documentLayout().documentSize().height()) // max(
            1, QFontMetrics(card_fonts(option)[1]).lineSpacing()
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, base_font, small_font = card_fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(ResultRole.KIND) is ResultKind.HEADER:
            header = QFont(small_font)
            header.setWeight(QFont.Weight.DemiBold)
            header.setCapitalization(QFont.Capitalization.AllUppercase)
            header.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
            rect = QRect(option.rect).adjusted(PAD_X + 4, 12, -PAD_X, -4)
            draw_line(painter, header, colors.muted, rect, rect.top(), index.data(ResultRole.TITLE))
            painter.restore()
            return
        card = QRect(option.rect).adjusted(4, 3, -4, -3)
        paint_card(painter, option, card)
        inner = card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        y = draw_line(
            painter, title_font, colors.text, inner, inner.top(), index.data(ResultRole.TITLE)
        )
        y = draw_line(
            painter, small_font, colors.muted, inner, y + GAP, index.data(ResultRole.SUBTITLE)
        )
        document = self._snippet_document(
            option, str(index.data(ResultRole.SNIPPET) or ""), inner.width()
        )
        clip_height = inner.bottom() - (y + GAP)
        painter.translate(QPointF(inner.left(), y + GAP))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(colors.text))
        context.clip = QRectF(0, 0, inner.width(), max(0, clip_height))
        painter.setClipRect(context.clip)
        document.documentLayout().draw(painter, context)
        painter.restore()
