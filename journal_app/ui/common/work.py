"""Run slow work (key derivation, big queries) off the UI thread and hand results back to it.

Controllers ask a :class:`WorkRunner` to ``run(job, on_done, on_error)``. The callbacks always run
on the UI thread; the job itself never touches a widget. Tests use :class:`ImmediateRunner`, which
runs everything synchronously so a flow can be driven step by step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Job = Callable[[], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class WorkRunner(Protocol):
    def run(self, job: Job, on_done: DoneCallback, on_error: ErrorCallback) -> None: ...


class _Relay(QObject):
    """Lives on the UI thread; queued signals carry results back from the worker."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: DoneCallback, on_error: ErrorCallback) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        self._on_error(error)


class _Task(QRunnable):
    def __init__(self, job: Job, relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._job()
        except BaseException as error:  # every failure goes back to the UI
            self._deliver(self._relay.failed, error)
        else:
            self._deliver(self._relay.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the app is quitting and the relay is already gone
            pass


class ThreadPoolRunner:
    """The real runner: jobs run on Qt's global thread pool."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool or QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    def run(self, job: Job, on_done: DoneCallback, on_error: ErrorCallback) -> None:
        relay: _Relay

        def finish_done(result: Any) -> None:
            self._relays.discard(relay)
            on_done(result)

        def finish_error(error: BaseException) -> None:
            self._relays.discard(relay)
            on_error(error)

        relay = _Relay(finish_done, finish_error)
        self._relays.add(relay)  # keep the relay alive until its answer arrives
        self._pool.start(_Task(job, relay))

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)


class ImmediateRunner:
    """Runs each job at once on the calling thread (for tests and scripted screenshots)."""

    def run(self, job: Job, on_done: DoneCallback, on_error: ErrorCallback) -> None:
        try:
            result = job()
        except Exception as error:
            on_error(error)
        else:
            on_done(result)
