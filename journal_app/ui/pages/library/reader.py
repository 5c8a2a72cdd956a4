"""The reader: one article in a calm reading view, its comments, and my entries that link to it.

Nothing here ever reaches the network. The browser refuses every resource that is not embedded in
the page, never follows a link by itself, and hands web links to the system browser only when the
person clicks one. Each comment carries its own "Write about this comment" link (``action:`` URLs,
reachable with Tab and Enter like any link), and the toolbar's "Write about this" uses the
selected passage when there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import wording
from journal_app.library import Article, ArticleOrigin, Library, Theme
from journal_app.storage import Vault
from journal_app.ui.common.builders import panel, single_shot_timer, spaced
from journal_app.ui.common.widgets import button, card_list, label
from journal_app.ui.pages.library.article_browser import (
    ZOOM_STEPS,
    ArticleBrowser,
    reader_html,
    reader_theme,
)
from journal_app.ui.pages.library.linked_entries import (
    LinkedEntryDelegate,
    LinkedEntryModel,
    LinkRole,
    linked_rows,
)
from journal_app.ui.pages.library.reading_positions import ReadingPositions


class ReaderView(QWidget):
    """The reading view with its toolbar and the "From my journal" panel.

    Signals: ``writeAboutRequested(slug, comment_id or None, quote)``,
    ``openEntryRequested(entry_id)`` and ``backRequested()`` (to the article list).
    """

    writeAboutRequested = Signal(str, object, str)
    openEntryRequested = Signal(int)
    backRequested = Signal()

    def __init__(
        self,
        vault: Vault | None,
        library: Library,
        *,
        positions: ReadingPositions | None = None,
        open_external: Callable[[QUrl], object] = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.library = library
        self.positions = positions or ReadingPositions()
        self._open_external = open_external
        self.article: Article | None = None
        self._rendered_with: tuple[Theme, float] | None = None
        self._build()
        self._save_position_timer = single_shot_timer(self, 400, self._remember_position)
        self._pending_target: tuple[str | None, str] = (None, "")
        self._settle_timer = single_shot_timer(self, 0, self._settled)
        self._rerender_timer = single_shot_timer(self, 0, self._render)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.browser.writeAboutCommentClicked.connect(self._write_about_comment)
        self.browser.externalLinkClicked.connect(self._external_link)
        self.browser.selectionChanged.connect(self._selection_changed)
        self.browser.context_actions = [("Write about this passage", self.write_about_selection)]
        self.write_button.clicked.connect(self.write_about_selection)
        self.back_button.clicked.connect(self.backRequested)
        self.smaller_button.clicked.connect(self.zoom_out)
        self.larger_button.clicked.connect(self.zoom_in)
        self.linked_list.activated.connect(self._linked_activated)
        self.show_passage_button.clicked.connect(self._show_selected_link)
        self.open_entry_button.clicked.connect(self._open_selected_link)
        self.linked_list.selectionModel().currentChanged.connect(self._update_link_buttons)
        for keys, handler in (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence("Ctrl+0"), self.reset_zoom),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

    # -- layout

    def _build(self) -> None:
        layout = spaced(QVBoxLayout(self))
        bar = panel("FilterBar")
        row = spaced(QHBoxLayout(bar), (14, 8, 14, 8), 8)
        self.back_button = button("‹  All articles", "Back to all articles", link=True)
        self.smaller_button = button("A−", "Smaller text")
        self.smaller_button.setToolTip("Smaller text (Ctrl+−)")
        self.larger_button = button("A+", "Larger text")
        self.larger_button.setToolTip("Larger text (Ctrl++)")
        self.write_button = button("Write about this", "Write about this article", primary=True)
        self.write_button.setToolTip("Start a reflection linked to this article or the selection")
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.smaller_button)
        row.addWidget(self.larger_button)
        row.addSpacing(8)
        row.addWidget(self.write_button)
        layout.addWidget(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.browser = ArticleBrowser()
        self.splitter.addWidget(self.browser)

        list_pane = panel("ListPane")
        list_pane.setMinimumWidth(240)
        column = spaced(QVBoxLayout(list_pane), (14, 16, 14, 14), 8)
        self.linked_heading = label("From my journal", "Subheading")
        self.linked_hint = label("", "Hint")
        self.linked_model = LinkedEntryModel(self)
        self.linked_list = card_list(
            "My entries that link to this article", self.linked_model, LinkedEntryDelegate
        )
        self.empty_linked = label(
            "None of my entries link here yet. Select a passage and choose “Write about this”, "
            "or use the link under any comment.",
            "Muted",
        )
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.open_entry_button = button("Open entry", "Open the selected entry")
        self.show_passage_button = button("Show in article", "Show the linked passage")
        buttons.addWidget(self.open_entry_button)
        buttons.addWidget(self.show_passage_button)
        buttons.addStretch(1)
        column.addWidget(self.linked_heading)
        column.addWidget(self.linked_hint)
        column.addWidget(self.linked_list, 1)
        column.addWidget(self.empty_linked)
        column.addStretch(0)
        column.addLayout(buttons)
        self.splitter.addWidget(list_pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([900, 300])
        layout.addWidget(self.splitter, 1)
        self._update_link_buttons()

    # -- opening articles

    def open_article(self, slug: str, comment_id: str | None = None, quote: str = "") -> bool:
        """Show an article; scroll to a comment, select a quoted passage, or go back to where I
        was. Returns False (and shows nothing new) if the library has no such article."""
        article = self.library.get(slug)
        if article is None:
            return False
        if self.article is not None and self.article.slug != slug:
            self._remember_position()
        self.article = article
        self._render(keep_position=False)
        self.refresh_links()
        self._go_to(comment_id, quote)
        # The layout may settle after the first paint; go there once more when it has.
        self._pending_target = (comment_id, quote)
        self._settle_timer.start()
        return True

    def _settled(self) -> None:
        comment_id, quote = self._pending_target
        self._go_to(comment_id, quote, again=True)

    def _go_to(self, comment_id: str | None, quote: str, *, again: bool = False) -> None:
        if self.article is None:
            return
        if quote and self.browser.select_passage(quote):
            return
        if comment_id and self.article.comment(comment_id) is not None:
            self.browser.scrollToAnchor(f"comment-{comment_id}")
            return
        if again:
            return
        remembered = self.positions.recall(self.article.slug)
        self.browser.set_scroll_fraction(remembered or 0.0)

    def _render(self, *, keep_position: bool = True) -> None:
        if self.article is None:
            return
        theme = reader_theme()
        if keep_position and self._rendered_with == (theme, self.browser.zoom):
            return
        fraction = self.browser.scroll_fraction()
        cursor = self.browser.textCursor()
        selection = (cursor.anchor(), cursor.position()) if cursor.hasSelection() else None
        self.browser.setHtml(reader_html(self.article, theme, self.browser.zoom))
        self._rendered_with = (theme, self.browser.zoom)
        self.browser.apply_measure()
        if keep_position:
            if selection is not None:
                restored = QTextCursor(self.browser.document())
                restored.setPosition(selection[0])
                restored.setPosition(selection[1], QTextCursor.MoveMode.KeepAnchor)
                self.browser.setTextCursor(restored)
            self.browser.set_scroll_fraction(fraction)

    def refresh(self) -> None:
        """Read the linked entries again and re-render if the theme changed."""
        self._render()
        self.refresh_links()

    def refresh_links(self) -> None:
        rows = []
        if self.article is not None and self.vault is not None:
            rows = linked_rows(self.article, self.vault.links.to_article(self.article.slug))
        self.linked_model.set_rows(rows)
        has_rows = bool(rows)
        self.linked_list.setVisible(has_rows)
        self.empty_linked.setVisible(not has_rows)
        count = len({row.entry_id for row in rows})
        self.linked_hint.setText(
            wording.entries_link_to_this_article(count)
            if has_rows
            else ""
        )
        self.linked_hint.setVisible(has_rows)
        self._update_link_buttons()

    def clear(self) -> None:
        """Forget the article and every linked entry (the journal is locking)."""
        self._remember_position()
        self.positions.save()
        self.article = None
        self._rendered_with = None
        self.browser.clear()
        self.linked_model.clear()
        self.linked_hint.setText("")
        self._update_link_buttons()

    def flush(self) -> bool:
        self._remember_position()
        self.positions.save()
        return True

    # -- zoom

    def zoom_in(self) -> None:
        self._set_zoom(+1)

    def zoom_out(self) -> None:
        self._set_zoom(-1)

    def reset_zoom(self) -> None:
        self.browser.zoom = 1.0
        self._render()

    def _set_zoom(self, step: int) -> None:
        nearest = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - self.browser.zoom))
        position = max(0, min(len(ZOOM_STEPS) - 1, nearest + step))
        self.browser.zoom = ZOOM_STEPS[position]
        self.smaller_button.setEnabled(position > 0)
        self.larger_button.setEnabled(position < len(ZOOM_STEPS) - 1)
        self._render()
        self.browser.zoomChanged.emit(self.browser.zoom)

    # -- writing about it

    def write_about_selection(self) -> None:
        if self.article is None:
            return
        self.writeAboutRequested.emit(self.article.slug, None, self.browser.selected_passage())

    def _write_about_comment(self, comment_id: str) -> None:
        if self.article is not None and self.article.comment(comment_id) is not None:
            self.writeAboutRequested.emit(self.article.slug, comment_id, "")

    def _selection_changed(self) -> None:
        has_selection = self.browser.textCursor().hasSelection()
        self.write_button.setText(
            "Write about this passage" if has_selection else "Write about this"
        )

    def _external_link(self, url: QUrl) -> None:
        self._open_external(url)

    # -- the linked entries panel

    def _linked_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(LinkRole.ENTRY_ID)
        if entry_id is not None:
            self.openEntryRequested.emit(int(entry_id))

    def _open_selected_link(self) -> None:
        index = self.linked_list.currentIndex()
        if index.isValid():
            self._linked_activated(index)

    def _show_selected_link(self) -> None:
        index = self.linked_list.currentIndex()
        if index.isValid() and self.article is not None:
            row = self.linked_model.row(index.row())
            self._go_to(row.comment_id, row.quote)
            self.browser.setFocus()

    def _update_link_buttons(self, *_args: object) -> None:
        has_current = self.linked_list.currentIndex().isValid()
        self.open_entry_button.setEnabled(has_current)
        self.show_passage_button.setEnabled(has_current)
        has_rows = self.linked_model.rowCount() > 0
        self.open_entry_button.setVisible(has_rows)
        self.show_passage_button.setVisible(has_rows)

    # -- positions and theme

    def _scrolled(self, _value: int) -> None:
        if self.article is not None:
            self._save_position_timer.start()

    def _remember_position(self) -> None:
        if self.article is None:
            return
        persist = self.article.origin is not ArticleOrigin.IMPORTED
        self.positions.remember(self.article.slug, self.browser.scroll_fraction(), persist=persist)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            timer = getattr(self, "_rerender_timer", None)  # not yet there while building
            if timer is not None:
                timer.start()
