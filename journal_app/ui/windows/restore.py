"""“Restore from a backup…”: pick a backup, type the passphrase once, confirm, restore.

The passphrase is asked for inside the window itself (with a switch to the recovery key) and kept
only until it closes: it both shows what each backup holds and authorises the restore. The
damaged-journal window reuses the key and restore helpers from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from journal_app.storage import JournalError, NotAJournal, WrongPassphrase, WrongRecoveryKey
from journal_app.storage.backups import (
    BackupFailed,
    BackupInfo,
    list_backups,
    verify_backup,
)
from journal_app.storage.recovery import master_key_from
from journal_app.storage.restore import RestoreResult, restore
from journal_app.ui.common.dialog_service import Dialogs, run_once
from journal_app.ui.common.safety_dialog import (
    LIST_STYLE,
    SafetyDialog,
    entries_text,
    friendly_error,
    when_text,
)
from journal_app.ui.common.secret_fields import SecretField
from journal_app.ui.common.widgets import button, label
from journal_app.ui.common.work import Runner, TaskProgress


def unlock_master_key(
    journal_folder: Path, secret: str, *, recovery_key: bool, backups: Iterable[Path] = ()
) -> bytes:
    """The master key, from the journal's key file or else any backup's (slow: run on a worker).

    A damaged journal may have a damaged key file, and a backup may be all that is left, so each
    key file is tried in turn. Raises the gentle :class:`WrongPassphrase` (or
    :class:`WrongRecoveryKey`) when none of them opens with ``secret``.
    """
    wrong: WrongPassphrase | None = None
    for folder in [Path(journal_folder), *backups]:
        try:
            return master_key_from(folder, secret, recovery_key=recovery_key)
        except WrongPassphrase as error:
            wrong = wrong or error
        except JournalError:
            continue  # no key file there, or an unreadable one: try the next
    if wrong is not None:
        raise wrong
    if recovery_key:
        raise WrongRecoveryKey()
    raise NotAJournal(f"There is no journal or backup in {journal_folder} to open.")


def restore_backup(
    journal_folder: Path, backup: Path, master_key: bytes, secret: str, *, recovery_key: bool
) -> RestoreResult:
    """Restore ``backup`` with the key already derived, or with its own key file if that differs."""
    try:
        verify_backup(backup, master_key)
    except BackupFailed:
        if recovery_key:
            return restore(journal_folder, backup, recovery_key=secret)
        return restore(journal_folder, backup, passphrase=secret)
    return restore(journal_folder, backup, master_key=master_key)


def _backup_list() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(3)
    tree.setHeaderLabels(["Made on", "Kind of backup", "Entries"])
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setAccessibleName("Backups")
    tree.setAccessibleDescription("The backups you can restore, newest first")
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    tree.setMinimumHeight(236)  # six backups without scrolling
    tree.setStyleSheet(LIST_STYLE)
    return tree


@dataclass
class _Unlocked:
    master_key: bytes
    backups: list[BackupInfo]


class BackupRestoringDialog(SafetyDialog):
    """What the restore and damaged-journal windows share: the journal's folder, the key and the
    secret that unlocked it (kept only until the window closes), and restoring a backup with them.

    A subclass builds ``secret``, the field the passphrase is typed into.
    """

    secret: SecretField

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        journal_folder: Path,
        dialogs: Dialogs,
        runner: Runner,
    ) -> None:
        super().__init__(parent, title, runner)
        self.journal_folder = Path(journal_folder)
        self.dialogs = dialogs
        self.master_key: bytes | None = None
        self._secret = ""
        self._recovery = False
        self.restore_result: RestoreResult | None = None

    def restore_with_key(
        self, info: BackupInfo, message: str, then: Callable[[], None] = lambda: None
    ) -> None:
        """Restore ``info`` with the unlocked key on the runner; on success ``then``, and close."""
        folder, key, secret, recovery = (
            self.journal_folder,
            self.master_key,
            self._secret,
            self._recovery,
        )
        assert key is not None

        def done(result: RestoreResult) -> None:
            self.restore_result = result
            then()
            self.accept()

        self.run_work(
            message,
            lambda _progress: restore_backup(folder, info.path, key, secret, recovery_key=recovery),
            done,
        )

    def _forget_secret(self) -> None:
        self.master_key = None
        self._secret = ""
        self.secret.clear()

    def done(self, result: int) -> None:
        if self.busy:
            return
        self._forget_secret()
        super().done(result)


class RestoreDialog(BackupRestoringDialog):
    """Pick a backup, type the passphrase once (it shows the entry counts), confirm, restore."""

    def __init__(
        self,
        parent: QWidget | None,
        journal_folder: Path,
        dialogs: Dialogs,
        runner: Runner,
    ) -> None:
        super().__init__(parent, "Restore from a backup", journal_folder, dialogs, runner)
        self.source = self.journal_folder
        self.backups: list[BackupInfo] = list_backups(self.source)
        self.restored_from: BackupInfo | None = None

        self.intro = label(
            "Choose the backup you want to bring back. Your current journal will be kept as a "
            "backup first, so nothing is lost. Afterwards it opens with the passphrase and "
            "recovery key you use today, not the ones the backup was made with."
        )
        self.list = _backup_list()
        self.empty = label("", "Muted")
        self.where = label("", "Hint")
        self.choose = button("Choose a backup folder…", "Choose a backup folder", link=True)
        self.secret_hint = label(
            "Type your passphrase to see how many entries each backup holds. It is also what "
            "allows the restore.",
            "Hint",
        )
        self.unlock = button("Show entries", "Show how many entries each backup holds")
        self.secret = SecretField(
            purpose="The passphrase that opens your journal and backups", beside=self.unlock
        )
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.where, 1)
        choose_row.addWidget(self.choose, 0)
        self.body.addWidget(self.intro)
        self.body.addWidget(self.list, 1)
        self.body.addWidget(self.empty)
        self.body.addLayout(choose_row)
        self.body.addSpacing(4)
        self.body.addWidget(self.secret_hint)
        self.body.addWidget(self.secret)
        self.cancel = button("Cancel", "Cancel")
        self.restore_button = button("Restore…", "Restore the chosen backup", primary=True)
        self.add_buttons(self.cancel, self.restore_button)
        self.disable_while_busy(
            self.list, self.choose, self.secret, self.unlock, self.cancel, self.restore_button
        )
        self.cancel.clicked.connect(self.reject)
        self.choose.clicked.connect(self.choose_folder)
        self.unlock.clicked.connect(lambda: self.unlock_backups())
        self.secret.field.returnPressed.connect(self._return_in_secret)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.list.itemSelectionChanged.connect(self._refresh_buttons)
        self.secret.field.textChanged.connect(self._refresh_buttons)
        self._fill()
        self.secret.field.setFocus()

    # ------------------------------------------------------------------ the list

    def _fill(self) -> None:
        self.list.clear()
        for info in self.backups:
            count = entries_text(info.entry_count) if self.master_key is not None else "—"
            item = QTreeWidgetItem([when_text(info.created_at), info.description, count])
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self.where.setText(self._source_text())
        self.where.setToolTip(str(self.source))
        self.empty.setText(
            ""
            if self.backups
            else "No backups were found here. If you keep backups somewhere else, choose that "
            "folder."
        )
        self.empty.setVisible(not self.backups)
        self.list.setVisible(bool(self.backups))
        self._refresh_buttons()

    def _source_text(self) -> str:
        if self.source == self.journal_folder:
            return "Showing the backups in your journal's backups folder."
        return f"Showing the backups in {self.source}."

    def chosen(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        path = Path(str(item.data(0, Qt.ItemDataRole.UserRole)))
        return next((info for info in self.backups if info.path == path), None)

    def _refresh_buttons(self) -> None:
        if self.busy:
            return
        unlocked = self.master_key is not None
        self.unlock.setEnabled(bool(self.secret.secret()) and not unlocked)
        self.restore_button.setEnabled(
            self.chosen() is not None and (unlocked or bool(self.secret.secret()))
        )

    def choose_folder(self) -> None:
        start = self.source if self.source.is_dir() else self.journal_folder
        chosen = self.dialogs.choose_folder(self, "Choose the folder with your backups", start)
        if chosen is None:
            return
        self.source = chosen
        self.backups = list_backups(chosen)
        self.show_error("")
        if self.master_key is not None and self.backups:
            self._count(self.master_key)
        else:
            self._fill()

    # ------------------------------------------------------------------ the passphrase

    def _return_in_secret(self) -> None:
        if self.master_key is None:
            self.unlock_backups()
        else:
            self.restore_chosen()

    def unlock_backups(self, then: Callable[[], None] | None = None) -> None:
        """Derive the master key on the worker (slow on purpose) and read each backup's count."""
        secret, recovery = self.secret.secret(), self.secret.uses_recovery_key()
        if not secret or self.busy:
            return
        folder, paths = self.journal_folder, [info.path for info in self.backups]
        source = self.source

        def job(_progress: TaskProgress) -> _Unlocked:
            key = unlock_master_key(folder, secret, recovery_key=recovery, backups=paths)
            return _Unlocked(key, list_backups(source, master_key=key))

        def done(result: _Unlocked) -> None:
            self.master_key = result.master_key
            self._secret, self._recovery = secret, recovery
            self.secret.clear()
            self.secret.hide()
            self.secret_hint.setText(
                "Your passphrase opened the backups. Choose one and select Restore."
            )
            self._remember_selection_and(lambda: setattr(self, "backups", result.backups))
            if then is not None:
                then()

        self.run_work("Opening your backups…", job, done, self._unlock_failed)

    def _unlock_failed(self, error: BaseException) -> None:
        self.show_error(friendly_error(error))
        self.secret.field.selectAll()
        self.secret.field.setFocus()

    def _count(self, key: bytes) -> None:
        source = self.source

        def done(backups: list[BackupInfo]) -> None:
            self._remember_selection_and(lambda: setattr(self, "backups", backups))

        self.run_work(
            "Reading your backups…", lambda _progress: list_backups(source, master_key=key), done
        )

    def _remember_selection_and(self, change: Callable[[], None]) -> None:
        before = self.chosen()
        change()
        self._fill()
        if before is None:
            return
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == str(before.path):
                self.list.setCurrentItem(item)

    # ------------------------------------------------------------------ restoring

    def restore_chosen(self) -> None:
        if self.busy or self.chosen() is None:
            return
        if self.master_key is None:
            if self.secret.secret():  # unlock first, then carry on with the restore
                self.unlock_backups(then=self.restore_chosen)
            return
        info = self.chosen()
        assert info is not None
        counted = f", with {entries_text(info.entry_count)}" if info.entry_count is not None else ""
        if not self.dialogs.confirm(
            self,
            "Restore this backup?",
            f"Your journal will be replaced by the backup from {when_text(info.created_at)}"
            f"{counted}.",
            yes_label="Restore",
            no_label="Cancel",
            informative="Your current journal will be kept as a backup first, so you can go "
            "back to it later if you need to.",
        ):
            return

        def chosen_restored() -> None:
            self.restored_from = info
            self._forget_secret()

        self.restore_with_key(info, "Restoring your journal…", chosen_restored)


def restore_from_backup(
    parent: QWidget | None, journal_folder: Path, dialogs: Dialogs, runner: Runner
) -> bool:
    """“Restore from a backup…” with the journal closed; True when a backup was restored."""
    dialog = run_once(dialogs, RestoreDialog(parent, journal_folder, dialogs, runner))
    result, info = dialog.restore_result, dialog.restored_from
    if result is None or info is None:
        return False
    kept = (
        " Your journal as it was just before is kept among your backups."
        if result.safety_copy is not None
        else ""
    )
    secrets = (
        " It opens with your current passphrase and recovery key."
        if result.opens_with_current_secrets
        else " It opens with the passphrase and recovery key the backup had when it was made."
    )
    dialogs.inform(
        parent,
        "Your journal was restored",
        f"Your journal is back as it was on {when_text(info.created_at)}, with "
        f"{entries_text(result.entry_count)}.{secrets}{kept}",
    )
    return True
