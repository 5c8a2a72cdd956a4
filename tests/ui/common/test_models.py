"""What every list model shares: bounds, reset, role names, and rows answered by the subclass."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from journal_app.ui.common.card_painting import GAP, PAD_Y, card_height
from journal_app.ui.common.models import RowListModel


class WordRole(enum.IntEnum):
    WORD = Qt.ItemDataRole.UserRole + 1
    LENGTH = enum.auto()


class WordModel(RowListModel[str]):
    roles = WordRole

    def row_data(self, row: str, role: int) -> Any:
        if role == WordRole.WORD:
            return row
        if role == WordRole.LENGTH:
            return len(row)
        return None


def test_rows_are_answered_by_the_subclass_and_out_of_range_is_nothing() -> None:
    model = WordModel()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_rows(iter(["calm", "warm"]))
    assert model.rowCount() == 2
    assert model.index(1).data(WordRole.WORD) == "warm"
    assert model.index(0).data(WordRole.LENGTH) == 4
    assert model.row(0) == "calm"
    assert model.data(model.index(5), WordRole.WORD) is None
    assert model.rowCount(model.index(0)) == 0  # a list, not a tree
    assert model.data(QModelIndex(), WordRole.WORD) is None
    model.clear()
    assert model.rowCount() == 0
    assert resets == [True, True]


def test_role_names_come_from_the_roles_enum() -> None:
    names = {bytes(name.data()) for name in WordModel().roleNames().values()}
    assert names == {b"word", b"length"}


def test_card_height_stacks_lines_a_gap_apart() -> None:
    assert card_height(10, 20, 0, bottom=8) == PAD_Y * 2 + 30 + GAP * 2 + 8
    assert card_height(bottom=4) == PAD_Y * 2 + 4
