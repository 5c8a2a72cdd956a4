"""Start the desktop app: ``run_app`` is what ``journal-app`` calls.

Before any window opens, the process is hardened (no core dumps, a crash hook that logs no
content) and logging goes to a private file. A crash shows one calm message through the dialog
service, never the error's text.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from journal_app import APP_ID, APP_NAME, paths
from journal_app.hardening import harden_process, protect_process, setup_logging
from journal_app.settings import SettingsStore
from journal_app.storage import DEFAULT_KDF, KdfParams
from journal_app.ui.common import icons
from journal_app.ui.common.dialog_service import DialogService, keep_qt_settings_private
from journal_app.ui.common.theme import ThemeManager
from journal_app.ui.common.work import ThreadPoolRunner
from journal_app.ui.shell.main_window import MainWindow
from journal_app.ui.shell.session import AppController

CRASH_TITLE = "Something went wrong"
CRASH_TEXT = "Something went wrong. Your journal is safe and encrypted; what you had saved is kept."


class CrashNotice(QObject):
    """Shows the crash message on the UI thread, whichever thread crashed, once at a time."""

    _requested = Signal()

    def __init__(self, dialogs: DialogService, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._dialogs = dialogs
        self.parent_widget = parent_widget
        self._showing = False
        self._requested.connect(self._show)

    def __call__(self, _message: str = "") -> None:
        # The hook's own message is not shown: ours is shorter and names no details.
        if threading.current_thread() is threading.main_thread():
            self._show()
        else:
            self._requested.emit()  # queued to the UI thread

    @Slot()
    def _show(self) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            self._dialogs.warn(self.parent_widget, CRASH_TITLE, CRASH_TEXT)
        finally:
            self._showing = False


def build_main_window(
    journal_dir: Path | None,
    *,
    app: QApplication,
    kdf: KdfParams = DEFAULT_KDF,
    dialogs: DialogService | None = None,
) -> tuple[MainWindow, AppController]:
    settings = SettingsStore()
    theme = ThemeManager(app)
    theme.apply(settings.current.theme, settings.current.editor_font_size)
    window = MainWindow()
    window.setWindowIcon(icons.icon("journal", theme.colors.accent))
    controller = AppController(
        window,
        folder=journal_dir or paths.default_journal_dir(),
        settings=settings,
        dialogs=dialogs or DialogService(),
        runner=ThreadPoolRunner(),
        kdf=kdf,
        theme=theme,
    )
    return window, controller


def run_app(journal_dir: Path | None) -> int:
    protect_process()  # before anything else: no core dumps, private files
    setup_logging()
    dialogs = DialogService()
    crash_notice = CrashNotice(dialogs)
    harden_process(show_crash=crash_notice)  # first: no core dump may ever hold an entry
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    keep_qt_settings_private()  # before any file dialog can remember a folder
    window, controller = build_main_window(journal_dir, app=app, dialogs=dialogs)
    crash_notice.parent_widget = window
    window.show()
    code = app.exec()
    controller.shutdown()
    return int(code)
