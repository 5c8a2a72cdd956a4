"""One search across my journal and the library, as I type.

Typing waits ~150 ms for a pause, then the query runs on a worker; each query carries a generation
number, and an answer that arrives after a newer query started is dropped, so results never jump
back to an older search. Results are grouped (Journal, then Articles), with the matched words
marked in each snippet. Enter (or a double click) opens a hit: an entry through
``openEntryRequested``, an article through ``openArticleRequested`` at the matched comment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from journal_app.library import ArticleHit, Library
from journal_app.storage import SearchHit, Vault
from journal_app.ui.common.builders import single_shot_timer
from journal_app.ui.common.widgets import JournalPageSurface, card_list, label
from journal_app.ui.common.work import Runner, Task, TaskProgress
from journal_app.ui.pages.search.result_delegate import SearchResultDelegate
from journal_app.ui.pages.search.result_model import ResultKind, SearchResultModel, result_rows
from journal_app.ui.shell.changes import RefreshWhenShown

DEBOUNCE_MS = 150
ENTRY_LIMIT = 50
ARTICLE_LIMIT = 30
# A one-letter prefix matches most of a long journal (seconds on 50,000 entries) and would hold
# the vault while the next, more useful query waits; the journal is searched from two letters.
MIN_JOURNAL_QUERY = 2


@dataclass(frozen=True)
class SearchAnswer:
    generation: int
    text: str
    entries: list[SearchHit]
    articles: list[ArticleHit]
    seconds: float  # how long the query took on the worker


def comment_labels(library: Library) -> dict[tuple[str, str], str]:
    """``(slug, comment id) -> "Comment by …"`` for the subtitle of comment hits."""
    labels: dict[tuple[str, str], str] = {}
    for article in library.articles():
        for comment in article.comments:
            who = comment.heading or comment.author
            labels[(article.slug, comment.id)] = (
                f"Reader comment: {who}" if who else "Reader comment"
            )
    return labels


class SearchPage(JournalPageSurface, RefreshWhenShown):
    """Search everything. Signals: ``openEntryRequested(int entry_id)`` and
    ``openArticleRequested(str slug, object comment_id, str quote)``; ``searchFinished(int)``
    carries the number of hits shown (for tests and the status bar)."""

    openEntryRequested = Signal(int)
    openArticleRequested = Signal(str, object, str)
    searchFinished = Signal(int)

    def __init__(
        self,
        vault: Vault | None,
        library: Library,
        runner: Runner,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, library, runner, parent)
        self.generation = 0
        self.last_answer: SearchAnswer | None = None
        self._labels = comment_labels(library)
        self.model = SearchResultModel(self)
        self._build()
        self.timer = single_shot_timer(self, debounce_ms, self.run_search)
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self._open_first)
        self.field.installEventFilter(self)
        self.results.activated.connect(self.open_hit)
        self._show_message("Type to look through your journal and the library.")

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(36, 28, 36, 16)
        column.setSpacing(8)
        column.addWidget(label("Search", "Heading"))
        self.field = QLineEdit()
        self.field.setObjectName("SearchField")
        self.field.setPlaceholderText("Search my journal and the articles…")
        self.field.setAccessibleName("Search my journal and the articles")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumHeight(38)
        column.addSpacing(6)
        column.addWidget(self.field)
        self.summary = label("", "Hint")
        self.summary.setAccessibleName("Search summary")
        column.addWidget(self.summary)
        self.results = card_list("Search results", self.model, SearchResultDelegate)
        column.addWidget(self.results, 1)
        self.message = label("", "Muted")
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.message, 1)

    # -- the page protocol

    def focus_search(self, text: str | None = None) -> None:
        """Ctrl+F: put the cursor in the search field (optionally with some text)."""
        if text is not None:
            self.field.setText(text)
        self.field.setFocus()
        self.field.selectAll()

    def refresh(self) -> None:
        """Search again (e.g. after entries changed)."""
        self._labels = comment_labels(self.library)
        if self.field.text().strip():
            self.run_search()

    def clear(self) -> None:
        """Forget the query and every result (the journal is locking)."""
        self.timer.stop()
        self.generation += 1  # any answer still on its way is now stale
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.model.clear()
        self.last_answer = None
        self.summary.setText("")
        self._show_message("Type to look through your journal and the library.")

    def focus(self) -> None:
        self.focus_search()

    # -- searching

    def _text_changed(self, _text: str) -> None:
        self.timer.start()

    def run_search(self) -> None:
        self.timer.stop()
        self.generation += 1
        generation = self.generation
        text = self.field.text()
        if not text.strip():
            self.model.clear()
            self.summary.setText("")
            self._show_message("Type to look through your journal and the library.")
            return
        vault, library = self.vault, self.library

        def job(_progress: TaskProgress) -> SearchAnswer:
            started = time.perf_counter()
            long_enough = len(text.strip()) >= MIN_JOURNAL_QUERY
            entries = (
                vault.search.entries(text, limit=ENTRY_LIMIT)
                if vault is not None and long_enough
                else []
            )
            articles = library.search(text, limit=ARTICLE_LIMIT)
            return SearchAnswer(generation, text, entries, articles, time.perf_counter() - started)

        Task(job).success(self._answered).failure(self._failed).start(self.runner)

    def _answered(self, answer: Any) -> None:
        if not isinstance(answer, SearchAnswer) or answer.generation != self.generation:
            return  # a newer search has started since; this answer is stale
        self.last_answer = answer
        self.model.set_rows(result_rows(answer.entries, answer.articles, self._labels))
        hits = self.model.hit_count()
        if hits:
            self.message.hide()
            self.results.show()
            parts = []
            if answer.entries:
                parts.append(f"{len(answer.entries)} in my journal")
            if answer.articles:
                parts.append(f"{len(answer.articles)} in the articles")
            self.summary.setText(" · ".join(parts))
            first = self.model.first_hit_row()
            self.results.setCurrentIndex(self.model.index(first))
        else:
            self.summary.setText("")
            self._show_message("Nothing found. Try fewer or different words.")
        self.searchFinished.emit(hits)

    def _failed(self, _error: BaseException) -> None:
        self.summary.setText("")
        self._show_message("The search could not be completed. Please try again.")
        self.searchFinished.emit(0)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.results.setVisible(self.model.rowCount() > 0)

    # -- opening hits

    def open_hit(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row(index.row())
        if row.kind is ResultKind.ENTRY and row.entry_id is not None:
            self.openEntryRequested.emit(row.entry_id)
        elif row.kind is ResultKind.ARTICLE and row.slug is not None:
            self.openArticleRequested.emit(row.slug, row.comment_id, "")

    def _open_first(self) -> None:
        if self.timer.isActive():
            self.run_search()  # Enter before the pause: search now, then open
        index = self.results.currentIndex()
        if not index.isValid():
            first = self.model.first_hit_row()
            index = self.model.index(first) if first >= 0 else QModelIndex()
        self.open_hit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search field moves into the results, as in most search boxes.
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.hit_count():
                self.results.setFocus()
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.index(self.model.first_hit_row()))
                return True
        return super().eventFilter(watched, event)
