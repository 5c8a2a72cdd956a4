"""The editor: inline validation, questions, preview, Trash with undo, preferences."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from ui_helpers import App

from journal_app.domain.entries import BlockType, EmotionalBlockDetails, EntryKind
from journal_app.ui.shell.navigation import JournalPage


def journal_of(app: App) -> JournalPage:
    page = app.controller.journal
    assert page is not None
    return page


def test_validation_error_shows_inline_and_keeps_the_writing(unlocked: App) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.BLOCK)
    editor = journal.view.editor
    editor.what_was_happening.setPlainText("Something I don't want to lose")
    editor.blocked[BlockType.OTHER].setChecked(True)
    assert not journal.controller.editor.save_now()
    assert "Something else" in editor.blocked_other_error.text()
    assert not editor.blocked_other_error.isHidden()
    vault = app.controller.vault
    assert vault is not None
    entry_id = journal.controller.editor.current.id  # type: ignore[union-attr]
    assert entry_id is not None
    assert vault.get_entry(entry_id).details.what_was_happening == (  # type: ignore[union-attr]
        "Something I don't want to lose"
    )
    editor.blocked_other.setText("froze")
    assert journal.controller.editor.save_now()
    assert editor.blocked_other_error.isHidden()
    details = vault.get_entry(entry_id).details
    assert isinstance(details, EmotionalBlockDetails)
    assert details.blocked == (BlockType.OTHER,) and details.blocked_other == "froze"


def test_questions_add_resolve_and_edit(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.SESSION)
    editor = journal.view.editor
    editor.new_question.setText("Why do I go blank when someone is kind?")
    qtbot.keyClick(editor.new_question, Qt.Key.Key_Return)
    assert editor.questions.count() == 1 and not editor.new_question.text()
    vault = app.controller.vault
    assert vault is not None
    [question] = vault.open_questions()
    model = journal.controller.model
    assert model.summary(0).open_question_count == 1
    editor.questions.item(0).setCheckState(Qt.CheckState.Checked)
    assert vault.open_questions() == []
    assert model.summary(0).open_question_count == 0
    journal.controller.editor.edit_question(0, "Why do I freeze when someone is kind?")
    stored = vault.get_entry(question.entry_id)  # type: ignore[arg-type]
    assert stored.questions[0].text == "Why do I freeze when someone is kind?"
    editor.questions.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert len(vault.open_questions()) == 1


def test_delete_asks_first_and_can_be_undone(unlocked: App) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    journal.view.editor.title.setText("To the Trash")
    journal.controller.editor.flush()
    entry_id = journal.controller.editor.current.id  # type: ignore[union-attr]
    app.dialogs.confirms.append(False)
    journal.view.editor.delete.click()
    assert journal.controller.model.rowCount() == 1
    app.dialogs.confirms.append(True)
    journal.view.editor.delete.click()
    assert journal.controller.model.rowCount() == 0
    assert app.window.status_text.text() == "Moved to the Trash."
    assert not app.window.undo_button.isHidden()
    app.window.undo_button.click()
    assert journal.controller.model.row_of(entry_id) == 0  # type: ignore[arg-type]
    assert journal.view.editor.title.text() == "To the Trash"


def test_preview_renders_markdown_safely(unlocked: App) -> None:
    app = unlocked
    journal = journal_of(app)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    editor = journal.view.editor
    editor.body.setPlainText("Some **bold** words <script>alert(1)</script>")
    editor.preview_toggle.click()
    assert editor.preview.isVisibleTo(editor) and not editor.body.isVisibleTo(editor)
    html = editor.preview.toHtml()
    assert "bold" in html and "alert(1)" not in html.replace("&lt;", "<").split("<script")[0][:0]
    assert "<script" not in html
    editor.preview_toggle.click()
    assert editor.body.isVisibleTo(editor)


def test_filters_narrow_the_list(unlocked: App) -> None:
    app = unlocked
    journal = journal_of(app)
    for kind, title in (
        (EntryKind.SESSION, "Session one"),
        (EntryKind.BLOCK, "Block one"),
        (EntryKind.REFLECTION, "Reflection with tag"),
    ):
        app.controller.commands.new_entry(kind)
        journal.view.editor.title.setText(title)
        if kind is EntryKind.REFLECTION:
            journal.view.editor.tags.setText("river")
        journal.controller.editor.flush()
    view = journal.view
    model = journal.controller.model
    assert model.rowCount() == 3
    view.kind.setCurrentIndex(view.kind.findData(EntryKind.BLOCK.value))
    assert [model.summary(r).title for r in range(model.rowCount())] == ["Block one"]
    view.kind.setCurrentIndex(0)
    view.tag.setCurrentIndex(view.tag.findData("river"))
    assert model.rowCount() == 1
    view.tag.setCurrentIndex(0)
    view.search.setText("Reflection")
    journal.controller.apply_filters()
    assert [model.summary(r).title for r in range(model.rowCount())] == ["Reflection with tag"]


def test_preferences_are_saved_and_applied(unlocked: App) -> None:
    app = unlocked
    dialog = app.controller.commands.show_preferences()
    dialog.auto_lock.setValue(2)
    dialog.lock_on_minimize.setChecked(True)
    dialog.font_size.setValue(16)
    dialog.accept()
    settings = app.controller.settings.current
    assert (settings.auto_lock_minutes, settings.lock_on_minimize) == (2, True)
    assert settings.editor_font_size == 16
    assert app.controller.idle.interval_ms == 120_000
    assert journal_of(app).view.editor.body.font().pointSize() == 16
