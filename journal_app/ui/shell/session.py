"""The session: moves the window between first run, unlock and the open journal, and owns the vault.

``AppController`` owns the open vault and does the moving: unlocking loads the article library
(on a worker), builds the pages, offers any writing a crash left unsaved and starts the
background check and backup; locking saves, clears and drops everything (pages, library,
clipboard).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from journal_app.domain import wording
from journal_app.library import Library
from journal_app.library.write_about import write_about
from journal_app.settings import SettingsStore
from journal_app.storage import DEFAULT_KDF, READ_ONLY_NOTICE, JournalError, KdfParams, Vault
from journal_app.storage.backups import RotationPolicy
from journal_app.storage.maintenance import MaintenanceReport, after_unlock
from journal_app.ui.common import icons
from journal_app.ui.common.dialog_service import Dialogs, close_every_window
from journal_app.ui.common.theme import ThemeManager
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.shell.actions import NEW_ENTRY_ACTIONS, ActionId
from journal_app.ui.shell.changes import Change, ChangeBroadcast
from journal_app.ui.shell.clipboard import ClipboardGuard
from journal_app.ui.shell.commands import RESTORED_NOTE, MenuCommands
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
from journal_app.ui.shell.preparing import PREPARE_AFTER_MS, PagePreparation
from journal_app.ui.shell.status import StatusLine
from journal_app.ui.start.first_run import FirstRunController
from journal_app.ui.start.unlock import JournalOpening, UnlockController

log = logging.getLogger(__name__)

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
        self.pages: dict[str, Page] = {}  # the pages built so far
        # Empty widgets built ahead, while the key is worked out (see PageSpec.prepare).
        self.preparation = PagePreparation(
            window, self.registry, still_wanted=lambda: not self.pages
        )
        self._context: PageContext | None = None
        self.changes = ChangeBroadcast()
        self.clipboard = ClipboardGuard(window)
        self.idle = IdleWatcher(self._idle_lock, self.idle_ms(), window)
        self.status = StatusLine(window, self._note_on_unlock_screen)
        self.commands = MenuCommands(self)

        opening = JournalOpening(
            runner=runner,
            kdf=kdf,
            opened=self.unlocked,
            open_other=self.open_other_journal,
            key_work_started=self.preparation.start,
        )
        self.first_run = FirstRunController(
            window.first_run, folder=folder, dialogs=dialogs, opening=opening
        )
        self.unlock = UnlockController(
            window.unlock, folder=folder, opening=opening, on_damaged=self._damaged_at_unlock
        )
        self._wire()
        self._build_sidebar()
        self.show_start_screen()

    # -- wiring

    def _wire(self) -> None:
        c = self.commands
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW_ENTRY: c.new_entry_menu,
            **{action: partial(c.new_entry, kind) for action, kind in NEW_ENTRY_ACTIONS.items()},
            ActionId.DELETE_ENTRY: c.delete_entry,
            ActionId.EXPORT: c.export,
            ActionId.PRINT: c.print_entries,
            ActionId.TRASH: c.show_trash,
            ActionId.IMPORT: c.import_entries,
            ActionId.BACK_UP_NOW: c.back_up_now,
            ActionId.RESTORE_BACKUP: c.restore_from_backup,
            ActionId.CHANGE_PASSPHRASE: c.change_passphrase,
            ActionId.REKEY: c.rekey_journal,
            ActionId.FIND: c.find,
            ActionId.LOCK: self.lock,
            ActionId.OPEN_JOURNAL: self.open_other_journal,
            ActionId.PREFERENCES: c.show_preferences,
            ActionId.QUIT: self.window.close,
            ActionId.ABOUT: c.show_about,
            ActionId.NEED_HELP: c.need_help_now,
            ActionId.SAFETY_PLAN: c.show_safety_plan,
        }
        for action_id, handler in handlers.items():
            self.window.action_registry.connect(action_id, handler)
        self.window.unlock.need_help.clicked.connect(c.need_help_now)
        self.window.lock_button.clicked.connect(self.lock)
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
            self.preparation.start(PREPARE_AFTER_MS)
        else:
            self.first_run.set_folder(self.folder)
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
            status=self.status.show,
            autosave_ms=self.autosave_ms,
            library=library,
            prepared=self.preparation.prepared,
            navigate=Navigator(
                open_entry=self.open_entry,
                open_article=self.open_article,
                write_about=self.write_about,
                export=self.commands.export,
                links_changed=lambda: self.changes.changed(Change.LINKS, origin="journal"),
                journal_changed=lambda: self.changes.changed(Change.ENTRIES, origin="journal"),
            ),
        )
        self._context = context  # pages are built from it when first shown
        self.status.clear()
        self.window.screens.setCurrentWidget(self.window.workspace)
        self.window.toolbar.setVisible(True)
        self.window.action_registry.set_journal_open(True, read_only=vault.read_only)
        self.window.sidebar.setCurrentRow(0)
        self._show_page_at(0)
        self.idle.set_interval_ms(self.idle_ms())
        self.idle.start()
        if vault.read_only:  # drafts can't be brought back into a journal that can't be written
            self.status.show_note(READ_ONLY_NOTICE)
        else:
            self._offer_drafts(vault)
        if self.vault is vault and vault.ignored_restore_marker is not None:
            self.status.show_note(vault.ignored_restore_marker.notice)
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
        if not journal.open_draft(newest):
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
        page = self.page(self.registry.specs[row].key)
        if page is not None:
            page.shown()
            self.window.pages.setCurrentWidget(page.widget)

    def page(self, key: str) -> Page | None:
        """The page with ``key``, built the first time it is asked for (None while locked).

        Building pages only when they are first needed keeps unlocking quick: nothing a page
        shows is read before someone looks at it.
        """
        page = self.pages.get(key)
        if page is not None or self._context is None or self.vault is None:
            return page
        spec = next((spec for spec in self.registry.specs if spec.key == key), None)
        if spec is None:
            return None
        page = self.registry.create(spec, self._context)
        self.pages[key] = page
        self.window.pages.addWidget(page.widget)
        self.changes.subscribe(partial(self._tell, key))
        return page

    def _tell(self, key: str, change: Change, origin: str | None) -> None:
        """One page hears of a change (not the one that made it); it decides when to refresh."""
        page = self.pages.get(key)
        if page is not None and origin != key:
            page.journal_changed(change, showing=self.window.pages.currentWidget() is page.widget)

    def refresh_sidebar_icons(self) -> None:
        for row, spec in enumerate(self.registry.specs):
            item = self.window.sidebar.item(row)
            if item is not None:
                item.setIcon(icons.icon(spec.icon))
        self.window.lock_button.setIcon(icons.icon("lock"))

    def show_page(self, key: str) -> None:
        keys = [spec.key for spec in self.registry.specs]
        if key in keys:
            self.window.sidebar.setCurrentRow(keys.index(key))

    @property
    def journal(self) -> JournalPage | None:
        page = self.page("journal")
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
        self.changes.clear()
        for page in self.pages.values():
            page.shutdown()
            page.clear()
        for page in self.pages.values():
            widget = page.widget
            self.window.pages.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.pages.clear()
        self._context = None
        self.library = None
        self.status.clear()
        vault, self.vault = self.vault, None
        vault.close()
        self.show_start_screen()

    def _idle_lock(self) -> None:
        self.lock()

    def idle_ms(self) -> int:
        return self.settings.current.auto_lock_minutes * 60_000

    def _minimized(self) -> None:
        if self.settings.current.lock_on_minimize:
            self.lock()

    def _close_requested(self, event: object) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Closing the window: save and close everything (first-run vault included)."""
        self.lock()
        self.first_run.close_unfinished()

    # -- switching journals

    def open_other_journal(self) -> None:
        start = self.folder.parent if self.folder.parent.exists() else Path.home()
        chosen = self.dialogs.choose_folder(self.window, "Open another journal", start)
        if chosen is None:
            return
        self.lock()
        self.first_run.close_unfinished()
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
        journal.open_entry(entry_id)

    def open_article(self, slug: str, comment_id: str | None = None, quote: str = "") -> None:
        """Show an article in the Library's reader, at a comment or passage when given."""
        from journal_app.ui.pages.library.page import LibraryPage

        page = self.page("library")
        if not isinstance(page, LibraryPage):
            return
        if self.journal is not None:
            self.journal.flush()
        self.show_page("library")
        if not page.open_article(slug, comment_id, quote):
            self.status.show("That article isn't in the library any more.")

    def write_about(self, slug: str, comment_id: str | None = None, quote: str = "") -> None:
        """A new, unsaved reflection linked to the article, with its prompts in the editor."""
        journal = self.journal
        if journal is None or self.library is None:
            return
        try:
            started = write_about(self.library, slug, comment_id, quote)
        except KeyError:
            self.status.show("That article isn't in the library any more.")
            return
        self.show_page("journal")
        journal.new_linked_entry(started.entry, started.prompts, started.article_title)

    # -- the status line

    def show_status(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.status.show(text, undo)

    def show_note(self, text: str) -> None:
        self.status.show_note(text)

    def _note_on_unlock_screen(self, text: str) -> None:
        if self.window.screens.currentWidget() is self.window.unlock:
            self.unlock.show_notice(text)


def _friendly_moment(moment: datetime | None) -> str:
    """``today at 21:05``, ``yesterday at 08:10`` or ``Tuesday 3 March at 19:40``."""
    if moment is None:
        return "earlier"
    return wording.relative_moment(moment, datetime.now().astimezone())
