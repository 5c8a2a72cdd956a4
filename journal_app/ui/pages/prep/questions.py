"""The open questions for my therapist: a list model, the delegate that ticks a row, and the view.

A journal can hold thousands of open questions, so they are rows of a model, never a widget
each. A row is checkable: ticking it (a click anywhere on the row, or Space) asks the page to
record the answer in the journal; when that fails the tick does not stay. Ticked rows are struck
through and muted, as the checkbox rows were. A new list of questions is applied by difference
(rows removed, inserted or changed), so a refresh that finds the same questions emits nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, QStringListModel, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from journal_app.domain.entries import Question
from journal_app.ui.common.models import Index, role_names
from journal_app.ui.common.theme import current_colors

TICK_DESCRIPTION = "Tick when it has been talked about"
VISIBLE_ROWS = 8  # the list scrolls inside its card beyond this many rows
TEXT_LINES = 2  # each row has room for two lines; a longer question is elided (full in the tip)

# Records a tick (True) or untick (False) in the journal; False when it could not be recorded.
RecordAnswer = Callable[[Question, bool], bool]


class QuestionRole(enum.IntEnum):
    QUESTION_ID = Qt.ItemDataRole.UserRole + 1
    TEXT = enum.auto()
    TICKED = enum.auto()


def _never_recorded(_question: Question, _ticked: bool) -> bool:
    return False


class OpenQuestionsModel(QStringListModel):
    """One row per open question; the check state is whether it was ticked off here.

    The questions themselves are kept here, in ``_rows``. The C++ base only holds one empty
    placeholder per row: every layout pass of the view asks ``index()`` and ``rowCount()`` once
    per row, and answering those in C++ instead of Python makes a pass over 6,000 rows about
    three times quicker. No journal text is copied into the placeholders.
    """

    def __init__(self, record_answer: RecordAnswer = _never_recorded, parent: Any = None) -> None:
        super().__init__(parent)
        self.record_answer = record_answer
        self._rows: list[Question] = []
        self._ticked: set[int] = set()  # question ids ticked off since they were listed

    # -- reading

    def questions(self) -> list[Question]:
        return list(self._rows)

    def row(self, row: int) -> Question:
        return self._rows[row]

    def is_ticked(self, row: int) -> bool:
        question = self._rows[row]
        return question.id in self._ticked or not question.is_open

    def roleNames(self) -> dict[int, QByteArray]:
        return {**super().roleNames(), **role_names(QuestionRole)}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        ticked = row.id in self._ticked or not row.is_open
        if role in (Qt.ItemDataRole.DisplayRole, QuestionRole.TEXT):
            return row.text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.text
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return TICK_DESCRIPTION
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == QuestionRole.TICKED:
            return ticked
        if role == QuestionRole.QUESTION_ID:
            return row.id
        if role == Qt.ItemDataRole.FontRole and ticked:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and ticked:
            return QColor(current_colors().muted)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -- ticking

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False  # the text is not edited here
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        return self.set_ticked(index.row(), state == Qt.CheckState.Checked)

    def setItemData(self, index: Index, roles: dict[int, Any]) -> bool:
        return False  # only ticking changes a row, through setData

    def set_ticked(self, row: int, ticked: bool) -> bool:
        """Tick or untick the question in ``row``: recorded in the journal first, then shown."""
        question = self._rows[row]
        if question.id is None or self.is_ticked(row) == ticked:
            return False
        if not self.record_answer(question, ticked):
            return False
        if ticked:
            self._ticked.add(question.id)
        else:
            self._ticked.discard(question.id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    # -- refreshing by difference

    def set_questions(self, questions: Sequence[Question]) -> None:
        """Show ``questions``: only rows that left, arrived or changed are signalled."""
        new = list(questions)
        if not self._rows or not new:
            if self._rows or new:
                self._reset(new)
            return
        old_ids = [question.id for question in self._rows]
        new_ids = [question.id for question in new]
        if old_ids != new_ids and not self._apply_moves(old_ids, new_ids, new):
            self._reset(new)
            return
        self._ticked &= {question.id for question in new if question.id is not None}
        for row, question in enumerate(new):
            shown = self._rows[row]
            self._rows[row] = question
            if (shown.text, shown.is_open) != (question.text, question.is_open):
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def _reset(self, questions: list[Question]) -> None:
        self._ticked.clear()
        self._rows = questions
        self.setStringList([""] * len(questions))

    def _apply_moves(
        self, old_ids: list[int | None], new_ids: list[int | None], new: list[Question]
    ) -> bool:
        """Remove and insert rows so the ids read ``new_ids``; False when only a reset can.

        Rows that stay must keep their order (they do: open questions are listed in a fixed
        order); without ids there is nothing to match, so that is a reset too. The rows that
        stay keep their old values here; ``set_questions`` compares them next.
        """
        if None in old_ids or None in new_ids:
            return False
        staying = set(old_ids) & set(new_ids)
        if [i for i in old_ids if i in staying] != [i for i in new_ids if i in staying]:
            return False
        for first, last in reversed(
            _runs([row for row, i in enumerate(old_ids) if i not in staying])
        ):
            del self._rows[first : last + 1]
            self.removeRows(first, last - first + 1)
        for first, last in _runs([row for row, i in enumerate(new_ids) if i not in staying]):
            self._rows[first:first] = new[first : last + 1]
            self.insertRows(first, last - first + 1)
        return True

    def clear(self) -> None:
        self._reset([])


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class QuestionDelegate(QStyledItemDelegate):
    """Paints a question with its tick box; a click anywhere on the row ticks it.

    Every row is the same height (room for ``TEXT_LINES`` lines), so the view lays out thousands
    of rows at once without measuring each.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        lines = option.fontMetrics.lineSpacing() * TEXT_LINES
        return QSize(size.width(), max(size.height(), lines + 10))

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        checkable = bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        if (
            checkable
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and option.rect.contains(event.position().toPoint())
        ):
            ticked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            new_state = Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked
            return bool(model.setData(index, new_state, Qt.ItemDataRole.CheckStateRole))
        return super().editorEvent(event, model, option, index)


class QuestionList(QListView):
    """The open questions, as tall as its rows up to ``VISIBLE_ROWS``, then scrolling."""

    def __init__(self, model: OpenQuestionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuestionList")
        self.setAccessibleName("Questions for my therapist")
        self.setAccessibleDescription(TICK_DESCRIPTION)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setModel(model)
        self.setItemDelegate(QuestionDelegate(self))
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._fit_height)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_height()  # rows follow the text size, so the list's height must too

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self, *_args: QObject | int) -> None:
        count = min(self.model().rowCount(), VISIBLE_ROWS)
        row_height = self.sizeHintForRow(0) if count else 0
        self.setFixedHeight(count * row_height + 2 * self.frameWidth())
