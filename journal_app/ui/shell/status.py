"""The status line under the workspace: a short message, sometimes with Undo, that fades."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from journal_app.ui.shell.main_window import MainWindow

STATUS_MS = 10_000


class StatusLine:
    """Shows one message at a time in the main window's status bar."""

    def __init__(self, window: MainWindow, on_note: Callable[[str], None]) -> None:
        self.window = window
        self._on_note = on_note  # the unlock screen shows notes too
        self._undo: Callable[[], None] | None = None
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        window.undo_button.clicked.connect(self._run_undo)

    def show(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.window.status_text.setText(text)
        self._undo = undo
        self.window.undo_button.setVisible(undo is not None)
        self._timer.start(STATUS_MS)

    def show_note(self, text: str) -> None:
        """A message that stays until the next one (also on the unlock screen)."""
        self.show(text)
        self._timer.stop()
        self._on_note(text)

    def clear(self) -> None:
        self.window.status_text.setText("")
        self.window.undo_button.hide()
        self._undo = None

    def _run_undo(self) -> None:
        undo, self._undo = self._undo, None
        self.window.undo_button.hide()
        if undo is not None:
            undo()
