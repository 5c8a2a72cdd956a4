"""Drive the real main window on a journal and time what a person waits for.

    python -m benchmarks.gui_probe JOURNAL_DIR --out RESULT.json [--steps full|prep]
                                                       [--scroll 5000]   (passphrase on stdin)

Offscreen Qt, a 1280×800 window, the app built as ``journal_app.ui.app`` builds it (the real
``MainWindow``, controller and thread-pool task runner). A heartbeat ``QTimer`` ticks every 5 ms
on the UI thread and every tick is recorded, so for each step the longest pause of the UI thread
is known as well as how long the step took. Steps:

* enter the passphrase → the first journal rows painted;
* open an entry while the after-unlock check and backup run;
* the after-unlock check and backup themselves (how long, and the longest UI pause meanwhile);
* every page switch, first visit and again with nothing changed;
* Session prep after a save;
* search: the last key typed → results painted;
* scrolling the journal list through 5,000 rows, page by page;
* the whole process's peak memory (``ru_maxrss``).

"Painted" is the end of the first repaint of the window that started once the step's result was
there; "settled" also waits until no background task runs and nothing repaints for 0.3 s.

Everything that knows the app's internals is in ``adapt()``; the rest only uses Qt and the
accessible names people (and screen readers) see, so the probe survives internal refactors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from array import array
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from benchmarks.probes import peak_rss_mib  # noqa: E402

HEARTBEAT_MS = 5
QUIET_S = 0.3
STEP_TIMEOUT_S = 900.0
SEARCHES = ("grief", "therap")
SAVED_TEXT = "A short reflection written during the benchmark."


def now() -> float:
    return time.perf_counter()


# --------------------------------------------------------------------------- the adapter


@dataclass
class Hooks:
    """What the probe needs from the app, found once by ``adapt``."""

    window: QWidget
    keep_alive: Any
    editor_entry_id: Callable[[], int | None]
    write_and_save: Callable[[str], None]
    start_maintenance: Callable[[], None]
    search_finished: Callable[[Callable[[], None]], bool]


def adapt(journal_dir: Path, app: QApplication) -> Hooks:
    """Build the window as the app does; the only function that knows internal names."""
    from journal_app.ui.app import build_main_window

    window, controller = build_main_window(journal_dir, app=app, dialogs=_quiet_dialogs())

    def journal_page() -> Any:
        return getattr(controller, "journal", None)

    def editor_entry_id() -> int | None:
        page = journal_page()
        editor = getattr(getattr(page, "controller", None), "editor", None)
        current = getattr(editor, "current", None)
        return getattr(current, "id", None)

    def write_and_save(text: str) -> None:
        from journal_app.ui.shell.actions import ActionId

        window.action_registry[ActionId.NEW_REFLECTION].trigger()
        body = find_widget(window, QPlainTextEdit, "Writing")
        if body is None:
            raise RuntimeError("no visible writing field after New reflection")
        QTest.keyClicks(body, text)
        controller.flush()

    def start_maintenance() -> None:
        if controller.vault is not None:
            controller._start_maintenance(controller.vault)

    def search_finished(callback: Callable[[], None]) -> bool:
        page = getattr(controller, "pages", {}).get("search")
        signal = getattr(page, "searchFinished", None)
        if signal is None:
            return False
        signal.connect(lambda *_args: callback())
        return True

    return Hooks(
        window=window,
        keep_alive=controller,
        editor_entry_id=editor_entry_id,
        write_and_save=write_and_save,
        start_maintenance=start_maintenance,
        search_finished=search_finished,
    )


def _quiet_dialogs() -> Any:
    """The app's dialog service, answering instead of opening windows nobody would click."""
    from journal_app.ui.common.dialog_service import DialogService

    class QuietDialogs(DialogService):
        messages: list[str] = []

        def confirm(self, parent: Any, title: str, text: str, **_options: Any) -> bool:
            self.messages.append(title)
            return False  # e.g. "Bring back unsaved writing?": no

        def inform(self, parent: Any, title: str, text: str) -> None:
            self.messages.append(title)

        def warn(self, parent: Any, title: str, text: str) -> None:
            self.messages.append(title)

        def about(self, parent: Any, title: str, text: str) -> None:
            self.messages.append(title)

        def ask_text(self, *_args: Any, **_kwargs: Any) -> str | None:
            return None

        def save_file_path(self, *_args: Any, **_kwargs: Any) -> Path | None:
            return None

        def open_file_path(self, *_args: Any, **_kwargs: Any) -> Path | None:
            return None

        def choose_folder(self, *_args: Any, **_kwargs: Any) -> Path | None:
            return None

    return QuietDialogs()


# --------------------------------------------------------------------------- finding widgets


def find_widget(root: QWidget, kind: type, name: str) -> Any:
    """The visible widget of ``kind`` with the accessible name ``name``, or None."""
    widgets: list[Any] = list(root.findChildren(kind))
    for widget in widgets:
        if widget.accessibleName() == name and widget.isVisible():
            return widget
    return None


class Cached:
    """Looks a widget up once and keeps it while it is alive and visible."""

    def __init__(self, root: QWidget, kind: type, name: str) -> None:
        self.root, self.kind, self.name = root, kind, name
        self.widget: Any = None

    def __call__(self) -> Any:
        import shiboken6

        widget: Any = self.widget
        if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
            return widget
        self.widget = find_widget(self.root, self.kind, self.name)
        return self.widget


def rows(view: Any) -> int:
    if view is None or view.model() is None:
        return 0
    return int(view.model().rowCount())


def pool_busy() -> bool:
    return QThreadPool.globalInstance().activeThreadCount() > 0


# --------------------------------------------------------------------------- waiting


class Waiter:
    def done(self, probe: Probe, moment: float) -> bool:
        raise NotImplementedError

    result: float = 0.0
    timed_out = False


class Until(Waiter):
    """Until ``predicate`` holds; the result is the first tick it held."""

    def __init__(self, predicate: Callable[[], bool], timeout: float = STEP_TIMEOUT_S) -> None:
        self.predicate = predicate
        self.deadline = now() + timeout
        self.last_false = now()

    def done(self, probe: Probe, moment: float) -> bool:
        if self.predicate():
            self.result = moment
            return True
        self.last_false = moment
        if moment > self.deadline:
            self.timed_out = True
            self.result = moment
            return True
        return False


class Painted(Waiter):
    """The end of the repaint that shows what ``Until`` saw (see the module docstring)."""

    def __init__(self, ready: Until, timeout: float = 2.0) -> None:
        self.ready = ready
        self.deadline = now() + timeout

    def done(self, probe: Probe, moment: float) -> bool:
        seen = self.ready.last_false
        candidates = [end for start, end in probe.paints if start > seen and end > 0]
        during = [end for start, end in probe.paints if seen < start <= self.ready.result]
        if during and all(end > 0 for end in during):
            self.result = max(during)
            return True
        after = [end for end in candidates if end >= self.ready.result]
        if after:
            self.result = min(after)
            return True
        if moment > self.deadline:
            self.timed_out = True
            self.result = moment
            return True
        return False


class Settled(Waiter):
    """``predicate`` holds, no background task runs and nothing repainted for ``QUIET_S``.

    The result is when the last repaint since ``started`` ended (or when the predicate first
    held, if that was later).
    """

    def __init__(
        self,
        started: float,
        predicate: Callable[[], bool] = lambda: True,
        timeout: float = STEP_TIMEOUT_S,
    ) -> None:
        self.started = started
        self.predicate = predicate
        self.deadline = now() + timeout
        self.calm_since: float | None = None
        self.first_true: float | None = None

    def done(self, probe: Probe, moment: float) -> bool:
        if moment > self.deadline:
            self.timed_out = True
            self.result = moment
            return True
        if pool_busy() or not self.predicate():
            self.calm_since = None
            return False
        if self.first_true is None:
            self.first_true = moment
        if self.calm_since is None:
            self.calm_since = moment
        ends = [end for start, end in probe.paints if start >= self.started]
        if any(end == 0 for end in ends):
            return False  # a repaint is under way
        last_paint = max(ends, default=self.started)
        quiet_from = max(self.calm_since, last_paint)
        if moment - quiet_from < QUIET_S:
            return False
        self.result = max(last_paint, self.first_true)
        return True


class Sleep(Waiter):
    def __init__(self, seconds: float) -> None:
        self.until = now() + seconds

    def done(self, probe: Probe, moment: float) -> bool:
        self.result = moment
        return moment >= self.until


# --------------------------------------------------------------------------- the probe


Script = Generator[Waiter, float, None]


class Probe(QObject):
    """Heartbeat, repaint log and the script runner."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.ticks = array("d")
        self.paints: list[list[float]] = []
        self.results: dict[str, dict[str, Any]] = {}
        self.script: Script | None = None
        self.waiter: Waiter | None = None
        self._stepping = False
        self.error: str | None = None
        self.out: Path | None = None
        self.started = now()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    # -- repaint log: every UpdateRequest of the main window (Qt repaints a window in those)

    def watch(self, window: QWidget) -> None:
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.UpdateRequest:
            record = [now(), 0.0]
            self.paints.append(record)
            QTimer.singleShot(0, lambda: record.__setitem__(1, now()))
        return False

    # -- heartbeat and script

    def run(self, script: Script) -> None:
        self.script = script
        self.timer.start()
        self.app.exec()

    def _tick(self) -> None:
        moment = now()
        self.ticks.append(moment)
        if self._stepping or self.script is None:
            return  # a step opened a nested event loop; finish it first
        waiter = self.waiter
        if waiter is not None and not waiter.done(self, moment):
            return
        self._stepping = True
        try:
            self.waiter = next(self.script) if waiter is None else self.script.send(waiter.result)
        except StopIteration:
            self.script = None
            self.timer.stop()
            self.app.quit()
        except Exception as error:  # report, never hang
            self.error = f"{type(error).__name__}: {error}"
            self.script = None
            self.timer.stop()
            self.app.quit()
        finally:
            self._stepping = False

    def longest_gap_ms(self, start: float, end: float) -> float:
        """The longest stretch in [start, end] without a heartbeat tick, in ms."""
        previous = start
        longest = 0.0
        for tick in self.ticks:  # ticks are in time order
            if tick <= start:
                continue
            if tick > end:
                break
            longest = max(longest, tick - previous)
            previous = tick
        return max(longest, end - previous) * 1000

    def record(self, name: str, start: float, end: float, waiter: Waiter | None = None) -> None:
        entry = self.results.setdefault(name, {"samples_ms": [], "gaps_ms": [], "notes": []})
        entry["samples_ms"].append((end - start) * 1000)
        entry["gaps_ms"].append(self.longest_gap_ms(start, end))
        if waiter is not None and waiter.timed_out:
            entry["notes"].append("timed out")
        self.save()

    def save(self) -> None:
        """Write what is measured so far: a probe stopped from outside still leaves its steps."""
        if self.out is None:
            return
        document = {
            "steps": self.results,
            "peak_rss_mib": peak_rss_mib(),
            "error": self.error,
            "seconds": now() - self.started,
        }
        self.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

    def note(self, name: str, text: str) -> None:
        self.results.setdefault(name, {"samples_ms": [], "gaps_ms": [], "notes": []})[
            "notes"
        ].append(text)


# --------------------------------------------------------------------------- the script


def script(probe: Probe, hooks: Hooks, passphrase: str, steps: str, scroll_rows: int) -> Script:
    window = hooks.window
    passphrase_field = Cached(window, QLineEdit, "Passphrase")
    sections = Cached(window, QListWidget, "Sections")
    journal_list = Cached(window, QAbstractItemView, "Journal entries")
    search_field = Cached(window, QLineEdit, "Search my journal and the articles")
    search_results = Cached(window, QAbstractItemView, "Search results")

    window.show()
    yield Until(lambda: passphrase_field() is not None, timeout=60)
    yield Sleep(0.5)  # let the start screen settle, as a person would read it

    # Enter the passphrase -> the first rows painted.
    field = passphrase_field()
    field.setText(passphrase)
    ready = Until(lambda: rows(journal_list()) > 0)
    started = now()
    QTest.keyClick(field, Qt.Key.Key_Return)
    yield ready
    painted = Painted(ready)
    end = yield painted
    probe.record("unlock → first rows painted", started, end, ready if ready.timed_out else painted)
    if ready.timed_out:
        return

    # Open entries while the after-unlock check and backup run.
    maintenance_started = end
    if not pool_busy():
        probe.note("open an entry during maintenance", "check had finished; started another")
        hooks.start_maintenance()
        maintenance_started = now()
    if steps == "full":
        view = journal_list()
        for row in (1, 2, 3):
            if not pool_busy():
                probe.note("open an entry during maintenance", "maintenance ended meanwhile")
                break
            before = hooks.editor_entry_id()

            def shows_another(before: int | None = before) -> bool:
                return hooks.editor_entry_id() not in (None, before)

            opened = Until(shows_another, timeout=60)
            started = now()
            view.setCurrentIndex(view.model().index(row, 0))  # as a click on the row does
            yield opened
            end = yield Painted(opened)
            probe.record("open an entry during maintenance", started, end, opened)
            yield Sleep(0.2)

    idle = Until(lambda: not pool_busy())
    end = yield idle
    probe.record(
        "after-unlock check and backup, from first rows on", maintenance_started, end, idle
    )

    titles = [sections().item(row).text() for row in range(sections().count())]

    def switch(title: str) -> Generator[Waiter, float, tuple[float, Settled]]:
        started = now()
        sections().setCurrentRow(titles.index(title))
        settled = Settled(started)
        yield settled
        return started, settled

    def visit(title: str, name: str) -> Generator[Waiter, float, None]:
        started, settled = yield from switch(title)
        probe.record(name, started, settled.result, settled)

    prep = next((title for title in titles if "prep" in title.lower()), titles[1])
    journal = titles[0]
    if steps != "full":
        # Session prep alone: first visit, again unchanged, and after a save.
        yield from visit(prep, f"switch to {prep} (first visit)")
        yield from visit(journal, f"switch to {journal}")
        yield from visit(prep, f"switch to {prep} (no change since last visit)")
        yield from switch(journal)
        hooks.write_and_save(SAVED_TEXT)
        yield Settled(now())
        yield from visit(prep, f"switch to {prep} after a save")
        return

    for title in [*titles[1:], journal]:
        yield from visit(title, f"switch to {title} (first visit)")
    for title in [*titles[1:], journal]:
        yield from visit(title, f"switch to {title} (no change since last visit)")

    # Session prep after a save.
    hooks.write_and_save(SAVED_TEXT)
    yield Settled(now())
    yield from visit(prep, f"switch to {prep} after a save")

    # Search: the last key -> results painted.
    search_title = next((title for title in titles if "search" in title.lower()), titles[-1])
    yield from switch(search_title)
    finished: list[float] = []
    has_signal = hooks.search_finished(lambda: finished.append(now()))
    for text in SEARCHES:
        box = search_field()
        box.clear()
        yield Settled(now())
        QTest.keyClicks(box, text[:-1])
        yield Settled(now())
        finished.clear()
        if has_signal:
            answered = Until(lambda: bool(finished) and rows(search_results()) > 0, timeout=60)
        else:
            answered = Until(lambda: rows(search_results()) > 0 and not pool_busy(), timeout=60)
        started = now()
        QTest.keyClicks(box, text[-1])
        yield answered
        end = yield Painted(answered)
        probe.record(f"search “{text}”: last key → results painted", started, end, answered)

    # Scroll the journal list, a page at a time.
    yield from switch(journal)
    view = journal_list()
    bar = view.verticalScrollBar()
    bar.setValue(0)
    yield Settled(now())
    started = now()
    target = scroll_rows
    pages = 0
    stuck_since = 0.0
    while True:
        top = view.indexAt(view.viewport().rect().topLeft()).row()
        if top >= target - 1:
            break
        if bar.value() >= bar.maximum():
            model = view.model()
            if not model.canFetchMore(view.rootIndex()):
                target = top + 1  # the whole journal is shorter than asked
                break
        before = bar.value()
        moved = Until(lambda: True)
        bar.setValue(before + bar.pageStep())
        yield moved
        if bar.value() == before:
            # At the end of what is loaded: the list is fetching and laying out more rows.
            stuck_since = stuck_since or now()
            if now() - stuck_since > 30:
                probe.note(f"scroll the journal list through {target:,} rows", "stopped growing")
                target = top + 1
                break
            continue
        stuck_since = 0.0
        pages += 1
        yield Painted(moved)
    end = now()
    name = f"scroll the journal list through {target:,} rows"
    probe.record(name, started, end)
    probe.note(name, f"{pages} pages of {bar.pageStep()} px")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", choices=("full", "prep"), default="full")
    parser.add_argument("--scroll", type=int, default=5000)
    args = parser.parse_args(argv)
    passphrase = sys.stdin.readline().rstrip("\n")

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setCursorFlashTime(0)  # a blinking cursor would repaint forever and never "settle"
    probe = Probe(app)
    probe.out = args.out
    hooks = adapt(args.journal, app)
    window = hooks.window
    window.resize(1280, 800)
    probe.watch(window)
    started = now()
    probe.run(script(probe, hooks, passphrase, args.steps, args.scroll))
    document = {
        "steps": probe.results,
        "peak_rss_mib": peak_rss_mib(),
        "error": probe.error,
        "seconds": now() - started,
        "dialogs": list(getattr(getattr(hooks.keep_alive, "dialogs", None), "messages", [])),
    }
    shutdown = getattr(hooks.keep_alive, "shutdown", None)
    if callable(shutdown):
        shutdown()
    QThreadPool.globalInstance().waitForDone(600_000)
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0 if probe.error is None else 1


if __name__ == "__main__":
    raise SystemExit(main())
