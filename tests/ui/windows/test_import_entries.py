"""The import window: preview first, then one all-or-nothing import; Cancel and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import SyncRunner

from journal_app.exchange.importers import ImportFormat
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.windows import import_entries as import_dialog
from journal_app.ui.windows.import_entries import ImportDialog, import_entries

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


class FakeDialogs:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[str] = []

    def open_file_path(self, parent: object, title: str, start: Path, file_filter: str) -> Path:
        return self.path

    def choose_folder(self, parent: object, title: str, start: Path) -> Path:
        return self.path

    def inform(self, parent: object, title: str, text: str) -> None:
        self.messages.append(text)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    created, _ = Vault.create(tmp_path / "journal", "pw", kdf=MINIMUM_KDF)
    yield created
    created.close()


def choose(dialog: ImportDialog, fmt: ImportFormat) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.choose.click()


def test_preview_then_import_then_nothing_new_the_second_time(
    qtbot: QtBot, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = FakeDialogs(FIXTURES / "jrnl.json")
    seen: list[str] = []

    def script(dialog: ImportDialog) -> int:
        qtbot.addWidget(dialog)
        choose(dialog, ImportFormat.JRNL_JSON)
        seen.append(dialog.summary.text())
        if dialog.import_button.isEnabled():
            dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(dialogs, "run", script, raising=False)
    assert import_entries(None, vault, dialogs, SyncRunner()) is True
    added = vault.entries.count()
    assert added > 0
    assert f"holds {added} entr" in seen[0]
    assert dialogs.messages and f"Added {added} entr" in dialogs.messages[0]

    assert import_entries(None, vault, dialogs, SyncRunner()) is False
    assert "already in your journal, so nothing would change" in seen[1]
    assert vault.entries.count() == added


def test_cancel_leaves_the_journal_as_it_was(
    qtbot: QtBot, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = import_dialog.import_file
    dialog = ImportDialog(None, vault, FakeDialogs(FIXTURES / "ours.json"), SyncRunner())
    qtbot.addWidget(dialog)

    def cancelled_midway(*args: object, **kwargs: object) -> object:
        dialog.reject()  # what the Cancel button does while the worker runs
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(import_dialog, "import_file", cancelled_midway)
    choose(dialog, ImportFormat.JSON)
    dialog.import_button.click()
    assert "cancelled. Nothing was added." in dialog.error.text()
    assert vault.entries.count() == 0


def test_a_bad_file_names_the_problem_and_adds_nothing(qtbot: QtBot, vault: Vault) -> None:
    dialog = ImportDialog(None, vault, FakeDialogs(FIXTURES / "bad-entry.json"), SyncRunner())
    qtbot.addWidget(dialog)
    choose(dialog, ImportFormat.JSON)
    assert "bad-entry.json" in dialog.error.text()
    assert not dialog.import_button.isEnabled()
    assert vault.entries.count() == 0


def test_every_control_has_an_accessible_name(qtbot: QtBot, vault: Vault) -> None:
    dialog = ImportDialog(None, vault, FakeDialogs(FIXTURES / "jrnl.txt"), SyncRunner())
    qtbot.addWidget(dialog)
    for widget in (dialog.format, dialog.choose, dialog.import_button, dialog.cancel_button):
        assert widget.accessibleName()
