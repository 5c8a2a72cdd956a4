"""Draws one journal row: a day header above the first entry of each day, then the entry card."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from journal_app.domain import wording
from journal_app.domain.entries import EntryKind
from journal_app.ui.common import icons
from journal_app.ui.common.theme import current_colors
from journal_app.ui.pages.journal.entry_list_model import EntryRole

Index = QModelIndex | QPersistentModelIndex

PAD_X = 16
PAD_Y = 10
ICON = 20
GAP = 4


class EntryDelegate(QStyledItemDelegate):
    """Sizes and paints the rows. Fonts and heights are worked out once per list font (the list
    asks for a size hint of every row it lays out, hundreds at a time)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts_by_key: dict[str, tuple[QFont, QFont, QFont]] = {}
        self._heights_by_key: dict[str, tuple[int, int]] = {}

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        key = option.font.key()
        fonts = self._fonts_by_key.get(key)
        if fonts is None:
            base = QFont(option.font)
            title = QFont(base)
            title.setWeight(QFont.Weight.DemiBold)
            small = QFont(base)
            small.setPointSizeF(max(7.0, base.pointSizeF() - 1.5))
            fonts = self._fonts_by_key[key] = (title, base, small)
        return fonts

    def _heights(self, option: QStyleOptionViewItem) -> tuple[int, int]:
        """The card's height and the day header's, for the list's font."""
        key = option.font.key()
        heights = self._heights_by_key.get(key)
        if heights is None:
            title, base, small = self._fonts(option)
            card = (
                PAD_Y * 2
                + QFontMetrics(title).height()
                + GAP
                + QFontMetrics(base).height()
                + GAP
                + QFontMetrics(small).height()
                + 4
            )
            heights = self._heights_by_key[key] = (card, QFontMetrics(small).height() + 22)
        return heights

    def _header_height(self, option: QStyleOptionViewItem) -> int:
        return self._heights(option)[1]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        card, header = self._heights(option)
        height = card + header if index.data(EntryRole.DAY_HEADER) else card
        return QSize(1, height)  # the list is as wide as its viewport

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = current_colors()
        title_font, base_font, small_font = self._fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        header = index.data(EntryRole.DAY_HEADER)
        if header:
            header_height = self._header_height(option)
            header_rect = QRect(rect.left(), rect.top(), rect.width(), header_height)
            painter.fillRect(header_rect, QColor(colors.window))
            header_font = QFont(small_font)
            header_font.setWeight(QFont.Weight.DemiBold)
            header_font.setCapitalization(QFont.Capitalization.AllUppercase)
            header_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
            painter.setFont(header_font)
            painter.setPen(QColor(colors.muted))
            painter.drawText(
                header_rect.adjusted(PAD_X, 6, -PAD_X, -2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(header),
            )
            rect.setTop(rect.top() + header_height)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        card = rect.adjusted(6, 2, -6, -2)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.highlight))
            painter.drawRoundedRect(card, 10, 10)
            painter.setBrush(QColor(colors.accent))
            painter.drawRoundedRect(QRect(card.left(), card.top() + 8, 3, card.height() - 16), 1, 1)
        elif hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.alternate))
            painter.drawRoundedRect(card, 10, 10)
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            pen = painter.pen()
            painter.setPen(QColor(colors.accent))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 10, 10)
            painter.setPen(pen)

        kind_value = index.data(EntryRole.KIND)
        kind = EntryKind(kind_value) if kind_value else None
        left = rect.left() + PAD_X
        top = rect.top() + PAD_Y
        if isinstance(kind, EntryKind):
            pix = icons.pixmap(
                kind.value, colors.kind(kind), ICON, painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(left, top + 1, pix)
        text_left = left + ICON + 12
        right = rect.right() - PAD_X
        text_color = QColor(colors.highlight_text if selected else colors.text)
        muted = QColor(colors.muted)

        # Line 1: title and time
        occurred = index.data(EntryRole.OCCURRED_AT)
        time_text = occurred.astimezone().strftime("%H:%M") if occurred else ""
        painter.setFont(small_font)
        small_metrics = QFontMetrics(small_font)
        time_width = small_metrics.horizontalAdvance(time_text)
        title_metrics = QFontMetrics(title_font)
        line_height = title_metrics.height()
        painter.setPen(muted)
        painter.drawText(
            QRect(right - time_width, top, time_width, line_height),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            time_text,
        )
        painter.setFont(title_font)
        painter.setPen(text_color)
        title = str(index.data(EntryRole.TITLE) or "")
        title_width = right - time_width - 12 - text_left
        painter.drawText(
            QRect(text_left, top, title_width, line_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_width),
        )
        top += line_height + GAP

        # Line 2: snippet
        painter.setFont(base_font)
        base_metrics = QFontMetrics(base_font)
        snippet = str(index.data(EntryRole.SNIPPET) or "") or "Nothing written yet"
        painter.setPen(muted)
        width = right - text_left
        painter.drawText(
            QRect(text_left, top, width, base_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            base_metrics.elidedText(snippet, Qt.TextElideMode.ElideRight, width),
        )
        top += base_metrics.height() + GAP

        # Line 3: badges and tags
        painter.setFont(small_font)
        x = text_left
        chip_height = small_metrics.height() + 2
        badges: list[tuple[str, str]] = []
        questions = int(index.data(EntryRole.OPEN_QUESTIONS) or 0)
        links = int(index.data(EntryRole.LINK_COUNT) or 0)
        if questions:
            badges.append(("question", f"{questions} open" if questions > 1 else "1 open"))
        if links:
            badges.append(("link", wording.articles(links)))
        if index.data(EntryRole.PRIVATE):
            badges.append(("private", "private"))
        badge_color = colors.accent
        for icon_name, text in badges:
            size = small_metrics.height()
            pix = icons.pixmap(icon_name, badge_color, size, painter.device().devicePixelRatioF())
            painter.drawPixmap(x, top + 1, pix)
            x += size + 3
            painter.setPen(QColor(badge_color))
            advance = small_metrics.horizontalAdvance(text)
            painter.drawText(
                QRect(x, top, advance + 2, chip_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += advance + 12
        tags = index.data(EntryRole.TAGS) or ()
        for tag in tags:
            text = f"#{tag}"
            advance = small_metrics.horizontalAdvance(text)
            if x + advance + 12 > right:
                painter.setPen(muted)
                painter.drawText(QRect(x, top, 20, chip_height), Qt.AlignmentFlag.AlignLeft, "…")
                break
            chip = QRect(x, top, advance + 12, chip_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.chip))
            painter.drawRoundedRect(chip, chip_height / 2, chip_height / 2)
            painter.setPen(muted if not selected else text_color)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            x += chip.width() + 6
        painter.restore()

    @staticmethod
    def palette_text(option: QStyleOptionViewItem) -> QColor:
        return option.palette.color(QPalette.ColorRole.Text)
