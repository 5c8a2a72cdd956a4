"""The open-questions model: a row per question, ticks recorded first, refreshed by difference."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QCheckBox, QLabel

from journal_app.domain.entries import Question
from journal_app.ui.pages.prep.questions import (
    TICK_DESCRIPTION,
    OpenQuestionsModel,
    QuestionList,
)


def questions(*ids: int) -> list[Question]:
    return [Question(f"Question {number}?", id=number, entry_id=1) for number in ids]


def texts(model: OpenQuestionsModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_one_row_per_question_with_tick_and_accessible_text() -> None:
    model = OpenQuestionsModel()
    model.set_questions(questions(1, 2, 3))
    assert texts(model) == ["Question 1?", "Question 2?", "Question 3?"]
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "Question 1?"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == TICK_DESCRIPTION
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable


def test_ticking_records_the_answer_and_a_refusal_keeps_the_row_open() -> None:
    recorded: list[tuple[int | None, bool]] = []
    allow = [True]

    def record(question: Question, ticked: bool) -> bool:
        recorded.append((question.id, ticked))
        return allow[0]

    model = OpenQuestionsModel(record)
    model.set_questions(questions(1, 2))
    index = model.index(1, 0)
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert recorded == [(2, True)]
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    allow[0] = False
    assert not model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_the_same_questions_again_change_nothing() -> None:
    model = OpenQuestionsModel()
    model.set_questions(questions(1, 2, 3))
    spies = [
        QSignalSpy(signal)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged)
    ]
    model.set_questions(questions(1, 2, 3))
    assert [spy.count() for spy in spies] == [0, 0, 0, 0]


def test_a_new_list_is_applied_by_difference() -> None:
    model = OpenQuestionsModel()
    model.set_questions(questions(1, 2, 3, 4))
    resets = QSignalSpy(model.modelReset)
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.set_questions(questions(1, 3, 5, 6, 4, 7))
    assert resets.count() == 0
    assert removed == [(1, 1)]
    assert inserted == [(2, 3), (5, 5)]
    assert texts(model) == [f"Question {n}?" for n in (1, 3, 5, 6, 4, 7)]
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles=(): changed.append(first.row()))
    model.set_questions([*questions(1, 3, 5), Question("Reworded?", id=6), *questions(4, 7)])
    assert changed == [3] and model.index(3, 0).data() == "Reworded?"


def test_a_reordered_list_resets() -> None:
    model = OpenQuestionsModel()
    model.set_questions(questions(1, 2, 3))
    resets = QSignalSpy(model.modelReset)
    model.set_questions(questions(3, 1, 2))
    assert resets.count() == 1
    assert texts(model) == ["Question 3?", "Question 1?", "Question 2?"]


def test_the_list_is_a_view_with_no_widget_per_row(qtbot: Any) -> None:
    model = OpenQuestionsModel(lambda _question, _ticked: True)
    model.set_questions(questions(*range(1, 3001)))
    view = QuestionList(model)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    assert view.model() is model and model.rowCount(QModelIndex()) == 3000
    assert view.findChildren(QCheckBox) == [] and view.findChildren(QLabel) == []
    assert view.height() < 8 * view.sizeHintForRow(0) + 10  # scrolls inside its card
    # A click anywhere on the row ticks it; Space unticks it.
    rect = view.visualRect(model.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert model.is_ticked(1)
    view.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not model.is_ticked(1)
