"""When the journal turns out to be damaged: say so plainly and offer the newest good backup.

The journal is closed and stays exactly as it is. With the passphrase (or the recovery key),
typed into this dialog, the worker finds the newest backup that opens and passes the full check;
restoring it keeps the damaged files among the backups (``restore`` moves them, never deletes).
What SQLite actually reported is only shown, as a technical note, behind "Technical details".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QToolButton, QWidget

from journal_app.storage import MissingRecentChanges, WrongPassphrase
from journal_app.storage.backups import BackupInfo, list_backups, newest_good_backup
from journal_app.ui.common.builders import on_button_or_enter
from journal_app.ui.common.dialog_service import Dialogs, run_once
from journal_app.ui.common.safety_dialog import (
    entries_text,
    friendly_error,
    when_text,
)
from journal_app.ui.common.secret_fields import SecretField
from journal_app.ui.common.widgets import button, label
from journal_app.ui.common.work import Runner, TaskProgress
from journal_app.ui.windows.restore import BackupRestoringDialog, unlock_master_key

DAMAGED_TEXT = (
    "Your journal file is damaged, so it was not opened for writing. "
    "It has been left exactly as it is."
)
MISSING_CHANGES_TEXT = (
    "Some changes you saved recently were lost: a working file of the journal "
    "(journal.db-wal) was removed or replaced while the journal was open, often by a sync or "
    "cleaning tool. The journal has been left exactly as it is, and your newest backup may "
    "still hold those changes."
)


class DamagedJournalDialog(BackupRestoringDialog):
    """Explain, ask for the passphrase, find the newest good backup, offer to restore it."""

    def __init__(
        self,
        parent: QWidget | None,
        journal_folder: Path,
        problems: list[str],
        dialogs: Dialogs,
        runner: Runner,
    ) -> None:
        super().__init__(parent, "Your journal needs attention", journal_folder, dialogs, runner)
        self.found: BackupInfo | None = None

        lost_changes = any(p.startswith(MissingRecentChanges.HEADLINE) for p in problems)
        self.explanation = label(MISSING_CHANGES_TEXT if lost_changes else DAMAGED_TEXT)
        self.explanation.setAccessibleName("What happened")
        self.next_step = label(
            "Type your passphrase and we'll look for your newest backup that is healthy. "
            "If you restore it, the damaged file is kept too, in case it can be rescued later."
        )
        self.find_button = button("Find my newest good backup", "Find the newest healthy backup")
        self.secret = SecretField(
            purpose="The passphrase that opens your journal", beside=self.find_button
        )
        self.answer = label("")
        self.answer.setAccessibleName("What we found")
        self.answer.hide()

        self.details_toggle = QToolButton()
        self.details_toggle.setText("Technical details")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.details_toggle.setAccessibleName("Show technical details")
        self.details_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.details_toggle.setStyleSheet("QToolButton { padding: 4px 6px 4px 0px; }")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Technical details")
        self.details.setPlainText(
            "A technical note for anyone helping you (it contains nothing you wrote):\n\n"
            + "\n".join(f"• {problem}" for problem in problems or ["no details were given"])
        )
        self.details.setMaximumHeight(120)
        self.details.hide()
        self.details_toggle.toggled.connect(self._toggle_details)

        for widget in (self.explanation, self.next_step):
            self.body.addWidget(widget)
        self.body.addWidget(self.secret)
        self.body.addWidget(self.answer)
        self.body.addWidget(self.details_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.details)
        self.body.addStretch(1)

        self.not_now = button("Not now", "Close without restoring")
        self.restore_button = button("Restore this backup", "Restore the backup", primary=True)
        self.restore_button.hide()
        self.add_buttons(self.not_now, self.restore_button)
        self.disable_while_busy(self.secret, self.find_button, self.not_now, self.restore_button)
        self.not_now.clicked.connect(self.reject)
        on_button_or_enter(self.find_button, self.secret.field, self.find_backup)
        self.restore_button.clicked.connect(self.restore_found)
        self.secret.field.textChanged.connect(
            lambda text: self.find_button.setEnabled(bool(text) and not self.busy)
        )
        self.find_button.setEnabled(False)
        self.secret.field.setFocus()

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.fit_height()
        self.details_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.details_toggle.setAccessibleName(
            "Hide technical details" if shown else "Show technical details"
        )

    def find_backup(self) -> None:
        secret, recovery = self.secret.secret(), self.secret.uses_recovery_key()
        if not secret or self.busy:
            return
        folder = self.journal_folder
        backups = [info.path for info in list_backups(folder)]

        def job(_progress: TaskProgress) -> tuple[bytes, BackupInfo | None]:
            key = unlock_master_key(folder, secret, recovery_key=recovery, backups=backups)
            found = newest_good_backup(folder, key)
            if found is None and not recovery:  # the passphrase may have changed since
                found = newest_good_backup(folder, secret)
            return key, found

        def done(result: tuple[bytes, BackupInfo | None]) -> None:
            self.master_key, self.found = result
            self._secret, self._recovery = secret, recovery
            self.secret.clear()
            self._show_answer()

        self.run_work("Looking for your newest healthy backup…", job, done, self._failed)

    def _show_answer(self) -> None:
        found = self.found
        self.answer.show()
        self.next_step.hide()
        self.secret.hide()
        self.find_button.hide()
        if found is None:
            self.answer.setText(
                "No healthy backup was found in your journal's backups folder. Your journal has "
                "been left exactly as it is. If you keep backups somewhere else, use “Restore "
                "from a backup…” to choose them."
            )
            self.not_now.setText("Close")
            self.not_now.setAccessibleName("Close")
            self.not_now.setFocus()
            self.fit_height()
            return
        self.answer.setText(
            f"Your newest healthy backup is from {when_text(found.created_at)}, with "
            f"{entries_text(found.entry_count)}. Anything written after that isn't in it.\n\n"
            "Restoring puts that backup in place. The damaged file is kept among your backups."
        )
        self.restore_button.show()
        self.restore_button.setDefault(True)
        self.restore_button.setFocus()
        self.fit_height()

    def _failed(self, error: BaseException) -> None:
        self.show_error(friendly_error(error))
        if isinstance(error, WrongPassphrase):
            self.secret.field.selectAll()
            self.secret.field.setFocus()

    def restore_found(self) -> None:
        if self.busy or self.found is None or self.master_key is None:
            return
        self.restore_with_key(self.found, "Restoring your journal from the backup…")


def offer_restore_for_damaged(
    parent: QWidget | None,
    journal_folder: Path,
    problems: list[str],
    dialogs: Dialogs,
    runner: Runner,
) -> bool:
    """Explain the damage and offer the newest good backup; True when it was restored."""
    dialog = run_once(
        dialogs, DamagedJournalDialog(parent, journal_folder, problems, dialogs, runner)
    )
    result, found = dialog.restore_result, dialog.found
    if result is None or found is None:
        return False
    dialogs.inform(
        parent,
        "Your journal was restored",
        f"Your journal is back as it was on {when_text(found.created_at)}, with "
        f"{entries_text(result.entry_count)}. The damaged file is kept among your backups.",
    )
    return True


__all__ = [
    "DAMAGED_TEXT",
    "MISSING_CHANGES_TEXT",
    "DamagedJournalDialog",
    "offer_restore_for_damaged",
]
