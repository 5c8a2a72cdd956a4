"""Start the desktop app: ``run_app`` is what ``journal-app`` calls."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from journal_app import APP_ID, APP_NAME, paths
from journal_app.settings import SettingsStore
from journal_app.storage import DEFAULT_KDF, KdfParams
from journal_app.ui import icons
from journal_app.ui.dialogs import DialogService
from journal_app.ui.main_window import AppController, MainWindow
from journal_app.ui.theme import ThemeManager
from journal_app.ui.workers import ThreadPoolRunner


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
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    window, controller = build_main_window(journal_dir, app=app)
    window.show()
    code = app.exec()
    controller.shutdown()
    return int(code)
