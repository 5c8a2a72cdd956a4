"""Shared test setup: headless Qt, isolated app folders, fast-but-valid key derivation."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Keep every test away from the real user's data, settings and logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JOURNAL_APP_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def no_unscripted_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, rather than hang, when code opens a modal dialog that the test did not script.

    Tests answer dialogs through a fake dialog service (``tests/ui/ui_helpers.py``); a real
    ``exec()`` offscreen would wait forever for a click nobody makes.
    """
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(self: object, *args: object, **kwargs: object) -> int:
        raise AssertionError(f"unscripted modal dialog: {type(self).__name__}.exec()")

    for dialog_class in (
        QDialog,
        QMessageBox,
        QFileDialog,
        QInputDialog,
        QPrintDialog,
        QPrintPreviewDialog,
    ):
        monkeypatch.setattr(dialog_class, "exec", refuse)
