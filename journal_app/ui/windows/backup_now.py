"""“Back up now…”: an encrypted, checked backup in the journal's backups folder or elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from journal_app.storage.backups import (
    BackupInfo,
    backups_folder,
    make_backup,
)
from journal_app.ui.common.dialog_service import Dialogs, run_once
from journal_app.ui.common.safety_dialog import (
    JournalSafetyDialog,
    entries_text,
    friendly_error,
    is_disk_full,
)
from journal_app.ui.common.widgets import button, label
from journal_app.ui.common.work import Runner


def _path_label(path: Path) -> QLabel:
    result = label(str(path), "Muted")
    result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    result.setAccessibleName("Folder")
    return result


class BackUpNowDialog(JournalSafetyDialog):
    """Choose where, back up on the worker, then say calmly where the checked backup went."""

    def __init__(
        self, parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner
    ) -> None:
        super().__init__(parent, "Back up now", vault, dialogs, runner)
        self.default_folder = backups_folder(vault.folder)
        self.folder = self.default_folder
        self.result_info: BackupInfo | None = None
        self.intro = label(
            "A backup is an encrypted copy of your whole journal. Your passphrase and your "
            "recovery key open it, just like the journal itself."
        )
        self.where_caption = label("The backup will be saved in:")
        self.where = _path_label(self.folder)
        self.choose = button("Choose another folder…", "Choose another folder", link=True)
        self.done_text = label("")
        self.done_text.hide()
        for widget in (self.intro, self.done_text, self.where_caption, self.where, self.choose):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.cancel = button("Cancel", "Cancel")
        self.back_up = button("Back up", "Back up now", primary=True)
        self.open_folder = button("Show the folder", "Show the backup's folder")
        self.open_folder.hide()
        self.close_button = button("Done", "Done", primary=True)
        self.close_button.hide()
        self.add_buttons(self.cancel, self.back_up, self.close_button, left=[self.open_folder])
        self.disable_while_busy(self.choose, self.cancel, self.back_up)
        self.choose.clicked.connect(self.choose_folder)
        self.cancel.clicked.connect(self.reject)
        self.back_up.clicked.connect(self.start)
        self.close_button.clicked.connect(self.accept)
        self.open_folder.clicked.connect(self._show_folder)
        self.back_up.setFocus()

    def choose_folder(self) -> None:
        chosen = self.dialogs.choose_folder(self, "Where should the backup go?", self.folder)
        if chosen is None:
            return
        self.folder = chosen
        self.where.setText(str(chosen))
        self.show_error("")

    def start(self) -> None:
        if self.busy:
            return
        vault, folder = self.vault, self.folder
        self.run_work(
            "Making your backup and checking that it opens…",
            lambda _progress: make_backup(vault, folder),
            self._finished,
            self._failed,
        )

    def _finished(self, info: BackupInfo) -> None:
        self.result_info = info
        self.heading.setText("Your journal is backed up")
        count = info.entry_count or 0
        copied = (
            "Your journal was copied"
            if count == 0
            else f"{entries_text(count)} {'was' if count == 1 else 'were'} copied"
        )
        self.done_text.setText(
            f"{copied} and checked: the backup opens and is healthy. "
            "It is encrypted, so only your passphrase or recovery key can open it."
        )
        self.intro.hide()
        self.choose.hide()
        self.where_caption.setText("You'll find it in:")
        self.where.setText(str(info.path))
        self.done_text.show()
        self.cancel.hide()
        self.back_up.hide()
        self.open_folder.show()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.fit_height()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, FileExistsError | NotADirectoryError):
            text = f"The backup could not be written to {self.folder}: that isn't a folder."
        elif isinstance(error, OSError) and not is_disk_full(error):
            reason = error.strerror or "disk error"
            text = f"The backup could not be written to {self.folder} ({reason})."
        else:
            text = friendly_error(error, nothing_changed=False)
        self.show_error(f"{text} You can try again, or choose another folder.")

    def _show_folder(self) -> None:
        if self.result_info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_info.path.parent)))


def back_up_now(parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner) -> None:
    """“Back up now…”: an encrypted, checked backup in the journal's backups folder or elsewhere."""
    run_once(dialogs, BackUpNowDialog(parent, vault, dialogs, runner))
