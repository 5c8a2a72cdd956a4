"""Small layout builders that the start screens, the shell and the journal page all repeat.

Each one does a single thing that used to be spelled out line by line wherever a screen needed
it: a layout with its margins and spacing, a field under its label, a row of buttons pushed to
the two ends, an indeterminate progress bar, a single-shot timer, a button that Enter presses
too, a state that follows the fields it depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from journal_app.ui.common.widgets import label

LayoutType = TypeVar("LayoutType", bound=QBoxLayout)
FieldType = TypeVar("FieldType", bound=QWidget)

NO_MARGINS = (0, 0, 0, 0)


def spaced(
    layout: LayoutType, margins: tuple[int, int, int, int] = NO_MARGINS, spacing: int = 0
) -> LayoutType:
    """``layout`` with the given margins (left, top, right, bottom) and spacing."""
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return layout


def panel(object_name: str) -> QWidget:
    """An empty widget the style sheet knows by ``object_name`` (a sidebar, a filter bar)."""
    widget = QWidget()
    widget.setObjectName(object_name)
    return widget


def hidden_label(object_name: str, accessible: str = "") -> QLabel:
    """An empty label, hidden until it has something to say (an error, a notice)."""
    message = label("", object_name)
    if accessible:
        message.setAccessibleName(accessible)
    message.hide()
    return message


def line_edit(
    accessible: str, placeholder: str = "", *, description: str = "", password: bool = False
) -> QLineEdit:
    """A one-line field with its accessible name (and, if given, hint and description)."""
    field = QLineEdit()
    if password:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    if description:
        field.setAccessibleDescription(description)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


def labelled(layout: QBoxLayout, caption: str, field: FieldType) -> FieldType:
    """Adds ``field`` under a label that is its buddy (so Alt+key and screen readers work)."""
    field_label = label(caption)
    field_label.setBuddy(field)
    layout.addWidget(field_label)
    layout.addWidget(field)
    return field


def spread_row(
    left: Sequence[QWidget] = (), right: Sequence[QWidget] = (), *, spacing: int | None = None
) -> QHBoxLayout:
    """A row with ``left`` at its start and ``right`` at its end, empty room between."""
    row = QHBoxLayout()
    if spacing is not None:
        row.setSpacing(spacing)
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def busy_bar(accessible: str) -> QProgressBar:
    """A hidden, indeterminate progress bar to show while something slow runs."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setAccessibleName(accessible)
    bar.hide()
    return bar


def single_shot_timer(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A timer owned by ``parent`` that calls ``slot`` once, ``interval_ms`` after each start."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def on_button_or_enter(
    button: QPushButton, field: QLineEdit, action: Callable[[], object]
) -> None:
    """``action`` runs when ``button`` is clicked or Enter is pressed in ``field``."""
    button.clicked.connect(action)
    field.returnPressed.connect(action)


def update_now_and_on(update: Callable[[], object], *changes: SignalInstance) -> None:
    """Calls ``update`` now and again on each of ``changes`` (a button that follows its fields)."""
    for changed in changes:
        changed.connect(update)
    update()
