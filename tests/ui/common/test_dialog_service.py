"""The dialog service: locking closes whatever it opened, and Qt's own settings stay private."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFileDialog

from journal_app.ui.common.dialog_service import (
    DialogService,
    close_every_window,
    keep_qt_settings_private,
)


def test_qt_file_dialog_remembers_folders_only_in_our_private_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("JOURNAL_APP_HOME", str(tmp_path / "app"))
    marker = tmp_path / "marker-folder-5d1e0c"
    marker.mkdir()

    private = keep_qt_settings_private()
    dialog = QFileDialog(None, "Export", str(marker))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    shiboken6.delete(dialog)  # Qt writes the last folder when a file dialog goes away

    assert not (home / ".config" / "QtProject.conf").exists()
    leaked = [
        path
        for path in home.rglob("*")
        if path.is_file() and marker.name.encode() in path.read_bytes()
    ]
    assert leaked == []
    assert private.is_relative_to(tmp_path / "app")
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o700
    assert marker.name.encode() in (private / "QtProject.conf").read_bytes()


def test_a_lock_closes_a_question_that_is_waiting_for_an_answer(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # really run the message box's own event loop, as the app does
    service = DialogService()
    QTimer.singleShot(0, lambda: close_every_window(service))
    answered = service.confirm(None, "Delete for good?", "Delete this entry for good?")
    assert answered is False  # closed by the lock: never a yes


def test_a_lock_closes_nested_windows_innermost_first(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()
    service = DialogService()
    outer = QDialog()
    qtbot.addWidget(outer)
    closed: list[str] = []

    class Forgetful(QDialog):
        def close_for_lock(self) -> None:
            closed.append("forgot its secret")
            QDialog.done(self, int(QDialog.DialogCode.Rejected))

        def reject(self) -> None:  # a busy window refuses Escape; a lock must not care
            closed.append("refused")

    inner = Forgetful(outer)

    def open_inner() -> None:
        QTimer.singleShot(0, lambda: close_every_window(service))
        service.run(inner)
        closed.append("inner returned")

    QTimer.singleShot(0, open_inner)
    assert service.run(outer) == int(QDialog.DialogCode.Rejected)
    assert closed == ["forgot its secret", "inner returned"]
    assert not outer.isVisible() and not inner.isVisible()


def test_windows_opened_without_waiting_are_closed_too(qtbot: Any) -> None:
    service = DialogService()
    window = QDialog()
    qtbot.addWidget(window)
    service.open(window)
    assert window.isVisible()
    service.close_all()
    assert not window.isVisible()
