"""The one way to run slow work (key derivation, big queries, export, backups) off the UI thread.

A :class:`Task` is a small builder, in the spirit of Anki's ``CollectionOp``::

    Task(lambda progress: vault.entries.count()).success(show_count).failure(show_error) \\
        .with_progress_dialog(parent, "Counting…", cancellable=True).start(runner)

The job receives a :class:`TaskProgress` to report how far it is and to learn whether the person
pressed Cancel. ``success``, ``failure`` and ``on_progress`` callbacks always run on the UI thread;
the job itself never touches a widget. A task that asks for it gets the app's one progress dialog
(:class:`ProgressDialog`: a label, a bar, and Cancel when the job can stop early); windows with a
progress bar of their own follow the same task through ``on_progress``.

Every class that starts work takes a :class:`Runner` as a required argument. The app passes a
:class:`ThreadPoolRunner`; the tests pass a synchronous runner of their own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_STEPS = 1000
# The dialog appears only for work that takes longer than this, so quick tasks never flash one.
PROGRESS_DIALOG_DELAY_MS = 400


class Cancelled(Exception):
    """Raised inside a job (by :meth:`TaskProgress.raise_if_cancelled`) after Cancel was pressed."""


@dataclass(frozen=True)
class ProgressReport:
    """How far a job is: ``done`` of ``total`` steps (``total`` 0 when it can't tell)."""

    done: int = 0
    total: int = 0
    text: str = ""

    @property
    def fraction(self) -> float | None:
        return min(1.0, self.done / self.total) if self.total > 0 else None


class TaskProgress:
    """Handed to the job: report progress, and learn whether the task was cancelled.

    Safe to use from the worker thread; reports reach the UI thread through the runner.
    """

    def __init__(self, report: Callable[[ProgressReport], None] | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()

    def send_reports_to(self, report: Callable[[ProgressReport], None]) -> None:
        """Runners call this before the job starts, to carry reports to the UI thread."""
        self._report = report

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        if self._report is not None:
            self._report(ProgressReport(done, total, text))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_event(self) -> threading.Event:
        """For code below the UI that takes an ``Event`` to watch (exporters, importers)."""
        return self._cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


def _log_failure(error: BaseException) -> None:
    # The type only: an exception's text may quote the journal.
    log.warning("Background work failed (%s).", type(error).__name__)


def _ignore(_value: object) -> None:
    return None


class Task(Generic[T]):
    """One piece of background work and what to do with its result, on the UI thread."""

    def __init__(self, job: Callable[[TaskProgress], T]) -> None:
        self.job = job
        self.on_success: Callable[[T], None] = _ignore
        self.on_failure: Callable[[BaseException], None] = _log_failure
        self.on_progress: Callable[[ProgressReport], None] | None = None
        self.dialog: ProgressDialogSpec | None = None
        self.progress = TaskProgress()
        self.finished = False

    def success(self, callback: Callable[[T], None]) -> Task[T]:
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Task[T]:
        self.on_failure = callback
        return self

    def with_progress(self, callback: Callable[[ProgressReport], None]) -> Task[T]:
        """Follow the job's progress on the UI thread (for a window's own progress bar)."""
        self.on_progress = callback
        return self

    def with_progress_dialog(
        self, parent: QWidget | None, text: str, *, title: str = "", cancellable: bool = False
    ) -> Task[T]:
        """Show the progress dialog while the job runs (with Cancel when it can stop early)."""
        self.dialog = ProgressDialogSpec(parent, text, title or text.rstrip("…."), cancellable)
        return self

    def cancel(self) -> None:
        """Ask the job to stop; it does at its next check. The failure callback gets Cancelled."""
        self.progress.cancel()

    def start(self, runner: Runner) -> Task[T]:
        runner.start(self)
        return self

    # -- called by runners, on the UI thread

    def deliver_progress(self, report: ProgressReport) -> None:
        if self.on_progress is not None and not self.finished:
            self.on_progress(report)

    def deliver_result(self, result: T) -> None:
        self.finished = True
        self.on_success(result)

    def deliver_error(self, error: BaseException) -> None:
        self.finished = True
        self.on_failure(error)


@dataclass(frozen=True)
class ProgressDialogSpec:
    parent: QWidget | None
    text: str
    title: str
    cancellable: bool


class Runner(Protocol):
    """Runs a task's job somewhere and delivers its callbacks on the UI thread."""

    def start(self, task: Task[Any]) -> None: ...


class ProgressDialog(QProgressDialog):
    """The app's one progress dialog: a sentence, a bar, and Cancel when the task allows it.

    Window-modal and shown with ``show()`` (never ``exec()``), so locking closes it like any
    other window.
    """

    def __init__(self, spec: ProgressDialogSpec, task: Task[Any]) -> None:
        super().__init__(spec.text, "Cancel" if spec.cancellable else "", 0, PROGRESS_STEPS)
        self.setParent(spec.parent, self.windowFlags())
        self.setObjectName("ProgressDialog")
        self.setWindowTitle(spec.title)
        self.setAccessibleName(spec.title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(PROGRESS_DIALOG_DELAY_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        if not spec.cancellable:
            self.setCancelButton(None)
        self.canceled.connect(task.cancel)
        self.setValue(0)

    def show_report(self, report: ProgressReport) -> None:
        fraction = report.fraction
        if fraction is None:
            self.setRange(0, 0)  # a busy bar
        else:
            self.setRange(0, PROGRESS_STEPS)
            self.setValue(round(fraction * PROGRESS_STEPS))
        if report.text:
            self.setLabelText(report.text)

    def finish(self) -> None:
        self.close()
        self.deleteLater()


def attach_progress_dialog(task: Task[Any]) -> ProgressDialog | None:
    """Give ``task`` the progress dialog it asked for (runners call this on the UI thread)."""
    if task.dialog is None:
        return None
    dialog = ProgressDialog(task.dialog, task)
    own_progress = task.on_progress

    def progressed(report: ProgressReport) -> None:
        dialog.show_report(report)
        if own_progress is not None:
            own_progress(report)

    task.on_progress = progressed
    return dialog


class _Relay(QObject):
    """Lives on the UI thread; queued signals carry progress and results back from the worker."""

    progressed = Signal(object)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task[Any], on_finished: Callable[[_Relay], None]) -> None:
        super().__init__()
        self.task = task
        self._on_finished = on_finished
        self.dialog = attach_progress_dialog(task)
        self.progressed.connect(self._deliver_progress)
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_progress(self, report: ProgressReport) -> None:
        self.task.deliver_progress(report)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._finish()
        self.task.deliver_result(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        self._finish()
        self.task.deliver_error(error)

    def _finish(self) -> None:
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
        self._on_finished(self)


class _Job(QRunnable):
    def __init__(self, task: Task[Any], relay: _Relay) -> None:
        super().__init__()
        self._task = task
        self._relay = relay

    def run(self) -> None:
        relay = self._relay
        self._task.progress.send_reports_to(lambda report: _emit(relay.progressed, report))
        try:
            result = self._task.job(self._task.progress)
        except BaseException as error:  # every failure goes back to the UI
            _emit(relay.failed, error)
        else:
            _emit(relay.done, result)


def _emit(signal: Any, value: object) -> None:
    try:
        signal.emit(value)
    except RuntimeError:  # the app is quitting and the relay is already gone
        pass


class ThreadPoolRunner:
    """The app's runner: jobs run on Qt's global thread pool."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool or QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    def start(self, task: Task[Any]) -> None:
        relay = _Relay(task, self._relays.discard)
        self._relays.add(relay)  # keep the relay alive until its answer arrives
        self._pool.start(_Job(task, relay))

    def cancel_all(self) -> None:
        """Ask every running job to stop (locking does this before it closes the vault)."""
        for relay in list(self._relays):
            relay.task.cancel()

    def wait_until_idle(self, msecs: int = 30_000) -> bool:
        """Wait for every job and deliver its callbacks (for scripts such as the screenshots)."""
        finished = self._pool.waitForDone(msecs)
        application = QApplication.instance()
        while application is not None and self._relays:
            application.processEvents()
            if not self._pool.waitForDone(msecs):
                return False
        return finished
