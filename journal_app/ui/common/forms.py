"""Builders for the windows and forms over the workspace (export, preferences, the safety windows):
a column with its heading, a form with its spacing, a number field, a list to choose from.

Each one is what those windows spelled out line by line, so a field reads as one call that says
what it holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from journal_app.ui.common.builders import spaced
from journal_app.ui.common.widgets import label

# Left, top, right, bottom: the room around the content of a window over the workspace.
WINDOW_MARGINS = (28, 24, 28, 20)


def titled_column(
    widget: QWidget,
    title: str,
    margins: tuple[int, int, int, int] = WINDOW_MARGINS,
    spacing: int = 12,
) -> tuple[QVBoxLayout, QLabel]:
    """``widget``'s column layout, with ``title`` as a heading at its top; both returned."""
    layout = spaced(QVBoxLayout(widget), margins, spacing)
    heading = label(title, "Subheading")
    layout.addWidget(heading)
    return layout, heading


def form_layout(horizontal: int, vertical: int) -> QFormLayout:
    """A form (captions beside their fields) with the given spacing between columns and rows."""
    form = QFormLayout()
    form.setHorizontalSpacing(horizontal)
    form.setVerticalSpacing(vertical)
    return form


def spin_box(
    accessible: str,
    minimum: int,
    maximum: int,
    value: int,
    *,
    suffix: str = "",
    special_value_text: str = "",
) -> QSpinBox:
    """A whole-number field from ``minimum`` to ``maximum`` showing ``value``.

    ``special_value_text`` is what it shows at ``minimum`` instead of the number ("none").
    """
    field = QSpinBox()
    field.setRange(minimum, maximum)
    if suffix:
        field.setSuffix(suffix)
    if special_value_text:
        field.setSpecialValueText(special_value_text)
    field.setValue(value)
    field.setAccessibleName(accessible)
    return field


def combo_box(accessible: str, choices: Iterable[tuple[str, object]]) -> QComboBox:
    """A drop-down of ``(text, value)`` choices; the value is each item's data."""
    field = QComboBox()
    for text, value in choices:
        field.addItem(text, value)
    field.setAccessibleName(accessible)
    return field
