"""Painting helpers shared by the list delegates: the rounded card, its fonts and one elided line.

Every colour comes from the current palette, so rows read well in the light and the dark theme.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
)
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from journal_app.ui.common.theme import current_colors

PAD_X = 18
PAD_Y = 12
GAP = 5


def card_fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
    base = QFont(option.font)
    title = QFont(base)
    title.setWeight(QFont.Weight.DemiBold)
    title.setPointSizeF(base.pointSizeF() + 1.5)
    small = QFont(base)
    small.setPointSizeF(max(7.5, base.pointSizeF() - 1.0))
    return title, base, small


def card_height(*line_heights: int, bottom: int) -> int:
    """The height of a card holding ``line_heights`` one under another, ``GAP`` apart, with
    ``bottom`` pixels of air under the last."""
    gaps = GAP * max(0, len(line_heights) - 1)
    return PAD_Y * 2 + sum(line_heights) + gaps + bottom


def paint_card(painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> None:
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


def draw_line(painter: QPainter, font: QFont, color: str, rect: QRect, y: int, text: str) -> int:
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


def mix_colors(first: str, second: str, amount: float) -> str:
    """``first`` moved ``amount`` of the way towards ``second``, as #rrggbb."""
    a, b = QColor(first), QColor(second)
    mixed = QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )
    return mixed.name()
