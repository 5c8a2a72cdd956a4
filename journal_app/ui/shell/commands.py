"""What each menu command does, once the journal is open.

``MenuCommands`` is given the session (the open vault, the window, the dialog service and the
runner, the pages) and offers one method per command; the session connects the action registry
to them. Windows over the journal (Trash, import, backup) all go through
:meth:`MenuCommands.journal_window`: save what is pending, open the window, and tell the pages
when it changed the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from journal_app import APP_NAME, __version__
from journal_app.domain.entries import EntryKind
from journal_app.storage import Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.work import Runner
from journal_app.ui.shell.changes import Change
from journal_app.ui.windows.export import ExportDialog, show_export_dialog
from journal_app.ui.windows.preferences import PreferencesDialog

if TYPE_CHECKING:
    from journal_app.ui.shell.session import AppController

RESTORED_NOTE = "Restored. Unlock to continue."

# Opens a window over the open journal; True when it changed the journal.
JournalWindow = Callable[[Vault], bool | None]
# The usual shape of such a window's opener: (parent, vault, dialogs, runner).
StandardJournalWindow = Callable[[QWidget | None, Vault, Dialogs, Runner], bool | None]


class MenuCommands:
    """One method per menu command."""

    def __init__(self, session: AppController) -> None:
        self.session = session
        self.export_dialog: ExportDialog | None = None

    # -- windows over the journal

    def journal_window(self, open_window: JournalWindow) -> None:
        """Save what is pending, open the window, and broadcast a change if it made one."""
        session = self.session
        vault = session.vault
        if vault is None:
            return
        session.flush()
        if open_window(vault) and session.vault is vault:
            session.changes.changed(Change.EVERYTHING)

    def standard_journal_window(self, open_window: StandardJournalWindow) -> None:
        """:meth:`journal_window` for an opener that takes the window, vault, dialogs and runner."""
        s = self.session
        self.journal_window(lambda vault: open_window(s.window, vault, s.dialogs, s.runner))

    def show_trash(self) -> None:
        from journal_app.ui.windows.trash import show_trash

        self.standard_journal_window(show_trash)

    def import_entries(self) -> None:
        from journal_app.ui.windows.import_entries import import_entries

        self.standard_journal_window(import_entries)

    def back_up_now(self) -> None:
        from journal_app.ui.windows.backup_now import back_up_now

        self.standard_journal_window(back_up_now)

    def change_passphrase(self) -> None:
        from journal_app.ui.windows.passphrase import change_passphrase

        self.standard_journal_window(change_passphrase)

    def rekey_journal(self) -> None:
        from journal_app.ui.windows.passphrase import rekey_journal

        s = self.session

        def keep_unlocked(on: bool) -> None:
            if on:
                s.idle.stop()
            elif s.vault is not None and not s.idle.active:
                s.idle.start()

        self.journal_window(
            lambda vault: rekey_journal(s.window, vault, s.dialogs, s.runner, keep_unlocked)
        )

    def restore_from_backup(self) -> None:
        """Lock first (saving the editor): a restore replaces the journal's files."""
        from journal_app.ui.windows.restore import restore_from_backup

        s = self.session
        s.lock()
        if restore_from_backup(s.window, s.folder, s.dialogs, s.runner):
            s.show_start_screen()
            s.status.show_note(RESTORED_NOTE)

    # -- export and print

    def export(self) -> ExportDialog | None:
        """ "Export for my therapist…" with the entries selected in the journal list."""
        s = self.session
        if s.vault is None:
            return None
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
            return self.export_dialog
        s.flush()
        journal = s.journal
        dialog = show_export_dialog(
            s.window,
            s.vault,
            s.library,
            s.dialogs,
            selected_entry_ids=journal.selected_entry_ids() if journal is not None else [],
            runner=s.runner,
        )
        self.export_dialog = dialog
        dialog.finished.connect(self._export_closed)
        return dialog

    def print_entries(self) -> None:
        """Print…: the export dialog, with Print as the button Enter presses."""
        dialog = self.export()
        if dialog is not None:
            dialog.print_button.setDefault(True)
            dialog.print_button.setFocus()

    def _export_closed(self, *_args: object) -> None:
        self.export_dialog = None

    # -- entries

    def new_entry(self, kind: EntryKind) -> None:
        journal = self.session.journal
        if journal is not None:
            self.session.show_page("journal")
            journal.new_entry(kind)

    def new_entry_menu(self) -> None:
        window = self.session.window
        if window.toolbar.isVisible():
            button = window.new_button
            window.new_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def delete_entry(self) -> None:
        journal = self.session.journal
        if journal is not None:
            self.session.show_page("journal")
            journal.delete_selected()

    def find(self) -> None:
        """Ctrl+F: the Search page, ready to type (the list keeps its own filter box)."""
        s = self.session
        search = s.page("search")
        if search is not None:
            s.show_page("search")
            search.focus()
        elif s.journal is not None:
            s.show_page("journal")
            s.journal.focus()

    # -- preferences and about

    def show_preferences(self) -> PreferencesDialog:
        s = self.session
        dialog = PreferencesDialog(s.settings.current, s.window, journal_folder=s.folder)
        dialog.accepted.connect(lambda: self.apply_preferences(dialog))
        dialog.finished.connect(dialog.deleteLater)
        s.dialogs.open(dialog)
        return dialog

    def apply_preferences(self, dialog: PreferencesDialog) -> None:
        s = self.session
        settings = s.settings.update(**dialog.chosen(s.settings.current).to_dict())
        if s.theme is not None:
            s.theme.apply(settings.theme, settings.editor_font_size)
            s.window.action_registry.refresh_icons()
            s.refresh_sidebar_icons()
        s.idle.set_interval_ms(s.idle_ms())
        if s.journal is not None:
            s.journal.set_body_font_size(settings.editor_font_size)

    def need_help_now(self) -> None:
        """Guidance while locked; the person's own plan first once the journal is open."""
        from journal_app.ui.windows.need_help import need_help_now

        session = self.session
        vault = session.vault
        plan = vault.safety_plan.get() if vault is not None else None
        opener = self.show_safety_plan if vault is not None else None
        need_help_now(session.window, plan, session.dialogs.open, open_plan=opener)

    def show_safety_plan(self) -> None:
        from journal_app.ui.windows.safety_plan import show_safety_plan

        if self.session.vault is not None:
            show_safety_plan(self.session.window, self.session.vault, self.session.dialogs)

    def show_about(self) -> None:
        self.session.dialogs.about(
            self.session.window,
            f"About {APP_NAME}",
            f"<p><b>{APP_NAME}</b> {__version__}</p>"
            "<p>A private journal for the time between therapy sessions, with an offline "
            "library of <i>In Therapy</i> articles.</p>"
            "<p>Everything stays on this computer, encrypted with your passphrase.</p>"
            "<p>It is not therapy, not a diagnosis and not an emergency service. If you are in "
            "danger, call your local emergency number.</p>",
        )
