"""The frame shared by the windows that keep the journal safe (backups, restore, damage, Trash,
import): a heading, a body, a quiet busy bar, a gentle error line and buttons, plus the wording
they share.

Slow steps run on the work runner while the busy bar shows; the worker never touches a widget.
While work is running the window can't be closed, so a half-finished restore is never abandoned by
a stray Escape.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import wording
from journal_app.storage import DiskFull, JournalError, Vault
from journal_app.storage.backups import (
    BackupFailed,
)
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.forms import titled_column
from journal_app.ui.common.widgets import label
from journal_app.ui.common.work import ProgressReport, Runner, Task, TaskProgress


def when_text(moment: Any) -> str:
    """``3 June 2025 at 14:05`` in local time."""
    return f"{wording.local_long_date(moment)} at {wording.clock_time(moment)}"


def entries_text(count: int | None) -> str:
    if count is None:
        return "couldn't be read"
    return wording.entries(count)


def friendly_error(error: BaseException, *, nothing_changed: bool = True) -> str:
    """A sentence a person can act on; never a raw SQLite message."""
    tail = " Nothing was changed." if nothing_changed else ""
    if isinstance(error, DiskFull) or is_disk_full(error):
        return (
            "There isn't enough free space on the disk for this. Free some space (or choose "
            f"another place) and try again.{tail}"
        )
    if isinstance(error, BackupFailed):
        return str(error)
    if isinstance(error, JournalError):
        return str(error)
    if isinstance(error, PermissionError):
        return f"This app isn't allowed to write there. Please choose another folder.{tail}"
    if isinstance(error, OSError):
        return f"The files couldn't be read or written ({error.strerror or 'disk error'}).{tail}"
    return f"Something unexpected went wrong ({type(error).__name__}).{tail}"


def is_disk_full(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SafetyDialog(QDialog):
    """The shared frame: a heading, a body, a quiet busy bar, a gentle error line and buttons."""

    def __init__(self, parent: QWidget | None, title: str, runner: Runner) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        self.runner = runner
        self._task: Task[Any] | None = None
        self.closed_for_lock = False
        self.busy = False
        outer, self.heading = titled_column(self, title)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        self.status = label("", "Muted")
        self.status.setAccessibleName("Progress")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # a busy bar: these steps can't tell how far along they are
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Working")
        self.error = label("", "Error")
        self.error.setAccessibleName("Problem")
        for widget in (self.status, self.progress, self.error):
            widget.hide()
            outer.addWidget(widget)
        self.spread_row = QHBoxLayout()
        self.spread_row.setSpacing(8)
        outer.addSpacing(4)
        outer.addLayout(self.spread_row)
        self._controls: list[QWidget] = []
        self._enabled_before: dict[int, bool] = {}

    def add_buttons(self, *buttons: QPushButton, left: Sequence[QPushButton] = ()) -> None:
        """Lay the buttons out: ``left`` ones at the start, the rest at the end (primary last)."""
        for widget in left:
            self.spread_row.addWidget(widget)
        self.spread_row.addStretch(1)
        for widget in buttons:
            self.spread_row.addWidget(widget)

    def disable_while_busy(self, *widgets: QWidget) -> None:
        self._controls.extend(widgets)

    def run_work(
        self,
        message: str,
        job: Callable[[TaskProgress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task[Any]:
        """Run ``job`` as a task with the busy bar following its progress; callbacks arrive on
        this thread. Without ``on_error`` a failure is shown on the error line, gently worded."""
        if on_error is None:
            on_error = self._show_friendly_error
        self.show_error("")
        self._set_busy(True, message)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            on_error(error)

        task = Task(job).success(done).failure(failed).with_progress(self._show_progress)
        self._task = task
        return task.start(self.runner)

    def cancel_work(self) -> None:
        """Ask the running task to stop (it reports back through its failure callback)."""
        if self._task is not None:
            self._task.cancel()

    def _show_progress(self, report: ProgressReport) -> None:
        if report.total > 0:
            self.progress.setRange(0, report.total)
            self.progress.setValue(report.done)
        else:
            self.progress.setRange(0, 0)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.status.setText(message)
        self.status.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            # Each control's own setting (not the inherited one: some sit inside others).
            self._enabled_before = {
                id(widget): not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
                for widget in self._controls
            }
        for widget in self._controls:
            widget.setEnabled(not busy and self._enabled_before.get(id(widget), True))
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _show_friendly_error(self, error: BaseException) -> None:
        self.show_error(friendly_error(error))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to fit wrapped text after the content changed (Qt won't do it by itself)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        wanted = max(wanted, self.minimumSizeHint().height())
        if self.height() < wanted:
            self.resize(self.width(), wanted)

    def reject(self) -> None:
        if self.busy:  # never walk away from a backup or restore half-way
            return
        super().reject()

    def close_for_lock(self) -> None:
        """The journal is locking: stop any work and close, busy or not."""
        self.closed_for_lock = True
        self.cancel_work()
        self.busy = False
        QDialog.done(self, int(QDialog.DialogCode.Rejected))


class JournalSafetyDialog(SafetyDialog):
    """A safety window over the open journal (backup, Trash, import): it works on ``vault`` and
    asks its questions through ``dialogs``."""

    def __init__(
        self, parent: QWidget | None, title: str, vault: Vault, dialogs: Dialogs, runner: Runner
    ) -> None:
        super().__init__(parent, title, runner)
        self.vault = vault
        self.dialogs = dialogs


# Roomier rows than Qt's default, so dates and counts don't sit cramped against each other.
LIST_STYLE = (
    "QTreeView::item { padding: 5px 6px; }"
    " QHeaderView::section { padding: 6px 10px; border: none;"
    " border-bottom: 1px solid palette(mid); background: palette(window);"
    " color: palette(window-text); font-weight: 600; }"
)
