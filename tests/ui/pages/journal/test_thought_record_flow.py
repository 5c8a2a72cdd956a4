"""From an emotional block to a thought record: the situation carries over, the record remembers
where it grew from, session prep shows the mood change, and the PDF for the therapist holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
from ui_helpers import App, SyncRunner

from journal_app import paths
from journal_app.domain.entries import EntryKind
from journal_app.domain.thought_records import ThinkingTrap, ThoughtRecordDetails
from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
from journal_app.library import Library
from journal_app.ui.pages.journal.editor_fields import ScaleField
from journal_app.ui.pages.journal.editor_sections import EmotionalBlockSection
from journal_app.ui.pages.journal.editor_sections_therapy import (
    CheckInSection,
    ThoughtRecordSection,
)
from journal_app.ui.pages.prep.page import SessionPrepPage


def test_block_to_thought_record_to_prep_and_pdf(unlocked: App, qtbot: Any, tmp_path: Path) -> None:
    app = unlocked
    journal = app.controller.journal
    vault = app.controller.vault
    assert journal is not None and vault is not None
    editor = journal.controller.editor
    app.controller.commands.new_entry(EntryKind.BLOCK)
    block = editor.view.sections[EntryKind.BLOCK]
    assert isinstance(block, EmotionalBlockSection)
    block.what_was_happening.setPlainText("Dad went quiet at dinner")
    block.work_through.click()

    current = editor.current
    assert current is not None and current.kind is EntryKind.THOUGHT_RECORD
    block_entry = vault.entries.get(vault.entries.summaries()[0].id)
    assert block_entry.kind is EntryKind.BLOCK  # the block was saved first
    record = editor.view.sections[EntryKind.THOUGHT_RECORD]
    assert isinstance(record, ThoughtRecordSection)
    assert record.situation.toPlainText().startswith("Dad went quiet at dinner")

    record.moods.add.click()
    record.moods.rows[0].name.setText("anxious")
    record.moods.rows[0].strength.setValue(80)
    record.automatic_thoughts.add.click()
    record.automatic_thoughts.texts[0].setText("He's disappointed in me")
    record.automatic_thoughts.hot[0].setChecked(True)
    record.balanced_thought.setPlainText("He was tired; it wasn't about me")
    record.belief.setValue(70)
    assert len(record.moods_after.boxes) == 1  # step 7 follows the moods named in step 2
    record.moods_after.boxes[0].setValue(30)
    record.thinking_traps[ThinkingTrap.MIND_READING].setChecked(True)
    assert editor.save_now()

    saved = vault.entries.get(editor.current.id or 0)  # type: ignore[union-attr]
    details = saved.details
    assert isinstance(details, ThoughtRecordDetails)
    assert details.grew_from == block_entry.uid
    assert details.hot == "He's disappointed in me" and details.belief == 70
    assert details.mood_change_text() == "anxious 80% → 30%"

    library = Library(paths.resources_dir() / "articles", None, vault)
    prep_page = SessionPrepPage(vault, library, SyncRunner())
    qtbot.addWidget(prep_page)
    prep_page.show()
    assert prep_page.prep is not None
    texts = [w.text() for w in prep_page.thought_records_card.findChildren(type(prep_page.status))]
    assert any("anxious 80% → 30%" in text for text in texts)

    target = tmp_path / "summary.pdf"
    scope = ExportScope.since_last_session()
    export_journal(vault, ExportOptions(ExportFormat.PDF, scope=scope, prep=True), target)
    reader = pypdf.PdfReader(str(target))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "6. Balanced thought" in text and "He was tired" in text
    assert "anxious 80% → 30%" in text


def test_sliders_say_every_point_in_words_and_tell_screen_readers(qtbot: Any) -> None:
    section = CheckInSection()
    qtbot.addWidget(section)
    field = section.strength
    assert isinstance(field, ScaleField)
    seen = set()
    for value in range(11):
        field.slider.setValue(value)
        assert field.value.text() == str(value)
        assert field.words.text() and field.words.text() in field.slider.accessibleDescription()
        seen.add(field.words.text())
    assert len(seen) == 11
    field.slider.setValue(5)
    assert field.words.text() == "hard to ignore"


def test_the_check_in_completes_feelings_from_the_list(qtbot: Any) -> None:
    section = CheckInSection()
    qtbot.addWidget(section)
    completer = section.feelings.completer()
    assert completer is not None
    section.feelings.setText("tired, anx")
    assert completer.splitPath(section.feelings.text()) == ["anx"]
    completer.setCompletionPrefix("anx")
    first = completer.completionModel().index(0, 0)
    assert first.data() == "anxious"
    assert completer.pathFromIndex(first) == "tired, anxious"
    section.feelings.setText("tired, anxious, tired")
    assert section.read().feelings == ("tired", "anxious")
