"""The part of the editor's form that belongs to one kind of entry, one class per kind.

Each kind of entry has a section: it builds its fields, fills them from the entry's details
(``load``), reads them back (``read``), empties them (``clear``), points at a field a validation
error names (``show_error``) and says when the person changed something (``changed``). Sections are
registered by kind with :func:`register_section`; the editor asks :func:`build_sections` for one of
each and knows none of their fields. Adding a kind of entry means adding one class here.

The small field widgets they share (a text box that grows with its text, a worded 0-10 scale)
are in ``editor_fields.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import (
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    EntryDetails,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
    default_details,
)
from journal_app.domain.scales import BLOCK_STRENGTH, FEELING_STRENGTH, MOOD
from journal_app.ui.common.builders import hidden_label, labelled, line_edit, spread_row
from journal_app.ui.common.widgets import button, label
from journal_app.ui.pages.journal.editor_fields import (
    GrowingTextEdit,
    ScaleField,
    labelled_text_area,
)

Option = TypeVar("Option")


class EntrySection(QWidget):
    """One kind's fields. Subclasses set the class attributes and fill in the four methods.

    Public attributes of a section are its fields (the editor view offers them by name, so tests
    and tools can fill a form); anything else a section keeps starts with an underscore.
    """

    changed = Signal()

    kind: ClassVar[EntryKind]
    date_label: ClassVar[str] = "Date"  # what the entry's date means for this kind
    body_label: ClassVar[str] = "Write freely"  # the heading over the free writing
    # Text boxes kept under the name of the details field each holds: watched, loaded and read
    # back by the shared code below, so a section only lists them.
    text_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._error_labels: dict[str, QLabel] = {}
        self.build(layout)
        self._notify_on(*(self._text_box(name).textChanged for name in self.text_fields))

    # -- what each kind provides

    def build(self, layout: QVBoxLayout) -> None:
        """Create the fields (as public attributes) and connect them to :attr:`changed`."""
        raise NotImplementedError

    def load(self, details: EntryDetails) -> None:
        """Show ``details`` (details of another kind show as this kind's empty fields)."""
        raise NotImplementedError

    def read(self) -> EntryDetails:
        """The details as the form shows them now."""
        raise NotImplementedError

    # -- shared behaviour

    def clear(self) -> None:
        """Empty every field, so nothing of the last entry stays in the form."""
        self.load(default_details(self.kind))
        self.clear_errors()

    def text_areas(self) -> list[GrowingTextEdit]:
        """This section's growing text boxes, in the order of :attr:`text_fields`."""
        return [
            box
            for name in self.text_fields
            if isinstance(box := getattr(self, name), GrowingTextEdit)
        ]

    def written_text(self) -> str:
        """Everything written in this section's text boxes (for the word count)."""
        return "\n".join(area.toPlainText() for area in self.text_areas())

    def show_error(self, field: str, message: str) -> bool:
        """Show ``message`` next to ``field``; False when this section has no such field."""
        target = self._error_labels.get(field)
        if target is None:
            return False
        target.setText(message)
        target.show()
        return True

    def clear_errors(self) -> None:
        for error in self._error_labels.values():
            error.setText("")
            error.hide()

    def named_widgets(self) -> dict[str, Any]:
        """The section's fields by attribute name (widgets, and dicts of widgets)."""
        return {
            name: value
            for name, value in vars(self).items()
            if not name.startswith("_") and _is_field(value)
        }

    # -- helpers for building, loading and reading

    def _text_box(self, name: str) -> QPlainTextEdit:
        box = getattr(self, name)
        assert isinstance(box, QPlainTextEdit), name
        return box

    def _load_text_fields(self, details: EntryDetails) -> None:
        for name in self.text_fields:
            self._text_box(name).setPlainText(getattr(details, name))

    def _text_field_values(self) -> dict[str, Any]:
        """The :attr:`text_fields` as keyword arguments for the details."""
        return {name: self._text_box(name).toPlainText() for name in self.text_fields}

    def _check_boxes(
        self,
        layout: QVBoxLayout,
        options: Iterable[tuple[Option, str, str]],
        *,
        vertical_spacing: int | None = None,
    ) -> dict[Option, QCheckBox]:
        """Two columns of check boxes, one per ``(option, label, explanation)``."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        if vertical_spacing is not None:
            grid.setVerticalSpacing(vertical_spacing)
        boxes: dict[Option, QCheckBox] = {}
        for position, (option, text, explanation) in enumerate(options):
            box = QCheckBox(text)
            box.setAccessibleName(text)
            if explanation:
                box.setAccessibleDescription(explanation)
                box.setToolTip(explanation)
            grid.addWidget(box, position // 2, position % 2)
            boxes[option] = box
            self._notify_on(box.toggled)
        layout.addLayout(grid)
        return boxes

    def _scale(self, layout: QVBoxLayout, question: str, field: ScaleField) -> ScaleField:
        """A 0-10 scale under ``question`` (its label, so Alt+key and screen readers work)."""
        field_label = label(question)
        field_label.setBuddy(field.slider)
        layout.addWidget(field_label)
        layout.addWidget(field)
        self._notify_on(field.slider.valueChanged)
        return field

    def _notify_on(self, *signals: Any) -> None:
        for signal in signals:
            signal.connect(self._emit_changed)

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    def _error_label(self, layout: QVBoxLayout, field: str) -> QLabel:
        error = hidden_label("Error")
        layout.addWidget(error)
        self._error_labels[field] = error
        return error


def ticked(boxes: dict[Option, QCheckBox]) -> tuple[Option, ...]:
    """The options whose boxes are ticked, in the boxes' order."""
    return tuple(option for option, box in boxes.items() if box.isChecked())


def tick(boxes: dict[Option, QCheckBox], chosen: Iterable[Option]) -> None:
    """Tick exactly the boxes of ``chosen``."""
    chosen = set(chosen)
    for option, box in boxes.items():
        box.setChecked(option in chosen)


def _is_field(value: object) -> bool:
    if isinstance(value, dict):
        return bool(value) and all(isinstance(item, QWidget) for item in value.values())
    return isinstance(value, QWidget)


_SECTIONS: dict[EntryKind, type[EntrySection]] = {}

SectionType = TypeVar("SectionType", bound=type[EntrySection])


def register_section(section: SectionType) -> SectionType:
    """Class decorator: ``section`` is the form for its ``kind``."""
    if section.kind in _SECTIONS:
        raise ValueError(f"two sections for {section.kind.value}")
    _SECTIONS[section.kind] = section
    return section


def section_for(kind: EntryKind) -> type[EntrySection]:
    try:
        return _SECTIONS[kind]
    except KeyError:
        raise LookupError(f"no editor section for {kind.value}") from None


def sections_one_by_one() -> Iterator[EntrySection]:
    """One section per kind of entry, in the kinds' order, each built when it is asked for."""
    for kind in EntryKind:
        yield section_for(kind)()


def build_sections() -> dict[EntryKind, EntrySection]:
    """One section per kind of entry, in the kinds' order."""
    return {section.kind: section for section in sections_one_by_one()}


# --------------------------------------------------------------------------- the first three kinds
# (thought records and check-ins are in editor_sections_therapy)


@register_section
class SessionNoteSection(EntrySection):
    kind = EntryKind.SESSION
    date_label = "Session date"
    body_label = "Anything else about the session"
    text_fields = ("talked_about", "noticed_felt", "insights", "homework")

    def build(self, layout: QVBoxLayout) -> None:
        self.therapist = labelled(
            layout, "Therapist", line_edit("Therapist", "Who you saw (optional)")
        )
        self.talked_about = labelled_text_area(layout, "What we talked about")
        self.noticed_felt = labelled_text_area(layout, "What I noticed or felt")
        self.insights = labelled_text_area(layout, "Insights")
        self.homework = labelled_text_area(layout, "Homework, or things to try", 64)
        self._notify_on(self.therapist.textChanged)

    def load(self, details: EntryDetails) -> None:
        session = details if isinstance(details, SessionNoteDetails) else SessionNoteDetails()
        self.therapist.setText(session.therapist)
        self._load_text_fields(session)

    def read(self) -> SessionNoteDetails:
        return SessionNoteDetails(
            therapist=self.therapist.text().strip(), **self._text_field_values()
        )


@register_section
class EmotionalBlockSection(EntrySection):
    kind = EntryKind.BLOCK
    date_label = "When it happened"
    body_label = "Anything else you want to remember"
    text_fields = ("what_was_happening", "what_helped")

    def build(self, layout: QVBoxLayout) -> None:
        setting_label = label("Where were you?")
        self.setting = QComboBox()
        self.setting.setAccessibleName("Where were you")
        for setting in BlockSetting:
            self.setting.addItem(setting.label, setting.value)
        setting_label.setBuddy(self.setting)
        layout.addLayout(spread_row([setting_label, self.setting]))
        layout.addSpacing(4)
        layout.addWidget(label("What was held back?"))
        self.blocked = self._check_boxes(
            layout, ((kind, kind.label, "") for kind in BlockType), vertical_spacing=4
        )
        self.blocked_other = line_edit(
            "Something else: what it was", "A few words about what it was"
        )
        layout.addWidget(self.blocked_other)
        self.blocked_other_error = self._error_label(layout, "blocked_other")
        self.blocked[BlockType.OTHER].toggled.connect(self.blocked_other.setEnabled)
        layout.addSpacing(4)
        self.feeling_intensity = self._scale(
            layout, "How strong was the feeling underneath?", ScaleField(FEELING_STRENGTH)
        )
        self.block_intensity = self._scale(
            layout, "How strong was the block?", ScaleField(BLOCK_STRENGTH)
        )
        self.what_was_happening = labelled_text_area(layout, "What was happening")
        self.what_helped = labelled_text_area(layout, "What helped, or what I'd try next time")
        # Starts a thought record from this moment (the editor saves this entry first).
        self.work_through = button(
            "Work through this as a thought record…",
            "Work through this as a thought record",
        )
        self.work_through.setToolTip(
            "Start a thought record about this moment, with the situation already filled in"
        )
        layout.addLayout(spread_row([self.work_through]))
        self._notify_on(self.setting.currentIndexChanged, self.blocked_other.textChanged)

    def load(self, details: EntryDetails) -> None:
        block = details if isinstance(details, EmotionalBlockDetails) else EmotionalBlockDetails()
        self.setting.setCurrentIndex(max(0, self.setting.findData(block.setting.value)))
        tick(self.blocked, block.blocked)
        self.blocked_other.setText(block.blocked_other)
        self.blocked_other.setEnabled(BlockType.OTHER in block.blocked)
        self.feeling_intensity.slider.setValue(block.feeling_intensity)
        self.block_intensity.slider.setValue(block.block_intensity)
        self._load_text_fields(block)

    def read(self) -> EmotionalBlockDetails:
        setting = self.setting.currentData()
        return EmotionalBlockDetails(
            setting=BlockSetting(setting) if setting else BlockSetting.OTHER,
            blocked=ticked(self.blocked),
            blocked_other=self.blocked_other.text().strip(),
            feeling_intensity=self.feeling_intensity.slider.value(),
            block_intensity=self.block_intensity.slider.value(),
            **self._text_field_values(),
        )


@register_section
class ReflectionSection(EntrySection):
    kind = EntryKind.REFLECTION
    date_label = "Date"
    body_label = "Write freely"

    def build(self, layout: QVBoxLayout) -> None:
        self.has_mood = QCheckBox("Note my mood")
        self.has_mood.setAccessibleName("Note my mood")
        self.mood = ScaleField(MOOD)
        layout.addWidget(self.has_mood)
        layout.addWidget(self.mood)
        self.has_mood.toggled.connect(self.mood.setEnabled)
        self._notify_on(self.has_mood.toggled, self.mood.slider.valueChanged)

    def load(self, details: EntryDetails) -> None:
        reflection = details if isinstance(details, ReflectionDetails) else ReflectionDetails()
        self.has_mood.setChecked(reflection.mood is not None)
        self.mood.setEnabled(reflection.mood is not None)
        self.mood.slider.setValue(5 if reflection.mood is None else reflection.mood)

    def read(self) -> ReflectionDetails:
        return ReflectionDetails(
            mood=self.mood.slider.value() if self.has_mood.isChecked() else None
        )


# The sections for thought records and check-ins register themselves when imported; importing
# them here keeps "every kind has a section" true for anyone who builds the sections.
from journal_app.ui.pages.journal import editor_sections_therapy  # noqa: E402, F401
