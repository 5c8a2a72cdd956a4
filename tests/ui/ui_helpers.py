"""Helpers for the UI tests: a scripted dialog service, the app bundle, a text walker, and the
fixtures that build a main window on a temporary journal (the conftests import them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from journal_app.settings import SettingsStore
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.common.work import ImmediateRunner
from journal_app.ui.shell.main_window import MainWindow
from journal_app.ui.shell.session import AppController

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


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def make_app(qtbot: Any, tmp_path: Path, dialogs: ScriptedDialogs) -> Iterator[Callable[..., App]]:
    """Build a main window on a folder (empty unless a journal was created there first)."""
    created: list[App] = []

    def build(folder: Path | None = None, autosave_ms: int = 40) -> App:
        folder = folder or tmp_path / "journal"
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(
            window,
            folder=folder,
            settings=SettingsStore(),
            dialogs=dialogs,  # type: ignore[arg-type]
            runner=ImmediateRunner(),
            kdf=MINIMUM_KDF,
            autosave_ms=autosave_ms,
        )
        window.show()
        app = App(window, controller, dialogs, folder)
        created.append(app)
        return app

    yield build
    for app in created:
        app.controller.shutdown()


@pytest.fixture
def existing_journal(tmp_path: Path) -> tuple[Path, str]:
    """A journal on disk (closed), and its recovery key."""
    folder = tmp_path / "journal"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    vault.close()
    return folder, recovery_key


@pytest.fixture
def unlocked(make_app: Callable[..., App], existing_journal: tuple[Path, str]) -> App:
    folder, _key = existing_journal
    app = make_app(folder)
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    assert app.controller.vault is not None
    return app
