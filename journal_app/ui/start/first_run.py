"""First run: a short welcome, choosing a passphrase, and keeping the recovery key safe."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QCheckBox, QStackedWidget, QWidget

from journal_app import paths
from journal_app.storage import JournalError, Vault
from journal_app.storage.files import atomic_write_bytes
from journal_app.ui.common.builders import (
    line_edit,
    on_button_or_enter,
    single_shot_timer,
    spread_row,
    update_now_and_on,
)
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.passphrase_form import add_passphrase_form
from journal_app.ui.common.widgets import CenteredCard, PassphrasePair, button, label
from journal_app.ui.common.work import Task
from journal_app.ui.start.unlock import JournalOpening

CLIPBOARD_CLEAR_MS = 60_000


class FirstRunView(QStackedWidget):
    """Layout only: the welcome, passphrase and recovery-key pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRun")
        self._build_welcome()
        self._build_passphrase()
        self._build_recovery()

    def _card(self, width: int, heading: str, *paragraphs: str) -> CenteredCard:
        """One page of the stack: a card with its heading and the paragraphs under it."""
        page = CenteredCard(width=width)
        page.body.addWidget(label(heading, "Heading"))
        for paragraph in paragraphs:
            page.body.addWidget(label(paragraph))
        self.addWidget(page)
        return page

    def _build_welcome(self) -> None:
        page = self._card(
            600,
            "Welcome to Between Sessions",
            "A quiet place for what happens between your therapy sessions: notes from "
            "sessions, the moments a feeling couldn't come out, and anything you want to "
            "think through before you see your therapist again.",
            "Everything you write stays on this computer, locked with a passphrase only you "
            "know. Nothing is sent anywhere, and there is no account.",
        )
        self.folder_hint = label("", "Hint")
        page.body.addWidget(self.folder_hint)
        page.body.addSpacing(8)
        self.open_other = button("Open an existing journal…", "Open an existing journal", link=True)
        self.start = button("Get started", "Get started", primary=True)
        page.body.addLayout(spread_row([self.open_other], [self.start]))
        self.welcome_page = page

    def _build_passphrase(self) -> None:
        page = self._card(
            600,
            "Choose a passphrase",
            "It opens your journal. Because there is no account and no server, nobody can "
            "reset it for you, so pick something you'll remember. Next you'll get a recovery "
            "key, just in case.",
        )
        self.passphrases, self.create_error, self.create_busy, self.back, self.create_button = (
            add_passphrase_form(
                page.body,
                PassphrasePair(),
                busy="Creating your journal",
                back="Back to the welcome",
                go="Create my journal",
            )
        )
        self.passphrase_page = page

    def _build_recovery(self) -> None:
        page = self._card(
            680,
            "Your recovery key",
            "If you ever forget your passphrase, this key is the only other way into your "
            "journal. Keep it somewhere safe and private: written on paper, printed, or in a "
            "password manager. You'll only see it here, now.",
        )
        body = page.body
        self.key_label = label("", "RecoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setAccessibleName("Recovery key")
        body.addWidget(self.key_label)
        self.copy = button("Copy", "Copy the recovery key")
        self.print = button("Print…", "Print the recovery key")
        self.save = button("Save to a file…", "Save the recovery key to a file")
        self.copy.setToolTip("Copy it, to paste into a password manager")
        body.addLayout(spread_row([self.print, self.copy, self.save]))
        self.key_status = label("", "Hint")
        body.addWidget(self.key_status)
        body.addSpacing(6)
        self.check_label = label(
            "To be sure you have it, type the last five characters of the key:"
        )
        body.addWidget(self.check_label)
        self.check_field = line_edit("Last five characters of the recovery key")
        self.check_field.setMaxLength(12)
        self.check_field.setFixedWidth(180)
        self.check_label.setBuddy(self.check_field)
        body.addWidget(self.check_field)
        self.stored = QCheckBox("I've stored my recovery key somewhere safe")
        self.stored.setAccessibleName("I've stored my recovery key somewhere safe")
        body.addWidget(self.stored)
        self.finish = button("Continue to my journal", "Continue to my journal", primary=True)
        self.finish.setEnabled(False)
        body.addLayout(spread_row(right=[self.finish]))
        self.recovery_page = page


class FirstRunController:
    """Creates the journal off the UI thread and walks the user through the recovery key."""

    def __init__(
        self,
        view: FirstRunView,
        *,
        folder: Path,
        dialogs: Dialogs,
        opening: JournalOpening,
    ) -> None:
        self.view = view
        self._dialogs = dialogs
        self._opening = opening
        self.vault: Vault | None = None
        self._recovery_key = ""
        self._clipboard_timer = single_shot_timer(view, CLIPBOARD_CLEAR_MS, self._clear_clipboard)
        self.set_folder(folder)
        view.start.clicked.connect(self.show_passphrase)
        view.open_other.clicked.connect(opening.open_other)
        view.back.clicked.connect(lambda: view.setCurrentWidget(view.welcome_page))
        on_button_or_enter(view.create_button, view.passphrases.second, self.create_journal)
        view.copy.clicked.connect(self.copy_key)
        view.print.clicked.connect(self.print_key)
        view.save.clicked.connect(self.save_key)
        for changed in (view.check_field.textChanged, view.stored.toggled):
            changed.connect(self._update_finish_button)
        on_button_or_enter(view.finish, view.check_field, self.finish)
        update_now_and_on(self._update_create_button, view.passphrases.changed)
        view.setCurrentWidget(view.welcome_page)

    def set_folder(self, folder: Path) -> None:
        """Where the journal will be created (shown on the welcome page)."""
        self.folder = folder
        self.view.folder_hint.setText(f"Your journal will be kept in {folder}")

    # -- passphrase

    def show_passphrase(self) -> None:
        self.view.setCurrentWidget(self.view.passphrase_page)
        self.view.passphrases.first.setFocus()

    def _update_create_button(self) -> None:
        self.view.create_button.setEnabled(self.view.passphrases.is_acceptable())

    def create_journal(self) -> None:
        view = self.view
        if not view.passphrases.is_acceptable() or self.vault is not None:
            return
        passphrase = view.passphrases.passphrase()
        folder, kdf = self.folder, self._opening.kdf
        view.create_button.setEnabled(False)
        view.create_error.hide()
        view.create_busy.show()
        Task(lambda _progress: Vault.create(folder, passphrase, kdf=kdf)).success(
            self._created
        ).failure(self._create_failed).start(self._opening.runner)
        self._opening.key_work_started()

    def _created(self, result: object) -> None:
        assert isinstance(result, tuple)
        vault, recovery_key = result
        assert isinstance(vault, Vault)
        self.vault = vault
        self._recovery_key = str(recovery_key)
        view = self.view
        view.create_busy.hide()
        view.passphrases.clear()
        groups = self._recovery_key.split("-")
        half = (len(groups) + 1) // 2
        view.key_label.setText("  ".join(groups[:half]) + "\n" + "  ".join(groups[half:]))
        view.setCurrentWidget(view.recovery_page)
        view.copy.setFocus()

    def _create_failed(self, error: BaseException) -> None:
        view = self.view
        view.create_busy.hide()
        message = (
            str(error)
            if isinstance(error, JournalError | ValueError)
            else ("The journal couldn't be created here. Nothing was changed.")
        )
        view.create_error.setText(message)
        view.create_error.show()
        self._update_create_button()

    # -- recovery key

    @property
    def recovery_key(self) -> str:
        return self._recovery_key

    def _key_text(self) -> str:
        return (
            "Between Sessions: recovery key\n\n"
            f"    {self._recovery_key}\n\n"
            "This key opens your journal if you forget your passphrase.\n"
            "Keep it somewhere safe and private.\n"
        )

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self._recovery_key)
        self._clipboard_timer.start()
        self.view.key_status.setText("Copied. The clipboard will be cleared again in a minute.")

    def _clear_clipboard(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._recovery_key and clipboard.text() == self._recovery_key:
            clipboard.clear()

    def print_key(self) -> None:
        document = QTextDocument()
        key = html.escape(self._recovery_key)
        document.setHtml(
            "<h2>Between Sessions: recovery key</h2>"
            f"<p style='font-size:20pt; font-family:monospace'>{key}</p>"
            "<p>This key opens your journal if you forget your passphrase. "
            "Keep it somewhere safe and private.</p>"
        )
        if self._dialogs.print_document(self.view, "Print recovery key", document):
            self.view.key_status.setText("Sent to the printer.")

    def save_key(self) -> None:
        # Not the home folder: a file beside the journal it unlocks protects nothing.
        start = paths.removable_media_folder() or Path.home()
        suggested = start / "Between Sessions recovery key.txt"
        target = self._dialogs.save_file_path(
            self.view, "Save recovery key", suggested, "Text files (*.txt)"
        )
        if target is None:
            return
        journal = self.vault.folder if self.vault is not None else None
        if journal is not None and paths.on_same_disk(target.parent, journal):
            if not self._dialogs.confirm(
                self.view,
                "Save it on the same disk?",
                "That place is on the same disk as your journal. Anyone who has this computer "
                "would have both the journal and the key that opens it.",
                yes_label="Save here anyway",
                no_label="Choose another place",
                informative="Printing it, or keeping it in a password manager or on a USB stick "
                "kept elsewhere, is safer.",
            ):
                return
        try:
            atomic_write_bytes(target, self._key_text().encode("utf-8"))
        except OSError as error:
            self._dialogs.warn(
                self.view,
                "Couldn't save the key",
                f"The recovery key couldn't be saved there ({error.strerror or 'unknown reason'}).",
            )
            return
        self.view.key_status.setText(f"Saved to {target.name}. Keep that file somewhere safe.")

    def typed_back_correctly(self) -> bool:
        typed = self.view.check_field.text().strip().upper().replace("-", "")
        expected = self._recovery_key.replace("-", "")[-5:]
        return bool(expected) and typed == expected

    def _update_finish_button(self) -> None:
        ok = self.typed_back_correctly() and self.view.stored.isChecked()
        self.view.finish.setEnabled(ok)

    def finish(self) -> None:
        if self.vault is None or not self.typed_back_correctly():
            return
        if not self.view.stored.isChecked():
            self.view.stored.setFocus()
            return
        vault = self.vault
        self.forget()
        self._opening.opened(vault)

    def close_unfinished(self) -> None:
        """Close a journal created here whose recovery key step was never finished (the window
        is closing, or another journal is being opened); it stays on disk, as created."""
        vault = self.vault
        if vault is not None:
            self.forget()
            vault.close()

    def forget(self) -> None:
        """Drop the recovery key and the vault reference from this screen."""
        self._clear_clipboard()
        self._recovery_key = ""
        self.vault = None
        self.view.key_label.setText("")
        self.view.check_field.setText("")
        self.view.stored.setChecked(False)
        self.view.passphrases.clear()
