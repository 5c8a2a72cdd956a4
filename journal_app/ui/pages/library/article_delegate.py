"""How a row looks in the library list: title, byline, summary and how many entries link here."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
)
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from journal_app.domain import wording
from journal_app.ui.common.card_painting import (
    GAP,
    PAD_X,
    PAD_Y,
    card_fonts,
    card_height,
    draw_line,
    paint_card,
)
from journal_app.ui.common.models import Index
from journal_app.ui.common.theme import current_colors
from journal_app.ui.pages.library.article_model import ArticleRole


class ArticleDelegate(QStyledItemDelegate):
    """Title, then author · blog · date, then the summary, then how many entries link here."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, base, small = card_fonts(option)
        height = card_height(
            QFontMetrics(title).height(),
            QFontMetrics(small).height(),
            QFontMetrics(base).height() * self._summary_lines(index),
            QFontMetrics(small).height(),
            bottom=8,
        )
        return QSize(max(option.rect.width(), 320), height)

    @staticmethod
    def _summary_lines(index: Index) -> int:
        return 2 if index.data(ArticleRole.SUMMARY) else 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, base_font, small_font = card_fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRect(option.rect).adjusted(4, 4, -4, -4)
        paint_card(painter, option, card)
        inner = card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        y = draw_line(
            painter, title_font, colors.text, inner, inner.top(), index.data(ArticleRole.TITLE)
        )
        byline = " · ".join(
            part
            for part in (
                f"by {index.data(ArticleRole.AUTHOR)}" if index.data(ArticleRole.AUTHOR) else "",
                index.data(ArticleRole.BLOG),
                index.data(ArticleRole.PUBLISHED),
            )
            if part
        )
        if index.data(ArticleRole.ADDED_BY_ME):
            byline = " · ".join(p for p in (byline, "Added by me") if p)
        y = draw_line(painter, small_font, colors.muted, inner, y + GAP, byline)
        summary = str(index.data(ArticleRole.SUMMARY) or "")
        metrics = QFontMetrics(base_font)
        summary_rect = QRect(
            inner.left(), y + GAP, inner.width(), metrics.height() * self._summary_lines(index)
        )
        painter.setFont(base_font)
        painter.setPen(QColor(colors.text))
        painter.drawText(
            summary_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            _fit_two_lines(summary, metrics, inner.width()),
        )
        y = summary_rect.top() + summary_rect.height() + GAP
        count = int(index.data(ArticleRole.LINK_COUNT) or 0)
        comments = int(index.data(ArticleRole.COMMENT_COUNT) or 0)
        parts = []
        if comments:
            parts.append(wording.reader_comments(comments))
        if count:
            parts.append(wording.entries_link_here(count))
        else:
            parts.append("No entries link here yet")
        draw_line(
            painter,
            small_font,
            colors.accent if count else colors.muted,
            inner,
            y,
            " · ".join(parts),
        )
        painter.restore()


def _fit_two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """The text cut at a word so that it fills at most two lines, with an ellipsis if cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for position, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == 2:
            last = lines[1]
            rest = " ".join([last, *words[position:]])
            lines[1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
            return "\n".join(lines)
    lines.append(current)
    return "\n".join(line for line in lines if line)
