"""A comma-separated tag field that completes the tag being typed from the journal's tags."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from journal_app.domain.entries import normalize_tags


class TagEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.activated.connect(self._insert)
        self.textEdited.connect(self._update_completion)
        self.setPlaceholderText("Add tags, separated by commas")

    def set_known_tags(self, tags: list[str]) -> None:
        self._model.setStringList(tags)

    def tags(self) -> tuple[str, ...]:
        return normalize_tags(self.text().split(","))

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self.setText(", ".join(tags))

    def _current_prefix(self) -> str:
        return self.text().split(",")[-1].strip()

    def _update_completion(self, _text: str) -> None:
        prefix = self._current_prefix()
        popup = self.completer_.popup()
        assert popup is not None
        if len(prefix) < 1:
            popup.hide()
            return
        self.completer_.setCompletionPrefix(prefix)
        if self.completer_.completionCount() == 0:
            popup.hide()
            return
        self.completer_.complete()

    def _insert(self, tag: str) -> None:
        parts = self.text().split(",")[:-1]
        parts = [part.strip() for part in parts if part.strip()]
        parts.append(tag)
        self.setText(", ".join(parts) + ", ")
        self.textEdited.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer_.popup()
        assert popup is not None
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()
            return
        super().keyPressEvent(event)
