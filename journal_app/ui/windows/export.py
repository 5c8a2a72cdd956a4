"""“Export for my therapist”: choose what to export and how, then write, print or preview it.

``ExportDialogView`` is layout only; ``ExportController`` gives it behaviour: it reads the
choices into ``ExportOptions``, asks before including private entries, says plainly that the
file will not be encrypted, and runs the export on a worker with a progress dialog and Cancel.
The main window calls :func:`show_export_dialog`.

Only the folder of the last export is remembered, for this session only: never a file name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import EntryKind, wording
from journal_app.exchange import (
    NOT_ENCRYPTED_WARNING,
    ExportCancelled,
    ExportError,
    ExportFormat,
    ExportOptions,
    ExportResult,
    ExportScope,
    LibraryCatalog,
    PageSize,
    count_in_scope,
    export_journal,
    suggested_file_name,
)
from journal_app.exchange.catalog import ArticleCatalog, ArticleSource, EmptyCatalog
from journal_app.ui.common.builders import spaced, update_now_and_on
from journal_app.ui.common.dialog_service import Dialogs, PaintPages
from journal_app.ui.common.forms import combo_box, form_layout, titled_column
from journal_app.ui.common.widgets import label
from journal_app.ui.common.work import Runner, Task, TaskProgress

_FILE_FILTERS = {
    ExportFormat.PDF: "PDF document (*.pdf)",
    ExportFormat.MARKDOWN: "Markdown text (*.md)",
    ExportFormat.HTML: "Web page (*.html)",
    ExportFormat.JSON: "JSON (*.json)",
}
# The folder of the last export, for this run of the app only.
_last_folder: Path | None = None


class ExportDialogView(QDialog):
    """The widgets, laid out; no behaviour."""

    def __init__(self, parent: QWidget | None, has_selection: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export for my therapist")
        self.setMinimumWidth(620)
        layout, _heading = titled_column(self, "Export for my therapist")

        form = form_layout(12, 8)
        self.format = combo_box("File format", ((fmt.label, fmt.value) for fmt in ExportFormat))
        form.addRow("Format:", self.format)
        self.page_size = combo_box("Paper size", ((size.label, size.value) for size in PageSize))
        form.addRow("Paper:", self.page_size)
        layout.addLayout(form)

        self.scope_box = QGroupBox("Which entries")
        scope_layout = spaced(QVBoxLayout(self.scope_box), (16, 12, 16, 14), 8)
        self.since_session = QRadioButton("Since my last session note")
        self.date_range = QRadioButton("Between two dates")
        self.selected = QRadioButton("The entries selected in the list")
        self.filtered = QRadioButton("By kind and tag")
        self.scope_group = QButtonGroup(self)
        for button in (self.since_session, self.date_range, self.selected, self.filtered):
            self.scope_group.addButton(button)
        self.since_session.setChecked(True)
        self.selected.setEnabled(has_selection)
        today = QDate.currentDate()
        self.since_date = QDateEdit(today.addMonths(-1))
        self.until_date = QDateEdit(today)
        for edit in (self.since_date, self.until_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
        self.since_date.setAccessibleName("First day")
        self.until_date.setAccessibleName("Last day")
        dates = QHBoxLayout()
        dates.addSpacing(24)
        dates.addWidget(self.since_date)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.until_date)
        dates.addStretch()
        self.kind_boxes = {kind: QCheckBox(kind.label) for kind in EntryKind}
        kinds = QHBoxLayout()
        kinds.addSpacing(24)
        for box in self.kind_boxes.values():
            kinds.addWidget(box)
        kinds.addStretch()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Tags, separated by commas (optional)")
        self.tags.setAccessibleName("Tags")
        self.tags.setMinimumHeight(self.tags.sizeHint().height() + 4)
        tags_row = QHBoxLayout()
        tags_row.addSpacing(24)
        tags_row.addWidget(self.tags)
        scope_layout.addWidget(self.since_session)
        scope_layout.addWidget(self.date_range)
        scope_layout.addLayout(dates)
        scope_layout.addSpacing(8)
        scope_layout.addWidget(self.selected)
        scope_layout.addWidget(self.filtered)
        scope_layout.addLayout(kinds)
        scope_layout.addLayout(tags_row)
        layout.addWidget(self.scope_box)

        self.prep = QCheckBox("Start with a session-prep summary")
        self.prep.setAccessibleDescription(
            "Open questions, emotional blocks since the last session, and homework"
        )
        self.prep.setChecked(True)
        prep_hint = label(
            "Open questions, emotional blocks since the last session, and homework.", "Muted"
        )
        prep_hint.setContentsMargins(26, 0, 0, 0)
        self.include_private = QCheckBox("Include entries I marked private")
        prep_block = QVBoxLayout()
        prep_block.setSpacing(2)
        prep_block.addWidget(self.prep)
        prep_block.addWidget(prep_hint)
        layout.addLayout(prep_block)
        layout.addWidget(self.include_private)

        self.count = QLabel()
        self.count.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.warning = label(NOT_ENCRYPTED_WARNING, "Muted")
        layout.addWidget(self.count)
        layout.addWidget(self.note)
        layout.addWidget(self.warning)

        self.buttons = QDialogButtonBox()
        self.preview_button = QPushButton("Preview…")
        self.print_button = QPushButton("Print…")
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.export_button.setObjectName("Primary")
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(self.buttons)


class ExportController:
    """Behaviour for an ``ExportDialogView``."""

    def __init__(
        self,
        view: ExportDialogView,
        vault: Any,
        library: ArticleSource | None,
        dialogs: Dialogs,
        selected_entry_ids: Sequence[int],
        runner: Runner,
    ) -> None:
        self.view = view
        self.vault = vault
        self.catalog: ArticleCatalog = (
            LibraryCatalog(library) if library is not None else EmptyCatalog()
        )
        self.dialogs = dialogs
        self.selected_entry_ids = tuple(selected_entry_ids)
        self.runner = runner
        self.last_result: ExportResult | None = None
        self.busy = False
        self._task: Task[Any] | None = None
        self._set_default_paper()
        self._wire()

    def _wire(self) -> None:
        view = self.view
        view.export_button.clicked.connect(self.export)
        view.print_button.clicked.connect(self.print_)
        view.preview_button.clicked.connect(self.preview)
        view.buttons.rejected.connect(view.reject)
        view.include_private.toggled.connect(self._private_toggled)
        update_now_and_on(
            self.refresh,
            view.format.currentIndexChanged,
            view.scope_group.buttonToggled,
            view.since_date.dateChanged,
            view.until_date.dateChanged,
            *(box.toggled for box in view.kind_boxes.values()),
            view.tags.editingFinished,
        )

    def _set_default_paper(self) -> None:
        from journal_app.exchange.pdf_writer import locale_page_size

        index = self.view.page_size.findData(locale_page_size().value)
        self.view.page_size.setCurrentIndex(max(0, index))

    # ------------------------------------------------------------------ reading the choices

    def options(self) -> ExportOptions:
        view = self.view
        fmt = ExportFormat(view.format.currentData())
        return ExportOptions(
            fmt,
            scope=self._scope(),
            include_private=view.include_private.isChecked(),
            prep=view.prep.isChecked() and not fmt.is_complete_journal,
            page_size=PageSize(view.page_size.currentData()),
        )

    def _scope(self) -> ExportScope:
        view = self.view
        since = _start_of_day(view.since_date.date())
        until = _start_of_day(view.until_date.date()) + timedelta(days=1)
        if view.date_range.isChecked():
            return ExportScope.date_range(since, until)
        if view.selected.isChecked():
            return ExportScope.selected(self.selected_entry_ids)
        if view.filtered.isChecked():
            kinds = [kind for kind, box in view.kind_boxes.items() if box.isChecked()]
            tags = [tag for tag in view.tags.text().split(",") if tag.strip()]
            return ExportScope.filtered(kinds, tags)
        return ExportScope.since_last_session()

    def refresh(self, *_args: object) -> None:
        """Enable what applies and say how many entries the export would hold."""
        view = self.view
        fmt = ExportFormat(view.format.currentData())
        complete = fmt.is_complete_journal
        view.scope_box.setEnabled(not complete)
        view.prep.setEnabled(not complete)
        view.page_size.setEnabled(fmt is ExportFormat.PDF)
        view.print_button.setEnabled(not complete)
        view.preview_button.setEnabled(not complete)
        for widget in (view.since_date, view.until_date):
            widget.setEnabled(view.date_range.isChecked())
        for box in view.kind_boxes.values():
            box.setEnabled(view.filtered.isChecked())
        view.tags.setEnabled(view.filtered.isChecked())
        counted = count_in_scope(self.vault, self.options())
        if complete:
            view.count.setText(
                f"The complete journal: {wording.entries(counted.entries)}, with their questions, "
                "links, tags and your added articles. Use it as a backup you can read anywhere."
            )
        else:
            view.count.setText(f"{wording.entries(counted.entries)} will be exported.")
        if counted.private_left_out:
            view.note.setText(f"{wording.private_entries_are_left_out(counted.private_left_out)}.")
        else:
            view.note.setText("")
        view.note.setVisible(bool(view.note.text()))

    def _private_toggled(self, checked: bool) -> None:
        if checked and not self.dialogs.confirm(
            self.view,
            "Include private entries?",
            "Entries you marked private will be part of this export.",
            yes_label="Include them",
            no_label="Keep them out",
            informative="Anyone who reads the file will see them.",
        ):
            self.view.include_private.blockSignals(True)
            self.view.include_private.setChecked(False)
            self.view.include_private.blockSignals(False)
        self.refresh()

    # ------------------------------------------------------------------ exporting

    def export(self) -> None:
        global _last_folder
        if self.busy:
            return
        options = self.options()
        folder = _last_folder or Path.home()
        target = self.dialogs.save_file_path(
            self.view,
            "Export to a file",
            folder / suggested_file_name(options),
            _FILE_FILTERS[options.format],
        )
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(options.format.suffix)
        if not self.dialogs.confirm(
            self.view,
            "This file will not be encrypted",
            NOT_ENCRYPTED_WARNING,
            yes_label="Export",
            no_label="Cancel",
        ):
            return
        _last_folder = target.parent
        self._start(options, target)

    def _start(self, options: ExportOptions, target: Path) -> None:
        self.busy = True
        vault, catalog = self.vault, self.catalog

        def job(progress: TaskProgress) -> ExportResult:
            return export_journal(
                vault,
                options,
                target,
                catalog=catalog,
                progress=progress.report,
                cancel=progress.cancel_event,
            )

        self._task = (
            Task(job)
            .success(self._finished)
            .failure(self._failed)
            .with_progress_dialog(self.view, "Exporting…", cancellable=True)
            .start(self.runner)
        )

    def cancel(self) -> None:
        """What the progress dialog's Cancel button does (and locking, while exporting)."""
        if self._task is not None:
            self._task.cancel()

    def _finished(self, result: ExportResult) -> None:
        self.busy = False
        self.last_result = result
        left_out = ""
        if result.private_left_out:
            left_out = f" {wording.private_entries_left_out(result.private_left_out)}."
        self.dialogs.inform(
            self.view,
            "Export finished",
            f"Saved {wording.entries(result.entry_count)} to {result.path}.{left_out}\n\n"
            "Remember that this file is not encrypted.",
        )

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ExportCancelled):
            self.dialogs.inform(self.view, "Export cancelled", str(error))
        elif isinstance(error, (ExportError, OSError)):
            detail = (
                str(error)
                if isinstance(error, ExportError)
                else (f"{error.strerror or 'The file could not be written'} ({error.filename}).")
            )
            self.dialogs.warn(
                self.view, "The export could not be written", f"{detail} Nothing was saved."
            )
        else:
            self.dialogs.warn(
                self.view,
                "The export could not be written",
                f"Something unexpected went wrong ({type(error).__name__}). Nothing was saved.",
            )

    # ------------------------------------------------------------------ printing

    def _printer(self) -> QPrinter:
        from journal_app.exchange.pdf_writer import page_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Journal summary")
        printer.setPageLayout(page_layout(self.options().page_size))
        return printer

    def paint_on(self, printer: QPrinter) -> int:
        """Gather and lay the summary out on ``printer`` exactly as the PDF is laid out (here, on
        the calling thread: for scripts and tests)."""
        from journal_app.exchange.document import gather_summary
        from journal_app.exchange.pdf_writer import print_summary

        return print_summary(gather_summary(self.vault, self.options(), self.catalog), printer)

    def _with_summary(self, then: Callable[[Any], None]) -> None:
        """Gather the summary on the runner (the slow part, reading the journal), then ``then``."""
        from journal_app.exchange.document import gather_summary

        vault, options, catalog = self.vault, self.options(), self.catalog
        Task(lambda _progress: gather_summary(vault, options, catalog)).success(then).failure(
            self._failed
        ).with_progress_dialog(self.view, "Preparing the pages…").start(self.runner)

    def print_(self) -> None:
        self._show_pages(self.dialogs.print_pages, "Print the summary")

    def preview(self) -> None:
        self._show_pages(self.dialogs.preview_pages, "Print preview")

    def _show_pages(
        self, show_pages: Callable[[QWidget | None, str, QPrinter, PaintPages], object], title: str
    ) -> None:
        """Gather the summary, then hand its pages to ``show_pages`` (print or preview)."""
        from journal_app.exchange.pdf_writer import print_summary

        def show(summary: Any) -> None:
            show_pages(
                self.view, title, self._printer(), lambda printer: print_summary(summary, printer)
            )

        self._with_summary(show)


def _start_of_day(day: QDate) -> datetime:
    return datetime.combine(date(day.year(), day.month(), day.day()), time.min).astimezone()


class ExportDialog(ExportDialogView):
    """The view with its controller attached (what the main window opens)."""

    def __init__(
        self,
        parent: QWidget | None,
        vault: Any,
        library: ArticleSource | None,
        dialogs: Dialogs,
        selected_entry_ids: Sequence[int],
        runner: Runner,
    ) -> None:
        super().__init__(parent, has_selection=bool(selected_entry_ids))
        self.controller = ExportController(
            self, vault, library, dialogs, selected_entry_ids, runner
        )
        if selected_entry_ids:
            self.selected.setChecked(True)

    def close_for_lock(self) -> None:
        """The journal is locking: stop a running export (it leaves no file) and close."""
        self.controller.cancel()
        QDialog.done(self, int(QDialog.DialogCode.Rejected))


def show_export_dialog(
    parent: QWidget | None,
    vault: Any,
    library: ArticleSource | None,
    dialogs: Dialogs,
    selected_entry_ids: Sequence[int],
    runner: Runner,
) -> ExportDialog:
    """Open the export dialog (window-modal) and return it; it stays open until closed."""
    dialog = ExportDialog(parent, vault, library, dialogs, selected_entry_ids, runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialogs.open(dialog)
    return dialog
