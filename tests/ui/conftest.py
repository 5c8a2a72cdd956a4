"""UI test fixtures: a synchronous runner and a ready-made window on a temporary journal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ui_helpers import PASSPHRASE, App, ScriptedDialogs  # noqa: E402

from journal_app.settings import SettingsStore  # noqa: E402
from journal_app.storage import MINIMUM_KDF, Vault  # noqa: E402
from journal_app.ui.main_window import AppController, MainWindow  # noqa: E402
from journal_app.ui.workers import ImmediateRunner  # noqa: E402


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def make_app(qtbot: Any, tmp_path: Path, dialogs: ScriptedDialogs) -> Iterator[Callable[..., App]]:
    """Build a main window on a folder (empty unless a journal was created there first)."""
    created: list[App] = []

    def build(folder: Path | None = None, autosave_ms: int = 40) -> App:
        folder = folder or tmp_path / "journal"
        window = MainWindow()
        qtbot.addWidget(window)
        controller = AppController(
            window,
            folder=folder,
            settings=SettingsStore(),
            dialogs=dialogs,  # type: ignore[arg-type]
            runner=ImmediateRunner(),
            kdf=MINIMUM_KDF,
            autosave_ms=autosave_ms,
        )
        window.show()
        app = App(window, controller, dialogs, folder)
        created.append(app)
        return app

    yield build
    for app in created:
        app.controller.shutdown()


@pytest.fixture
def existing_journal(tmp_path: Path) -> tuple[Path, str]:
    """A journal on disk (closed), and its recovery key."""
    folder = tmp_path / "journal"
    vault, recovery_key = Vault.create(folder, PASSPHRASE, kdf=MINIMUM_KDF)
    vault.close()
    return folder, recovery_key


@pytest.fixture
def unlocked(make_app: Callable[..., App], existing_journal: tuple[Path, str]) -> App:
    folder, _key = existing_journal
    app = make_app(folder)
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    assert app.controller.vault is not None
    return app
