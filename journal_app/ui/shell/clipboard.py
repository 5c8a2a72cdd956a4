"""Knowing whether the clipboard holds text copied from this app, so locking can clear it."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard, QGuiApplication


class ClipboardGuard(QObject):
    """Knows whether the clipboard holds something copied from this app, to clear it on lock.

    ``ownsClipboard()`` answers that on X11 and Windows; elsewhere (and offscreen) we remember a
    digest of text that arrived while one of our windows had focus. Never the text itself.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._digest: bytes | None = None
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._changed)

    @staticmethod
    def _text_digest(clipboard: QClipboard, mode: QClipboard.Mode) -> bytes | None:
        text = clipboard.text(mode)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest() if text else None

    def _changed(self) -> None:
        if QGuiApplication.focusWindow() is not None:
            self._digest = self._text_digest(QGuiApplication.clipboard(), QClipboard.Mode.Clipboard)

    def clear_if_ours(self) -> bool:
        """Empty the clipboard (and the X11 selection) if this app put it there."""
        clipboard = QGuiApplication.clipboard()
        cleared = False
        mode = QClipboard.Mode.Clipboard
        digest = self._text_digest(clipboard, mode)
        if clipboard.ownsClipboard() or (digest is not None and digest == self._digest):
            clipboard.clear(mode)
            cleared = True
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
            cleared = True
        self._digest = None
        return cleared
