"""“Change passphrase…” and “Someone may know my passphrase…”: the two things people mean.

Changing the passphrase re-wraps the same key (quick; old backups keep opening with the old
passphrase). Re-keying makes a new key for the whole journal, re-encrypts (or deletes) the
journal's own backups and gives a new recovery key, shown once with the same confirm step as the
first run. Both check the current passphrase first and run on the work runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton, QWidget

from journal_app.storage import OldBackups, RekeyCancelled, RekeyResult
from journal_app.storage.recovery import master_key_from
from journal_app.ui.common.builders import update_now_and_on
from journal_app.ui.common.dialog_service import Dialogs, run_once
from journal_app.ui.common.safety_dialog import SafetyDialog, friendly_error
from journal_app.ui.common.widgets import PassphrasePair, button, label
from journal_app.ui.common.work import Runner, TaskProgress

CHANGE_INTRO = (
    "This changes the passphrase you type to open your journal. It's quick, and your recovery "
    "key keeps working. Older backups still open with the passphrase they were made with. If "
    "you think someone knows your passphrase, use “Someone may know my passphrase…” instead."
)
REKEY_INTRO = (
    "This makes a new key for your whole journal, so old copies of its key file and your old "
    "passphrase can't open it any more. You choose a new passphrase and get a new recovery key. "
    "It can take a little while for a large journal."
)


def _current_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName("Current passphrase")
    field.setAccessibleDescription("The passphrase that opens your journal today")
    return field


class _PassphraseDialog(SafetyDialog):
    """Current passphrase, then a new one twice; the primary button waits until both are fine."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        vault: Any,
        dialogs: Dialogs,
        runner: Runner,
        go_text: str,
    ) -> None:
        super().__init__(parent, title, runner)
        self.vault = vault
        self.dialogs = dialogs
        self.intro = label(intro)
        self.body.addWidget(self.intro)
        self.current_caption = label("Your current passphrase")
        self.current = _current_field()
        self.current_caption.setBuddy(self.current)
        self.body.addWidget(self.current_caption)
        self.body.addWidget(self.current)
        self.passphrases = PassphrasePair(label_prefix="New ")
        self.body.addWidget(self.passphrases)
        self.cancel = button("Cancel", "Cancel")
        self.go = button(go_text, go_text, primary=True)
        self.done_button = button("Done", "Done", primary=True)
        self.done_button.hide()
        self.add_buttons(self.cancel, self.go, self.done_button)
        self.disable_while_busy(self.current, self.passphrases, self.cancel, self.go)
        self.cancel.clicked.connect(self.reject)
        self.go.clicked.connect(self.start)
        self.done_button.clicked.connect(self.accept)
        update_now_and_on(self._update, self.current.textChanged, self.passphrases.changed)
        self.current.setFocus()

    def _update(self) -> None:
        self.go.setEnabled(bool(self.current.text()) and self.passphrases.is_acceptable())

    def _secrets(self) -> tuple[str, str] | None:
        if not (self.current.text() and self.passphrases.is_acceptable()):
            return None
        return self.current.text(), self.passphrases.passphrase()

    def _forget_typed(self) -> None:
        self.current.clear()
        self.passphrases.clear()

    def _show_outcome(self, heading: str, text: str, *also_hide: QWidget) -> None:
        """The work is done: forget what was typed and say what changed."""
        self._forget_typed()
        self.heading.setText(heading)
        self.intro.setText(text)
        for widget in (self.current_caption, self.current, self.passphrases, *also_hide):
            widget.hide()
        for widget in (self.cancel, self.go):
            widget.hide()
        self.done_button.show()

    def _failed(self, error: BaseException) -> None:
        self.show_error(friendly_error(error))
        self.current.selectAll()
        self.current.setFocus()

    def start(self) -> None:
        """Check both fields are filled in, then hand the secrets to the window's own work."""
        secrets = self._secrets()
        if not self.busy and secrets is not None:
            self._begin(*secrets)

    def _begin(self, current: str, new: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ChangePassphraseDialog(_PassphraseDialog):
    """“Change passphrase…”: the same key, wrapped with a new passphrase."""

    def __init__(
        self, parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner
    ) -> None:
        super().__init__(
            parent, "Change passphrase", CHANGE_INTRO, vault, dialogs, runner, "Change passphrase"
        )
        self.changed = False

    def _begin(self, current: str, new: str) -> None:
        vault = self.vault

        def job(_progress: TaskProgress) -> None:
            master_key_from(vault.folder, current)  # WrongPassphrase if it isn't today's
            vault.change_passphrase(new)

        self.run_work("Changing your passphrase…", job, self._finished, self._failed)

    def _finished(self, _result: None) -> None:
        self.changed = True
        self._show_outcome(
            "Your passphrase is changed",
            "From now on, your new passphrase opens this journal. Your recovery key is the "
            "same as before. Backups made before today still open with your old passphrase.",
        )
        self.done_button.setDefault(True)
        self.done_button.setFocus()
        self.fit_height()


class RekeyDialog(_PassphraseDialog):
    """“Someone may know my passphrase…”: a new key, new secrets, backups re-encrypted or gone.

    ``keep_unlocked(True)`` is called when the re-key starts and ``keep_unlocked(False)`` once the
    new recovery key is confirmed or the window closes: an idle lock in between would wait on the
    re-key, or take away the only sight of the new recovery key. Locking by hand still closes it.
    """

    def __init__(
        self,
        parent: QWidget | None,
        vault: Any,
        dialogs: Dialogs,
        runner: Runner,
        keep_unlocked: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(
            parent,
            "Someone may know my passphrase",
            REKEY_INTRO,
            vault,
            dialogs,
            runner,
            "Make a new key",
        )
        self.rekeyed: RekeyResult | None = None
        self._keep_unlocked = keep_unlocked or (lambda _on: None)
        self.backups_caption = label("The backups in your journal's backups folder:")
        self.reencrypt = QRadioButton("Re-encrypt them with the new key")
        self.reencrypt.setAccessibleName("Re-encrypt old backups with the new key")
        self.reencrypt.setChecked(True)
        self.delete = QRadioButton("Delete them")
        self.delete.setAccessibleName("Delete old backups")
        self.elsewhere = label(
            "Backups you keep somewhere else are not changed: delete those yourself.", "Hint"
        )
        for widget in (self.backups_caption, self.reencrypt, self.delete, self.elsewhere):
            self.body.addWidget(widget)
        self.disable_while_busy(self.reencrypt, self.delete)
        self.stop = button("Stop", "Stop making a new key")
        self.stop.hide()
        self.stop.clicked.connect(self.cancel_work)
        self.spread_row.insertWidget(0, self.stop)
        self._build_key_step()

    def _build_key_step(self) -> None:
        self.key_caption = label(
            "This is your new recovery key. Your old one no longer works. Print it or write it "
            "down and keep it somewhere safe, away from this computer."
        )
        self.key_label = label("", "RecoveryKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("New recovery key")
        self.check_caption = label("To be sure you have it, type the last five characters:")
        self.check_field = QLineEdit()
        self.check_field.setMaxLength(12)
        self.check_field.setAccessibleName("Last five characters of the new recovery key")
        self.check_caption.setBuddy(self.check_field)
        self.stored = QCheckBox("I've stored it somewhere safe")
        self.stored.setAccessibleName("I've stored my new recovery key somewhere safe")
        self._key_step = (
            self.key_caption,
            self.key_label,
            self.check_caption,
            self.check_field,
            self.stored,
        )
        for widget in self._key_step:
            widget.hide()
            self.body.addWidget(widget)
        self.check_field.textChanged.connect(self._update_done)
        self.stored.toggled.connect(self._update_done)

    def _begin(self, current: str, new: str) -> None:
        vault = self.vault
        old_backups = OldBackups.DELETE if self.delete.isChecked() else OldBackups.REENCRYPT
        if old_backups is OldBackups.DELETE and not self.dialogs.confirm(
            self,
            "Delete the old backups?",
            "The backups in your journal's backups folder will be deleted once the new key is "
            "in place. A new backup is made with the new key next time you unlock.",
            yes_label="Delete them",
            no_label="Cancel",
        ):
            return

        def job(progress: TaskProgress) -> RekeyResult:
            master_key_from(vault.folder, current)  # WrongPassphrase if it isn't today's
            return vault.rekey(  # type: ignore[no-any-return]
                new,
                old_backups=old_backups,
                progress=lambda done, total, _text: progress.report(done, total),
                cancel=progress.cancel_event,
            )

        self.stop.show()
        self._keep_unlocked(True)
        self.run_work("Making a new key for your journal…", job, self._finished, self._rekey_failed)

    def _rekey_failed(self, error: BaseException) -> None:
        self.stop.hide()
        self._keep_unlocked(False)
        if isinstance(error, RekeyCancelled):
            self.show_error("Stopped. Nothing was changed: your passphrase is as it was.")
            return
        self._failed(error)

    def _finished(self, result: RekeyResult) -> None:
        self.stop.hide()
        self.rekeyed = result
        self._show_outcome(
            "Your journal has a new key",
            "Your new passphrase opens it from now on; the old passphrase and old copies of the "
            "key file don't. Backups you keep somewhere else still open with the old secrets: "
            "delete those.",
            self.elsewhere,
            self.backups_caption,
            self.reencrypt,
            self.delete,
        )
        groups = result.recovery_key.split("-")
        half = (len(groups) + 1) // 2
        self.key_label.setText("  ".join(groups[:half]) + "\n" + "  ".join(groups[half:]))
        for widget in self._key_step:
            widget.show()
        self._update_done()
        self.check_field.setFocus()
        self.fit_height()

    def typed_back_correctly(self) -> bool:
        if self.rekeyed is None:
            return False
        typed = self.check_field.text().strip().upper().replace("-", "")
        return len(typed) >= 5 and self.rekeyed.recovery_key.replace("-", "").endswith(typed[-5:])

    def _update_done(self) -> None:
        self.done_button.setEnabled(self.typed_back_correctly() and self.stored.isChecked())

    def done(self, result: int) -> None:
        if not self.busy:
            self._keep_unlocked(False)
        super().done(result)

    def reject(self) -> None:
        if self.busy:
            return
        if (
            self.rekeyed is not None
            and not self.closed_for_lock
            and not self.done_button.isEnabled()
            and not self.dialogs.confirm(
                self,
                "Close without saving the new recovery key?",
                "You won't see this recovery key again. Your new passphrase still opens the "
                "journal.",
                yes_label="Close",
                no_label="Go back",
            )
        ):
            return
        super().reject()


def change_passphrase(parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner) -> bool:
    """“Change passphrase…”; True when it was changed (nothing in the journal changes)."""
    run_once(dialogs, ChangePassphraseDialog(parent, vault, dialogs, runner))
    return False  # the entries are as they were: no page needs to refresh


def rekey_journal(
    parent: QWidget | None,
    vault: Any,
    dialogs: Dialogs,
    runner: Runner,
    keep_unlocked: Callable[[bool], None] | None = None,
) -> bool:
    """“Someone may know my passphrase…”; never changes entries, so no page needs refreshing."""
    run_once(dialogs, RekeyDialog(parent, vault, dialogs, runner, keep_unlocked))
    return False


__all__ = ["ChangePassphraseDialog", "RekeyDialog", "change_passphrase", "rekey_journal"]
