"""The Library page: every article I can read offline, and the reader for one of them.

The list shows each article's title, author, blog and date and how many of my entries link to it.
"Add article…" asks for a file through the dialog service and imports it on a worker, so a large
saved web page never freezes the window. Choosing an article opens it in the reader on the same
page; "All articles" comes back to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import wording
from journal_app.library import Article, Library, LibraryError
from journal_app.library.importing import SUPPORTED_SUFFIXES
from journal_app.storage import Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.widgets import JournalPageSurface, button, card_list, label
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.pages.library.article_delegate import ArticleDelegate
from journal_app.ui.pages.library.article_model import ArticleListModel, ArticleRole
from journal_app.ui.pages.library.reader import ReaderView
from journal_app.ui.pages.library.reading_positions import ReadingPositions
from journal_app.ui.shell.changes import Change, RefreshWhenShown


def choose_article_file(dialogs: Dialogs, parent: QWidget | None) -> Path | None:
    """Ask for an article file (Markdown, text or a saved web page) through the dialog service."""
    patterns = " ".join(f"*{suffix}" for suffix in sorted(SUPPORTED_SUFFIXES))
    return dialogs.open_file_path(parent, "Add an article", Path.home(), f"Articles ({patterns})")


class LibraryPage(JournalPageSurface, RefreshWhenShown):
    """The article list and the reader.

    Signals: ``openEntryRequested(int entry_id)``,
    ``writeAboutRequested(str slug, object comment_id, str quote)``.
    """

    openEntryRequested = Signal(int)
    shows = Change.ENTRIES | Change.LINKS
    writeAboutRequested = Signal(str, object, str)

    def __init__(
        self,
        vault: Vault | None,
        library: Library,
        dialogs: Dialogs,
        runner: Runner,
        *,
        positions: ReadingPositions | None = None,
        open_external: Callable[[QUrl], object] = QDesktopServices.openUrl,
        choose_file: Callable[[QWidget], Path | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, library, runner, parent)
        self.dialogs = dialogs
        self._choose_file = choose_file or (lambda parent: choose_article_file(dialogs, parent))
        self._importing = False
        self.model = ArticleListModel(self)
        self.reader = ReaderView(
            vault, library, positions=positions, open_external=open_external, parent=self
        )
        self._build()
        for opened in (self.list.activated, self.list.clicked):
            opened.connect(self._article_activated)
        self.add_button.clicked.connect(self.add_article)
        self.reader.backRequested.connect(self.show_list)
        self.reader.openEntryRequested.connect(self.openEntryRequested)
        self.reader.writeAboutRequested.connect(self.writeAboutRequested)
        self.refresh()

    # -- layout

    def _build(self) -> None:
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.list_page = QWidget()
        self.list_page.setObjectName("EditorSurface")
        column = QVBoxLayout(self.list_page)
        column.setContentsMargins(36, 28, 36, 20)
        column.setSpacing(6)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(label("Library", "Heading"))
        titles.addWidget(
            label(
                "Articles to read between sessions, kept on this computer. "
                "Nothing here needs an internet connection.",
                "Muted",
            )
        )
        header.addLayout(titles, 1)
        self.add_button = button("Add article…", "Add an article from a file")
        self.add_button.setToolTip("Add a Markdown, text or saved web page file")
        header.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(header)
        column.addSpacing(14)
        self.list = card_list("Articles", self.model, ArticleDelegate)
        self.list.setSpacing(2)
        column.addWidget(self.list, 1)
        self.status = label("", "Hint")
        self.status.setAccessibleName("Library status")
        column.addWidget(self.status)
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.reader)

    # -- what it shows

    def refresh(self) -> None:
        """Reload the article list and link counts, and the open article's linked entries."""
        counts = self.vault.links.counts_by_article() if self.vault is not None else {}
        current = self._current_slug()
        self.model.set_articles(self.library.articles(), counts)
        row = self.model.row_of(current) if current else 0
        if self.model.rowCount() and row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        problems = len(self.library.problems)
        self.status.setText(
            wording.article_files_unreadable(problems)
            if problems
            else ""
        )
        self.status.setVisible(bool(problems))
        if self.reader.article is not None:
            self.reader.refresh()

    def clear(self) -> None:
        """Drop everything that came from the journal (the link counts and linked entries)."""
        self.reader.clear()
        self.model.clear()
        self.stack.setCurrentWidget(self.list_page)

    def journal_changed(self, change: Change, *, showing: bool) -> None:
        # Link counts are read again at once, so the reader is right when the editor opens it.
        RefreshWhenShown.journal_changed(
            self, change, showing=showing or bool(change & Change.LINKS)
        )

    def focus(self) -> None:
        self.list.setFocus()

    def flush(self) -> bool:
        return self.reader.flush()

    def show_list(self) -> None:
        self.reader.flush()
        self.stack.setCurrentWidget(self.list_page)
        self.list.setFocus()

    def open_article(self, slug: str, comment_id: str | None = None, quote: str = "") -> bool:
        """Show the reader at an article (at a comment or passage when given)."""
        self.stack.setCurrentWidget(self.reader)
        if not self.reader.open_article(slug, comment_id, quote):
            self.stack.setCurrentWidget(self.list_page)
            return False
        row = self.model.row_of(slug)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self.reader.browser.setFocus()
        return True

    def _current_slug(self) -> str | None:
        index = self.list.currentIndex()
        return str(index.data(ArticleRole.SLUG)) if index.isValid() else None

    def _article_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_article(str(index.data(ArticleRole.SLUG)))

    # -- adding articles

    def add_article(self) -> None:
        if self._importing:
            return
        path = self._choose_file(self)
        if path is None:
            return
        self._importing = True
        self.add_button.setEnabled(False)
        self.status.setText("Adding the article…")
        self.status.setVisible(True)
        library = self.library
        Task(lambda _progress: library.import_file(path)).success(self._imported).failure(
            self._import_failed
        ).start(self.runner)

    def _imported(self, result: Any) -> None:
        self._importing = False
        self.add_button.setEnabled(True)
        self.refresh()
        if isinstance(result, Article):
            row = self.model.row_of(result.slug)
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row))
            self.status.setText("The article was added to your library.")
            self.status.setVisible(True)

    def _import_failed(self, error: BaseException) -> None:
        self._importing = False
        self.add_button.setEnabled(True)
        self.status.setText("")
        self.status.setVisible(False)
        message = (
            str(error)
            if isinstance(error, LibraryError)
            else ("The file could not be added. Nothing was changed.")
        )
        self.dialogs.warn(self, "Could not add the article", message)
