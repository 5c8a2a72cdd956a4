"""The editor's "Questions for my therapist": add, tick off when answered, change the words.

Questions are saved the moment they change (a new entry is saved first, so the question has an
entry to belong to); the list is then read back from the journal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from journal_app.domain.entries import Entry
from journal_app.domain.validation import ValidationError
from journal_app.storage import Vault
from journal_app.ui.common.builders import on_button_or_enter
from journal_app.ui.pages.journal.editor_links import EditorPart, EntryInEditor
from journal_app.ui.pages.journal.editor_view import EditorView


class QuestionList(EditorPart):
    """Keeps the editor's question list in step with the journal."""

    def __init__(
        self,
        editor: EntryInEditor,
        view: EditorView,
        *,
        vault: Vault,
        save_entry_first: Callable[[], None],
        saved: Callable[[Entry], None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(editor, view, vault, show_error)
        self._save_entry_first = save_entry_first
        self._saved = saved
        on_button_or_enter(view.add_question, view.new_question, self.add)
        view.questions.itemChanged.connect(self._item_changed)

    def show(self, entry: Entry | None) -> None:
        widget = self._view.questions
        widget.blockSignals(True)
        widget.clear()
        for question in entry.questions if entry is not None else ():
            item = QListWidgetItem(question.text)
            item.setData(Qt.ItemDataRole.UserRole, question.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEditable
            )
            item.setCheckState(
                Qt.CheckState.Unchecked if question.is_open else Qt.CheckState.Checked
            )
            widget.addItem(item)
        widget.blockSignals(False)

    def add(self) -> None:
        text = self._view.new_question.text().strip()
        if not text or self._editor.current is None:
            return
        self._save_entry_first()
        current = self._editor.current
        if current is None or current.id is None:
            return
        try:
            self._vault.questions.add(current.id, text)
        except ValidationError as error:
            self._show_error(error.message)
            return
        self._view.new_question.setText("")
        self._reload()

    def _item_changed(self, item: QListWidgetItem) -> None:
        question_id = item.data(Qt.ItemDataRole.UserRole)
        current = self._editor.current
        if current is None or question_id is None:
            return
        question = next((q for q in current.questions if q.id == question_id), None)
        if question is None:
            return
        try:
            resolved = item.checkState() == Qt.CheckState.Checked
            if resolved and question.is_open:
                self._vault.questions.resolve(question_id)
            elif not resolved and not question.is_open:
                self._vault.questions.reopen(question_id)
            text = item.text().strip()
            if text and text != question.text:
                self._vault.questions.edit(question_id, text)
        except ValidationError as error:
            self._show_error(error.message)
        self._reload()

    def edit(self, row: int, text: str) -> None:
        """Change the words of the question in ``row`` (as if typed with F2)."""
        item = self._view.questions.item(row)
        if item is not None:
            item.setText(text)

    def _reload(self) -> None:
        shown = self._read_back("questions")
        if shown is not None:
            self._saved(shown)
