"""The main window: layout only (the start screens, the sidebar, menus, toolbar and status bar).

Menus and shortcuts: Journal > New entry (Ctrl+N), Export for my therapist… (Ctrl+E), Print…
(Ctrl+P), Move to Trash…, Trash…, Back up now…, Restore from backup…, Lock (Ctrl+L); Edit > Find
(Ctrl+F, the Search page). What each does lives in the session controller.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal_app import APP_NAME
from journal_app.ui.common import icons
from journal_app.ui.common.builders import panel, spaced, spread_row
from journal_app.ui.common.widgets import label
from journal_app.ui.shell.actions import NEW_ENTRY_ACTIONS, ActionId, ActionRegistry
from journal_app.ui.start.first_run import FirstRunView
from journal_app.ui.start.unlock import UnlockView

SEPARATOR = None
# What each menu holds, in order (SEPARATOR draws a line); Journal starts with New entry and
# the "New" submenu of NEW_ENTRY_KINDS.
NEW_ENTRY_KINDS = tuple(NEW_ENTRY_ACTIONS)
JOURNAL_MENU = (
    SEPARATOR,
    ActionId.EXPORT,
    ActionId.PRINT,
    ActionId.IMPORT,
    SEPARATOR,
    ActionId.DELETE_ENTRY,
    ActionId.TRASH,
    SEPARATOR,
    ActionId.BACK_UP_NOW,
    ActionId.RESTORE_BACKUP,
    SEPARATOR,
    ActionId.CHANGE_PASSPHRASE,
    ActionId.REKEY,
    SEPARATOR,
    ActionId.LOCK,
    ActionId.OPEN_JOURNAL,
    SEPARATOR,
    ActionId.QUIT,
)
EDIT_MENU = (ActionId.FIND, SEPARATOR, ActionId.PREFERENCES)
HELP_MENU = (ActionId.NEED_HELP, ActionId.SAFETY_PLAN, SEPARATOR, ActionId.ABOUT)


class MainWindow(QMainWindow):
    """Layout only: the three screens, the sidebar, menus, toolbar and status bar."""

    minimized = Signal()
    close_requested = Signal(QCloseEvent)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self.setMinimumSize(900, 600)
        self.action_registry = ActionRegistry(self)
        self.screens = QStackedWidget()
        self.setCentralWidget(self.screens)
        self.first_run = FirstRunView()
        self.unlock = UnlockView()
        self.workspace = QWidget()
        for screen in (self.first_run, self.unlock, self.workspace):
            self.screens.addWidget(screen)
        self._build_workspace()
        self._build_menus()
        self._build_toolbar()
        self._build_status()

    def _build_workspace(self) -> None:
        layout = spaced(QHBoxLayout(self.workspace))
        sidebar = panel("Sidebar")
        sidebar.setFixedWidth(200)
        column = spaced(QVBoxLayout(sidebar), (0, 0, 0, 12))
        column.addWidget(label(APP_NAME, "SidebarTitle", wrap=False))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("SidebarList")
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.setIconSize(QSize(20, 20))
        column.addWidget(self.sidebar, 1)
        self.lock_button = QPushButton("Lock")
        self.lock_button.setObjectName("Link")
        self.lock_button.setAccessibleName("Lock journal")
        self.lock_button.setIcon(icons.icon("lock"))
        lock_row = spread_row([self.lock_button])
        lock_row.setContentsMargins(14, 0, 14, 0)
        column.addLayout(lock_row)
        layout.addWidget(sidebar)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

    def _build_menus(self) -> None:
        self.new_menu = QMenu("New", self)
        self._fill_menu(self.new_menu, NEW_ENTRY_KINDS)
        bar = self.menuBar()
        for title, items in (
            ("&Journal", (ActionId.NEW_ENTRY, self.new_menu, *JOURNAL_MENU)),
            ("&Edit", EDIT_MENU),
            ("&Help", HELP_MENU),
        ):
            self._fill_menu(bar.addMenu(title), items)

    def _fill_menu(self, menu: QMenu, items: Sequence[ActionId | QMenu | None]) -> None:
        for item in items:
            if item is SEPARATOR:
                menu.addSeparator()
            elif isinstance(item, QMenu):
                menu.addMenu(item)
            else:
                menu.addAction(self.action_registry[item])

    def _build_toolbar(self) -> None:
        a = self.action_registry
        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.new_button = QToolButton()
        self.new_button.setDefaultAction(a[ActionId.NEW_ENTRY])
        self.new_button.setMenu(self.new_menu)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_button.setAccessibleName("New entry")
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addAction(a[ActionId.FIND])
        self.toolbar.addAction(a[ActionId.EXPORT])
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding,
            spacer.sizePolicy().verticalPolicy().Preferred,
        )
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(a[ActionId.PREFERENCES])
        self.toolbar.addAction(a[ActionId.LOCK])

    def _build_status(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.status_text = QLabel("")
        self.status_text.setContentsMargins(12, 0, 0, 0)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("Link")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.hide()
        status.addWidget(self.status_text)
        status.addWidget(self.undo_button)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            self.minimized.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit(event)
