"""Guards against a binding bug that aborted the whole app.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every void Qt call, so painting a
long list aborted the interpreter ("deallocating None"). pyproject pins a release without it; this
test fails loudly if a future upgrade brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont


def test_void_qt_calls_keep_none_alive() -> None:
    before = sys.getrefcount(None)
    font = QFont()
    holder = QObject()
    for _ in range(2_000):
        font.setBold(True)
        holder.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 100
