"""The editor: inline validation, questions, preview, Trash with undo, preferences, and writing
comfortably (opening at the top, growing text boxes, word count, the date field, the passage)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget
from ui_helpers import App

from journal_app.domain.entries import BlockType, EmotionalBlockDetails, EntryKind
from journal_app.ui.pages.journal.editor import EditorView
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
    assert vault.entries.get(entry_id).details.what_was_happening == (  # type: ignore[union-attr]
        "Something I don't want to lose"
    )
    editor.blocked_other.setText("froze")
    assert journal.controller.editor.save_now()
    assert editor.blocked_other_error.isHidden()
    details = vault.entries.get(entry_id).details
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
    [question] = vault.questions.still_open()
    model = journal.controller.model
    assert model.summary(0).open_question_count == 1
    editor.questions.item(0).setCheckState(Qt.CheckState.Checked)
    assert vault.questions.still_open() == []
    assert model.summary(0).open_question_count == 0
    journal.controller.editor.edit_question(0, "Why do I freeze when someone is kind?")
    stored = vault.entries.get(question.entry_id)  # type: ignore[arg-type]
    assert stored.questions[0].text == "Why do I freeze when someone is kind?"
    editor.questions.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert len(vault.questions.still_open()) == 1


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


# --------------------------------------------------------------------------- writing comfortably

SLUG = "how-to-cry-in-therapy"


def _fully_in_view(editor: EditorView, widget: QWidget) -> bool:
    """``widget``'s whole height is on screen in the editor's scrolling page."""
    viewport = editor.form_page.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return widget.isVisibleTo(editor) and 0 <= top and top + widget.height() <= viewport.height()


def _scrolled_to_the_bottom(app: App, qtbot: Any) -> EditorView:
    """A small window showing a long entry, scrolled all the way down."""
    journal = journal_of(app)
    app.window.resize(900, 600)
    app.controller.commands.new_entry(EntryKind.SESSION)
    editor = journal.view.editor
    editor.body.setPlainText("\n".join(f"A long evening, line {n}" for n in range(60)))
    editor.talked_about.setPlainText("Dad\n" * 10)
    journal.controller.editor.flush()
    bar = editor.form_page.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert not _fully_in_view(editor, editor.title)
    return editor


@pytest.mark.parametrize("kind", list(EntryKind))
def test_a_new_entry_opens_at_the_top_with_the_title_ready(
    unlocked: App, qtbot: Any, kind: EntryKind
) -> None:
    editor = _scrolled_to_the_bottom(unlocked, qtbot)
    unlocked.controller.commands.new_entry(kind)
    QApplication.processEvents()
    assert editor.form_page.verticalScrollBar().value() == 0
    assert _fully_in_view(editor, editor.title)
    assert unlocked.window.focusWidget() is editor.title


def test_writing_about_a_passage_opens_at_the_top_and_shows_the_passage(
    unlocked: App, qtbot: Any
) -> None:
    editor = _scrolled_to_the_bottom(unlocked, qtbot)
    passage = "the emotion is there, but the tears won't come"
    unlocked.controller.write_about(SLUG, None, passage)
    QApplication.processEvents()
    assert editor.form_page.verticalScrollBar().value() == 0
    assert _fully_in_view(editor, editor.title)
    assert _fully_in_view(editor, editor.quote_card)
    assert passage in editor.quote_text.text()
    assert "How to Cry in Therapy" in editor.quote_source.text()
    # The passage stays with the entry once it is saved, and leaves the screen on lock.
    editor.body.setPlainText("It reminded me of the funeral.")
    journal_of(unlocked).controller.editor.flush()
    assert passage in editor.quote_text.text()
    unlocked.controller.commands.new_entry(EntryKind.REFLECTION)
    assert not editor.quote_card.isVisibleTo(editor)
    unlocked.controller.write_about(SLUG, None, passage)
    unlocked.controller.lock()
    assert editor.quote_text.text() == "" and not editor.quote_card.isVisibleTo(editor)


def test_text_boxes_grow_with_the_writing_and_the_page_scrolls_as_one(
    unlocked: App, qtbot: Any
) -> None:
    unlocked.window.resize(900, 600)
    unlocked.controller.commands.new_entry(EntryKind.BLOCK)
    editor = journal_of(unlocked).view.editor
    body_height = editor.body.height()
    editor.body.setPlainText("\n".join(f"Line {n}" for n in range(16)))
    assert editor.body.height() > body_height
    assert editor.body.verticalScrollBar().maximum() == 0  # all of it shows, no inner scrolling
    field_height = editor.what_helped.height()
    editor.what_helped.setPlainText("Breathing\n" * 8)
    assert editor.what_helped.height() > field_height
    assert editor.what_helped.verticalScrollBar().maximum() == 0
    page = editor.form_page.verticalScrollBar()
    qtbot.waitUntil(lambda: page.maximum() > 0)
    page.setValue(0)
    position = QPointF(20, 20)
    wheel = QWheelEvent(
        position,
        editor.body.viewport().mapToGlobal(position),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(editor.body.viewport(), wheel)
    assert page.value() > 0


def test_the_word_count_follows_the_writing(unlocked: App, qtbot: Any) -> None:
    journal = journal_of(unlocked)
    unlocked.controller.commands.new_entry(EntryKind.REFLECTION)
    editor = journal.view.editor
    assert editor.word_count.text() == "No words yet"

    def shows(text: str) -> None:
        qtbot.waitUntil(lambda: editor.word_count.text() == text, timeout=2000)

    editor.body.setPlainText("Hard")
    shows("1 word")
    editor.body.setPlainText("It was hard to cry today")
    shows("6 words")
    unlocked.controller.commands.new_entry(EntryKind.SESSION)
    editor.talked_about.setPlainText("The hospital visits")
    editor.body.setPlainText("and\nmore")
    shows("5 words")
    journal.controller.editor.flush()
    journal.controller.editor.clear()
    assert editor.word_count.text() == ""
    journal.controller.editor.open_entry(journal.controller.model.summary(0).id)
    assert editor.word_count.text() == "5 words"  # counted at once when an entry opens


def test_the_date_is_one_tab_stop_with_arrow_keys_and_a_calendar(unlocked: App, qtbot: Any) -> None:
    journal = journal_of(unlocked)
    unlocked.window.activateWindow()
    unlocked.controller.commands.new_entry(EntryKind.REFLECTION)
    editor = journal.view.editor
    field = editor.occurred_at
    assert unlocked.window.focusWidget() is editor.title
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    assert unlocked.window.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    after = unlocked.window.focusWidget()
    assert after is not field and after is not editor.title
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert unlocked.window.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_Backtab)
    assert unlocked.window.focusWidget() is editor.title

    field.setFocus()
    start = field.dateTime()
    field.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.date() == start.date().addDays(1)
    assert journal.controller.editor.dirty

    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendarWidget()
    assert calendar.window().isVisible()
    qtbot.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not calendar.window().isVisible()
    assert field.date() == start.date()
    assert field.time() == start.time()
    assert field.accessibleDescription().startswith(field.text())  # read out as shown


def test_a_long_writing_scrolls_inside_a_box_that_fits_on_screen(unlocked: App) -> None:
    unlocked.window.resize(900, 600)
    unlocked.controller.commands.new_entry(EntryKind.REFLECTION)
    editor = journal_of(unlocked).view.editor
    editor.body.setPlainText("\n".join(f"Line {n}" for n in range(300)))
    QApplication.processEvents()
    assert editor.body.height() < editor.form_page.viewport().height()
    assert editor.body.verticalScrollBar().maximum() > 0


def test_the_caret_stays_on_screen_while_a_box_grows(unlocked: App, qtbot: Any) -> None:
    unlocked.window.resize(900, 600)
    unlocked.window.activateWindow()
    unlocked.controller.commands.new_entry(EntryKind.SESSION)
    editor = journal_of(unlocked).view.editor
    box = editor.insights
    box.setFocus()
    for line in range(12):
        qtbot.keyClicks(box, f"Line {line}")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    QApplication.processEvents()
    viewport = editor.form_page.viewport()
    caret = box.cursorRect()
    top = box.viewport().mapTo(viewport, caret.topLeft()).y()
    assert 0 <= top and top + caret.height() <= viewport.height()


def test_the_listed_text_boxes_are_every_growing_box_of_the_form(qtbot: Any) -> None:
    from journal_app.ui.pages.journal.editor_fields import GrowingTextEdit

    view = EditorView()
    qtbot.addWidget(view)
    listed = view.text_boxes()
    assert len(listed) == len(set(map(id, listed)))
    assert {id(box) for box in listed} == {
        id(box) for box in view.form_surface.findChildren(GrowingTextEdit)
    }
