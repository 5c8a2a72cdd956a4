"""The main window and the controller that moves between first run, unlock and the journal.

``MainWindow`` lays out the screens, menus and toolbar. ``AppController`` owns the open vault and
does the moving: unlocking builds the pages, locking saves, clears and drops everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal_app import APP_NAME, __version__
from journal_app.domain.entries import EntryKind
from journal_app.settings import SettingsStore
from journal_app.storage import DEFAULT_KDF, KdfParams, Vault
from journal_app.ui import icons
from journal_app.ui.actions import ActionId, ActionRegistry
from journal_app.ui.dialogs import DialogService
from journal_app.ui.first_run import FirstRunController, FirstRunView
from journal_app.ui.idle import IdleWatcher
from journal_app.ui.pages import JournalPage, Page, PageContext, PageRegistry, default_pages
from journal_app.ui.preferences import PreferencesDialog
from journal_app.ui.theme import ThemeManager
from journal_app.ui.unlock import UnlockController, UnlockView
from journal_app.ui.widgets import label
from journal_app.ui.workers import WorkRunner

STATUS_MS = 10_000


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
        layout = QHBoxLayout(self.workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        sidebar = QWidget()
        sidebar.setObjectName("Sidebar")
        sidebar.setFixedWidth(200)
        column = QVBoxLayout(sidebar)
        column.setContentsMargins(0, 0, 0, 12)
        column.setSpacing(0)
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
        lock_row = QHBoxLayout()
        lock_row.setContentsMargins(14, 0, 14, 0)
        lock_row.addWidget(self.lock_button)
        lock_row.addStretch(1)
        column.addLayout(lock_row)
        layout.addWidget(sidebar)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

    def _build_menus(self) -> None:
        a = self.action_registry
        bar = self.menuBar()
        journal = bar.addMenu("&Journal")
        self.new_menu = QMenu("New", self)
        for action_id in (
            ActionId.NEW_SESSION_NOTE,
            ActionId.NEW_EMOTIONAL_BLOCK,
            ActionId.NEW_REFLECTION,
        ):
            self.new_menu.addAction(a[action_id])
        journal.addAction(a[ActionId.NEW_ENTRY])
        journal.addMenu(self.new_menu)
        journal.addSeparator()
        journal.addAction(a[ActionId.DELETE_ENTRY])
        journal.addSeparator()
        journal.addAction(a[ActionId.LOCK])
        journal.addAction(a[ActionId.OPEN_JOURNAL])
        journal.addSeparator()
        journal.addAction(a[ActionId.QUIT])
        edit = bar.addMenu("&Edit")
        edit.addAction(a[ActionId.FIND])
        edit.addSeparator()
        edit.addAction(a[ActionId.PREFERENCES])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a[ActionId.ABOUT])

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


class AppController:
    """Owns the vault while unlocked and moves the window between its screens."""

    def __init__(
        self,
        window: MainWindow,
        *,
        folder: Path,
        settings: SettingsStore,
        dialogs: DialogService,
        runner: WorkRunner,
        kdf: KdfParams = DEFAULT_KDF,
        theme: ThemeManager | None = None,
        pages: PageRegistry | None = None,
        autosave_ms: int = 1500,
    ) -> None:
        self.window = window
        self.folder = folder
        self.settings = settings
        self.dialogs = dialogs
        self.runner = runner
        self.kdf = kdf
        self.theme = theme
        self.registry = pages or default_pages()
        self.autosave_ms = autosave_ms
        self.vault: Vault | None = None
        self.pages: dict[str, Page] = {}
        self.idle = IdleWatcher(self._idle_lock, self._idle_ms(), window)
        self._status_timer = QTimer(window)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self.clear_status)
        self._undo: Callable[[], None] | None = None

        self.first_run = FirstRunController(
            window.first_run,
            folder=folder,
            dialogs=dialogs,
            runner=runner,
            kdf=kdf,
            on_finished=self.unlocked,
            on_open_other=self.open_other_journal,
        )
        self.unlock = UnlockController(
            window.unlock,
            folder=folder,
            runner=runner,
            kdf=kdf,
            on_unlocked=self.unlocked,
            on_open_other=self.open_other_journal,
        )
        self._wire()
        self._build_sidebar()
        self.show_start_screen()

    # -- wiring

    def _wire(self) -> None:
        a = self.window.action_registry
        a.connect(ActionId.NEW_ENTRY, self._new_entry_menu)
        a.connect(ActionId.NEW_SESSION_NOTE, lambda: self.new_entry(EntryKind.SESSION))
        a.connect(ActionId.NEW_EMOTIONAL_BLOCK, lambda: self.new_entry(EntryKind.BLOCK))
        a.connect(ActionId.NEW_REFLECTION, lambda: self.new_entry(EntryKind.REFLECTION))
        a.connect(ActionId.DELETE_ENTRY, self._delete_entry)
        a.connect(ActionId.FIND, self._find)
        a.connect(ActionId.LOCK, self.lock)
        a.connect(ActionId.OPEN_JOURNAL, self.open_other_journal)
        a.connect(ActionId.PREFERENCES, self.show_preferences)
        a.connect(ActionId.QUIT, self.window.close)
        a.connect(ActionId.ABOUT, self.show_about)
        self.window.lock_button.clicked.connect(self.lock)
        self.window.undo_button.clicked.connect(self._run_undo)
        self.window.minimized.connect(self._minimized)
        self.window.close_requested.connect(self._close_requested)
        self.window.sidebar.currentRowChanged.connect(self._show_page_at)

    def _build_sidebar(self) -> None:
        sidebar = self.window.sidebar
        sidebar.clear()
        for spec in self.registry.specs:
            item = QListWidgetItem(icons.icon(spec.icon), spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            sidebar.addItem(item)

    # -- screens

    def show_start_screen(self) -> None:
        self.window.action_registry.set_journal_open(False)
        self.window.toolbar.setVisible(False)
        if Vault.exists(self.folder):
            self.unlock.set_folder(self.folder)
            self.unlock.reset()
            self.window.screens.setCurrentWidget(self.window.unlock)
            self.unlock.show_passphrase()
        else:
            self.first_run.folder = self.folder
            self.window.first_run.folder_hint.setText(f"Your journal will be kept in {self.folder}")
            self.window.screens.setCurrentWidget(self.window.first_run)
            self.window.first_run.setCurrentWidget(self.window.first_run.welcome_page)
            self.window.first_run.start.setFocus()

    def unlocked(self, vault: Vault) -> None:
        self.vault = vault
        context = PageContext(
            vault=vault,
            settings=self.settings,
            dialogs=self.dialogs,
            runner=self.runner,
            actions=self.window.action_registry,
            status=self.show_status,
            autosave_ms=self.autosave_ms,
        )
        for spec in self.registry.specs:
            page = self.registry.create(spec, context)
            self.pages[spec.key] = page
            self.window.pages.addWidget(page.widget)
        self.window.screens.setCurrentWidget(self.window.workspace)
        self.window.toolbar.setVisible(True)
        self.window.action_registry.set_journal_open(True)
        self.window.sidebar.setCurrentRow(0)
        self._show_page_at(0)
        self.idle.set_interval_ms(self._idle_ms())
        self.idle.start()

    def _show_page_at(self, row: int) -> None:
        if not 0 <= row < len(self.registry.specs):
            return
        page = self.pages.get(self.registry.specs[row].key)
        if page is not None:
            self.window.pages.setCurrentWidget(page.widget)

    def show_page(self, key: str) -> None:
        keys = [spec.key for spec in self.registry.specs]
        if key in keys:
            self.window.sidebar.setCurrentRow(keys.index(key))

    @property
    def journal(self) -> JournalPage | None:
        page = self.pages.get("journal")
        return page if isinstance(page, JournalPage) else None

    # -- locking

    def flush(self) -> bool:
        return all([page.flush() for page in self.pages.values()])

    def lock(self) -> None:
        """Save, clear every page, drop the pages and close the vault; show the unlock screen."""
        if self.vault is None:
            return
        self.idle.stop()
        for page in self.pages.values():
            page.flush()
            page.shutdown()
        for page in self.pages.values():
            widget = page.widget
            self.window.pages.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.pages.clear()
        self.clear_status()
        vault, self.vault = self.vault, None
        vault.close()
        self.show_start_screen()

    def _idle_lock(self) -> None:
        self.lock()

    def _idle_ms(self) -> int:
        return self.settings.current.auto_lock_minutes * 60_000

    def _minimized(self) -> None:
        if self.settings.current.lock_on_minimize:
            self.lock()

    def _close_requested(self, event: object) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Closing the window: save and close everything (first-run vault included)."""
        self.lock()
        pending = self.first_run.vault
        if pending is not None:
            self.first_run.forget()
            pending.close()

    # -- switching journals

    def open_other_journal(self) -> None:
        start = self.folder.parent if self.folder.parent.exists() else Path.home()
        chosen = self.dialogs.choose_folder(self.window, "Open another journal", start)
        if chosen is None:
            return
        self.lock()
        pending = self.first_run.vault
        if pending is not None:
            self.first_run.forget()
            pending.close()
        self.folder = chosen
        self.first_run.folder = chosen
        self.show_start_screen()

    # -- commands

    def new_entry(self, kind: EntryKind) -> None:
        journal = self.journal
        if journal is None:
            return
        self.show_page("journal")
        journal.controller.new_entry(kind)

    def _new_entry_menu(self) -> None:
        button = self.window.new_button
        if self.window.toolbar.isVisible():
            self.window.new_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def _delete_entry(self) -> None:
        if self.journal is not None:
            self.journal.controller.delete_current()

    def _find(self) -> None:
        if self.journal is not None:
            self.show_page("journal")
            self.journal.controller.focus_search()

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings.current, self.window)
        dialog.accepted.connect(lambda: self.apply_preferences(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def apply_preferences(self, dialog: PreferencesDialog) -> None:
        settings = self.settings.update(**dialog.chosen(self.settings.current).to_dict())
        if self.theme is not None:
            self.theme.apply(settings.theme, settings.editor_font_size)
            self.window.action_registry.refresh_icons()
            self._build_sidebar_icons()
        self.idle.set_interval_ms(self._idle_ms())
        if self.journal is not None:
            self.journal.view.editor.set_body_font_size(settings.editor_font_size)

    def _build_sidebar_icons(self) -> None:
        for row, spec in enumerate(self.registry.specs):
            item = self.window.sidebar.item(row)
            if item is not None:
                item.setIcon(icons.icon(spec.icon))
        self.window.lock_button.setIcon(icons.icon("lock"))

    def show_about(self) -> None:
        self.dialogs.about(
            self.window,
            f"About {APP_NAME}",
            f"<p><b>{APP_NAME}</b> {__version__}</p>"
            "<p>A private journal for the time between therapy sessions, with an offline "
            "library of <i>In Therapy</i> articles.</p>"
            "<p>Everything stays on this computer, encrypted with your passphrase.</p>",
        )

    # -- status messages

    def show_status(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.window.status_text.setText(text)
        self._undo = undo
        self.window.undo_button.setVisible(undo is not None)
        self._status_timer.start(STATUS_MS)

    def clear_status(self) -> None:
        self.window.status_text.setText("")
        self.window.undo_button.hide()
        self._undo = None

    def _run_undo(self) -> None:
        undo, self._undo = self._undo, None
        self.window.undo_button.hide()
        if undo is not None:
            undo()
