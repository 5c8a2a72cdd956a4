"""The export dialog: choices become options, private entries need a yes, files are written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_samples import PRIVATE_MARKER, fill_month
from ui_helpers import SyncRunner

from journal_app.domain import Entry
from journal_app.exchange import ExportFormat, ScopeKind
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.windows.export import ExportDialog


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    opened, _recovery = Vault.create(tmp_path / "journal", "pw", kdf=MINIMUM_KDF)
    yield opened
    opened.close()


@pytest.fixture
def month(vault: Vault) -> dict[str, Entry]:
    return fill_month(vault)


class ScriptedDialogs:
    def __init__(self, save_to: Path | None, answers: list[bool]) -> None:
        self.save_to = save_to
        self.answers = answers
        self.asked: list[str] = []
        self.told: list[str] = []
        self.preview_to = Path(os.devnull)

    def confirm(self, parent, title, text, *, yes_label="OK", no_label="Cancel", informative=""):
        self.asked.append(title)
        return self.answers.pop(0)

    def inform(self, parent, title, text):
        self.told.append(f"{title}: {text}")

    def warn(self, parent, title, text):
        self.told.append(f"WARN {title}: {text}")

    def save_file_path(self, parent, title, suggested, file_filter=""):
        self.asked.append(f"save {suggested.name}")
        return self.save_to

    def open(self, dialog):
        dialog.show()

    def preview_pages(self, parent, title, printer, paint):
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.preview_to))
        self.told.append(f"PREVIEW {title}: {paint(printer)} pages")


def _dialog(qtbot, vault, dialogs, selected=()):
    dialog = ExportDialog(None, vault, None, dialogs, selected, runner=SyncRunner())
    qtbot.addWidget(dialog)
    return dialog


def _choose_format(dialog, fmt: ExportFormat) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt.value))


def test_export_writes_the_file_after_saying_it_is_not_encrypted(qtbot, vault, month, tmp_path):
    target = tmp_path / "summary.md"
    dialogs = ScriptedDialogs(target, answers=[True])
    dialog = _dialog(qtbot, vault, dialogs)
    _choose_format(dialog, ExportFormat.MARKDOWN)
    assert "5 entries will be exported." == dialog.count.text()
    assert "1 private entry is left out." == dialog.note.text()
    dialog.export_button.click()
    assert dialogs.asked[0].startswith("save journal-summary-")
    assert dialogs.asked[1] == "This file will not be encrypted"
    assert target.exists() and PRIVATE_MARKER not in target.read_text(encoding="utf-8")
    assert dialogs.told[0].startswith("Export finished: Saved 5 entries")
    assert dialog.controller.last_result is not None


def test_saying_no_to_the_warning_writes_nothing(qtbot, vault, month, tmp_path):
    dialogs = ScriptedDialogs(tmp_path / "summary.md", answers=[False])
    dialog = _dialog(qtbot, vault, dialogs)
    dialog.export_button.click()
    assert list(tmp_path.glob("summary*")) == []


def test_private_entries_need_a_confirmation(qtbot, vault, month):
    dialogs = ScriptedDialogs(None, answers=[False, True])
    dialog = _dialog(qtbot, vault, dialogs)
    dialog.include_private.setChecked(True)
    assert not dialog.include_private.isChecked()
    assert not dialog.controller.options().include_private
    dialog.include_private.setChecked(True)
    assert dialog.controller.options().include_private
    assert dialog.note.text() == ""


def test_selection_and_json_choices(qtbot, vault, month):
    ids = [month["session0"].id, month["private"].id]
    dialog = _dialog(qtbot, vault, ScriptedDialogs(None, []), selected=ids)
    options = dialog.controller.options()
    assert options.scope.kind is ScopeKind.SELECTED and options.scope.entry_ids == tuple(ids)
    assert dialog.count.text() == "1 entry will be exported."
    _choose_format(dialog, ExportFormat.JSON)
    assert not dialog.scope_box.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.count.text().startswith("The complete journal: 20 entries")
    assert not dialog.controller.options().prep


@pytest.mark.parametrize("fmt", [ExportFormat.PDF])
def test_a_failed_export_is_reported_and_leaves_nothing(qtbot, vault, month, tmp_path, fmt):
    missing = tmp_path / "gone" / "summary.pdf"
    dialogs = ScriptedDialogs(missing, answers=[True])
    dialog = _dialog(qtbot, vault, dialogs)
    _choose_format(dialog, fmt)
    dialog.export_button.click()
    assert dialogs.told[0].startswith("WARN The export could not be written")
    assert not missing.parent.exists()


def test_print_preview_paints_pages(qtbot, vault, month, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    dialog = _dialog(qtbot, vault, ScriptedDialogs(None, []))
    printer = dialog.controller._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.controller.paint_on(printer) >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_preview_reads_the_journal_on_the_runner_and_shows_through_the_dialog_service(
    qtbot, vault, month, tmp_path
):
    dialogs = ScriptedDialogs(None, [])
    dialogs.preview_to = tmp_path / "preview.pdf"
    runner = SyncRunner()
    dialog = ExportDialog(None, vault, None, dialogs, (), runner=runner)
    qtbot.addWidget(dialog)
    dialog.controller.preview()
    assert len(runner.started) == 1  # the summary was gathered as a task, not on the UI thread
    assert runner.started[0].dialog is not None  # with the progress dialog
    assert dialogs.told and dialogs.told[-1].startswith("PREVIEW Print preview: ")
    assert not dialogs.told[-1].endswith(" 0 pages")
    assert dialogs.preview_to.stat().st_size > 1000
