"""How rows look in the library, the reader's linked-entries panel and the search results.

The delegates only paint: every word they draw comes from a model role, and every colour from the
current palette, so the rows read well in the light and the dark theme alike.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from journal_app.domain.entries import EntryKind
from journal_app.storage import split_highlights
from journal_app.ui.part2_models import ArticleRole, LinkRole, ResultKind, ResultRole
from journal_app.ui.theme import current_colors

Index = QModelIndex | QPersistentModelIndex

PAD_X = 18
PAD_Y = 12
GAP = 5


def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
    base = QFont(option.font)
    title = QFont(base)
    title.setWeight(QFont.Weight.DemiBold)
    title.setPointSizeF(base.pointSizeF() + 1.5)
    small = QFont(base)
    small.setPointSizeF(max(7.5, base.pointSizeF() - 1.0))
    return title, base, small


def _paint_card(painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
    """A soft rounded card; the selected row gets the highlight tint and an accent edge."""
    colors = current_colors()
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
    focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
    painter.setPen(Qt.PenStyle.NoPen)
    if selected:
        painter.setBrush(QColor(colors.highlight))
    elif hovered:
        painter.setBrush(QColor(colors.alternate))
    else:
        painter.setBrush(QColor(colors.base))
    painter.setPen(QColor(colors.highlight if selected else colors.border))
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
    painter.setPen(Qt.PenStyle.NoPen)
    if selected:
        painter.setBrush(QColor(colors.accent))
        painter.drawRoundedRect(
            QRectF(rect.left(), rect.top() + 10, 3, rect.height() - 20), 1.5, 1.5
        )
    if focused:
        pen = painter.pen()
        painter.setPen(QColor(colors.accent))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
        painter.setPen(pen)


def _draw_line(painter: QPainter, font: QFont, color: str, rect: QRect, y: int, text: str) -> int:
    """One elided line of text at ``y``; returns the y below it."""
    metrics = QFontMetrics(font)
    painter.setFont(font)
    painter.setPen(QColor(color))
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(
        QRect(rect.left(), y, rect.width(), metrics.height()),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        elided,
    )
    return y + metrics.height()


def _mix(first: str, second: str, amount: float) -> str:
    """``first`` moved ``amount`` of the way towards ``second``, as #rrggbb."""
    a, b = QColor(first), QColor(second)
    mixed = QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )
    return mixed.name()


class ArticleDelegate(QStyledItemDelegate):
    """Title, then author · blog · date, then the summary, then how many entries link here."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, base, small = _fonts(option)
        height = (
            PAD_Y * 2
            + QFontMetrics(title).height()
            + GAP
            + QFontMetrics(small).height()
            + GAP
            + QFontMetrics(base).height() * self._summary_lines(index)
            + GAP
            + QFontMetrics(small).height()
            + 8
        )
        return QSize(max(option.rect.width(), 320), height)

    @staticmethod
    def _summary_lines(index: Index) -> int:
        return 2 if index.data(ArticleRole.SUMMARY) else 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, base_font, small_font = _fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRect(option.rect).adjusted(4, 4, -4, -4)
        _paint_card(painter, option, card)
        inner = card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        y = _draw_line(
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
        y = _draw_line(painter, small_font, colors.muted, inner, y + GAP, byline)
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
            parts.append(f"{comments} reader comment{'s' if comments != 1 else ''}")
        if count:
            parts.append(
                f"{count} of my entries link here" if count != 1 else "1 of my entries links here"
            )
        else:
            parts.append("No entries link here yet")
        _draw_line(
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


class LinkedEntryDelegate(QStyledItemDelegate):
    """An entry linking to the article: its title, date, which part, and the quoted passage."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, _base, small = _fonts(option)
        lines = 2 + (1 if index.data(LinkRole.QUOTE) else 0)
        height = (
            PAD_Y * 2 + QFontMetrics(title).height() + lines * (QFontMetrics(small).height() + 3)
        )
        return QSize(max(option.rect.width(), 200), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, _base, small_font = _fonts(option)
        title_font.setPointSizeF(title_font.pointSizeF() - 1.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRect(option.rect).adjusted(2, 3, -2, -3)
        _paint_card(painter, option, card)
        inner = card.adjusted(14, PAD_Y - 3, -12, -PAD_Y + 3)
        y = _draw_line(
            painter, title_font, colors.text, inner, inner.top(), index.data(LinkRole.TITLE)
        )
        y = _draw_line(painter, small_font, colors.muted, inner, y + 3, index.data(LinkRole.WHEN))
        y = _draw_line(painter, small_font, colors.accent, inner, y + 3, index.data(LinkRole.WHERE))
        quote = index.data(LinkRole.QUOTE)
        if quote:
            italic = QFont(small_font)
            italic.setItalic(True)
            _draw_line(painter, italic, colors.text, inner, y + 3, f"“{quote}”")
        painter.restore()


class SearchResultDelegate(QStyledItemDelegate):
    """A group header, or a hit: title, where it is from, and the snippet with matches marked."""

    def _snippet_document(
        self, option: QStyleOptionViewItem, snippet: str, width: int
    ) -> QTextDocument:
        colors = current_colors()
        _title, base, _small = _fonts(option)
        mark = _mix(colors.base, colors.kinds[EntryKind.REFLECTION], 0.28)
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
        _title, _base, small = _fonts(option)
        return QFontMetrics(small).height() + 26

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, base, small = _fonts(option)
        if index.data(ResultRole.KIND) is ResultKind.HEADER:
            return QSize(max(option.rect.width(), 300), self._header_height(option))
        width = max(option.rect.width(), 300) - 8 - PAD_X * 2
        lines = min(3, max(1, self._line_count(option, index, width)))
        height = (
            PAD_Y * 2
            + QFontMetrics(title).height()
            + GAP
            + QFontMetrics(small).height()
            + GAP
            + lines * QFontMetrics(base).lineSpacing()
            + 8
        )
        return QSize(max(option.rect.width(), 300), height)

    def _line_count(self, option: QStyleOptionViewItem, index: Index, width: int) -> int:
        document = self._snippet_document(option, str(index.data(ResultRole.SNIPPET) or ""), width)
        return int(document.documentLayout().documentSize().height()) // max(
            1, QFontMetrics(_fonts(option)[1]).lineSpacing()
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, base_font, small_font = _fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(ResultRole.KIND) is ResultKind.HEADER:
            header = QFont(small_font)
            header.setWeight(QFont.Weight.DemiBold)
            header.setCapitalization(QFont.Capitalization.AllUppercase)
            header.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
            rect = QRect(option.rect).adjusted(PAD_X + 4, 12, -PAD_X, -4)
            _draw_line(
                painter, header, colors.muted, rect, rect.top(), index.data(ResultRole.TITLE)
            )
            painter.restore()
            return
        card = QRect(option.rect).adjusted(4, 3, -4, -3)
        _paint_card(painter, option, card)
        inner = card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        y = _draw_line(
            painter, title_font, colors.text, inner, inner.top(), index.data(ResultRole.TITLE)
        )
        y = _draw_line(
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
