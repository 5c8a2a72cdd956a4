"""Child processes for the measurements that need a fresh interpreter.

    python -m benchmarks.probes cold-start app|qt|import JOURNAL_DIR
    python -m benchmarks.probes memory vault|raw JOURNAL_DIR   (passphrase on stdin)

``cold-start`` prints the wall-clock time (``time.time()``) at which the window's first show
event arrived; the parent subtracts the moment it started the process. ``memory`` prints the
peak resident set size in MiB after opening a journal and using it like the app does.
"""

from __future__ import annotations

import importlib
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

SEARCHES = ("grief", '"my mother"', "therap", "tag:family")


def _unlock_screen_window(journal_dir: Path, application: Any) -> Any:
    """The app's main window on the unlock screen, built as ``run_app`` builds it, or None.

    Returns what must stay alive (window and controller); None when the UI has no builder yet.
    """
    app_module = importlib.import_module("journal_app.ui.app")
    builder = getattr(app_module, "build_main_window", None)
    if not callable(builder):
        return None
    return builder(journal_dir, app=application)


def cold_start(mode: str, journal_dir: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if mode == "import":
        importlib.import_module("journal_app.ui.app")
        print(f"{time.time():.6f}")
        return 0
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    application = QApplication.instance() or QApplication([sys.argv[0]])
    window: Any
    keep_alive: Any = None
    if mode == "app":
        keep_alive = _unlock_screen_window(journal_dir, application)
        if keep_alive is None:
            print("the UI has no build_main_window yet", file=sys.stderr)
            return 3
        window = keep_alive[0]
    else:
        window = QWidget()
        window.setWindowTitle("baseline")
        window.resize(960, 640)

    class FirstShow(QObject):
        shown_at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Show and self.shown_at is None:
                self.shown_at = time.time()
                QTimer.singleShot(0, application.quit)
            return False

    watcher = FirstShow()
    window.installEventFilter(watcher)
    window.show()
    if watcher.shown_at is None:
        application.exec()
    print(f"{watcher.shown_at or time.time():.6f}")
    window.close()
    del keep_alive
    return 0


def peak_rss_mib() -> float:
    """This process's peak resident memory, in MiB.

    On Linux this is ``VmHWM`` from ``/proc/self/status``, not ``ru_maxrss``: the kernel keeps
    ``ru_maxrss`` across ``fork`` + ``exec``, so a child started by a large process (the
    benchmark driver, after building and importing journals) reported the driver's size
    (686 MB for a window whose own peak was 229 MB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def memory(mode: str, journal_dir: Path, passphrase: str) -> int:
    """Open the journal, show the newest 50, page through the whole list, run the searches."""
    if mode == "vault":
        from journal_app.storage import Vault

        with Vault.open(journal_dir, passphrase) as vault:
            page = vault.entries.summaries(limit=50)
            rows = len(page)
            while page:
                page = vault.entries.summaries(
                    limit=200, after=vault.entries.cursor_after(page[-1])
                )
                rows += len(page)
            for text in SEARCHES:
                vault.search.entries(text)
    else:
        from benchmarks import baseline

        connection = baseline.connect(journal_dir, baseline.master_key(journal_dir, passphrase))
        raw_page = baseline.list_newest(connection)
        rows = len(raw_page)
        while raw_page:
            raw_page = baseline.list_after(connection, raw_page[-1])
            rows += len(raw_page)
        for text in SEARCHES:
            baseline.search(connection, text)
        connection.close()
    print(f"{peak_rss_mib():.1f} {rows}")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in {"cold-start", "memory"}:
        print(__doc__, file=sys.stderr)
        return 2
    probe, mode, folder = argv[0], argv[1], Path(argv[2])
    if probe == "cold-start":
        return cold_start(mode, folder)
    return memory(mode, folder, sys.stdin.readline().rstrip("\n"))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
