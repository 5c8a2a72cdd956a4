"""The Journal page: filters and the lazily loaded list on the left, the editor on the right.

The list allows extended selection (Shift/Ctrl-click, Shift+arrows): the selected entries are what
"Export for my therapist…" offers and what "Move to Trash…" moves, all at once, with one Undo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import Entry, EntryFilter, EntryKind, EntrySummary
from journal_app.library import Library
from journal_app.storage import JournalError, ListCursor, Vault
from journal_app.ui.common.builders import panel, single_shot_timer, spaced
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.widgets import label
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.pages.journal.editor import AUTOSAVE_MS, EditorController, EditorView
from journal_app.ui.pages.journal.editor_links import ArticleAccess, OpenArticle
from journal_app.ui.pages.journal.entry_delegate import EntryDelegate
from journal_app.ui.pages.journal.entry_list_model import (
    EntryListModel,
    EntryRole,
    summary_from_entry,
)
from journal_app.ui.windows.article_picker import ArticlePickerDialog

StatusSink = Callable[[str, Callable[[], None] | None], None]

SEARCH_DELAY_MS = 300
# Moving more entries than this to the Trash at once asks first, in plain numbers.
BULK_CONFIRM_OVER = 5

DATE_RANGES = [
    ("Any time", None),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 12 months", 365),
    ("Between dates…", -1),
]


class JournalView(QWidget):
    """Layout only."""

    def __init__(self, parent: QWidget | None = None, *, in_parts: bool = False) -> None:
        """Builds the whole view, or with ``in_parts`` nothing yet (see :meth:`built_in_parts`)."""
        super().__init__(parent)
        if not in_parts:
            for _part in self._build_parts():
                pass

    @classmethod
    def built_in_parts(cls) -> Iterator[JournalView | None]:
        """Build an empty view a part at a time: None after each part, the view last.

        Each part is a few milliseconds of widgets, so the window keeps painting between them
        (the session builds this view while the passphrase's key is worked out).
        """
        view = cls(in_parts=True)
        for _part in view._build_parts():
            yield None
        yield view

    def _build_parts(self) -> Iterator[None]:
        self.setObjectName("JournalPage")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setHandleWidth(1)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)

        list_pane = panel("ListPane")
        list_pane.setMinimumWidth(320)
        pane = spaced(QVBoxLayout(list_pane))
        filters = panel("FilterBar")
        bar = spaced(QVBoxLayout(filters), (12, 12, 12, 10), spacing=8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search your journal")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search your journal")
        bar.addWidget(self.search)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Show kind of entry")
        self.kind.addItem("All entries", None)
        # Item data holds the plain string values: Qt hands enums back as str anyway.
        self.kind.addItem("Session notes", EntryKind.SESSION.value)
        self.kind.addItem("Emotional blocks", EntryKind.BLOCK.value)
        self.kind.addItem("Reflections", EntryKind.REFLECTION.value)
        self.kind.addItem("Thought records", EntryKind.THOUGHT_RECORD.value)
        self.kind.addItem("Check-ins", EntryKind.CHECK_IN.value)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Show tag")
        self.tag.setMinimumContentsLength(8)
        self.tag.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.dates = QComboBox()
        self.dates.setAccessibleName("Show dates")
        for text, days in DATE_RANGES:
            self.dates.addItem(text, days)
        # Kind and dates share a row; tags, whose names can be long, get one of their own, so
        # no filter is ever cut off in the narrow list pane.
        row.addWidget(self.kind, 1)
        row.addWidget(self.dates, 1)
        bar.addLayout(row)
        bar.addWidget(self.tag)
        self.custom_dates = QWidget()
        custom = QHBoxLayout(self.custom_dates)
        custom.setContentsMargins(0, 0, 0, 0)
        from_label = label("From", wrap=False)
        self.date_from = QDateEdit()
        self.date_from.setCalendarPopup(True)
        self.date_from.setAccessibleName("From date")
        from_label.setBuddy(self.date_from)
        to_label = label("to", wrap=False)
        self.date_to = QDateEdit()
        self.date_to.setCalendarPopup(True)
        self.date_to.setAccessibleName("To date")
        to_label.setBuddy(self.date_to)
        for widget in (from_label, self.date_from, to_label, self.date_to):
            custom.addWidget(widget)
        custom.addStretch(1)
        self.custom_dates.hide()
        bar.addWidget(self.custom_dates)
        pane.addWidget(filters)

        self.list = QListView()
        self.list.setObjectName("EntryList")
        self.list.setAccessibleName("Journal entries")
        self.list.setAccessibleDescription("Newest first, grouped by day")
        self.list.setUniformItemSizes(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setBatchSize(200)
        pane.addWidget(self.list, 1)
        self.empty = label("", "Muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(24, 24, 24, 24)
        self.empty.hide()
        pane.addWidget(self.empty)
        pane.addStretch(0)
        self.splitter.addWidget(list_pane)
        yield

        self.editor = EditorView(in_parts=True)
        yield from self.editor.build_parts()
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 800])


class JournalController:
    def __init__(
        self,
        view: JournalView,
        *,
        vault: Vault,
        dialogs: Dialogs,
        status: StatusSink,
        runner: Runner,
        autosave_ms: int = AUTOSAVE_MS,
        library: Library | None = None,
        on_open_article: OpenArticle | None = None,
        on_links_changed: Callable[[], None] | None = None,
        on_changed: Callable[[], None] | None = None,
    ) -> None:
        self.view = view
        self._vault = vault
        self._dialogs = dialogs
        self._runner = runner
        self._closed = False
        self._status = status
        self._on_changed = on_changed or (lambda: None)
        self.model = EntryListModel(view)
        self.delegate = EntryDelegate(view.list)
        view.list.setModel(self.model)
        view.list.setItemDelegate(self.delegate)
        self.editor = EditorController(
            view.editor,
            vault=vault,
            dialogs=dialogs,
            on_saved=self._entry_saved,
            on_deleted=self._entry_deleted,
            articles=ArticleAccess(
                library=library,
                pick=lambda library, parent: ArticlePickerDialog.pick(
                    library, parent, dialogs=dialogs
                ),
                open=on_open_article or (lambda *_args: None),
                links_changed=on_links_changed or (lambda: None),
            ),
            autosave_ms=autosave_ms,
        )
        self._search_timer = single_shot_timer(view, SEARCH_DELAY_MS, self.apply_filters)
        self._known_tags: list[str] = []
        view.search.textChanged.connect(lambda _t: self._search_timer.start())
        view.dates.currentIndexChanged.connect(self._dates_changed)
        for filter_changed in (
            view.kind.currentIndexChanged,
            view.tag.currentIndexChanged,
            view.date_from.dateChanged,
            view.date_to.dateChanged,
        ):
            filter_changed.connect(self.apply_filters)
        view.list.selectionModel().currentChanged.connect(self._current_changed)
        model = self.model
        for rows_changed in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            rows_changed.connect(self._rows_changed)
        model.dataChanged.connect(self._refresh_row_heights)
        editor = view.editor
        editor.start_session.clicked.connect(lambda: self.new_entry(EntryKind.SESSION))
        editor.start_block.clicked.connect(lambda: self.new_entry(EntryKind.BLOCK))
        editor.start_reflection.clicked.connect(lambda: self.new_entry(EntryKind.REFLECTION))
        today = QDate.currentDate()
        view.date_from.setDate(today.addMonths(-1))
        view.date_to.setDate(today)
        self.model.set_source(self._fetch_page, self.current_filter())
        self._refresh_tag_filter()  # after the first page, so the list never waits for it

    # -- loading

    def _fetch_page(
        self, entry_filter: EntryFilter, after: ListCursor | None, limit: int
    ) -> list[EntrySummary]:
        return self._vault.entries.summaries(entry_filter, limit=limit, after=after)

    def current_filter(self) -> EntryFilter:
        v = self.view
        kind = v.kind.currentData()
        tag = v.tag.currentData()
        since: datetime | None = None
        until: datetime | None = None
        days = v.dates.currentData()
        if isinstance(days, int) and days > 0:
            since = datetime.now(UTC) - timedelta(days=days)
        elif days == -1:
            start = v.date_from.date().toPython()
            end = v.date_to.date().toPython()
            assert isinstance(start, date) and isinstance(end, date)
            since = datetime.combine(start, time.min).astimezone().astimezone(UTC)
            until = datetime.combine(end + timedelta(days=1), time.min).astimezone().astimezone(UTC)
        return EntryFilter(
            kinds=frozenset({EntryKind(kind)}) if kind else frozenset(),
            tags=frozenset({tag}) if isinstance(tag, str) and tag else frozenset(),
            since=since,
            until=until,
            text=v.search.text().strip(),
        )

    def apply_filters(self, *_args: object) -> None:
        self._search_timer.stop()
        selected = self.editor.current.id if self.editor.current else None
        self.model.set_filter(self.current_filter())
        if selected is not None:
            self._select(selected)

    def _dates_changed(self, *_args: object) -> None:
        self.view.custom_dates.setVisible(self.view.dates.currentData() == -1)
        self.apply_filters()

    def _refresh_tag_filter(self) -> None:
        """Reload the journal's tags on a worker (counting them takes a moment in a big journal)."""
        vault = self._vault
        Task(lambda _progress: [name for name, _count in vault.tags.in_use()]).success(
            self._tags_loaded
        ).failure(lambda _error: None).start(self._runner)  # a failure: locked meanwhile

    def _tags_loaded(self, result: object) -> None:
        if self._closed or not isinstance(result, list):
            return
        tags = [str(tag) for tag in result]
        self.editor.set_known_tags(tags)
        if tags == self._known_tags:
            return
        self._known_tags = tags
        combo = self.view.tag
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Any tag", None)
        for tag in tags:
            combo.addItem(f"#{tag}", tag)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _rows_changed(self, *_args: object) -> None:
        empty = self.model.rowCount() == 0
        filtered = self.model.entry_filter != EntryFilter()
        self.view.empty.setText(
            "Nothing matches these filters."
            if filtered
            else "Your journal is empty for now.\nWhen you're ready, start with a new entry."
        )
        self.view.empty.setVisible(empty)
        self.view.list.setVisible(not empty)

    def _refresh_row_heights(self, top: QModelIndex, bottom: QModelIndex, *_r: object) -> None:
        # A changed day header changes a row's height; ask the view to lay that row out again.
        for row in range(top.row(), bottom.row() + 1):
            self.delegate.sizeHintChanged.emit(self.model.index(row, 0))

    # -- selection and editing

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry_id = current.data(EntryRole.ID)
        if isinstance(entry_id, int):
            self.editor.open_entry(entry_id)

    def _select(self, entry_id: int) -> None:
        index = self.model.index_of(entry_id)
        selection = self.view.list.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.list.scrollTo(index)
        else:
            selection.clearSelection()

    def new_entry(self, kind: EntryKind) -> None:
        self.editor.new_entry(kind)
        self.view.list.selectionModel().clearSelection()

    def new_linked_entry(self, entry: Entry, prompts: tuple[str, ...], article_title: str) -> None:
        self.editor.new_linked_entry(entry, prompts, article_title)
        self.view.list.selectionModel().clearSelection()

    def open_entry(self, entry_id: int) -> None:
        self.editor.open_entry(entry_id)
        self._select(entry_id)

    def selected_entry_ids(self) -> list[int]:
        """The entries selected in the list, in list order (newest first)."""
        rows = sorted(index.row() for index in self.view.list.selectionModel().selectedIndexes())
        ids = [self.model.index(row, 0).data(EntryRole.ID) for row in rows]
        return [entry_id for entry_id in ids if isinstance(entry_id, int)]

    def _entry_saved(self, entry: Entry) -> None:
        if entry.id is None:
            return
        self.model.upsert(summary_from_entry(entry))
        if entry.id not in self.selected_entry_ids():
            self._select(entry.id)
        if any(tag not in self._known_tags for tag in entry.tags):
            self._refresh_tag_filter()
        self._on_changed()

    def _entry_deleted(self, entry_id: int) -> None:
        self.model.remove(entry_id)
        self._refresh_tag_filter()
        self._status("Moved to the Trash.", lambda: self.restore(entry_id))
        self._on_changed()

    def restore(self, entry_id: int) -> None:
        self._vault.entries.restore(entry_id)
        entry = self._vault.entries.get(entry_id)
        self.model.upsert(summary_from_entry(entry))
        self._refresh_tag_filter()
        self.open_entry(entry_id)
        self._status("Brought back from the Trash.", None)
        self._on_changed()

    def delete_selected(self) -> None:
        """Move the selected entries to the Trash (or the open one when at most one is chosen)."""
        ids = self.selected_entry_ids()
        if len(ids) <= 1:
            self.editor.delete_current()
            return
        count = len(ids)
        if count > BULK_CONFIRM_OVER:
            text = f"Move {count} entries to the Trash?"
            informative = "You can restore them from the Trash for 30 days."
        else:
            text = f"Move these {count} entries to the Trash?"
            informative = "You can bring them back from the Trash later."
        if not self._dialogs.confirm(
            self.view,
            "Move to Trash?",
            text,
            yes_label="Move to Trash",
            informative=informative,
        ):
            return
        current = self.editor.current
        if current is not None and current.id in ids:
            self.editor.flush()
            self.editor.clear()
        else:
            self.editor.flush()
        try:
            with self._vault.bulk():
                for entry_id in ids:
                    self._vault.entries.delete(entry_id)
        except JournalError as error:
            self._dialogs.warn(self.view, "Nothing was moved", str(error))
            return
        for entry_id in ids:
            self.model.remove(entry_id)
        self._refresh_tag_filter()
        self._status(f"Moved {count} entries to the Trash.", lambda: self.restore_many(ids))
        self._on_changed()

    def restore_many(self, entry_ids: list[int]) -> None:
        with self._vault.bulk():
            for entry_id in entry_ids:
                self._vault.entries.restore(entry_id)
        for entry in self._vault.entries.get_many(entry_ids):
            self.model.upsert(summary_from_entry(entry))
        self._refresh_tag_filter()
        self._status(f"Brought {len(entry_ids)} entries back from the Trash.", None)
        self._on_changed()

    def reload(self) -> None:
        """Read the list again (after the Trash or a restore changed the journal underneath)."""
        if self._closed:
            return
        self.model.set_source(self._fetch_page, self.current_filter())
        current = self.editor.current
        if current is not None and current.id is not None:
            try:
                stored = self._vault.entries.get(current.id)
            except JournalError:
                stored = None
            if stored is None or stored.deleted_at is not None:
                self.editor.clear()
            else:
                self._select(current.id)
        self._refresh_tag_filter()

    def focus_search(self) -> None:
        self.view.search.setFocus()
        self.view.search.selectAll()

    def delete_current(self) -> None:
        self.delete_selected()

    # -- page protocol

    def flush(self) -> bool:
        return self.editor.flush()

    def shutdown(self) -> None:
        """Save, then clear everything this page shows (the journal is locking)."""
        self._closed = True
        self.editor.clear()
        self.model.clear()
        v = self.view
        v.search.setText("")
        v.tag.clear()
        self._search_timer.stop()
        self._known_tags = []
