"""The one place the app asks the user something in a separate window.

Every message box, file picker, text prompt and print dialog goes through :class:`DialogService`.
Controllers receive it as a dependency; tests pass a scripted fake with the same methods, so
answering dialogs happens in exactly one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class MessageDialogs(Protocol):
    """The message part of :class:`DialogService`, which every window that asks things needs.

    Windows declare a protocol extending this with the pickers they use, so tests can pass a
    small fake.
    """

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


class DialogService:
    """Thin, friendly wrappers around Qt's standard dialogs."""

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
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.about(parent, title, text)

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def save_file_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str = ""
    ) -> Path | None:
        name, _selected = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
        return Path(name) if name else None

    def open_file_path(
        self, parent: QWidget | None, title: str, start: Path, file_filter: str = ""
    ) -> Path | None:
        """Ask for an existing file to read; None if the person cancelled."""
        name, _selected = QFileDialog.getOpenFileName(parent, title, str(start), file_filter)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(name) if name else None

    def print_document(self, parent: QWidget | None, title: str, document: QTextDocument) -> bool:
        """Show the system print dialog and print ``document``; False if the user cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        document.print_(printer)
        return True
