"""The part of the editor's form that belongs to one kind of entry, one class per kind.

Each kind of entry has a section: it builds its fields, fills them from the entry's details
(``load``), reads them back (``read``), empties them (``clear``), points at a field a validation
error names (``show_error``) and says when the person changed something (``changed``). Sections are
registered by kind with :func:`register_section`; the editor asks :func:`build_sections` for one of
each and knows none of their fields. Adding a kind of entry means adding one class here.

Also here: the small field widgets the sections share with the rest of the editor (a text box that
grows with its text, a 0-10 scale).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSlider,
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
from journal_app.domain.scales import BLOCK_STRENGTH, FEELING_STRENGTH, MOOD, WordedScale
from journal_app.ui.common.widgets import button, label

# A field's text box grows to this many lines before it scrolls inside itself.
FIELD_MAX_LINES = 14
# Room left above and below a box that has reached the height of the page.
PAGE_ROOM = 48


class GrowingTextEdit(QPlainTextEdit):
    """A text box as tall as its text, between a minimum height and ``max_lines`` lines.

    Inside a scrolling form, boxes that scroll on their own make two scrollbars fight over the
    wheel. This one grows instead, so the page scrolls as one; only past its ceiling does it
    scroll inside, and even then the wheel goes on to the page once the box reaches its end.
    """

    def __init__(
        self, minimum_height: int, max_lines: int = FIELD_MAX_LINES, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._minimum_height = minimum_height
        self._max_lines = max_lines
        self._fitted_width = -1
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(minimum_height)
        self.document().contentsChanged.connect(self.fit_to_text)

    def _chrome(self) -> int:
        """Height around the text: frame, viewport margins and the document's top margin."""
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        top_margin = math.ceil(self.document().documentMargin())
        return margins.top() + margins.bottom() + viewport.top() + viewport.bottom() + top_margin

    def ceiling(self) -> int:
        """The tallest the box grows before scrolling inside: ``max_lines`` lines, and never
        taller than the page it is on, so a box that scrolls inside still fits on screen."""
        lines = self.fontMetrics().lineSpacing() * self._max_lines
        bottom_margin = math.ceil(self.document().documentMargin())
        tallest = self._chrome() + lines + bottom_margin
        page = self._page_around()
        if page is not None and page.viewport().height() > self._minimum_height:
            tallest = min(tallest, page.viewport().height() - PAGE_ROOM)
        return max(self._minimum_height, tallest)

    def text_height(self, limit: int | None = None) -> int:
        """The height that shows all of the text without scrolling.

        With ``limit``, measuring stops once the text is taller than that (a long entry is
        measured only as far as the ceiling, so typing in it stays quick).
        """
        layout = self.document().documentLayout()
        extra = self._chrome() + 2
        total = 0.0
        block = self.document().begin()
        while block.isValid():
            total += layout.blockBoundingRect(block).height()
            if limit is not None and total + extra > limit:
                break
            block = block.next()
        return math.ceil(total) + extra

    def fit_to_text(self) -> None:
        ceiling = self.ceiling()
        wanted = self.text_height(limit=ceiling)
        scrolls = wanted > ceiling
        policy = Qt.ScrollBarPolicy
        self.setVerticalScrollBarPolicy(
            policy.ScrollBarAsNeeded if scrolls else policy.ScrollBarAlwaysOff
        )
        height = min(max(wanted, self._minimum_height), ceiling)
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        if not scrolls:
            self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._fitted_width:
            # A new width rewraps the text; its height follows.
            self._fitted_width = event.size().width()
            self.fit_to_text()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_text()

    def wheelEvent(self, event: QWheelEvent) -> None:
        bar = self.verticalScrollBar()
        delta = event.angleDelta().y()
        at_end = (
            bar.maximum() <= bar.minimum()
            or (delta > 0 and bar.value() <= bar.minimum())
            or (delta < 0 and bar.value() >= bar.maximum())
        )
        if at_end and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            page = self._page_around()
            if page is None:
                event.ignore()
                return
            # Handed on explicitly: Qt passes an ignored wheel event to the parent only when it
            # came from the system, and the page should scroll either way.
            QCoreApplication.sendEvent(page.verticalScrollBar(), event)
            event.accept()
            return
        super().wheelEvent(event)

    def _page_around(self) -> QAbstractScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        return parent


def labelled_text_area(layout: QVBoxLayout, name: str, height: int = 84) -> GrowingTextEdit:
    """A text box under its label (the label's buddy, so Alt+key and screen readers work)."""
    area = GrowingTextEdit(height)
    area.setAccessibleName(name)
    field_label = label(name)
    field_label.setBuddy(area)
    layout.addWidget(field_label)
    layout.addWidget(area)
    return area


class ScaleField(QWidget):
    """A 0-10 slider with its number and, as it moves, what that point means in words.

    The words are shown beside the number and given to screen readers as the slider's
    description, so every point is told, not just the two ends.
    """

    def __init__(self, scale: WordedScale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = scale
        name = scale.name
        meaning = scale.ends
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 10)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.NoTicks)
        self.slider.setAccessibleName(name)
        self.slider.setAccessibleDescription(meaning)
        self.value = QLabel()
        self.value.setMinimumWidth(28)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.words = label("", "Hint")
        self.words.setAccessibleName(f"{name}: in words")
        self.meaning = label(meaning, "Hint")
        layout.addWidget(self.slider, 0, 0)
        layout.addWidget(self.value, 0, 1)
        layout.addWidget(self.words, 0, 2)
        layout.addWidget(self.meaning, 1, 0, 1, 3)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(2, 2)
        self.slider.valueChanged.connect(self._describe)
        self.slider.setValue(5)
        self._describe(5)

    def _describe(self, value: int) -> None:
        words = self._scale.words_for(value)
        self.value.setText(str(value))
        self.words.setText(words)
        self.slider.setToolTip(self._scale.describe(value))
        self.slider.setAccessibleDescription(f"{self._scale.describe(value)}. {self._scale.ends}")


class EntrySection(QWidget):
    """One kind's fields. Subclasses set the class attributes and fill in the four methods.

    Public attributes of a section are its fields (the editor view offers them by name, so tests
    and tools can fill a form); anything else a section keeps starts with an underscore.
    """

    changed = Signal()

    kind: ClassVar[EntryKind]
    date_label: ClassVar[str] = "Date"  # what the entry's date means for this kind
    body_label: ClassVar[str] = "Write freely"  # the heading over the free writing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._error_labels: dict[str, QLabel] = {}
        self.build(layout)

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

    def written_text(self) -> str:
        """Everything written in this section's text boxes (for the word count)."""
        return "\n".join(area.toPlainText() for area in self.findChildren(GrowingTextEdit))

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

    # -- helpers for building

    def _notify_on(self, *signals: Any) -> None:
        for signal in signals:
            signal.connect(self._emit_changed)

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    def _error_label(self, layout: QVBoxLayout, field: str) -> QLabel:
        error = label("", "Error")
        error.hide()
        layout.addWidget(error)
        self._error_labels[field] = error
        return error


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


def build_sections() -> dict[EntryKind, EntrySection]:
    """One section per kind of entry, in the kinds' order."""
    return {kind: section_for(kind)() for kind in EntryKind}


# --------------------------------------------------------------------------- the first three kinds
# (thought records and check-ins are in editor_sections_therapy)


@register_section
class SessionNoteSection(EntrySection):
    kind = EntryKind.SESSION
    date_label = "Session date"
    body_label = "Anything else about the session"

    def build(self, layout: QVBoxLayout) -> None:
        therapist_label = label("Therapist")
        self.therapist = QLineEdit()
        self.therapist.setAccessibleName("Therapist")
        self.therapist.setPlaceholderText("Who you saw (optional)")
        therapist_label.setBuddy(self.therapist)
        layout.addWidget(therapist_label)
        layout.addWidget(self.therapist)
        self.talked_about = labelled_text_area(layout, "What we talked about")
        self.noticed_felt = labelled_text_area(layout, "What I noticed or felt")
        self.insights = labelled_text_area(layout, "Insights")
        self.homework = labelled_text_area(layout, "Homework, or things to try", 64)
        self._notify_on(self.therapist.textChanged)
        for area in self._areas():
            self._notify_on(area.textChanged)

    def _areas(self) -> tuple[QPlainTextEdit, ...]:
        return (self.talked_about, self.noticed_felt, self.insights, self.homework)

    def load(self, details: EntryDetails) -> None:
        session = details if isinstance(details, SessionNoteDetails) else SessionNoteDetails()
        self.therapist.setText(session.therapist)
        self.talked_about.setPlainText(session.talked_about)
        self.noticed_felt.setPlainText(session.noticed_felt)
        self.insights.setPlainText(session.insights)
        self.homework.setPlainText(session.homework)

    def read(self) -> SessionNoteDetails:
        return SessionNoteDetails(
            therapist=self.therapist.text().strip(),
            talked_about=self.talked_about.toPlainText(),
            noticed_felt=self.noticed_felt.toPlainText(),
            insights=self.insights.toPlainText(),
            homework=self.homework.toPlainText(),
        )


@register_section
class EmotionalBlockSection(EntrySection):
    kind = EntryKind.BLOCK
    date_label = "When it happened"
    body_label = "Anything else you want to remember"

    def build(self, layout: QVBoxLayout) -> None:
        setting_label = label("Where were you?")
        self.setting = QComboBox()
        self.setting.setAccessibleName("Where were you")
        for setting in BlockSetting:
            self.setting.addItem(setting.label, setting.value)
        setting_label.setBuddy(self.setting)
        row = QHBoxLayout()
        row.addWidget(setting_label)
        row.addWidget(self.setting)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(4)
        layout.addWidget(label("What was held back?"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.blocked: dict[BlockType, QCheckBox] = {}
        for position, block_type in enumerate(BlockType):
            box = QCheckBox(block_type.label)
            box.setAccessibleName(block_type.label)
            self.blocked[block_type] = box
            grid.addWidget(box, position // 2, position % 2)
            self._notify_on(box.toggled)
        layout.addLayout(grid)
        self.blocked_other = QLineEdit()
        self.blocked_other.setPlaceholderText("A few words about what it was")
        self.blocked_other.setAccessibleName("Something else: what it was")
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
        work_row = QHBoxLayout()
        work_row.addWidget(self.work_through)
        work_row.addStretch(1)
        layout.addLayout(work_row)
        self._notify_on(
            self.setting.currentIndexChanged,
            self.blocked_other.textChanged,
            self.what_was_happening.textChanged,
            self.what_helped.textChanged,
        )

    def _scale(self, layout: QVBoxLayout, question: str, field: ScaleField) -> ScaleField:
        field_label = label(question)
        field_label.setBuddy(field.slider)
        layout.addWidget(field_label)
        layout.addWidget(field)
        self._notify_on(field.slider.valueChanged)
        return field

    def load(self, details: EntryDetails) -> None:
        block = details if isinstance(details, EmotionalBlockDetails) else EmotionalBlockDetails()
        self.setting.setCurrentIndex(max(0, self.setting.findData(block.setting.value)))
        for block_type, box in self.blocked.items():
            box.setChecked(block_type in block.blocked)
        self.blocked_other.setText(block.blocked_other)
        self.blocked_other.setEnabled(BlockType.OTHER in block.blocked)
        self.feeling_intensity.slider.setValue(block.feeling_intensity)
        self.block_intensity.slider.setValue(block.block_intensity)
        self.what_was_happening.setPlainText(block.what_was_happening)
        self.what_helped.setPlainText(block.what_helped)

    def read(self) -> EmotionalBlockDetails:
        setting = self.setting.currentData()
        return EmotionalBlockDetails(
            setting=BlockSetting(setting) if setting else BlockSetting.OTHER,
            blocked=tuple(t for t, box in self.blocked.items() if box.isChecked()),
            blocked_other=self.blocked_other.text().strip(),
            feeling_intensity=self.feeling_intensity.slider.value(),
            block_intensity=self.block_intensity.slider.value(),
            what_was_happening=self.what_was_happening.toPlainText(),
            what_helped=self.what_helped.toPlainText(),
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
