"""“Back up now…” and “Restore from a backup…”: the two backup dialogs, plus pieces they share.

Both dialogs keep every slow step (key derivation, writing and checking a backup, restoring) on
the :class:`~journal_app.ui.workers.WorkRunner` and show a quiet busy bar meanwhile; the worker
never touches a widget. While work is running the dialog can't be closed, so a half-finished
restore is never abandoned by a stray Escape.

The passphrase is asked for inside the restore dialog itself (with a switch to the recovery key)
and kept only until the dialog closes: it both shows what each backup holds and authorises the
restore. The damaged-journal dialog (:mod:`journal_app.ui.damaged`) and the Trash reuse
:class:`SafetyDialog` and :class:`SecretField` from here.

Every dialog is shown through :func:`run_dialog`, so tests replace that one function with a
script that fills in fields and clicks buttons.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import friendly_day
from journal_app.storage.backups import (
    BackupFailed,
    BackupInfo,
    RestoreResult,
    backups_folder,
    list_backups,
    make_backup,
    restore,
    verify_backup,
)
from journal_app.storage.errors import (
    DiskFull,
    JournalError,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.recovery import master_key_from
from journal_app.ui.dialogs import MessageDialogs
from journal_app.ui.widgets import button, label
from journal_app.ui.workers import WorkRunner


class SafetyDialogs(MessageDialogs, Protocol):
    """The parts of ``ui.dialogs.DialogService`` these dialogs use."""

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None: ...


def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` modally until it closes. Tests replace this with a script."""
    return dialog.exec()


# --------------------------------------------------------------------------- shared pieces


def when_text(moment: Any) -> str:
    """``3 June 2025 at 14:05`` in local time."""
    local = moment.astimezone()
    return f"{friendly_day(local)} at {local:%H:%M}"


def entries_text(count: int | None) -> str:
    if count is None:
        return "couldn't be read"
    return f"{count} {'entry' if count == 1 else 'entries'}"


def friendly_error(error: BaseException, *, nothing_changed: bool = True) -> str:
    """A sentence a person can act on; never a raw SQLite message."""
    tail = " Nothing was changed." if nothing_changed else ""
    if isinstance(error, DiskFull) or _is_disk_full(error):
        return (
            "There isn't enough free space on the disk for this. Free some space (or choose "
            f"another place) and try again.{tail}"
        )
    if isinstance(error, BackupFailed):
        return str(error)
    if isinstance(error, JournalError):
        return str(error)
    if isinstance(error, PermissionError):
        return f"This app isn't allowed to write there. Please choose another folder.{tail}"
    if isinstance(error, OSError):
        return f"The files couldn't be read or written ({error.strerror or 'disk error'}).{tail}"
    return f"Something unexpected went wrong ({type(error).__name__}).{tail}"


def _is_disk_full(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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


class SecretField(QWidget):
    """A passphrase field with a switch to type the recovery key instead."""

    def __init__(
        self, parent: QWidget | None = None, *, purpose: str = "", beside: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.caption = label("Your passphrase")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        if purpose:
            self.field.setAccessibleDescription(purpose)
        self.caption.setBuddy(self.field)
        self.use_recovery_key = QCheckBox("Use my recovery key instead")
        self.use_recovery_key.setAccessibleName("Use my recovery key instead of the passphrase")
        self.use_recovery_key.toggled.connect(self._switch)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.field, 1)
        if beside is not None:
            row.addWidget(beside)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        layout.addWidget(self.use_recovery_key)

    def _switch(self, recovery: bool) -> None:
        self.caption.setText("Your recovery key" if recovery else "Your passphrase")
        self.field.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )
        self.field.setPlaceholderText("XXXX-XXXX-…" if recovery else "")
        self.field.clear()
        self.field.setFocus()

    def secret(self) -> str:
        return self.field.text()

    def uses_recovery_key(self) -> bool:
        return self.use_recovery_key.isChecked()

    def clear(self) -> None:
        self.field.clear()


class SafetyDialog(QDialog):
    """The shared frame: a heading, a body, a quiet busy bar, a gentle error line and buttons."""

    def __init__(self, parent: QWidget | None, title: str, runner: WorkRunner) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        self.runner = runner
        self.busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 20)
        outer.setSpacing(12)
        self.heading = label(title, "Subheading")
        outer.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        self.status = label("", "Muted")
        self.status.setAccessibleName("Progress")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # a busy bar: these steps can't tell how far along they are
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Working")
        self.error = label("", "Error")
        self.error.setAccessibleName("Problem")
        for widget in (self.status, self.progress, self.error):
            widget.hide()
            outer.addWidget(widget)
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(8)
        outer.addSpacing(4)
        outer.addLayout(self.button_row)
        self._controls: list[QWidget] = []
        self._enabled_before: dict[int, bool] = {}

    def add_buttons(self, *buttons: QPushButton, left: Sequence[QPushButton] = ()) -> None:
        """Lay the buttons out: ``left`` ones at the start, the rest at the end (primary last)."""
        for widget in left:
            self.button_row.addWidget(widget)
        self.button_row.addStretch(1)
        for widget in buttons:
            self.button_row.addWidget(widget)

    def disable_while_busy(self, *widgets: QWidget) -> None:
        self._controls.extend(widgets)

    def run_work(
        self,
        message: str,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run ``job`` on the worker with the busy bar showing; callbacks arrive on this thread."""
        self.show_error("")
        self._set_busy(True, message)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            on_error(error)

        self.runner.run(job, done, failed)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.status.setText(message)
        self.status.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            # Each control's own setting (not the inherited one: some sit inside others).
            self._enabled_before = {
                id(widget): not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
                for widget in self._controls
            }
        for widget in self._controls:
            widget.setEnabled(not busy and self._enabled_before.get(id(widget), True))
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to fit wrapped text after the content changed (Qt won't do it by itself)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        wanted = max(wanted, self.minimumSizeHint().height())
        if self.height() < wanted:
            self.resize(self.width(), wanted)

    def reject(self) -> None:
        if self.busy:  # never walk away from a backup or restore half-way
            return
        super().reject()


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


# Roomier rows than Qt's default, so dates and counts don't sit cramped against each other.
LIST_STYLE = (
    "QTreeView::item { padding: 5px 6px; }"
    " QHeaderView::section { padding: 6px 10px; border: none;"
    " border-bottom: 1px solid palette(mid); background: palette(window);"
    " color: palette(window-text); font-weight: 600; }"
)


def _path_label(path: Path) -> QLabel:
    result = label(str(path), "Muted")
    result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    result.setAccessibleName("Folder")
    return result


# --------------------------------------------------------------------------- back up now


class BackUpNowDialog(SafetyDialog):
    """Choose where, back up on the worker, then say calmly where the checked backup went."""

    def __init__(
        self, parent: QWidget | None, vault: Any, dialogs: SafetyDialogs, runner: WorkRunner
    ) -> None:
        super().__init__(parent, "Back up now", runner)
        self.vault = vault
        self.dialogs = dialogs
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
            lambda: make_backup(vault, folder),
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
        elif isinstance(error, OSError) and not _is_disk_full(error):
            reason = error.strerror or "disk error"
            text = f"The backup could not be written to {self.folder} ({reason})."
        else:
            text = friendly_error(error, nothing_changed=False)
        self.show_error(f"{text} You can try again, or choose another folder.")

    def _show_folder(self) -> None:
        if self.result_info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_info.path.parent)))


def back_up_now(
    parent: QWidget | None, vault: Any, dialogs: SafetyDialogs, runner: WorkRunner
) -> None:
    """“Back up now…”: an encrypted, checked backup in the journal's backups folder or elsewhere."""
    dialog = BackUpNowDialog(parent, vault, dialogs, runner)
    try:
        run_dialog(dialog)
    finally:
        dialog.deleteLater()


# --------------------------------------------------------------------------- restore


@dataclass
class _Unlocked:
    master_key: bytes
    backups: list[BackupInfo]


class RestoreDialog(SafetyDialog):
    """Pick a backup, type the passphrase once (it shows the entry counts), confirm, restore."""

    def __init__(
        self,
        parent: QWidget | None,
        journal_folder: Path,
        dialogs: SafetyDialogs,
        runner: WorkRunner,
    ) -> None:
        super().__init__(parent, "Restore from a backup", runner)
        self.journal_folder = Path(journal_folder)
        self.dialogs = dialogs
        self.source = self.journal_folder
        self.backups: list[BackupInfo] = list_backups(self.source)
        self.master_key: bytes | None = None
        self._secret = ""
        self._recovery = False
        self.restore_result: RestoreResult | None = None
        self.restored_from: BackupInfo | None = None

        self.intro = label(
            "Choose the backup you want to bring back. Your current journal will be kept as a "
            "backup first, so nothing is lost."
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

        def job() -> _Unlocked:
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
            "Reading your backups…",
            lambda: list_backups(source, master_key=key),
            done,
            lambda error: self.show_error(friendly_error(error)),
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
        folder, key, secret, recovery = (
            self.journal_folder,
            self.master_key,
            self._secret,
            self._recovery,
        )

        def done(result: RestoreResult) -> None:
            self.restore_result = result
            self.restored_from = info
            self._forget_secret()
            self.accept()

        self.run_work(
            "Restoring your journal…",
            lambda: restore_backup(folder, info.path, key, secret, recovery_key=recovery),
            done,
            lambda error: self.show_error(friendly_error(error)),
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


def restore_from_backup(
    parent: QWidget | None, journal_folder: Path, dialogs: SafetyDialogs, runner: WorkRunner
) -> bool:
    """“Restore from a backup…” with the journal closed; True when a backup was restored."""
    dialog = RestoreDialog(parent, journal_folder, dialogs, runner)
    try:
        run_dialog(dialog)
        result, info = dialog.restore_result, dialog.restored_from
    finally:
        dialog.deleteLater()
    if result is None or info is None:
        return False
    kept = (
        " Your journal as it was just before is kept among your backups."
        if result.safety_copy is not None
        else ""
    )
    dialogs.inform(
        parent,
        "Your journal was restored",
        f"Your journal is back as it was on {when_text(info.created_at)}, with "
        f"{entries_text(result.entry_count)}.{kept}",
    )
    return True


__all__ = [
    "BackUpNowDialog",
    "RestoreDialog",
    "SafetyDialog",
    "SecretField",
    "back_up_now",
    "friendly_error",
    "restore_from_backup",
    "run_dialog",
    "unlock_master_key",
]
