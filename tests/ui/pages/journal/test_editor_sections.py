"""Editor sections: one form class per kind of entry, and the text box that grows with its text."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import (
    BlockSetting,
    BlockType,
    CheckInDetails,
    EmotionalBlockDetails,
    EntryDetails,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
    default_details,
)
from journal_app.domain.thought_records import MoodRating, ThinkingTrap, ThoughtRecordDetails
from journal_app.ui.pages.journal import editor_sections
from journal_app.ui.pages.journal.editor_fields import GrowingTextEdit
from journal_app.ui.pages.journal.editor_sections import (
    EntrySection,
    build_sections,
    register_section,
    section_for,
)

SAMPLES: dict[EntryKind, EntryDetails] = {
    EntryKind.SESSION: SessionNoteDetails(
        therapist="Maria",
        talked_about="The hospital visits",
        noticed_felt="A lump in my throat",
        insights="Being useful keeps me safe",
        homework="Notice when I go quiet",
    ),
    EntryKind.BLOCK: EmotionalBlockDetails(
        setting=BlockSetting.WITH_SOMEONE,
        blocked=(BlockType.COULDNT_CRY, BlockType.OTHER),
        blocked_other="froze",
        feeling_intensity=8,
        block_intensity=9,
        what_was_happening="Talking about Dad",
        what_helped="Breathing out slowly",
    ),
    EntryKind.REFLECTION: ReflectionDetails(mood=3),
    EntryKind.THOUGHT_RECORD: ThoughtRecordDetails(
        situation="Dinner, Dad went quiet",
        moods=(MoodRating("anxious", 80), MoodRating("ashamed", 55)),
        automatic_thoughts=("He's angry with me", "I ruin everything"),
        hot_thought=1,
        evidence_for="He didn't answer",
        evidence_against="He hugged me goodbye",
        balanced_thought="He was tired",
        belief=65,
        moods_after=(MoodRating("anxious", 35),),
        thinking_traps=(ThinkingTrap.MIND_READING,),
        grew_from="block-uid",
    ),
    EntryKind.CHECK_IN: CheckInDetails(("tired", "calm"), 3, "After the walk"),
}


@pytest.fixture
def sections(qtbot: Any) -> dict[EntryKind, EntrySection]:
    built = build_sections()
    for section in built.values():
        qtbot.addWidget(section)
    return built


def test_every_kind_of_entry_has_exactly_one_section(
    sections: dict[EntryKind, EntrySection],
) -> None:
    assert list(sections) == list(EntryKind)
    for kind, section in sections.items():
        assert section.kind is kind and type(section) is section_for(kind)
        assert section.date_label and section.body_label
    with pytest.raises(ValueError):
        register_section(section_for(EntryKind.REFLECTION))


def test_a_kind_without_a_section_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(editor_sections._SECTIONS, EntryKind.BLOCK)
    with pytest.raises(LookupError, match="block"):
        build_sections()


@pytest.mark.parametrize("kind", list(EntryKind))
def test_a_section_reads_back_what_it_loaded(
    sections: dict[EntryKind, EntrySection], kind: EntryKind
) -> None:
    section = sections[kind]
    section.load(SAMPLES[kind])
    assert section.read() == SAMPLES[kind]
    section.clear()
    assert section.read() == default_details(kind)
    assert all(not box.toPlainText() for box in section.findChildren(QPlainTextEdit))
    assert all(
        not line.text()
        for line in section.findChildren(QLineEdit)
        if not isinstance(line.parent(), QAbstractSpinBox)  # a box's own text shows its number
    )


@pytest.mark.parametrize("kind", list(EntryKind))
def test_details_of_another_kind_show_as_empty_fields(
    sections: dict[EntryKind, EntrySection], kind: EntryKind
) -> None:
    section = sections[kind]
    section.load(SAMPLES[kind])
    other = next(k for k in EntryKind if k is not kind)
    section.load(SAMPLES[other])
    assert section.read() == default_details(kind)


def _change(widget: QWidget) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(widget.toPlainText() + " more")
    elif isinstance(widget, QLineEdit):
        widget.setText(widget.text() + " more")
    elif isinstance(widget, QCheckBox):
        widget.setChecked(not widget.isChecked())
    elif isinstance(widget, QSlider):
        widget.setValue(widget.value() + 1 if widget.value() < widget.maximum() else 0)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex((widget.currentIndex() + 1) % widget.count())
    elif isinstance(widget, QSpinBox):
        widget.setValue(widget.value() + 1 if widget.value() < widget.maximum() else 0)


@pytest.mark.parametrize("kind", list(EntryKind))
def test_every_field_says_when_it_changed(
    sections: dict[EntryKind, EntrySection], kind: EntryKind
) -> None:
    """A field that forgot to say so would never be autosaved."""
    section = sections[kind]
    section.load(SAMPLES[kind])
    inputs = [
        widget
        for widget in section.findChildren(QWidget)
        if isinstance(
            widget, QPlainTextEdit | QLineEdit | QCheckBox | QSlider | QComboBox | QSpinBox
        )
        and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
    ]
    assert inputs
    for widget in inputs:
        section.load(SAMPLES[kind])
        seen: list[bool] = []
        section.changed.connect(lambda seen=seen: seen.append(True))
        before = section.read()
        _change(widget)
        assert seen, widget.accessibleName() or type(widget).__name__
        assert section.read() != before, widget.accessibleName()
        section.changed.disconnect()


def test_a_section_shows_errors_only_for_its_own_fields(
    sections: dict[EntryKind, EntrySection],
) -> None:
    block = sections[EntryKind.BLOCK]
    assert block.show_error("blocked_other", "Say a few words")
    assert block.named_widgets()["blocked_other_error"].text() == "Say a few words"
    assert not sections[EntryKind.SESSION].show_error("blocked_other", "Say a few words")
    block.clear_errors()
    assert block.named_widgets()["blocked_other_error"].isHidden()


def test_the_editor_controller_knows_no_kind_s_fields() -> None:
    """Adding a kind or a field touches its section, not the editor."""
    ui = Path(editor_sections.__file__).parent
    names = {
        field.name
        for details in (SessionNoteDetails, EmotionalBlockDetails, ReflectionDetails)
        for field in dataclasses.fields(details)
    }
    for module in ("editor.py", "editor_view.py", "editor_links.py", "editor_questions.py"):
        tree = ast.parse((ui / module).read_text(encoding="utf-8"))
        attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        assert attributes & names == set(), module


# --------------------------------------------------------------------------- growing text boxes


@pytest.fixture
def page(qtbot: Any) -> tuple[QScrollArea, GrowingTextEdit]:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    box = GrowingTextEdit(84)
    layout.addWidget(box)
    layout.addSpacing(3000)
    scroll.setWidget(inner)
    scroll.resize(500, 400)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    return scroll, box


def test_a_text_box_grows_with_its_text_up_to_a_ceiling(
    page: tuple[QScrollArea, GrowingTextEdit],
) -> None:
    _scroll, box = page
    assert box.height() == 84
    box.setPlainText("\n".join(f"line {n}" for n in range(8)))
    assert box.height() > 84 and box.verticalScrollBar().maximum() == 0
    grown = box.height()
    box.setPlainText("\n".join(f"line {n}" for n in range(200)))
    assert box.height() == box.ceiling() > grown
    assert box.verticalScrollBar().maximum() > 0  # past the ceiling it scrolls inside
    box.setPlainText("short")
    assert box.height() == 84


def _wheel_down(widget: QWidget) -> None:
    position = QPointF(10, 10)
    event = QWheelEvent(
        position,
        widget.mapToGlobal(position),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_text_box_scrolls_the_page(
    page: tuple[QScrollArea, GrowingTextEdit],
) -> None:
    scroll, box = page
    box.setPlainText("\n".join(f"line {n}" for n in range(5)))
    _wheel_down(box.viewport())
    assert scroll.verticalScrollBar().value() > 0
    # A box past its ceiling scrolls itself first, and hands on the wheel at its end.
    scroll.verticalScrollBar().setValue(0)
    box.setPlainText("\n".join(f"line {n}" for n in range(200)))
    box.verticalScrollBar().setValue(0)
    _wheel_down(box.viewport())
    assert box.verticalScrollBar().value() > 0 and scroll.verticalScrollBar().value() == 0
    box.verticalScrollBar().setValue(box.verticalScrollBar().maximum())
    _wheel_down(box.viewport())
    assert scroll.verticalScrollBar().value() > 0
