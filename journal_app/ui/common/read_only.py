"""Showing a form that can be read but not changed (a journal opened read-only)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def show_read_only(root: QWidget, *, keep: Iterable[QWidget] = ()) -> None:
    """Text stays selectable and scrollable but can't be typed into; every button, drop-down
    and slider under ``root`` is turned off, except those in ``keep`` (reading aids)."""
    kept = set(keep)
    texts: list[QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox] = [
        *root.findChildren(QLineEdit),
        *root.findChildren(QTextEdit),
        *root.findChildren(QPlainTextEdit),
        *root.findChildren(QAbstractSpinBox),
    ]
    for text in texts:
        text.setReadOnly(True)
    for control_kind in (QAbstractButton, QComboBox, QAbstractSlider):
        for control in root.findChildren(control_kind):
            if control not in kept:
                control.setEnabled(False)
