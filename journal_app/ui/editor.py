"""The entry editor: one form whose fields follow the entry's kind, with quiet autosave.

``EditorView`` is layout only. ``EditorController`` loads entries into it, saves ~1.5 s after
typing stops (and at once before anything that could lose text: switching entries, locking,
closing), shows validation problems next to the field, and manages the questions list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import (
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryDetails,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
    as_utc,
    utc_now,
)
from journal_app.domain.validation import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    ValidationError,
)
from journal_app.storage import Vault
from journal_app.storage.errors import JournalError
from journal_app.ui import icons
from journal_app.ui.dialogs import DialogService
from journal_app.ui.markdown_preview import render_markdown
from journal_app.ui.tag_edit import TagEdit
from journal_app.ui.theme import current_colors
from journal_app.ui.widgets import button, label

AUTOSAVE_MS = 1500

DATE_LABELS = {
    EntryKind.SESSION: "Session date",
    EntryKind.BLOCK: "When it happened",
    EntryKind.REFLECTION: "Date",
}
BODY_LABELS = {
    EntryKind.SESSION: "Anything else about the session",
    EntryKind.BLOCK: "Anything else you want to remember",
    EntryKind.REFLECTION: "Write freely",
}


def _text_area(name: str, height: int = 84) -> QPlainTextEdit:
    area = QPlainTextEdit()
    area.setAccessibleName(name)
    area.setTabChangesFocus(True)
    area.setFixedHeight(height)
    return area


class ScaleField(QWidget):
    """A 0-10 slider with its number and what the ends mean, spelled out."""

    def __init__(self, name: str, meaning: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.value = QLabel("5")
        self.value.setMinimumWidth(28)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.meaning = label(meaning, "Hint")
        layout.addWidget(self.slider, 0, 0)
        layout.addWidget(self.value, 0, 1)
        layout.addWidget(self.meaning, 1, 0, 1, 2)
        self.slider.valueChanged.connect(lambda v: self.value.setText(str(v)))


class EditorView(QWidget):
    """Layout only: an empty state and the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorSurface")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self._build_empty()
        self._build_form()

    def _build_empty(self) -> None:
        page = QWidget()
        page.setObjectName("EditorSurface")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = label("What would you like to write?", "Subheading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = label("Pick an entry on the left to read it again, or start something new.", "Muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        row = QHBoxLayout()
        row.addStretch(1)
        self.start_session = button("Session note", "New session note")
        self.start_block = button("Emotional block", "New emotional block")
        self.start_reflection = button("Reflection", "New reflection")
        for kind, widget in (
            (EntryKind.SESSION, self.start_session),
            (EntryKind.BLOCK, self.start_block),
            (EntryKind.REFLECTION, self.start_reflection),
        ):
            widget.setIcon(icons.kind_icon(kind))
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.empty_page = page
        self.pages.addWidget(page)

    def _build_form(self) -> None:
        scroll = QScrollArea()
        scroll.setObjectName("EditorScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        surface = QWidget()
        surface.setObjectName("EditorSurface")
        scroll.setWidget(surface)
        centering = QHBoxLayout(surface)
        centering.setContentsMargins(40, 24, 40, 40)
        column_widget = QWidget()
        column_widget.setMaximumWidth(760)
        centering.addStretch(1)
        centering.addWidget(column_widget, 20)
        centering.addStretch(1)
        form = QVBoxLayout(column_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)

        # Header: kind, saved indicator, preview switch
        header = QHBoxLayout()
        self.kind_icon = QLabel()
        self.kind_label = label("", "Muted", wrap=False)
        self.saved = label("", "Saved", wrap=False)
        self.saved.setAccessibleName("Save status")
        self.preview_toggle = QPushButton("Preview")
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.setAccessibleName("Preview the writing as formatted text")
        self.delete = button("Move to Trash…", "Move this entry to the Trash", link=True)
        header.addWidget(self.kind_icon)
        header.addWidget(self.kind_label)
        header.addStretch(1)
        header.addWidget(self.saved)
        header.addSpacing(8)
        header.addWidget(self.delete)
        header.addWidget(self.preview_toggle)
        form.addLayout(header)

        self.general_error = label("", "Error")
        self.general_error.hide()
        form.addWidget(self.general_error)

        self.title = QLineEdit()
        self.title.setObjectName("TitleField")
        self.title.setPlaceholderText("Title (optional)")
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(MAX_TITLE_LENGTH)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() + 6)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        form.addWidget(self.title)
        self.title_error = self._error_label(form)

        date_row = QHBoxLayout()
        self.date_label = label("Date", wrap=False)
        self.occurred_at = QDateTimeEdit()
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setDisplayFormat("d MMMM yyyy, HH:mm")
        self.occurred_at.setAccessibleName("When it happened")
        self.date_label.setBuddy(self.occurred_at)
        date_row.addWidget(self.date_label)
        date_row.addWidget(self.occurred_at)
        date_row.addStretch(1)
        form.addLayout(date_row)
        form.addSpacing(6)

        self.session_form = self._build_session_form()
        self.block_form = self._build_block_form()
        self.reflection_form = self._build_reflection_form()
        for widget in (self.session_form, self.block_form, self.reflection_form):
            form.addWidget(widget)

        self.body_label = label("Write freely", "Subheading")
        form.addSpacing(6)
        form.addWidget(self.body_label)
        self.body = QPlainTextEdit()
        self.body.setObjectName("Body")
        self.body.setAccessibleName("Writing")
        self.body.setAccessibleDescription("Markdown is welcome: *italic*, **bold**, lists")
        self.body.setPlaceholderText("Whatever comes to mind. Nobody else will read this.")
        self.body.setMinimumHeight(260)
        self.body.document().setDocumentMargin(16)
        self.body.setTabChangesFocus(True)
        self.body_label.setBuddy(self.body)
        self.preview = QTextBrowser()
        self.preview.setObjectName("Preview")
        self.preview.setAccessibleName("Formatted preview")
        self.preview.setOpenLinks(False)
        self.preview.setMinimumHeight(260)
        self.preview.document().setDocumentMargin(16)
        self.preview.hide()
        form.addWidget(self.body)
        form.addWidget(self.preview)
        self.body_error = self._error_label(form)

        tags_label = label("Tags")
        self.tags = TagEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setAccessibleDescription("Separate tags with commas")
        tags_label.setBuddy(self.tags)
        form.addSpacing(6)
        form.addWidget(tags_label)
        form.addWidget(self.tags)
        self.tags_error = self._error_label(form)

        self.private = QCheckBox("Private: never include this entry in exports or summaries")
        self.private.setAccessibleName("Private, never export")
        form.addWidget(self.private)

        form.addSpacing(10)
        form.addWidget(label("Questions for my therapist", "Subheading"))
        self.questions = QListWidget()
        self.questions.setAccessibleName("Questions for my therapist")
        self.questions.setAccessibleDescription(
            "Tick a question when it has been answered. Press F2 to change its words."
        )
        self.questions.setFixedHeight(110)
        form.addWidget(self.questions)
        question_row = QHBoxLayout()
        self.new_question = QLineEdit()
        self.new_question.setPlaceholderText("Something you'd like to ask or bring up…")
        self.new_question.setAccessibleName("New question for my therapist")
        self.add_question = button("Add question", "Add question")
        question_row.addWidget(self.new_question, 1)
        question_row.addWidget(self.add_question)
        form.addLayout(question_row)
        self.questions_hint = label(
            "Tick a question once it's been answered. Double-click (or F2) to change it.", "Hint"
        )
        form.addWidget(self.questions_hint)
        form.addStretch(1)

        self.form_page = scroll
        self.pages.addWidget(scroll)

    def _error_label(self, form: QVBoxLayout) -> QLabel:
        error = label("", "Error")
        error.hide()
        form.addWidget(error)
        return error

    def _build_session_form(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        therapist_label = label("Therapist")
        self.therapist = QLineEdit()
        self.therapist.setAccessibleName("Therapist")
        self.therapist.setPlaceholderText("Who you saw (optional)")
        therapist_label.setBuddy(self.therapist)
        layout.addWidget(therapist_label)
        layout.addWidget(self.therapist)
        self.talked_about = _text_area("What we talked about")
        self.noticed_felt = _text_area("What I noticed or felt")
        self.insights = _text_area("Insights")
        self.homework = _text_area("Homework or things to try", 64)
        for text, area in (
            ("What we talked about", self.talked_about),
            ("What I noticed or felt", self.noticed_felt),
            ("Insights", self.insights),
            ("Homework, or things to try", self.homework),
        ):
            field_label = label(text)
            field_label.setBuddy(area)
            layout.addWidget(field_label)
            layout.addWidget(area)
        return widget

    def _build_block_form(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
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
        layout.addLayout(grid)
        self.blocked_other = QLineEdit()
        self.blocked_other.setPlaceholderText("A few words about what it was")
        self.blocked_other.setAccessibleName("Something else: what it was")
        layout.addWidget(self.blocked_other)
        self.blocked_other_error = label("", "Error")
        self.blocked_other_error.hide()
        layout.addWidget(self.blocked_other_error)
        layout.addSpacing(4)
        feeling_label = label("How strong was the feeling underneath?")
        self.feeling_intensity = ScaleField(
            "How strong the feeling was", "0 = barely there, 10 = overwhelming"
        )
        feeling_label.setBuddy(self.feeling_intensity.slider)
        block_label = label("How strong was the block?")
        self.block_intensity = ScaleField(
            "How strong the block was", "0 = it came out easily, 10 = completely shut away"
        )
        block_label.setBuddy(self.block_intensity.slider)
        for field_label, field in (
            (feeling_label, self.feeling_intensity),
            (block_label, self.block_intensity),
        ):
            layout.addWidget(field_label)
            layout.addWidget(field)
        self.what_was_happening = _text_area("What was happening")
        self.what_helped = _text_area("What helped, or what I'd try next time")
        for text, area in (
            ("What was happening", self.what_was_happening),
            ("What helped, or what I'd try next time", self.what_helped),
        ):
            field_label = label(text)
            field_label.setBuddy(area)
            layout.addWidget(field_label)
            layout.addWidget(area)
        return widget

    def _build_reflection_form(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.has_mood = QCheckBox("Note my mood")
        self.has_mood.setAccessibleName("Note my mood")
        self.mood = ScaleField("Mood", "0 = very low, 10 = really good")
        layout.addWidget(self.has_mood)
        layout.addWidget(self.mood)
        return widget

    def set_body_font_size(self, size: int) -> None:
        for widget in (self.body, self.preview):
            font = QFont(widget.font())
            font.setPointSize(size)
            widget.setFont(font)


def _lenient(entry: Entry, error: ValidationError) -> Entry | None:
    """A savable version of ``entry`` that keeps all the writing, or None if there is none."""
    if error.field == "title":
        return entry.with_changes(title=entry.title.replace("\n", " ")[:MAX_TITLE_LENGTH])
    if error.field == "tags":
        tags = tuple(t for t in entry.tags if 0 < len(t) <= MAX_TAG_LENGTH and "," not in t)
        return entry.with_changes(tags=tags[:MAX_TAGS])
    if error.field == "blocked_other" and isinstance(entry.details, EmotionalBlockDetails):
        blocked = tuple(b for b in entry.details.blocked if b is not BlockType.OTHER)
        return entry.with_changes(details=replace(entry.details, blocked=blocked))
    return None


class EditorController:
    """Owns the entry being edited and keeps the vault up to date with the form."""

    def __init__(
        self,
        view: EditorView,
        *,
        vault: Vault,
        dialogs: DialogService,
        on_saved: Callable[[Entry], None],
        on_deleted: Callable[[int], None],
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        self.view = view
        self._vault = vault
        self._dialogs = dialogs
        self._on_saved = on_saved
        self._on_deleted = on_deleted
        self.current: Entry | None = None
        self.dirty = False
        self._loading = False
        self._timer = QTimer(view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self.save_now)
        self._wire()
        self.show_empty()

    # -- wiring

    def _wire(self) -> None:
        v = self.view
        for line in (v.title, v.tags, v.therapist, v.blocked_other):
            line.textChanged.connect(self._edited)
        for area in (
            v.body,
            v.talked_about,
            v.noticed_felt,
            v.insights,
            v.homework,
            v.what_was_happening,
            v.what_helped,
        ):
            area.textChanged.connect(self._edited)
        v.occurred_at.dateTimeChanged.connect(self._edited)
        v.private.toggled.connect(self._edited)
        v.setting.currentIndexChanged.connect(self._edited)
        for box in v.blocked.values():
            box.toggled.connect(self._edited)
        v.blocked[BlockType.OTHER].toggled.connect(self._update_other_field)
        for scale in (v.feeling_intensity, v.block_intensity, v.mood):
            scale.slider.valueChanged.connect(self._edited)
        v.has_mood.toggled.connect(self._edited)
        v.has_mood.toggled.connect(v.mood.setEnabled)
        v.preview_toggle.toggled.connect(self.set_preview)
        v.add_question.clicked.connect(self.add_question)
        v.new_question.returnPressed.connect(self.add_question)
        v.questions.itemChanged.connect(self._question_changed)
        v.delete.clicked.connect(self.delete_current)

    def _update_other_field(self, checked: bool) -> None:
        self.view.blocked_other.setEnabled(checked)

    def _edited(self, *_args: object) -> None:
        if self._loading or self.current is None:
            return
        self.dirty = True
        self.view.saved.setText("")
        self._timer.start()

    # -- showing entries

    def show_empty(self) -> None:
        self.view.pages.setCurrentWidget(self.view.empty_page)

    def set_known_tags(self, tags: list[str]) -> None:
        """The tags offered for completion (loaded by the page, off the UI thread)."""
        self.view.tags.set_known_tags(tags)

    def new_entry(self, kind: EntryKind) -> None:
        self.flush()
        now = utc_now().replace(second=0, microsecond=0)
        self._show(Entry.new(kind, occurred_at=now))
        self.view.title.setFocus()

    def open_entry(self, entry_id: int) -> None:
        if self.current is not None and self.current.id == entry_id:
            return
        self.flush()
        try:
            entry = self._vault.get_entry(entry_id)
        except JournalError as error:
            self._show_general_error(str(error))
            return
        self._show(entry)

    def _show(self, entry: Entry) -> None:
        v = self.view
        self._loading = True
        try:
            self.current = entry
            self.dirty = False
            self._timer.stop()
            self._clear_errors()
            kind = entry.kind
            v.kind_icon.setPixmap(icons.pixmap(kind.value, current_colors().kind(kind), 20))
            v.kind_label.setText(kind.label)
            v.date_label.setText(DATE_LABELS[kind])
            v.occurred_at.setAccessibleName(DATE_LABELS[kind])
            v.body_label.setText(BODY_LABELS[kind])
            v.session_form.setVisible(kind is EntryKind.SESSION)
            v.block_form.setVisible(kind is EntryKind.BLOCK)
            v.reflection_form.setVisible(kind is EntryKind.REFLECTION)
            v.title.setText(entry.title)
            v.occurred_at.setDateTime(
                QDateTime.fromMSecsSinceEpoch(int(entry.occurred_at.timestamp() * 1000))
            )
            v.body.setPlainText(entry.body)
            v.tags.set_tags(entry.tags)
            v.private.setChecked(entry.private)
            self._show_details(entry.details)
            self._show_questions(entry)
            v.saved.setText("Saved" if entry.id is not None else "")
            v.delete.setEnabled(True)
            v.preview_toggle.setChecked(False)
            self.set_preview(False)
            v.pages.setCurrentWidget(v.form_page)
        finally:
            self._loading = False

    def _show_details(self, details: EntryDetails) -> None:
        v = self.view
        session = details if isinstance(details, SessionNoteDetails) else SessionNoteDetails()
        v.therapist.setText(session.therapist)
        v.talked_about.setPlainText(session.talked_about)
        v.noticed_felt.setPlainText(session.noticed_felt)
        v.insights.setPlainText(session.insights)
        v.homework.setPlainText(session.homework)
        block = details if isinstance(details, EmotionalBlockDetails) else EmotionalBlockDetails()
        v.setting.setCurrentIndex(max(0, v.setting.findData(block.setting.value)))
        for block_type, box in v.blocked.items():
            box.setChecked(block_type in block.blocked)
        v.blocked_other.setText(block.blocked_other)
        v.blocked_other.setEnabled(BlockType.OTHER in block.blocked)
        v.feeling_intensity.slider.setValue(block.feeling_intensity)
        v.block_intensity.slider.setValue(block.block_intensity)
        v.what_was_happening.setPlainText(block.what_was_happening)
        v.what_helped.setPlainText(block.what_helped)
        reflection = details if isinstance(details, ReflectionDetails) else ReflectionDetails()
        v.has_mood.setChecked(reflection.mood is not None)
        v.mood.setEnabled(reflection.mood is not None)
        v.mood.slider.setValue(5 if reflection.mood is None else reflection.mood)

    def _show_questions(self, entry: Entry) -> None:
        widget = self.view.questions
        widget.blockSignals(True)
        widget.clear()
        for question in entry.questions:
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

    # -- reading the form

    def _details_from_form(self, kind: EntryKind) -> EntryDetails:
        v = self.view
        if kind is EntryKind.SESSION:
            return SessionNoteDetails(
                therapist=v.therapist.text().strip(),
                talked_about=v.talked_about.toPlainText(),
                noticed_felt=v.noticed_felt.toPlainText(),
                insights=v.insights.toPlainText(),
                homework=v.homework.toPlainText(),
            )
        if kind is EntryKind.BLOCK:
            setting = v.setting.currentData()
            return EmotionalBlockDetails(
                setting=BlockSetting(setting) if setting else BlockSetting.OTHER,
                blocked=tuple(t for t, box in v.blocked.items() if box.isChecked()),
                blocked_other=v.blocked_other.text().strip(),
                feeling_intensity=v.feeling_intensity.slider.value(),
                block_intensity=v.block_intensity.slider.value(),
                what_was_happening=v.what_was_happening.toPlainText(),
                what_helped=v.what_helped.toPlainText(),
            )
        return ReflectionDetails(mood=v.mood.slider.value() if v.has_mood.isChecked() else None)

    def entry_from_form(self) -> Entry:
        assert self.current is not None
        v = self.view
        moment = v.occurred_at.dateTime().toPython()
        assert isinstance(moment, datetime)
        return self.current.with_changes(
            title=v.title.text().strip(),
            body=v.body.toPlainText(),
            occurred_at=as_utc(moment),
            tags=v.tags.tags(),
            private=v.private.isChecked(),
            details=self._details_from_form(self.current.kind),
        )

    # -- saving

    def flush(self) -> bool:
        """Save pending edits now (before switching, locking or quitting)."""
        self._timer.stop()
        if self.dirty:
            return self.save_now()
        return True

    def save_now(self) -> bool:
        if self.current is None:
            return True
        self._timer.stop()
        entry = self.entry_from_form()
        self._clear_errors()
        try:
            saved = self._store(entry)
        except ValidationError as error:
            self._show_field_error(error)
            fallback = _lenient(entry, error)
            if fallback is None:
                return False
            try:
                saved = self._store(fallback)
            except (ValidationError, JournalError):
                return False
            # The writing is safe; keep the form as typed so the person can fix the field.
            self.current = replace(saved, questions=self.current.questions)
            self.dirty = False
            self.view.saved.setText("Saved, except the part marked in red")
            self._on_saved(self.current)
            return False
        except JournalError as error:
            self._show_general_error(f"This entry couldn't be saved just now. {error}")
            return False
        self.current = saved
        self.dirty = False
        self.view.saved.setText("Saved")
        self._on_saved(saved)
        return True

    def _store(self, entry: Entry) -> Entry:
        if entry.id is None:
            return self._vault.add_entry(entry)
        updated = self._vault.update_entry(entry)
        return updated

    def _clear_errors(self) -> None:
        v = self.view
        for error in (
            v.general_error,
            v.title_error,
            v.body_error,
            v.tags_error,
            v.blocked_other_error,
        ):
            error.setText("")
            error.hide()

    def _show_field_error(self, error: ValidationError) -> None:
        v = self.view
        target = {
            "title": v.title_error,
            "body": v.body_error,
            "tags": v.tags_error,
            "blocked_other": v.blocked_other_error,
        }.get(error.field, v.general_error)
        target.setText(error.message)
        target.show()

    def _show_general_error(self, text: str) -> None:
        self.view.general_error.setText(text)
        self.view.general_error.show()

    # -- preview

    def set_preview(self, on: bool) -> None:
        v = self.view
        if on:
            v.preview.setHtml(render_markdown(v.body.toPlainText()))
        else:
            v.preview.setHtml("")
        v.preview.setVisible(on)
        v.body.setVisible(not on)
        v.preview_toggle.setText("Edit" if on else "Preview")

    # -- questions

    def add_question(self) -> None:
        text = self.view.new_question.text().strip()
        if not text or self.current is None:
            return
        if self.current.id is None or self.dirty:
            self.save_now()
        if self.current is None or self.current.id is None:
            return
        try:
            self._vault.add_question(self.current.id, text)
        except ValidationError as error:
            self._show_general_error(error.message)
            return
        self.view.new_question.setText("")
        self._reload_questions()

    def _question_changed(self, item: QListWidgetItem) -> None:
        question_id = item.data(Qt.ItemDataRole.UserRole)
        if self.current is None or question_id is None:
            return
        question = next((q for q in self.current.questions if q.id == question_id), None)
        if question is None:
            return
        try:
            resolved = item.checkState() == Qt.CheckState.Checked
            if resolved and question.is_open:
                self._vault.resolve_question(question_id)
            elif not resolved and not question.is_open:
                self._vault.reopen_question(question_id)
            text = item.text().strip()
            if text and text != question.text:
                self._vault.edit_question(question_id, text)
        except ValidationError as error:
            self._show_general_error(error.message)
        self._reload_questions()

    def edit_question(self, row: int, text: str) -> None:
        item = self.view.questions.item(row)
        if item is not None:
            item.setText(text)

    def _reload_questions(self) -> None:
        if self.current is None or self.current.id is None:
            return
        stored = self._vault.get_entry(self.current.id)
        self.current = replace(self.current, questions=stored.questions)
        self._show_questions(self.current)
        self._on_saved(self.current)

    # -- deleting and clearing

    def delete_current(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.id is None:
            self.dirty = False
            self.current = None
            self.clear()
            return
        if not self._dialogs.confirm(
            self.view,
            "Move to Trash?",
            f"Move “{entry.display_title}” to the Trash?",
            yes_label="Move to Trash",
            informative="You can bring it back from the Trash later.",
        ):
            return
        self._timer.stop()
        if self.dirty:
            self.save_now()
        self._vault.delete_entry(entry.id)
        self.dirty = False
        self.current = None
        self.clear()
        self._on_deleted(entry.id)

    def clear(self) -> None:
        """Empty every field (after flushing), so nothing of the entry stays on screen."""
        self.flush()
        self._loading = True
        try:
            v = self.view
            self.current = None
            self.dirty = False
            for line in (v.title, v.tags, v.therapist, v.blocked_other, v.new_question):
                line.setText("")
            for area in (
                v.body,
                v.talked_about,
                v.noticed_felt,
                v.insights,
                v.homework,
                v.what_was_happening,
                v.what_helped,
            ):
                area.setPlainText("")
            v.preview.setHtml("")
            v.questions.clear()
            v.tags.set_known_tags([])
            v.saved.setText("")
            self._clear_errors()
        finally:
            self._loading = False
        self.show_empty()
