"""The unlock screen, shown inside the main window: passphrase, or recovery key plus a new one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from journal_app.storage import DamagedJournal, JournalError, KdfParams, NotAJournal, Vault
from journal_app.ui.common.builders import (
    busy_bar,
    hidden_label,
    labelled,
    line_edit,
    on_button_or_enter,
    spaced,
    spread_row,
    update_now_and_on,
)
from journal_app.ui.common.passphrase_form import add_passphrase_form
from journal_app.ui.common.widgets import CenteredCard, PassphrasePair, button, label
from journal_app.ui.common.work import Runner, Task, TaskProgress

# Room above the fields of either mode, below the folder hint.
MODE_MARGINS = (0, 8, 0, 0)
GENERIC_FAILURE = "Something went wrong while opening the journal. Nothing was changed."


@dataclass(frozen=True)
class JournalOpening:
    """What both start screens (first run and unlock) need to open a journal: the runner for the
    slow key work, the key settings for a new passphrase, whom to give the open journal, and how
    to choose another journal instead."""

    runner: Runner
    kdf: KdfParams
    opened: Callable[[Vault], None]
    open_other: Callable[[], None]
    # Called as the slow key work starts: the UI thread is free until it ends, a good moment to
    # get the first page ready (never anything from the journal: it isn't open yet).
    key_work_started: Callable[[], None] = lambda: None


def friendly_error(error: BaseException) -> str:
    """Vault errors already read as one kind sentence; anything else gets a calm stand-in."""
    if isinstance(error, JournalError):
        return str(error)
    return GENERIC_FAILURE


class ModeSwitcher(QWidget):
    """Shows one of its pages; unlike QStackedWidget, only the shown page sets the height."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(self._current is None)
        self._current = self._current or page

    def setCurrentWidget(self, page: QWidget) -> None:
        self._current = page
        for other in self._pages:
            other.setVisible(other is page)

    def currentWidget(self) -> QWidget | None:
        return self._current


class UnlockView(CenteredCard):
    """Layout only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, width=560)
        self.setObjectName("Unlock")
        body = self.body
        self.heading = label("Welcome back", "Heading")
        body.addWidget(self.heading)
        self.folder_hint = label("", "Hint")
        body.addWidget(self.folder_hint)
        self.notice = hidden_label("Notice", "Note about this journal")
        body.addWidget(self.notice)
        self.modes = ModeSwitcher()
        body.addWidget(self.modes)

        # Passphrase mode
        self.passphrase_mode = QWidget()
        layout = spaced(QVBoxLayout(self.passphrase_mode), MODE_MARGINS, spacing=8)
        self.passphrase_label = label("Your passphrase")
        self.passphrase = line_edit(
            "Passphrase", description="Type your passphrase and press Enter", password=True
        )
        self.passphrase_label.setBuddy(self.passphrase)
        layout.addWidget(self.passphrase_label)
        layout.addWidget(self.passphrase)
        self.error = hidden_label("Error", "Unlock message")
        layout.addWidget(self.error)
        self.busy = busy_bar("Opening your journal")
        layout.addWidget(self.busy)
        self.use_recovery = button("Use recovery key", "Use recovery key", link=True)
        self.open_other = button("Open another journal…", "Open another journal", link=True)
        self.unlock = button("Unlock", "Unlock", primary=True)
        layout.addSpacing(4)
        layout.addLayout(spread_row([self.use_recovery, self.open_other], [self.unlock], spacing=4))
        self.modes.addWidget(self.passphrase_mode)
        # Quiet on purpose, and reachable with F1 too: shows general guidance, nothing stored.
        self.need_help = button("Need help now?", "Need help now?", link=True)
        self.need_help.setToolTip("What to do if things get too much (F1)")
        body.addWidget(self.need_help, 0, Qt.AlignmentFlag.AlignLeft)

        # Recovery mode
        self.recovery_mode = QWidget()
        layout = spaced(QVBoxLayout(self.recovery_mode), MODE_MARGINS, spacing=8)
        layout.addWidget(
            label(
                "Type the recovery key you kept when you created this journal, then choose a new "
                "passphrase. Your entries stay exactly as they are."
            )
        )
        self.recovery_key = labelled(
            layout,
            "Recovery key",
            line_edit("Recovery key", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"),
        )
        layout.addSpacing(6)
        self.new_passphrases, self.recovery_error, self.recovery_busy, self.back, self.recover = (
            add_passphrase_form(
                layout,
                PassphrasePair(label_prefix="New "),
                busy="Opening your journal",
                back="Back to the passphrase",
                go="Unlock and save new passphrase",
            )
        )
        self.modes.addWidget(self.recovery_mode)


class UnlockController:
    def __init__(
        self,
        view: UnlockView,
        *,
        folder: Path,
        opening: JournalOpening,
        on_damaged: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.view = view
        self._opening = opening
        self._on_damaged = on_damaged
        self.busy = False
        self.set_folder(folder)
        on_button_or_enter(view.unlock, view.passphrase, self.unlock)
        view.use_recovery.clicked.connect(self.show_recovery)
        view.back.clicked.connect(self.show_passphrase)
        view.open_other.clicked.connect(opening.open_other)
        view.recover.clicked.connect(self.recover)
        update_now_and_on(
            self._update_recover_button, view.new_passphrases.changed, view.recovery_key.textChanged
        )

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.view.folder_hint.setText(f"Journal in {folder}")

    def reset(self) -> None:
        """Back to a clean passphrase prompt (after locking, or when switching journals)."""
        view = self.view
        view.passphrase.setText("")
        view.recovery_key.setText("")
        view.new_passphrases.clear()
        for message in (view.error, view.recovery_error, view.notice):
            message.setText("")
            message.hide()
        self.show_passphrase()

    def show_notice(self, text: str) -> None:
        """A calm note on the card itself (e.g. after a restore), where it can't be missed."""
        self.view.notice.setText(text)
        self.view.notice.setVisible(bool(text))

    def _show_mode(self, mode: QWidget) -> None:
        self.view.modes.setCurrentWidget(mode)

    def show_passphrase(self) -> None:
        self._show_mode(self.view.passphrase_mode)
        self.view.heading.setText("Welcome back")
        self.view.passphrase.setFocus()

    def show_recovery(self) -> None:
        self._show_mode(self.view.recovery_mode)
        self.view.heading.setText("Use your recovery key")
        self.view.recovery_key.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        view = self.view
        view.busy.setVisible(busy and view.modes.currentWidget() is view.passphrase_mode)
        view.recovery_busy.setVisible(busy and view.modes.currentWidget() is view.recovery_mode)
        for widget in (view.passphrase, view.unlock, view.recovery_key, view.recover):
            widget.setEnabled(not busy)
        if not busy:
            self._update_recover_button()

    # -- passphrase

    def unlock(self) -> None:
        passphrase = self.view.passphrase.text()
        if self.busy:
            return
        if not passphrase:
            self._show_error("Please type your passphrase.")
            return
        folder = self.folder
        self.view.error.hide()
        self._set_busy(True)
        Task(lambda _progress: Vault.open(folder, passphrase)).success(self._opened).failure(
            self._failed
        ).start(self._opening.runner)
        self._opening.key_work_started()

    def _opened(self, vault: object) -> None:
        self._set_busy(False)
        self.reset()
        assert isinstance(vault, Vault)
        self._opening.opened(vault)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(friendly_error(error))
        self.view.passphrase.selectAll()
        self.view.passphrase.setFocus()
        # A damaged file (not a missing one) can often be brought back from a backup.
        if (
            isinstance(error, DamagedJournal)
            and not isinstance(error, NotAJournal)
            and self._on_damaged is not None
        ):
            self._on_damaged([str(error)])

    def _show_error(self, text: str) -> None:
        self.view.error.setText(text)
        self.view.error.show()

    # -- recovery key

    def _update_recover_button(self) -> None:
        view = self.view
        ready = bool(view.recovery_key.text().strip()) and view.new_passphrases.is_acceptable()
        view.recover.setEnabled(ready and not self.busy)

    def recover(self) -> None:
        view = self.view
        if self.busy or not view.new_passphrases.is_acceptable():
            return
        key = view.recovery_key.text()
        new_passphrase = view.new_passphrases.passphrase()
        folder, kdf = self.folder, self._opening.kdf

        def job(_progress: TaskProgress) -> Vault:
            vault = Vault.open_with_recovery_key(folder, key)
            try:
                vault.change_passphrase(new_passphrase, kdf=kdf)
            except BaseException:
                vault.close()
                raise
            return vault

        view.recovery_error.hide()
        self._set_busy(True)
        Task(job).success(self._opened).failure(self._recovery_failed).start(self._opening.runner)
        self._opening.key_work_started()

    def _recovery_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.view.recovery_error.setText(friendly_error(error))
        self.view.recovery_error.show()
        self.view.recovery_key.setFocus()
