"""The article text in the reader: HTML rendered for the current theme and zoom, a comfortable
line length, "write about this" links on comments, and nothing ever loaded from outside."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QTextBrowser,
    QWidget,
)

from journal_app.library import Article, Theme, render_article_html
from journal_app.library.write_about import clean_quote
from journal_app.ui.common.theme import current_colors

WRITE_ABOUT_SCHEME = "action"
WRITE_ABOUT_PREFIX = "write-about/"
MEASURE_CHARACTERS = 70
MIN_SIDE_MARGIN = 28
ZOOM_STEPS = (0.85, 0.92, 1.0, 1.1, 1.2, 1.35, 1.5, 1.7, 1.9)

_SAMPLE_LINE = "There is a way of writing that reads easily, with short words and longer ones, too."
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_COMMENT_TABLE = re.compile(
    r'(<table class="comment" id="comment-(?P<id>[A-Za-z0-9_-]+)".*?)(</td></tr></table>)',
    re.DOTALL,
)


def reader_theme() -> Theme:
    """The article page's colours, taken from the app's current light or dark palette."""
    c = current_colors()
    return Theme(
        text=c.text,
        background=c.base,
        muted=c.muted,
        link=c.accent,
        comment_background=c.alternate,
        rule=c.border,
    )


def reader_html(article: Article, theme: Theme, zoom: float = 1.0) -> str:
    """The rendered article with a "Write about this comment" link in every comment."""
    page = render_article_html(article, theme)

    def add_action(match: re.Match[str]) -> str:
        link = (
            f'<p style="margin-top: 8px; margin-bottom: 0; font-size: 10pt;">'
            f'<a href="{WRITE_ABOUT_SCHEME}:{WRITE_ABOUT_PREFIX}{match.group("id")}">'
            "Write about this comment</a></p>"
        )
        return f"{match.group(1)}{link}{match.group(3)}"

    page = _COMMENT_TABLE.sub(add_action, page)
    if zoom != 1.0:
        page = _FONT_SIZE.sub(lambda m: f"font-size: {float(m.group(1)) * zoom:.1f}pt", page)
    return page


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that never loads anything from outside the page and keeps a comfortable
    measure: the text column is about 70 characters wide, centred in the view."""

    externalLinkClicked = Signal(QUrl)
    writeAboutCommentClicked = Signal(str)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        # The page is the reading surface: no rounded field border around it.
        self.setStyleSheet("QTextBrowser#Reader { border: none; border-radius: 0; padding: 0; }")
        self.setAccessibleName("Article")
        self.setAccessibleDescription(
            "The article and its reader comments. Tab moves between links; select text to quote it."
        )
        self.zoom = 1.0
        self.anchorClicked.connect(self._anchor_clicked)
        self.context_actions: list[tuple[str, Callable[[], None]]] = []

    # -- safety

    def loadResource(self, resource_type: int, url: QUrl | str) -> Any:
        """Only resources embedded in the page (``data:`` images) may load; nothing remote."""
        url = QUrl(url)
        if url.scheme().lower() == "data":
            return super().loadResource(resource_type, url)
        return None

    def setSource(self, *_args: object, **_kwargs: object) -> None:
        """The reader shows pages we render; it never navigates to a URL."""

    def _anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == WRITE_ABOUT_SCHEME:
            path = url.path()
            if path.startswith(WRITE_ABOUT_PREFIX):
                self.writeAboutCommentClicked.emit(path[len(WRITE_ABOUT_PREFIX) :])
        elif scheme in {"http", "https", "mailto"}:
            self.externalLinkClicked.emit(url)
        elif not scheme and url.hasFragment():
            self.scrollToAnchor(url.fragment())

    # -- measure and size

    def measure_width(self) -> float:
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(12 * self.zoom)
        # A line of ordinary prose, not the average glyph: it gives the width people perceive.
        return QFontMetricsF(font).horizontalAdvance(_SAMPLE_LINE[:MEASURE_CHARACTERS])

    def apply_measure(self) -> None:
        available = self.viewport().width()
        side = max(MIN_SIDE_MARGIN, (available - self.measure_width()) / 2)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        if abs(frame.leftMargin() - side) < 1 and frame.topMargin() == 24:
            return
        frame.setLeftMargin(side)
        frame.setRightMargin(side)
        frame.setTopMargin(24)
        frame.setBottomMargin(48)
        root.setFrameFormat(frame)

    def resizeEvent(self, event: QResizeEvent) -> None:
        fraction = self.scroll_fraction()
        super().resizeEvent(event)
        self.apply_measure()
        self.set_scroll_fraction(fraction)

    def scroll_fraction(self) -> float:
        bar = self.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    # -- selection and passages

    def selected_passage(self) -> str:
        return clean_quote(self.textCursor().selectedText())

    def select_passage(self, quote: str) -> bool:
        """Find ``quote`` (whitespace and line breaks loosely) and select it; False if absent."""
        words = quote.split()
        if not words:
            return False
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        text = self.document().toPlainText()
        match = pattern.search(text) or re.compile(pattern.pattern, re.IGNORECASE).search(text)
        if match is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(match.start())
        cursor.setPosition(match.end(), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._center_cursor()
        return True

    def _center_cursor(self) -> None:
        self.ensureCursorVisible()
        rect = self.cursorRect()
        bar = self.verticalScrollBar()
        target = bar.value() + rect.center().y() - self.viewport().height() // 3
        # A passage near the top is shown with the title above it, not scrolled past it.
        bar.setValue(0 if target < self.viewport().height() // 2 else target)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.context_actions:
            first = menu.actions()[0] if menu.actions() else None
            for text, handler in self.context_actions:
                action = menu.addAction(text)
                action.triggered.connect(lambda _checked=False, h=handler: h())
                if first is not None:
                    menu.removeAction(action)
                    menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()
