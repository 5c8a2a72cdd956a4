"""Small pieces every list model shares: the index type and named roles for QML and tests."""

from __future__ import annotations

import enum

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex


def role_names(roles: type[enum.IntEnum]) -> dict[int, QByteArray]:
    return {int(role): QByteArray(role.name.lower().encode()) for role in roles}
