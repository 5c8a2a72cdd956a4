"""The controller that moves the window between first run, unlock and the open journal.

``AppController`` owns the open vault and does the moving: unlocking loads the article library
(on a worker), builds the pages, offers any writing a crash left unsaved and starts the
background check and backup; locking saves, clears and drops everything (pages, library,
clipboard).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QListWidgetItem,
)

from journal_app import APP_NAME, __version__
from journal_app.domain.entries import EntryKind
from journal_app.library import Library
from journal_app.library.write_about import write_about
from journal_app.settings import SettingsStore
from journal_app.storage import DEFAULT_KDF, KdfParams, Vault
from journal_app.storage.backups import MaintenanceReport, RotationPolicy, after_unlock
from journal_app.storage.errors import JournalError
from journal_app.ui.common import icons
from journal_app.ui.common.dialog_service import Dialogs, close_every_window
from journal_app.ui.common.theme import ThemeManager
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.shell.actions import ActionId
from journal_app.ui.shell.clipboard import ClipboardGuard
from journal_app.ui.shell.idle import IdleWatcher
from journal_app.ui.shell.main_window import MainWindow
from journal_app.ui.shell.navigation import (
    JournalPage,
    Navigator,
    Page,
    PageContext,
    PageRegistry,
    default_pages,
)
from journal_app.ui.start.first_run import FirstRunController
from journal_app.ui.start.unlock import UnlockController
from journal_app.ui.windows.export import ExportDialog, show_export_dialog
from journal_app.ui.windows.preferences import PreferencesDialog

log = logging.getLogger(__name__)

STATUS_MS = 10_000
RESTORED_NOTE = "Restored. Unlock to continue."
DAMAGED_NOTE = (
    "The journal was closed because a check found a problem. It was left exactly as it is."
)
BACKUP_FAILED_NOTE = "Today's backup couldn't be made. Your journal itself is fine."

# (vault, rotation policy) -> report; runs on a worker thread.
Maintenance = Callable[[Vault, RotationPolicy], MaintenanceReport]


def default_maintenance(vault: Vault, policy: RotationPolicy) -> MaintenanceReport:
    return after_unlock(vault, policy=policy)


class AppController:
    """Owns the vault while unlocked and moves the window between its screens."""

    def __init__(
        self,
        window: MainWindow,
        *,
        folder: Path,
        settings: SettingsStore,
        dialogs: Dialogs,
        runner: Runner,
        kdf: KdfParams = DEFAULT_KDF,
        theme: ThemeManager | None = None,
        pages: PageRegistry | None = None,
        autosave_ms: int = 1500,
        maintenance: Maintenance = default_maintenance,
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
        self.maintenance = maintenance
        self.vault: Vault | None = None
        self.library: Library | None = None
        self.pages: dict[str, Page] = {}
        self._stale: set[str] = set()
        self.export_dialog: ExportDialog | None = None
        self.clipboard = ClipboardGuard(window)
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
            on_damaged=self._damaged_at_unlock,
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
        a.connect(ActionId.NEW_THOUGHT_RECORD, lambda: self.new_entry(EntryKind.THOUGHT_RECORD))
        a.connect(ActionId.NEW_CHECK_IN, lambda: self.new_entry(EntryKind.CHECK_IN))
        a.connect(ActionId.DELETE_ENTRY, self._delete_entry)
        a.connect(ActionId.EXPORT, self.export)
        a.connect(ActionId.PRINT, self.print_entries)
        a.connect(ActionId.TRASH, self.show_trash)
        a.connect(ActionId.IMPORT, self.import_entries)
        a.connect(ActionId.BACK_UP_NOW, self.back_up_now)
        a.connect(ActionId.RESTORE_BACKUP, self.restore_from_backup)
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
        """The vault is open: load the library on a worker, then build the pages."""
        self.vault = vault
        Task(lambda _progress: Library.load(vault)).success(
            lambda library: self._library_loaded(vault, library)
        ).failure(lambda _error: self._library_loaded(vault, None)).start(self.runner)

    def _library_loaded(self, vault: Vault, library: object) -> None:
        if self.vault is not vault or self.pages:
            return  # locked (or switched journal) while the library was loading
        if not isinstance(library, Library):
            log.warning("The article library could not be loaded; showing the journal's own.")
            library = Library(None, None, vault)
        self.library = library
        context = PageContext(
            vault=vault,
            settings=self.settings,
            dialogs=self.dialogs,
            runner=self.runner,
            actions=self.window.action_registry,
            status=self.show_status,
            autosave_ms=self.autosave_ms,
            library=library,
            navigate=Navigator(
                open_entry=self.open_entry,
                open_article=self.open_article,
                write_about=self.write_about,
                export=self.export,
                links_changed=self._links_changed,
                journal_changed=self._journal_changed,
            ),
        )
        for spec in self.registry.specs:
            page = self.registry.create(spec, context)
            self.pages[spec.key] = page
            self.window.pages.addWidget(page.widget)
        self._stale.clear()
        self.clear_status()
        self.window.screens.setCurrentWidget(self.window.workspace)
        self.window.toolbar.setVisible(True)
        self.window.action_registry.set_journal_open(True)
        self.window.sidebar.setCurrentRow(0)
        self._show_page_at(0)
        self.idle.set_interval_ms(self._idle_ms())
        self.idle.start()
        self._offer_drafts(vault)
        if self.vault is vault:
            self._start_maintenance(vault)

    # -- after unlocking: drafts, then the check and backup in the background

    def _offer_drafts(self, vault: Vault) -> None:
        """Writing a crash left unsaved: ask once whether to bring it back."""
        try:
            drafts = vault.drafts.saved()
        except JournalError:
            return
        if not drafts:
            return
        newest = drafts[0]
        when = _friendly_moment(newest.saved_at)
        bring_back = self.dialogs.confirm(
            self.window,
            "Unsaved writing",
            f"Some writing from {when} wasn't saved before the app closed. Bring it back?",
            yes_label="Bring it back",
            no_label="Let it go",
        )
        if self.vault is not vault:
            return
        if not bring_back:
            for draft in drafts:
                vault.drafts.discard(draft.key)
            return
        journal = self.journal
        if journal is None:
            return
        self.show_page("journal")
        if not journal.controller.editor.open_draft(newest):
            vault.drafts.discard(newest.key)

    def _start_maintenance(self, vault: Vault) -> None:
        maintenance = self.maintenance
        # Read on the UI thread: the settings object is not shared with the worker.
        policy = self.settings.current.backup_policy()
        Task(lambda _progress: maintenance(vault, policy)).success(
            lambda report: self._maintenance_done(vault, report)
        ).failure(lambda error: self._maintenance_failed(vault, error)).start(self.runner)

    def _maintenance_done(self, vault: Vault, report: object) -> None:
        if self.vault is not vault or not isinstance(report, MaintenanceReport):
            return
        if report.problems:
            self._journal_damaged(list(report.problems))
        elif report.backup_error:
            self.show_status(BACKUP_FAILED_NOTE)

    def _maintenance_failed(self, vault: Vault, error: BaseException) -> None:
        if self.vault is vault:  # not merely locked meanwhile
            log.warning("The check after unlocking could not run (%s).", type(error).__name__)

    def _journal_damaged(self, problems: list[str]) -> None:
        """Close the journal at once (leaving it as it is) and offer a backup."""
        from journal_app.ui.windows.damaged import offer_restore_for_damaged

        self.lock()
        restored = offer_restore_for_damaged(
            self.window, self.folder, problems, self.dialogs, self.runner
        )
        self.show_start_screen()
        self.show_note(RESTORED_NOTE if restored else DAMAGED_NOTE)

    def _damaged_at_unlock(self, problems: list[str]) -> None:
        """The journal refused to open as damaged: offer the newest backup that verifies."""
        from journal_app.ui.windows.damaged import offer_restore_for_damaged

        if offer_restore_for_damaged(self.window, self.folder, problems, self.dialogs, self.runner):
            self.show_start_screen()
            self.show_note(RESTORED_NOTE)

    def _show_page_at(self, row: int) -> None:
        if not 0 <= row < len(self.registry.specs):
            return
        key = self.registry.specs[row].key
        page = self.pages.get(key)
        if page is not None:
            if key in self._stale:
                self._stale.discard(key)
                _refresh(page)
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
        """Save, clear every page, drop the pages, the library and anything we put on the
        clipboard, and close the vault; show the unlock screen."""
        self.clipboard.clear_if_ours()
        close_every_window(self.dialogs)
        if self.vault is None:
            return
        self.idle.stop()
        for page in self.pages.values():
            page.flush()
        for page in self.pages.values():
            page.shutdown()
            clear = getattr(page, "clear", None)
            if callable(clear):
                clear()
        for page in self.pages.values():
            widget = page.widget
            self.window.pages.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.pages.clear()
        self._stale.clear()
        self.library = None
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

    # -- moving between pages

    def open_entry(self, entry_id: int) -> None:
        """Show an entry in the editor on the Journal page (selecting its row if loaded)."""
        journal = self.journal
        if journal is None:
            return
        self.show_page("journal")
        journal.controller.open_entry(entry_id)

    def open_article(self, slug: str, comment_id: str | None = None, quote: str = "") -> None:
        """Show an article in the Library's reader, at a comment or passage when given."""
        from journal_app.ui.pages.library.page import LibraryPage

        page = self.pages.get("library")
        if not isinstance(page, LibraryPage):
            return
        if self.journal is not None:
            self.journal.flush()
        self.show_page("library")
        if not page.open_article(slug, comment_id, quote):
            self.show_status("That article isn't in the library any more.")

    def write_about(self, slug: str, comment_id: str | None = None, quote: str = "") -> None:
        """A new, unsaved reflection linked to the article, with its prompts in the editor."""
        journal = self.journal
        if journal is None or self.library is None:
            return
        try:
            started = write_about(self.library, slug, comment_id, quote)
        except KeyError:
            self.show_status("That article isn't in the library any more.")
            return
        self.show_page("journal")
        journal.controller.new_linked_entry(started.entry, started.prompts, started.article_title)

    def _links_changed(self) -> None:
        page = self.pages.get("library")
        if page is not None:
            _refresh(page)
        self._stale.add("prep")

    def _journal_changed(self) -> None:
        """Entries changed: the other pages read the journal again when they are next shown."""
        self._stale.update(key for key in self.pages if key != "journal")

    def _refresh_all(self) -> None:
        """The journal changed underneath (Trash): reload the list and the page on show."""
        journal = self.journal
        if journal is not None:
            journal.refresh()
        self._journal_changed()
        current = self.window.sidebar.currentRow()
        if 0 <= current < len(self.registry.specs):
            key = self.registry.specs[current].key
            page = self.pages.get(key)
            if key in self._stale and page is not None:
                self._stale.discard(key)
                _refresh(page)

    # -- export, Trash and backups

    def selected_entry_ids(self) -> list[int]:
        journal = self.journal
        return journal.controller.selected_entry_ids() if journal is not None else []

    def export(self) -> ExportDialog | None:
        """ "Export for my therapist…" with the entries selected in the journal list."""
        if self.vault is None:
            return None
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
            return self.export_dialog
        self.flush()
        dialog = show_export_dialog(
            self.window,
            self.vault,
            self.library,
            self.dialogs,
            selected_entry_ids=self.selected_entry_ids(),
            runner=self.runner,
        )
        self.export_dialog = dialog
        dialog.finished.connect(self._export_closed)
        return dialog

    def print_entries(self) -> None:
        """Print…: the export dialog, with Print as the button Enter presses."""
        dialog = self.export()
        button = getattr(dialog, "print_button", None)
        if button is not None:
            button.setDefault(True)
            button.setFocus()

    def _export_closed(self, *_args: object) -> None:
        self.export_dialog = None

    def show_trash(self) -> None:
        from journal_app.ui.windows.trash import show_trash

        vault = self.vault
        if vault is None:
            return
        self.flush()
        if show_trash(self.window, vault, self.dialogs, self.runner) and self.vault is vault:
            self._refresh_all()

    def import_entries(self) -> None:
        from journal_app.ui.windows.import_entries import import_entries

        vault = self.vault
        if vault is None:
            return
        self.flush()
        if import_entries(self.window, vault, self.dialogs, self.runner) and self.vault is vault:
            self._refresh_all()

    def back_up_now(self) -> None:
        from journal_app.ui.windows.backup_now import back_up_now

        vault = self.vault
        if vault is None:
            return
        self.flush()
        back_up_now(self.window, vault, self.dialogs, self.runner)

    def restore_from_backup(self) -> None:
        """Lock first (saving the editor): a restore replaces the journal's files."""
        from journal_app.ui.windows.restore import restore_from_backup

        self.lock()
        if restore_from_backup(self.window, self.folder, self.dialogs, self.runner):
            self.show_start_screen()
            self.show_note(RESTORED_NOTE)

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
            self.show_page("journal")
            self.journal.controller.delete_selected()

    def _find(self) -> None:
        """Ctrl+F: the Search page, ready to type (the list keeps its own filter box)."""
        from journal_app.ui.pages.search.page import SearchPage

        page = self.pages.get("search")
        if isinstance(page, SearchPage):
            self.show_page("search")
            page.focus_search()
        elif self.journal is not None:
            self.show_page("journal")
            self.journal.controller.focus_search()

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings.current, self.window)
        dialog.accepted.connect(lambda: self.apply_preferences(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialogs.open(dialog)
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
            "<p>Everything stays on this computer, encrypted with your passphrase.</p>"
            "<p>It is not therapy, not a diagnosis and not an emergency service. If you are in "
            "danger, call your local emergency number.</p>",
        )

    # -- status messages

    def show_status(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.window.status_text.setText(text)
        self._undo = undo
        self.window.undo_button.setVisible(undo is not None)
        self._status_timer.start(STATUS_MS)

    def show_note(self, text: str) -> None:
        """A message that stays until the next one (for the unlock screen)."""
        self.show_status(text)
        self._status_timer.stop()
        if self.window.screens.currentWidget() is self.window.unlock:
            self.unlock.show_notice(text)

    def clear_status(self) -> None:
        self.window.status_text.setText("")
        self.window.undo_button.hide()
        self._undo = None

    def _run_undo(self) -> None:
        undo, self._undo = self._undo, None
        self.window.undo_button.hide()
        if undo is not None:
            undo()


def _refresh(page: Page) -> None:
    refresh = getattr(page, "refresh", None)
    if callable(refresh):
        refresh()


def _friendly_moment(moment: datetime | None) -> str:
    """``today at 21:05``, ``yesterday at 08:10`` or ``Tuesday 3 March at 19:40``."""
    if moment is None:
        return "earlier"
    local = moment.astimezone()
    today = datetime.now().astimezone().date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday at {clock}"
    return f"{local:%A} {local.day} {local:%B} at {clock}"
