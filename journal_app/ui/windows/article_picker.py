"""Choosing an article, or one of its reader comments, to link an entry to.

A filter box above a tree of the library: each article with its comments beneath it (replies
under the comment they answer). Typing narrows the tree to matching articles and comments; Enter
or "Link" accepts. ``ArticlePickerDialog.pick(library, parent)`` returns ``(slug, comment_id)``
(``comment_id`` None for the article as a whole), or None when cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from journal_app.library import Article, Comment, Library
from journal_app.ui.common.dialog_service import Dialogs, DialogService, is_alive
from journal_app.ui.common.widgets import label

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3


def _comment_label(comment: Comment) -> str:
    words = comment.body.split()
    start = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    lead = comment.heading or comment.author
    return f"{lead}: {start}" if lead and lead not in start else start


def build_article_tree(library: Library) -> QStandardItemModel:
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Article or comment"])
    for article in library.articles():
        model.appendRow(_article_item(article))
    return model


def _article_item(article: Article) -> QStandardItem:
    item = QStandardItem(article.title)
    item.setEditable(False)
    item.setData(article.slug, SLUG_ROLE)
    item.setData(None, COMMENT_ROLE)
    meta = article.meta
    item.setData(
        " ".join(filter(None, [meta.title, meta.author, meta.blog, meta.summary])), SEARCH_TEXT_ROLE
    )
    byline = " · ".join(filter(None, [meta.author, meta.blog]))
    item.setData(
        f"{article.title}, {byline}" if byline else article.title,
        Qt.ItemDataRole.AccessibleTextRole,
    )
    font = item.font()
    font.setWeight(font.Weight.DemiBold)
    item.setFont(font)

    def add_comments(parent: QStandardItem, parent_id: str | None) -> None:
        for comment in article.replies_to(parent_id):
            child = QStandardItem(_comment_label(comment))
            child.setEditable(False)
            child.setData(article.slug, SLUG_ROLE)
            child.setData(comment.id, COMMENT_ROLE)
            child.setData(
                " ".join(filter(None, [comment.heading, comment.author, comment.body])),
                SEARCH_TEXT_ROLE,
            )
            child.setData(
                f"Reader comment: {_comment_label(comment)}", Qt.ItemDataRole.AccessibleTextRole
            )
            parent.appendRow(child)
            add_comments(child, comment.id)

    add_comments(item, None)
    return item


class _WordFilter(QSortFilterProxyModel):
    """Keeps rows whose text holds every typed word; parents of matches stay visible."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:  # Qt 6.9+; invalidateFilter is deprecated there
            begin()
            self.words = [word.casefold() for word in text.split()]
            self.endFilterChange()
        else:
            self.words = [word.casefold() for word in text.split()]
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # type: ignore[override]
        if not self.words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = str(index.data(SEARCH_TEXT_ROLE) or "").casefold()
        return all(word in haystack for word in self.words)


class ArticlePickerDialog(QDialog):
    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to an article")
        self.resize(620, 520)
        self.library = library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(
            label("Choose an article, or one of its reader comments, for this entry.", "Muted")
        )
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter articles and comments…")
        self.filter.setAccessibleName("Filter articles and comments")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.source = build_article_tree(library)
        self.proxy = _WordFilter(self)
        self.proxy.setSourceModel(self.source)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Articles and their comments")
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setStyleSheet("QTreeView::item { padding: 5px 2px; }")
        layout.addWidget(self.tree, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Link")
        ok.setAccessibleName("Link this entry to the chosen article or comment")
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter_changed)
        self.tree.activated.connect(lambda _index: self.accept())
        self.tree.selectionModel().currentChanged.connect(self._update_ok)
        self.filter.installEventFilter(self)
        self._select_first()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if text.strip():
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
        self._select_first()

    def _select_first(self) -> None:
        first = self.proxy.index(0, 0)
        if first.isValid():
            # With a filter, prefer the first matching comment over its article.
            if self.proxy.words:
                child = self.proxy.index(0, 0, first)
                source = self.proxy.mapToSource(first)
                if child.isValid() and not self.proxy.filterAcceptsRow(
                    source.row(), source.parent()
                ):
                    first = child
            self.tree.setCurrentIndex(first)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.tree.currentIndex().isValid())

    def chosen(self) -> tuple[str, str | None] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        slug = index.data(SLUG_ROLE)
        comment_id = index.data(COMMENT_ROLE)
        return (str(slug), str(comment_id) if comment_id else None)

    def select(self, slug: str, comment_id: str | None = None) -> bool:
        """Make ``(slug, comment_id)`` the current choice (for tests and for editing a link)."""
        matches = self.proxy.match(
            self.proxy.index(0, 0),
            COMMENT_ROLE if comment_id else SLUG_ROLE,
            comment_id or slug,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        for index in matches:
            if index.data(SLUG_ROLE) == slug:
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.tree.setFocus()
                return False
        return super().eventFilter(watched, event)

    @classmethod
    def pick(
        cls, library: Library, parent: QWidget | None = None, *, dialogs: Dialogs | None = None
    ) -> tuple[str, str | None] | None:
        """Ask for an article or comment; None if cancelled. Shown through ``dialogs`` (the
        journal page passes the app's); without one, the app's own service is made for it."""
        dialog = cls(library, parent)
        accepted = (dialogs or DialogService()).run(dialog) == QDialog.DialogCode.Accepted
        if not is_alive(dialog):
            return None  # the journal locked while it was open, and the page went with it
        chosen = dialog.chosen() if accepted else None
        dialog.deleteLater()
        return chosen
