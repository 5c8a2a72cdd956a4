"""Editor sections for structured between-session work: the thought record and the check-in.

A thought record is the seven columns of the *Mind Over Mood* worksheet, one step after another,
each with a short hint and each skippable. The check-in is a feeling or two, how strong, and one
line. Also here: the feelings field (completion from the app's feelings list) and the small
list widgets for moods and automatic thoughts.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import EntryDetails, EntryKind
from journal_app.domain.feelings import all_feelings, parse_feelings
from journal_app.domain.scales import FEELING_STRENGTH
from journal_app.domain.thought_records import (
    AUTOMATIC_THOUGHT_HINTS,
    BALANCED_THOUGHT_HINT,
    EVIDENCE_AGAINST_HINTS,
    EVIDENCE_FOR_HINT,
    CheckInDetails,
    MoodRating,
    ThinkingTrap,
    ThoughtRecordDetails,
)
from journal_app.ui.common.builders import labelled, line_edit, spread_row
from journal_app.ui.common.widgets import button, label
from journal_app.ui.pages.journal.editor_fields import ScaleField, labelled_text_area
from journal_app.ui.pages.journal.editor_sections import (
    EntrySection,
    register_section,
    tick,
    ticked,
)

NOT_RATED = -1  # a spin box's "not rated" value, shown as words


class FeelingCompleter(QCompleter):
    """Completes the feeling word being typed after the last comma, from the feelings list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Owned by the completer: a model without a parent would vanish with its Python wrapper.
        self._words = QStringListModel(list(all_feelings()), self)
        self.setModel(self._words)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        chosen = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not isinstance(widget, QLineEdit) or "," not in widget.text():
            return chosen
        before = widget.text().rsplit(",", 1)[0]
        return f"{before}, {chosen}"


def feelings_field(name: str, placeholder: str) -> QLineEdit:
    field = line_edit(
        name,
        placeholder,
        description="Feeling words, separated by commas; suggestions as you type",
    )
    field.setCompleter(FeelingCompleter(field))
    return field


def percent_box(name: str, *, optional: bool) -> QSpinBox:
    """A 0-100 box; ``optional`` adds a "not rated" value below 0."""
    box = QSpinBox()
    box.setRange(NOT_RATED if optional else 0, 100)
    box.setSuffix("%")
    if optional:
        box.setSpecialValueText("not rated")
    box.setAccessibleName(name)
    box.setSingleStep(5)
    return box


class MoodRow(QWidget):
    removed = Signal(object)

    def __init__(self, mood: MoodRating, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(mood.name)
        self.name.setAccessibleName("Mood")
        self.name.setPlaceholderText("A mood, for example “anxious”")
        self.name.setCompleter(FeelingCompleter(self.name))
        self.strength = percent_box("How strong, 0 to 100", optional=False)
        self.strength.setValue(mood.strength)
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName("Remove this mood")
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        row.addWidget(self.name, 3)
        row.addWidget(self.strength, 1)
        row.addWidget(self.remove)

    def rating(self) -> MoodRating | None:
        name = self.name.text().strip()
        return MoodRating(name, self.strength.value()) if name else None


class MoodList(QWidget):
    """Moods, each a word and a strength 0-100, with a button to add one."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout = QVBoxLayout()
        layout.addLayout(self._rows_layout)
        self.rows: list[MoodRow] = []
        self.add = button("Add a mood", f"{name}: add a mood")
        layout.addLayout(spread_row([self.add]))
        self.add.clicked.connect(self._add_empty)

    def _add_empty(self) -> None:
        row = self.add_row(MoodRating("", 50))
        row.name.setFocus()

    def add_row(self, mood: MoodRating) -> MoodRow:
        row = MoodRow(mood)
        row.name.setAccessibleName(f"{self._name}: mood {len(self.rows) + 1}")
        row.name.textChanged.connect(self.changed)
        row.strength.valueChanged.connect(self.changed)
        row.removed.connect(self._remove)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self.changed.emit()
        return row

    def _remove(self, row: MoodRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.changed.emit()

    def set_moods(self, moods: tuple[MoodRating, ...]) -> None:
        """Show ``moods``, reusing the rows already there (so focus and widgets stay put)."""
        for row in self.rows[len(moods) :]:
            self._remove(row)
        for position, mood in enumerate(moods):
            if position < len(self.rows):
                self.rows[position].name.setText(mood.name)
                self.rows[position].strength.setValue(mood.strength)
            else:
                self.add_row(mood)

    def moods(self) -> tuple[MoodRating, ...]:
        return tuple(r for r in (row.rating() for row in self.rows) if r is not None)


class ReRating(QWidget):
    """Step 7: the moods from step 2, each re-rated (or left "not rated"), row for row."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(2, 1)  # the boxes stay small, like the ones in step 2
        self.boxes: list[QSpinBox] = []
        self._labels: list[QLabel] = []
        self._moods: tuple[MoodRating, ...] = ()
        self._empty = label("Name a mood in step 2 to re-rate it here.", "Hint")
        self._grid.addWidget(self._empty, 0, 0, 1, 2)

    def follow(self, moods: tuple[MoodRating, ...]) -> None:
        """One box per mood named in step 2; the boxes that stay keep their ratings."""
        self._moods = moods
        while len(self.boxes) > len(moods):
            for widget in (self._labels.pop(), self.boxes.pop()):
                widget.setParent(None)
                widget.deleteLater()
        while len(self.boxes) < len(moods):
            box = percent_box("", optional=True)
            box.setValue(NOT_RATED)
            box.valueChanged.connect(self.changed)
            name_label = label("")
            name_label.setBuddy(box)
            self._grid.addWidget(name_label, len(self.boxes) + 1, 0)
            self._grid.addWidget(box, len(self.boxes) + 1, 1)
            self.boxes.append(box)
            self._labels.append(name_label)
        for mood, box, name_label in zip(moods, self.boxes, self._labels, strict=True):
            name_label.setText(f"{mood.name} (was {mood.strength}%)")
            box.setAccessibleName(f"{mood.name} now, 0 to 100")
        self._empty.setVisible(not self.boxes)

    def set_ratings(self, moods_after: tuple[MoodRating, ...]) -> None:
        """Put each re-rating beside the mood of the same name (any case)."""
        after = {mood.name.casefold(): mood.strength for mood in moods_after}
        for mood, box in zip(self._moods, self.boxes, strict=True):
            box.setValue(after.get(mood.name.casefold(), NOT_RATED))

    def ratings(self, moods: tuple[MoodRating, ...]) -> tuple[MoodRating, ...]:
        return tuple(
            MoodRating(mood.name, box.value())
            for mood, box in zip(moods, self.boxes, strict=False)
            if box.value() != NOT_RATED
        )


class ThoughtList(QWidget):
    """Step 3: automatic thoughts, one per line, with one marked as the hot thought."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout = QVBoxLayout()
        layout.addLayout(self._rows_layout)
        self.texts: list[QLineEdit] = []
        self.hot: list[QRadioButton] = []
        self._group = QButtonGroup(self)
        self._group.buttonToggled.connect(lambda *_: self.changed.emit())
        self.add = button("Add a thought", "Add an automatic thought")
        layout.addLayout(spread_row([self.add]))
        self.add.clicked.connect(lambda: self.add_thought("").setFocus())

    def add_thought(self, text: str) -> QLineEdit:
        number = len(self.texts) + 1
        row = QHBoxLayout()
        field = QLineEdit(text)
        field.setAccessibleName(f"Automatic thought {number}")
        field.setPlaceholderText("A thought, in the words it came to me")
        hot = QRadioButton("Hot thought")
        hot.setAccessibleName(f"Thought {number} is the hot thought")
        hot.setToolTip("The thought that carries the strongest feeling")
        self._group.addButton(hot, number - 1)
        field.textChanged.connect(self.changed)
        row.addWidget(field, 1)
        row.addWidget(hot)
        self._rows_layout.addLayout(row)
        self.texts.append(field)
        self.hot.append(hot)
        self.changed.emit()
        return field

    def set_thoughts(self, thoughts: tuple[str, ...], hot_thought: int | None) -> None:
        """Show ``thoughts``, reusing the rows already there."""
        while len(self.texts) > len(thoughts):
            field, hot = self.texts.pop(), self.hot.pop()
            self._group.removeButton(hot)
            for widget in (field, hot):
                widget.setParent(None)
                widget.deleteLater()
        for position, thought in enumerate(thoughts):
            if position < len(self.texts):
                self.texts[position].setText(thought)
            else:
                self.add_thought(thought)
        self._group.setExclusive(False)
        for position, hot in enumerate(self.hot):
            hot.setChecked(position == hot_thought)
        self._group.setExclusive(True)

    def thoughts(self) -> tuple[tuple[str, ...], int | None]:
        kept: list[str] = []
        hot_index: int | None = None
        for field, hot in zip(self.texts, self.hot, strict=True):
            text = field.text().strip()
            if not text:
                continue
            if hot.isChecked():
                hot_index = len(kept)
            kept.append(text)
        return tuple(kept), hot_index


def _step(layout: QVBoxLayout, heading: str, hints: tuple[str, ...] | str = ()) -> None:
    layout.addSpacing(6)
    layout.addWidget(label(heading, "SectionHeading"))
    for hint in (hints,) if isinstance(hints, str) else hints:
        layout.addWidget(label(hint, "Hint"))


@register_section
class ThoughtRecordSection(EntrySection):
    kind = EntryKind.THOUGHT_RECORD
    date_label = "When it happened"
    body_label = "Anything else about it"
    text_fields = ("situation", "evidence_for", "evidence_against", "balanced_thought")

    def build(self, layout: QVBoxLayout) -> None:
        self._grew_from = ""
        layout.addWidget(
            label(
                "A thought record helps you look at a hard moment from more than one side. "
                "Fill in what helps; every step can be skipped.",
                "Hint",
            )
        )
        _step(layout, "1. Situation", "Who, what, when, where: one short, specific moment.")
        self.situation = labelled_text_area(layout, "Situation", 64)
        _step(layout, "2. Moods", "What did I feel? One word each, and how strong (0–100).")
        self.moods = MoodList("Moods")
        layout.addWidget(self.moods)
        self.moods_error = self._error_label(layout, "moods")
        _step(layout, "3. Automatic thoughts", AUTOMATIC_THOUGHT_HINTS)
        self.automatic_thoughts = ThoughtList()
        layout.addWidget(self.automatic_thoughts)
        self.thoughts_error = self._error_label(layout, "automatic_thoughts")
        self._error_labels["hot_thought"] = self.thoughts_error
        _step(layout, "4. Evidence that supports the hot thought", EVIDENCE_FOR_HINT)
        self.evidence_for = labelled_text_area(layout, "Evidence that supports it", 64)
        _step(layout, "5. Evidence that does not support it", EVIDENCE_AGAINST_HINTS)
        self.evidence_against = labelled_text_area(layout, "Evidence that does not support it", 64)
        _step(layout, "6. A balanced or alternative thought", BALANCED_THOUGHT_HINT)
        self.balanced_thought = labelled_text_area(layout, "Balanced thought", 64)
        belief_label = label("How much I believe it", wrap=False)
        self.belief = percent_box("How much I believe the balanced thought", optional=True)
        belief_label.setBuddy(self.belief)
        layout.addLayout(spread_row([belief_label, self.belief]))
        self.belief_error = self._error_label(layout, "belief")
        _step(layout, "7. Moods now", "Rate the moods from step 2 again, 0–100.")
        self.moods_after = ReRating()
        layout.addWidget(self.moods_after)
        self.moods_after_error = self._error_label(layout, "moods_after")
        _step(layout, "Thinking traps I noticed (optional)", "Common patterns; tick any you saw.")
        self.thinking_traps = self._check_boxes(
            layout, ((trap, trap.label, trap.explanation) for trap in ThinkingTrap)
        )
        self.moods.changed.connect(lambda: self.moods_after.follow(self.moods.moods()))
        self._notify_on(
            self.moods.changed,
            self.automatic_thoughts.changed,
            self.belief.valueChanged,
            self.moods_after.changed,
        )

    def load(self, details: EntryDetails) -> None:
        record = details if isinstance(details, ThoughtRecordDetails) else ThoughtRecordDetails()
        self._grew_from = record.grew_from
        self._load_text_fields(record)
        self.moods.set_moods(record.moods)
        self.moods_after.follow(record.moods)
        self.moods_after.set_ratings(record.moods_after)
        self.automatic_thoughts.set_thoughts(record.automatic_thoughts, record.hot_thought)
        self.belief.setValue(NOT_RATED if record.belief is None else record.belief)
        tick(self.thinking_traps, record.thinking_traps)

    def read(self) -> ThoughtRecordDetails:
        moods = self.moods.moods()
        thoughts, hot = self.automatic_thoughts.thoughts()
        belief = self.belief.value()
        return ThoughtRecordDetails(
            moods=moods,
            automatic_thoughts=thoughts,
            hot_thought=hot,
            belief=None if belief == NOT_RATED else belief,
            moods_after=self.moods_after.ratings(moods),
            thinking_traps=ticked(self.thinking_traps),
            grew_from=self._grew_from,
            **self._text_field_values(),
        )


@register_section
class CheckInSection(EntrySection):
    kind = EntryKind.CHECK_IN
    date_label = "When"
    body_label = "More, if you want"

    def build(self, layout: QVBoxLayout) -> None:
        self.feelings = labelled(
            layout,
            "How do I feel right now?",
            feelings_field("Feelings right now", "For example: tired, a bit anxious"),
        )
        self.feelings_error = self._error_label(layout, "feelings")
        self.strength = self._scale(layout, "How strong is it?", ScaleField(FEELING_STRENGTH))
        self.strength.slider.setAccessibleName("How strong the feeling is")
        self.note = labelled(
            layout,
            "One line (optional)",
            line_edit("One line about it", "What's going on, in a few words"),
        )
        self._notify_on(self.feelings.textChanged, self.note.textChanged)

    def load(self, details: EntryDetails) -> None:
        check_in = details if isinstance(details, CheckInDetails) else CheckInDetails()
        self.feelings.setText(", ".join(check_in.feelings))
        self.strength.slider.setValue(check_in.strength)
        self.note.setText(check_in.note)

    def read(self) -> CheckInDetails:
        return CheckInDetails(
            feelings=parse_feelings(self.feelings.text()),
            strength=self.strength.slider.value(),
            note=self.note.text().strip(),
        )
