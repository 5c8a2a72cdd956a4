"""Small pieces every list model shares: the index type, named roles for QML and tests, and a
list model over plain rows."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


def role_names(roles: type[enum.IntEnum]) -> dict[int, QByteArray]:
    return {int(role): QByteArray(role.name.lower().encode()) for role in roles}


class RowListModel(QAbstractListModel, Generic[Row]):
    """A list of plain rows answering the named roles in ``roles``.

    A subclass says what each role is for one row (:meth:`row_data`); resetting, bounds and role
    names are the same for every list, so they live here.
    """

    roles: ClassVar[type[enum.IntEnum]]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return role_names(self.roles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.row_data(self._rows[index.row()], role)

    def row_data(self, row: Row, role: int) -> Any:
        """What ``role`` is for ``row`` (None for a role the list doesn't have)."""
        raise NotImplementedError
