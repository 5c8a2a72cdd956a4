"""Helpers for the UI tests: a scripted dialog service, the app bundle, a text walker, and the
fixtures that build a main window on a temporary journal (the conftests import them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from journal_app.settings import SettingsStore
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.common.dialog_service import Dialogs, PaintPages, close_window, is_alive
from journal_app.ui.common.work import Task
from journal_app.ui.shell.main_window import MainWindow
from journal_app.ui.shell.session import AppController

PASSPHRASE = "quiet harbour morning tea"


class SyncRunner:
    """Runs each task at once on the calling thread, so a flow can be driven step by step."""

    def __init__(self) -> None:
        self.started: list[Task[Any]] = []

    def start(self, task: Task[Any]) -> None:
        self.started.append(task)
        task.progress.send_reports_to(task.deliver_progress)
        try:
            result = task.job(task.progress)
        except Exception as error:
            task.deliver_error(error)
        else:
            task.deliver_result(result)


# What a scripted window does when it is "shown": fill in fields, click buttons.
WindowScript = Callable[[QDialog], object]


@dataclass
class ScriptedDialogs:
    """Implements the dialog service's protocol: answers come from queues, every call is
    recorded, and windows run through ``windows`` scripts (or close at once) instead of waiting
    for a click."""

    confirms: list[bool] = field(default_factory=list)
    folders: list[Path | None] = field(default_factory=list)
    save_paths: list[Path | None] = field(default_factory=list)
    open_paths: list[Path | None] = field(default_factory=list)
    windows: list[WindowScript] = field(default_factory=list)
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    opened: list[QDialog] = field(default_factory=list)
    # Called inside every confirm, about and run before it answers (e.g. to fire the idle lock).
    while_open: Callable[[str], object] | None = None
    # Show windows while they "run", as the real service does (to see that a lock hides them).
    show_windows: bool = False
    locks_seen: int = 0

    def _inside(self, what: str) -> None:
        if self.while_open is not None:
            self.while_open(what)

    def run(self, dialog: QDialog) -> int:
        self.calls.append(("run", (type(dialog).__name__,)))
        self.opened.append(dialog)
        try:
            if self.show_windows:
                dialog.show()
            if self.windows:
                self.windows.pop(0)(dialog)
            self._inside(type(dialog).__name__)
            if not is_alive(dialog):  # deleted with its page by a lock
                return int(QDialog.DialogCode.Rejected)
            return int(dialog.result())
        finally:
            if dialog in self.opened:
                self.opened.remove(dialog)

    def open(self, dialog: QDialog) -> None:
        self.calls.append(("open", (type(dialog).__name__,)))
        self.opened.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.show()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.opened:
            self.opened.remove(dialog)

    def close_all(self) -> None:
        self.calls.append(("close_all", ()))
        self.locks_seen += 1
        for dialog in reversed(list(self.opened)):
            if dialog in self.opened:
                self.opened.remove(dialog)
            close_window(dialog)

    def confirm(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        yes_label: str = "OK",
        no_label: str = "Cancel",
        informative: str = "",
    ) -> bool:
        self.calls.append(("confirm", (title, text)))
        locks_before = self.locks_seen
        self._inside("confirm")
        if self.locks_seen != locks_before:
            return False  # closed by a lock, as the real box would be: never a yes
        return self.confirms.pop(0) if self.confirms else True

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.calls.append(("inform", (title, text)))

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.calls.append(("warn", (title, text)))

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        self.calls.append(("about", (title,)))
        self._inside("about")

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        self.calls.append(("ask_text", (title,)))
        return None

    def save_file_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str = ""
    ) -> Path | None:
        self.calls.append(("save_file_path", (title,)))
        return self.save_paths.pop(0) if self.save_paths else None

    def open_file_path(
        self, parent: QWidget | None, title: str, start: Path, file_filter: str = ""
    ) -> Path | None:
        self.calls.append(("open_file_path", (title,)))
        return self.open_paths.pop(0) if self.open_paths else None

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        self.calls.append(("choose_folder", (title,)))
        return self.folders.pop(0) if self.folders else None

    def print_document(self, parent: QWidget | None, title: str, document: QTextDocument) -> bool:
        self.calls.append(("print_document", (title, document.toPlainText())))
        return True

    def print_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> bool:
        self.calls.append(("print_pages", (title,)))
        return True

    def preview_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> None:
        self.calls.append(("preview_pages", (title, paint(printer))))


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
            dialogs=dialogs,
            runner=SyncRunner(),
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


def _implements_the_protocol(fake: ScriptedDialogs) -> Dialogs:
    return fake  # mypy checks this file: the fake must match the real service's protocol
