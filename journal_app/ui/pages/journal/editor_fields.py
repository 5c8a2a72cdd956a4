"""The growing text box and the worded scale that every kind's section is built from."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.scales import WordedScale
from journal_app.ui.common.builders import labelled
from journal_app.ui.common.widgets import label

# A field's text box grows to this many lines before it scrolls inside itself.
FIELD_MAX_LINES = 14
# Room left above and below a box that has reached the height of the page.
PAGE_ROOM = 48


class GrowingTextEdit(QPlainTextEdit):
    """A text box as tall as its text, between a minimum height and ``max_lines`` lines.

    Inside a scrolling form, boxes that scroll on their own make two scrollbars fight over the
    wheel. This one grows instead, so the page scrolls as one; only past its ceiling does it
    scroll inside, and even then the wheel goes on to the page once the box reaches its end.
    """

    def __init__(
        self, minimum_height: int, max_lines: int = FIELD_MAX_LINES, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._minimum_height = minimum_height
        self._max_lines = max_lines
        self._fitted_width = -1
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(minimum_height)
        self.document().contentsChanged.connect(self.fit_to_text)

    def _chrome(self) -> int:
        """Height around the text: frame, viewport margins and the document's top margin."""
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        top_margin = math.ceil(self.document().documentMargin())
        return margins.top() + margins.bottom() + viewport.top() + viewport.bottom() + top_margin

    def ceiling(self) -> int:
        """The tallest the box grows before scrolling inside: ``max_lines`` lines, and never
        taller than the page it is on, so a box that scrolls inside still fits on screen."""
        lines = self.fontMetrics().lineSpacing() * self._max_lines
        bottom_margin = math.ceil(self.document().documentMargin())
        tallest = self._chrome() + lines + bottom_margin
        page = self._page_around()
        if page is not None and page.viewport().height() > self._minimum_height:
            tallest = min(tallest, page.viewport().height() - PAGE_ROOM)
        return max(self._minimum_height, tallest)

    def text_height(self, limit: int | None = None) -> int:
        """The height that shows all of the text without scrolling.

        With ``limit``, measuring stops once the text is taller than that (a long entry is
        measured only as far as the ceiling, so typing in it stays quick).
        """
        layout = self.document().documentLayout()
        extra = self._chrome() + 2
        total = 0.0
        block = self.document().begin()
        while block.isValid():
            total += layout.blockBoundingRect(block).height()
            if limit is not None and total + extra > limit:
                break
            block = block.next()
        return math.ceil(total) + extra

    def fit_to_text(self) -> None:
        ceiling = self.ceiling()
        wanted = self.text_height(limit=ceiling)
        scrolls = wanted > ceiling
        policy = Qt.ScrollBarPolicy
        self.setVerticalScrollBarPolicy(
            policy.ScrollBarAsNeeded if scrolls else policy.ScrollBarAlwaysOff
        )
        height = min(max(wanted, self._minimum_height), ceiling)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        if not scrolls:
            self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._fitted_width:
            # A new width rewraps the text; its height follows.
            self._fitted_width = event.size().width()
            self.fit_to_text()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_text()

    def wheelEvent(self, event: QWheelEvent) -> None:
        bar = self.verticalScrollBar()
        delta = event.angleDelta().y()
        at_end = (
            bar.maximum() <= bar.minimum()
            or (delta > 0 and bar.value() <= bar.minimum())
            or (delta < 0 and bar.value() >= bar.maximum())
        )
        if at_end and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            page = self._page_around()
            if page is None:
                event.ignore()
                return
            # Handed on explicitly: Qt passes an ignored wheel event to the parent only when it
            # came from the system, and the page should scroll either way.
            QCoreApplication.sendEvent(page.verticalScrollBar(), event)
            event.accept()
            return
        super().wheelEvent(event)

    def _page_around(self) -> QAbstractScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        return parent


def labelled_text_area(layout: QVBoxLayout, name: str, height: int = 84) -> GrowingTextEdit:
    """A text box under its label (the label's buddy, so Alt+key and screen readers work)."""
    area = GrowingTextEdit(height)
    area.setAccessibleName(name)
    return labelled(layout, name, area)


class ScaleField(QWidget):
    """A 0-10 slider with its number and, as it moves, what that point means in words.

    The words are shown beside the number and given to screen readers as the slider's
    description, so every point is told, not just the two ends.
    """

    def __init__(self, scale: WordedScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        name = scale.name
        meaning = scale.ends
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 10)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.NoTicks)
        self.slider.setAccessibleName(name)
        self.slider.setAccessibleDescription(meaning)
        self.value = QLabel()
        self.value.setMinimumWidth(28)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.words = label("", "Hint")
        self.words.setAccessibleName(f"{name}: in words")
        self.meaning = label(meaning, "Hint")
        layout.addWidget(self.slider, 0, 0)
        layout.addWidget(self.value, 0, 1)
        layout.addWidget(self.words, 0, 2)
        layout.addWidget(self.meaning, 1, 0, 1, 3)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(2, 2)
        self.slider.valueChanged.connect(self._describe)
        self.slider.setValue(5)
        self._describe(5)

    def _describe(self, value: int) -> None:
        words = self._scale.words_for(value)
        self.value.setText(str(value))
        self.words.setText(words)
        self.slider.setToolTip(self._scale.describe(value))
        self.slider.setAccessibleDescription(f"{self._scale.describe(value)}. {self._scale.ends}")
