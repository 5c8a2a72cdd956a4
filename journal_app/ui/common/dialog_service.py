"""The one place the app shows a window of its own: every modal run, message box, file picker,
text prompt and print dialog goes through :class:`DialogService`.

Controllers and windows receive it as a dependency typed as :class:`Dialogs`; the tests pass a
scripted fake implementing the same protocol, so answering dialogs happens in exactly one place.
Because every window passes through here, the service also knows what is open, and locking the
journal closes all of it (:meth:`DialogService.close_all`), however deeply nested.

Qt's own file dialog remembers the last folder in a ``QtProject.conf`` file; see
:func:`keep_qt_settings_private` for why that file never lands in a shared folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from journal_app import paths

# Lays out and paints pages on a printer (or the preview's printer); returns the page count.
PaintPages = Callable[[QPrinter], object]
DialogType = TypeVar("DialogType", bound=QDialog)


@runtime_checkable
class ClosesForLock(Protocol):
    """A window with something to forget or stop before it closes for a lock (a typed secret,
    running work). The service calls this instead of a plain close."""

    def close_for_lock(self) -> None: ...


class Dialogs(Protocol):
    """Everything the app asks through a separate window. :class:`DialogService` is the real one."""

    def confirm(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        yes_label: str = "OK",
        no_label: str = "Cancel",
        informative: str = "",
    ) -> bool: ...

    def inform(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def warn(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def about(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None: ...

    def save_file_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str = ""
    ) -> Path | None: ...

    def open_file_path(
        self, parent: QWidget | None, title: str, start: Path, file_filter: str = ""
    ) -> Path | None: ...

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None: ...

    def run(self, dialog: QDialog) -> int:
        """Show ``dialog`` modally until it closes; its result code."""
        ...

    def open(self, dialog: QDialog) -> None:
        """Show ``dialog`` window-modally and return at once (it stays until closed)."""
        ...

    def print_document(
        self, parent: QWidget | None, title: str, document: QTextDocument
    ) -> bool: ...

    def print_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> bool: ...

    def preview_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> None: ...

    def close_all(self) -> None:
        """Close every window opened through the service (the journal is locking)."""
        ...


class DialogService:
    """Thin, friendly wrappers around Qt's standard dialogs, and the list of what is open."""

    def __init__(self) -> None:
        self._open: list[QDialog] = []  # innermost last

    # -- showing windows

    def run(self, dialog: QDialog) -> int:
        self._open.append(dialog)
        try:
            return dialog.exec()
        finally:
            self._forget(dialog)

    def open(self, dialog: QDialog) -> None:
        self._open.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self._open:
            self._open.remove(dialog)

    def close_all(self) -> None:
        for dialog in reversed(list(self._open)):
            self._forget(dialog)
            close_window(dialog)

    # -- messages

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
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        if informative:
            box.setInformativeText(informative)
        yes = box.addButton(yes_label, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(no_label, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        self.run(box)
        # Closed by a lock, the box has no clicked button: that is never a yes.
        return is_alive(box) and box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self._message(parent, QMessageBox.Icon.Information, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self._message(parent, QMessageBox.Icon.Warning, title, text)

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        self._message(parent, QMessageBox.Icon.NoIcon, title, text)

    def _message(
        self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
    ) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        self.run(box)
        if is_alive(box):
            box.deleteLater()

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(text)
        accepted = self.run(dialog) == QDialog.DialogCode.Accepted
        if not accepted or not is_alive(dialog):
            return None
        value = dialog.textValue()
        dialog.deleteLater()
        return value

    # -- files and folders

    def save_file_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str = ""
    ) -> Path | None:
        dialog = QFileDialog(parent, title, str(suggested), file_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested.suffix:
            dialog.selectFile(str(suggested))
        return self._one_path(dialog)

    def open_file_path(
        self, parent: QWidget | None, title: str, start: Path, file_filter: str = ""
    ) -> Path | None:
        """Ask for an existing file to read; None if the person cancelled."""
        dialog = QFileDialog(parent, title, str(start), file_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return self._one_path(dialog)

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        dialog = QFileDialog(parent, title, str(start))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        return self._one_path(dialog)

    def _one_path(self, dialog: QFileDialog) -> Path | None:
        accepted = self.run(dialog) == QDialog.DialogCode.Accepted
        if not is_alive(dialog):
            return None
        chosen = dialog.selectedFiles() if accepted else []
        dialog.deleteLater()
        return Path(chosen[0]) if chosen and chosen[0] else None

    # -- printing

    def print_document(self, parent: QWidget | None, title: str, document: QTextDocument) -> bool:
        """Show the system print dialog and print ``document``; False if the user cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        return self.print_pages(parent, title, printer, document.print_)

    def print_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> bool:
        """The print dialog for ``printer``; when accepted, ``paint`` lays the pages out on it."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        accepted = self.run(dialog) == QDialog.DialogCode.Accepted
        if not is_alive(dialog):
            return False
        dialog.deleteLater()
        if accepted:
            paint(printer)
        return accepted

    def preview_pages(
        self, parent: QWidget | None, title: str, printer: QPrinter, paint: PaintPages
    ) -> None:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(title)
        dialog.paintRequested.connect(paint)
        self.run(dialog)
        if is_alive(dialog):
            dialog.deleteLater()


def run_once(dialogs: Dialogs, dialog: DialogType) -> DialogType:
    """Show ``dialog`` modally through ``dialogs`` until it closes, then hand it to Qt to delete.

    Returns it so the caller can read what it holds: Qt deletes it only once the event loop runs
    again, after the caller has finished reading.
    """
    try:
        dialogs.run(dialog)
    finally:
        dialog.deleteLater()
    return dialog


def is_alive(widget: QWidget) -> bool:
    """False once Qt has deleted ``widget`` (a lock drops the pages, and their child windows)."""
    return shiboken6.isValid(widget)


def close_window(window: QWidget) -> None:
    """Close ``window`` for a lock, whatever its own close or reject would rather do."""
    if isinstance(window, ClosesForLock):
        window.close_for_lock()
    elif isinstance(window, QDialog):
        QDialog.done(window, int(QDialog.DialogCode.Rejected))  # past any override
    else:
        window.close()


def close_every_window(dialogs: Dialogs) -> None:
    """Close every window over the workspace: what ``dialogs`` opened (innermost first), then any
    other dialog still showing (a progress dialog, a window a future change forgot to route
    through the service). Locking calls this, whatever state the windows are in."""
    dialogs.close_all()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            close_window(widget)


QT_SETTINGS_FOLDER_NAME = "qt"


def keep_qt_settings_private(folder: Path | None = None) -> Path:
    """Point Qt's own user settings (``QtProject.conf``: the file dialog's last folder and its
    history) into a private folder of ours (``qt/`` in the app's config folder, mode 0700)
    instead of the shared, world-readable ``~/.config``. Returns the folder.

    Call once, before any file dialog exists.
    """
    folder = paths.ensure_private_dir(folder or paths.config_dir() / QT_SETTINGS_FOLDER_NAME)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder
