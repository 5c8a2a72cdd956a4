"""Import from another journal: choose the kind of file, see what would come in, then import.

The preview reads the whole file first and says how many entries it holds and how many are
already here, so nothing is added by surprise. The import runs on a worker in one transaction
with a progress bar; Cancel undoes all of it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from journal_app.domain import wording
from journal_app.domain.entries import friendly_day
from journal_app.exchange.importers import (
    BadImportFile,
    ImportCancelled,
    ImportFormat,
    ImportPreview,
    ImportResult,
    import_file,
    preview,
)
from journal_app.storage import Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.safety_dialog import JournalSafetyDialog, friendly_error
from journal_app.ui.common.widgets import label
from journal_app.ui.common.work import Runner

_FILE_FILTERS = {
    ImportFormat.JSON: "Between Sessions export (*.json)",
    ImportFormat.JRNL: "jrnl journal (*.txt *.jrnl);;All files (*)",
    ImportFormat.JRNL_JSON: "jrnl JSON export (*.json)",
    ImportFormat.DAYONE: "Day One export (*.zip *.json)",
}


def describe_preview(found: ImportPreview) -> str:
    if found.count == 0:
        return "This file holds no entries."
    span = ""
    if found.first and found.last:
        span = f", from {friendly_day(found.first)} to {friendly_day(found.last)}"
    text = f"This file holds {_entries(found.count)}{span}."
    if found.already_there:
        if found.new_entries == 0:
            text += " All of them are already in your journal, so nothing would change."
        else:
            text += (
                f" {_entries(found.already_there).capitalize()} already in your journal and "
                f"will be skipped, so {_entries(found.new_entries)} will be added."
            )
    if found.problems:
        text += "\n\n" + "\n".join(f"• {problem}" for problem in found.problems[:5])
    return text


def _entries(count: int) -> str:
    return wording.entries(count, grouped=True)


class ImportDialog(JournalSafetyDialog):
    def __init__(
        self, parent: QWidget | None, vault: Vault, dialogs: Dialogs, runner: Runner
    ) -> None:
        super().__init__(parent, "Import from another journal", vault, dialogs, runner)
        self.result_summary: ImportResult | None = None
        self.path: Path | None = None
        self._preview: ImportPreview | None = None

        intro = label(
            "Bring entries from jrnl, Day One, a folder of Markdown files, or a Between Sessions "
            "export into this journal. You'll see what the file holds before anything is added."
        )
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.format = QComboBox()
        self.format.setAccessibleName("Kind of file")
        for fmt in ImportFormat:
            self.format.addItem(fmt.label, fmt)
        format_label = label("Kind of file")
        format_label.setBuddy(self.format)
        self.body.addWidget(format_label)
        self.body.addWidget(self.format)
        self.choose = QPushButton("Choose…")
        self.choose.setAccessibleName("Choose the file to import")
        self.chosen = label("No file chosen yet.", "Muted")
        self.chosen.setWordWrap(True)
        self.body.addWidget(self.chosen)
        self.summary = label("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the file holds")
        self.summary.hide()
        self.body.addWidget(self.summary)

        self.cancel_button = QPushButton("Close")
        self.cancel_button.setAccessibleName("Close or cancel")
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("Primary")
        self.import_button.setAccessibleName("Import the entries")
        self.import_button.setEnabled(False)
        self.add_buttons(self.cancel_button, self.import_button, left=[self.choose])
        self.disable_while_busy(self.format, self.choose, self.import_button)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.choose.clicked.connect(self.choose_source)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        self.fit_height()

    @property
    def chosen_format(self) -> ImportFormat:
        return ImportFormat(self.format.currentData())

    def _format_changed(self) -> None:
        self.path = None
        self._preview = None
        self.chosen.setText("No file chosen yet.")
        self.summary.hide()
        self.import_button.setEnabled(False)

    def choose_source(self) -> None:
        fmt = self.chosen_format
        start = self.path.parent if self.path else Path.home()
        if fmt is ImportFormat.MARKDOWN:
            path = self.dialogs.choose_folder(self, "Choose the folder of Markdown files", start)
        else:
            path = self.dialogs.open_file_path(self, "Choose the file", start, _FILE_FILTERS[fmt])
        if path is not None:
            self.use_source(path)

    def use_source(self, path: Path) -> None:
        """Read the file on the worker and show what an import would do."""
        self.path = path
        self.chosen.setText(str(path))
        fmt = self.chosen_format
        self.run_work(
            "Reading the file…",
            lambda _progress: preview(path, fmt, self.vault),
            self._previewed,
            self._failed,
        )

    def _previewed(self, found: ImportPreview) -> None:
        self._preview = found
        self.summary.setText(describe_preview(found))
        self.summary.show()
        self.import_button.setEnabled(found.new_entries > 0 or found.articles > 0)
        self.fit_height()

    def start_import(self) -> None:
        if self.path is None or self._preview is None:
            return
        path, fmt = self.path, self.chosen_format
        self.cancel_button.setText("Cancel")
        self.progress.setRange(0, 0)
        self.run_work(
            "Importing… Nothing is added until the end, so Cancel leaves your journal as it was.",
            lambda progress: import_file(
                self.vault, path, fmt, progress=progress.report, cancel=progress.cancel_event
            ),
            self._imported,
            self._failed,
        )

    def _imported(self, result: ImportResult) -> None:
        self.result_summary = result
        self.cancel_button.setText("Close")
        text = f"Added {_entries(result.added)} to your journal."
        if result.skipped:
            text += f" {_entries(result.skipped).capitalize()} were already there."
        self.dialogs.inform(self, "Import finished", text)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.cancel_button.setText("Close")
        if isinstance(error, ImportCancelled):
            self.show_error("The import was cancelled. Nothing was added.")
        elif isinstance(error, BadImportFile):
            self.show_error(f"{error} Nothing was added.")
        else:
            self.show_error(friendly_error(error))

    def reject(self) -> None:
        if self.busy:
            # Cancel asks the worker to stop; the transaction rolls back and _failed reports it.
            self.cancel_work()
            return
        super().reject()


def import_entries(parent: QWidget | None, vault: Vault, dialogs: Dialogs, runner: Runner) -> bool:
    """Show the import window; True when entries were added (the caller refreshes its lists)."""
    dialog = ImportDialog(parent, vault, dialogs, runner)
    dialogs.run(dialog)
    result = dialog.result_summary
    return bool(result and (result.added or result.articles))
