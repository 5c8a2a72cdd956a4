"""The journal list: a lazily loaded Qt list model of entry summaries, newest first.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore`` (keyset paging in the vault,
so the 200th page is as quick as the first). Saving one entry updates or inserts just that row.
The model knows nothing about the vault itself: it is given a ``fetch_page`` function, so it can be
tested with plain lists.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, Qt

from journal_app.domain import wording
from journal_app.domain.entries import Entry, EntryFilter, EntrySummary, entry_snippet
from journal_app.storage import ListCursor
from journal_app.ui.common.models import Index, role_names

PAGE_SIZE = 200

FetchPage = Callable[[EntryFilter, ListCursor | None, int], list[EntrySummary]]


class EntryRole(enum.IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    KIND = enum.auto()
    TITLE = enum.auto()
    SNIPPET = enum.auto()
    TAGS = enum.auto()
    PRIVATE = enum.auto()
    OCCURRED_AT = enum.auto()
    LINK_COUNT = enum.auto()
    OPEN_QUESTIONS = enum.auto()
    DAY_HEADER = enum.auto()
    SUMMARY = enum.auto()


# What each role is for a row that needs nothing but its summary (the day header and the
# accessible text also look at the rows around it).
_SUMMARY_VALUES: dict[int, Callable[[EntrySummary], Any]] = {
    int(Qt.ItemDataRole.DisplayRole): attrgetter("display_title"),
    EntryRole.TITLE: attrgetter("display_title"),
    EntryRole.ID: attrgetter("id"),
    EntryRole.KIND: attrgetter("kind"),
    EntryRole.SNIPPET: attrgetter("snippet"),
    EntryRole.TAGS: attrgetter("tags"),
    EntryRole.PRIVATE: attrgetter("private"),
    EntryRole.OCCURRED_AT: attrgetter("occurred_at"),
    EntryRole.LINK_COUNT: attrgetter("link_count"),
    EntryRole.OPEN_QUESTIONS: attrgetter("open_question_count"),
    EntryRole.SUMMARY: lambda summary: summary,
}


def day_label(day: date, today: date | None = None) -> str:
    return wording.relative_day(day, today or date.today())


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


def summary_from_entry(entry: Entry) -> EntrySummary:
    """What the list shows for an entry the editor just saved (no second trip to the vault)."""
    assert entry.id is not None
    # The same source the vault uses for its summaries, so a row doesn't change on reload.
    snippet = entry_snippet(entry.body, entry.details)
    return EntrySummary(
        id=entry.id,
        kind=entry.kind,
        title=entry.title,
        snippet=snippet,
        tags=entry.tags,
        private=entry.private,
        occurred_at=entry.occurred_at,
        updated_at=entry.updated_at,
        link_count=len(entry.links),
        open_question_count=len(entry.open_questions),
    )


def _sort_key(summary: EntrySummary) -> tuple[float, int]:
    # Rows are newest first; negate so the list is ascending for bisect.
    return (-summary.occurred_at.timestamp(), -summary.id)


class EntryListModel(QAbstractListModel):
    def __init__(self, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._rows: list[EntrySummary] = []
        self._fetch: FetchPage | None = None
        self._filter = EntryFilter()
        self._exhausted = True
        self.page_size = page_size

    # -- loading

    def set_source(self, fetch: FetchPage | None, entry_filter: EntryFilter | None = None) -> None:
        self._fetch = fetch
        self.set_filter(entry_filter or EntryFilter())

    @property
    def entry_filter(self) -> EntryFilter:
        return self._filter

    def set_filter(self, entry_filter: EntryFilter) -> None:
        """Show a different selection: start again from the first page."""
        self.beginResetModel()
        self._filter = entry_filter
        self._rows = []
        self._exhausted = self._fetch is None
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def clear(self) -> None:
        """Forget every row and the data source (used when the journal locks)."""
        self.set_source(None)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and self._fetch is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        after = ListCursor(self._rows[-1].occurred_at, self._rows[-1].id) if self._rows else None
        page = self._fetch(self._filter, after, self.page_size)
        if len(page) < self.page_size:
            self._exhausted = True
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    @property
    def fully_loaded(self) -> bool:
        return self._exhausted

    # -- reading

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def summary(self, row: int) -> EntrySummary:
        return self._rows[row]

    def row_of(self, entry_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == entry_id:
                return row
        return None

    def index_of(self, entry_id: int) -> QModelIndex:
        row = self.row_of(entry_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def day_header(self, row: int) -> str | None:
        """The day label if this row is the first of its day, else None."""
        day = local_day(self._rows[row].occurred_at)
        if row > 0 and local_day(self._rows[row - 1].occurred_at) == day:
            return None
        return day_label(day)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(row, self._rows[row])
        if role == EntryRole.DAY_HEADER:
            return self.day_header(row)
        value_of = _SUMMARY_VALUES.get(role)
        return None if value_of is None else value_of(self._rows[row])

    def _accessible_text(self, row: int, summary: EntrySummary) -> str:
        parts = [f"{summary.kind.label}: {summary.display_title}"]
        parts.append(day_label(local_day(summary.occurred_at)))
        if summary.open_question_count:
            parts.append(wording.open_questions(summary.open_question_count))
        return ", ".join(parts)

    def roleNames(self) -> dict[int, QByteArray]:
        names = role_names(EntryRole)
        names[int(Qt.ItemDataRole.DisplayRole)] = QByteArray(b"display")
        return names

    # -- targeted changes

    def matches_filter(self, summary: EntrySummary) -> bool:
        """Whether a saved entry belongs in this list (the text part is left to the vault)."""
        f = self._filter
        if f.kinds and summary.kind not in f.kinds:
            return False
        if f.tags and not f.tags <= set(summary.tags):
            return False
        if f.since is not None and summary.occurred_at < f.since:
            return False
        if f.until is not None and summary.occurred_at >= f.until:
            return False
        return f.include_private or not summary.private

    def upsert(self, summary: EntrySummary) -> None:
        """Update the row of a saved entry, move it if its date changed, or insert it."""
        row = self.row_of(summary.id)
        if row is not None and not self.matches_filter(summary):
            self.remove(summary.id)
            return
        if row is not None:
            keys = [_sort_key(s) for s in (self._rows[row - 1 : row] if row > 0 else [])]
            after = self._rows[row + 1] if row + 1 < len(self._rows) else None
            still_in_place = (not keys or keys[0] <= _sort_key(summary)) and (
                after is None or _sort_key(summary) <= _sort_key(after)
            )
            if still_in_place:
                self._rows[row] = summary
                last = min(row + 1, len(self._rows) - 1)  # the next row's day header may change
                self.dataChanged.emit(self.index(row, 0), self.index(last, 0))
                return
            self.remove(summary.id)
        if not self.matches_filter(summary):
            return
        position = bisect_left(self._rows, _sort_key(summary), key=_sort_key)
        if position == len(self._rows) and not self._exhausted:
            return  # older than anything loaded: it will arrive with a later page
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, summary)
        self.endInsertRows()
        if position + 1 < len(self._rows):
            next_index = self.index(position + 1, 0)
            self.dataChanged.emit(next_index, next_index)

    def remove(self, entry_id: int) -> bool:
        row = self.row_of(entry_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        if row < len(self._rows):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)
        return True
