"""Helpers for the UI tests: a scripted dialog service, the app bundle, and a text walker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from journal_app.ui.main_window import AppController, MainWindow

PASSPHRASE = "quiet harbour morning tea"


@dataclass
class ScriptedDialogs:
    """Stands in for DialogService: answers come from queues, every call is recorded."""

    confirms: list[bool] = field(default_factory=list)
    folders: list[Path | None] = field(default_factory=list)
    save_paths: list[Path | None] = field(default_factory=list)
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def confirm(self, parent: Any, title: str, text: str, **_kw: Any) -> bool:
        self.calls.append(("confirm", (title, text)))
        return self.confirms.pop(0) if self.confirms else True

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.calls.append(("inform", (title, text)))

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.calls.append(("warn", (title, text)))

    def about(self, parent: Any, title: str, text: str) -> None:
        self.calls.append(("about", (title,)))

    def ask_text(self, parent: Any, title: str, label: str, text: str = "") -> str | None:
        self.calls.append(("ask_text", (title,)))
        return None

    def save_file_path(self, parent: Any, title: str, suggested: Path, _f: str = "") -> Path | None:
        self.calls.append(("save_file_path", (title,)))
        return self.save_paths.pop(0) if self.save_paths else None

    def choose_folder(self, parent: Any, title: str, start: Path) -> Path | None:
        self.calls.append(("choose_folder", (title,)))
        return self.folders.pop(0) if self.folders else None

    def print_document(self, parent: Any, title: str, document: Any) -> bool:
        self.calls.append(("print_document", (title, document.toPlainText())))
        return True


@dataclass
class App:
    window: MainWindow
    controller: AppController
    dialogs: ScriptedDialogs
    folder: Path


def visible_text(root: QWidget) -> str:
    """Every piece of text any widget under ``root`` (or any top-level window) can show."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    parts: list[str] = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    widgets += [w for w in QApplication.topLevelWidgets() if w is not root]
    for widget in widgets:
        if isinstance(widget, QLabel | QAbstractButton):
            parts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                parts.append(str(model.data(model.index(row, 0))))
        parts.append(widget.toolTip())
        parts.append(widget.accessibleName())
    return "\n".join(parts)
