"""The entry editor: one form whose fields follow the entry's kind, with quiet autosave.

``EditorView`` is layout only. ``EditorController`` loads entries into it, saves ~1.5 s after
typing stops (and at once before anything that could lose text: switching entries, locking,
closing), shows validation problems next to the field, and manages the questions list and the
entry's links to articles.

Nothing typed is lost: while an entry has unsaved changes (or its last save failed), the form is
kept as an encrypted draft in the journal at most every few seconds, and the draft is discarded as
soon as the entry saves. After a crash the main window offers to bring the draft back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QFont, QTextCursor
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
    ArticleLink,
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryDetails,
    EntryKind,
    ReflectionDetails,
    SessionNoteDetails,
    as_utc,
    details_from_dict,
    details_to_dict,
    utc_now,
)
from journal_app.domain.validation import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    ValidationError,
)
from journal_app.library import Library
from journal_app.storage import Vault
from journal_app.storage.errors import JournalError
from journal_app.storage.recovery import Draft
from journal_app.ui import icons
from journal_app.ui.dialogs import DialogService
from journal_app.ui.markdown_preview import render_markdown
from journal_app.ui.tag_edit import TagEdit
from journal_app.ui.theme import current_colors
from journal_app.ui.widgets import ClickableText, button, label

AUTOSAVE_MS = 1500
# How often, at most, the unsaved form is kept as a draft while someone is typing.
DRAFT_MS = 3000
QUOTE_EXCERPT_CHARS = 90

ArticlePicker = Callable[[Library, QWidget], "tuple[str, str | None] | None"]
OpenArticle = Callable[[str, "str | None", str], None]

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


def _form_page() -> tuple[QWidget, QVBoxLayout]:
    """An empty page for one kind's fields, flush with the rest of the editor."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    return widget, layout


def _labelled_text_area(layout: QVBoxLayout, name: str, height: int = 84) -> QPlainTextEdit:
    """A short text box under its label (the label's buddy, so Alt+key and screen readers work)."""
    area = QPlainTextEdit()
    area.setAccessibleName(name)
    area.setTabChangesFocus(True)
    area.setFixedHeight(height)
    field_label = label(name)
    field_label.setBuddy(area)
    layout.addWidget(field_label)
    layout.addWidget(area)
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


class LinkRow(QWidget):
    """One linked article in the editor: its title, the comment or passage, Open and Remove."""

    def __init__(self, title: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(8)
        text = QVBoxLayout()
        text.setSpacing(0)
        self.title = label(title)
        text.addWidget(self.title)
        self.detail = label(detail, "Hint")
        self.detail.setVisible(bool(detail))
        text.addWidget(self.detail)
        layout.addLayout(text, 1)
        self.open = button("Open", f"Open {title}", link=True)
        self.remove = button("Remove", f"Remove the link to {title}", link=True)
        layout.addWidget(self.open, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)


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

        form.addSpacing(6)
        self._build_prompts(form)
        self.body_label = label("Write freely", "Subheading")
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
        self._build_links(form)

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

    def _build_prompts(self, form: QVBoxLayout) -> None:
        """A quiet card of reflection prompts, shown when writing about an article."""
        self.prompts_card = QFrame()
        self.prompts_card.setObjectName("Card")
        self.prompts_card.setAccessibleName("Prompts from Between Sessions")
        card = QVBoxLayout(self.prompts_card)
        card.setContentsMargins(18, 12, 12, 14)
        card.setSpacing(6)
        header = QHBoxLayout()
        header.addWidget(label("Prompts from Between Sessions", "Muted", wrap=False))
        header.addStretch(1)
        self.prompts_hide = button("Hide", "Hide the prompts", link=True)
        header.addWidget(self.prompts_hide)
        card.addLayout(header)
        self.prompts_hint = label("", "Hint")
        card.addWidget(self.prompts_hint)
        self.prompts_list = QVBoxLayout()
        self.prompts_list.setSpacing(8)
        card.addLayout(self.prompts_list)
        self.prompt_buttons: list[ClickableText] = []
        self.prompts_card.hide()
        form.addWidget(self.prompts_card)
        form.addSpacing(4)

    def set_prompts(self, prompts: Sequence[str], article_title: str) -> None:
        for old in self.prompt_buttons:
            self.prompts_list.removeWidget(old)
            old.deleteLater()
        self.prompt_buttons = []
        for prompt in prompts:
            item = ClickableText(f"“{prompt}”", f"Add this prompt to your writing: {prompt}")
            item.setObjectName("Prompt")
            item.setProperty("prompt", prompt)
            self.prompts_list.addWidget(item)
            self.prompt_buttons.append(item)
        self.prompts_hint.setText(
            f"While you think about “{article_title}”. Click one to add it to your writing."
            if article_title
            else "Click one to add it to your writing."
        )
        self.prompts_card.setVisible(bool(prompts))

    def _build_links(self, form: QVBoxLayout) -> None:
        form.addWidget(label("Linked articles", "Subheading"))
        self.links_box = QVBoxLayout()
        self.links_box.setSpacing(2)
        form.addLayout(self.links_box)
        self.links_empty = label(
            "Link an article you've been reading, so you can find this entry from it.", "Hint"
        )
        form.addWidget(self.links_empty)
        row = QHBoxLayout()
        self.link_article = button("Link an article…", "Link an article to this entry")
        self.link_article.setIcon(icons.icon("link"))
        row.addWidget(self.link_article)
        row.addStretch(1)
        form.addLayout(row)
        self.link_rows: list[LinkRow] = []

    def _error_label(self, form: QVBoxLayout) -> QLabel:
        error = label("", "Error")
        error.hide()
        form.addWidget(error)
        return error

    def _build_session_form(self) -> QWidget:
        widget, layout = _form_page()
        therapist_label = label("Therapist")
        self.therapist = QLineEdit()
        self.therapist.setAccessibleName("Therapist")
        self.therapist.setPlaceholderText("Who you saw (optional)")
        therapist_label.setBuddy(self.therapist)
        layout.addWidget(therapist_label)
        layout.addWidget(self.therapist)
        self.talked_about = _labelled_text_area(layout, "What we talked about")
        self.noticed_felt = _labelled_text_area(layout, "What I noticed or felt")
        self.insights = _labelled_text_area(layout, "Insights")
        self.homework = _labelled_text_area(layout, "Homework, or things to try", 64)
        return widget

    def _build_block_form(self) -> QWidget:
        widget, layout = _form_page()
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
        self.what_was_happening = _labelled_text_area(layout, "What was happening")
        self.what_helped = _labelled_text_area(layout, "What helped, or what I'd try next time")
        return widget

    def _build_reflection_form(self) -> QWidget:
        widget, layout = _form_page()
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
        library: Library | None = None,
        on_open_article: OpenArticle | None = None,
        on_links_changed: Callable[[], None] | None = None,
        pick_article: ArticlePicker | None = None,
        draft_ms: int = DRAFT_MS,
    ) -> None:
        self.view = view
        self._vault = vault
        self._dialogs = dialogs
        self._on_saved = on_saved
        self._on_deleted = on_deleted
        self.library = library
        self._on_open_article = on_open_article or (lambda *_args: None)
        self._on_links_changed = on_links_changed or (lambda: None)
        self._pick_article = pick_article or _pick_with_dialog
        self.current: Entry | None = None
        self.dirty = False
        self.save_failed = False
        self.draft_key: str | None = None
        self._drafts_to_discard: set[str] = set()
        self._loading = False
        self._timer = QTimer(view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self.save_now)
        self._draft_timer = QTimer(view)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(draft_ms)
        self._draft_timer.timeout.connect(self.write_draft)
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
        v.prompts_hide.clicked.connect(self.hide_prompts)
        v.link_article.clicked.connect(self.link_article)

    def _update_other_field(self, checked: bool) -> None:
        self.view.blocked_other.setEnabled(checked)

    def _edited(self, *_args: object) -> None:
        if self._loading or self.current is None:
            return
        self.dirty = True
        self.view.saved.setText("")
        self._timer.start()
        if not self._draft_timer.isActive():
            self._draft_timer.start()

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

    def new_linked_entry(self, entry: Entry, prompts: Sequence[str], article_title: str) -> None:
        """Start a new, unsaved entry (already linked to an article) and offer its prompts."""
        self.flush()
        self._show(entry)
        self.view.set_prompts(prompts, article_title)
        for item in self.view.prompt_buttons:
            prompt = str(item.property("prompt"))
            item.clicked.connect(lambda prompt=prompt: self.insert_prompt(prompt))
        self.view.body.setFocus()

    def hide_prompts(self) -> None:
        self.view.set_prompts((), "")

    def insert_prompt(self, prompt: str) -> None:
        """Put a prompt into the writing as a quote line, with room to answer below it."""
        body = self.view.body
        if self.view.preview.isVisible():
            self.view.preview_toggle.setChecked(False)
        cursor = body.textCursor()
        cursor.clearSelection()
        if cursor.positionInBlock() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertText("\n\n")
        elif cursor.block().previous().isValid() and cursor.block().previous().text().strip():
            cursor.insertText("\n")
        cursor.insertText(f"> {prompt}\n\n")
        body.setTextCursor(cursor)
        body.setFocus()

    def open_entry(self, entry_id: int) -> None:
        if self.current is not None and self.current.id == entry_id:
            return
        self.flush()
        try:
            entry = self._vault.entries.get(entry_id)
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
            self.save_failed = False
            self._timer.stop()
            self._draft_timer.stop()
            self.draft_key = draft_key_for(entry)
            self._clear_errors()
            self.view.set_prompts((), "")
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
            self._show_links(entry)
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

    # -- linked articles

    def _show_links(self, entry: Entry | None) -> None:
        v = self.view
        for row in v.link_rows:
            v.links_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        v.link_rows = []
        links = entry.links if entry is not None else ()
        for position, link in enumerate(links):
            title, detail = self.describe_link(link)
            row = LinkRow(title, detail)
            row.open.clicked.connect(lambda _c=False, link=link: self.open_link(link))
            row.remove.clicked.connect(
                lambda _c=False, position=position: self.remove_link(position)
            )
            v.links_box.addWidget(row)
            v.link_rows.append(row)
        v.links_empty.setVisible(not links)
        v.link_article.setEnabled(self.library is not None)

    def describe_link(self, link: ArticleLink) -> tuple[str, str]:
        """The article's title, and the comment's heading or the quoted passage."""
        article = self.library.get(link.article_slug) if self.library is not None else None
        if article is None:
            return link.article_slug, "This article isn't in the library any more."
        detail = ""
        comment = article.comment(link.comment_id) if link.comment_id else None
        if comment is not None:
            detail = comment.heading or _excerpt(comment.body)
            detail = f"Comment: {detail}"
        elif link.quote:
            detail = f"“{_excerpt(link.quote)}”"
        return article.title, detail

    def open_link(self, link: ArticleLink) -> None:
        self._on_open_article(link.article_slug, link.comment_id, link.quote)

    def link_article(self) -> None:
        if self.current is None or self.library is None:
            return
        chosen = self._pick_article(self.library, self.view)
        if chosen is None or self.current is None:
            return
        slug, comment_id = chosen
        link = ArticleLink(article_slug=slug, comment_id=comment_id)
        if self.current.id is None:
            self.current = replace(self.current, links=(*self.current.links, link))
            self._show_links(self.current)
            self._edited()
            return
        try:
            self._vault.links.add(self.current.id, link)
        except (ValidationError, JournalError) as error:
            self._show_general_error(str(error))
            return
        self._reload_links()

    def remove_link(self, position: int) -> None:
        if self.current is None or not 0 <= position < len(self.current.links):
            return
        link = self.current.links[position]
        if link.id is None:
            links = self.current.links[:position] + self.current.links[position + 1 :]
            self.current = replace(self.current, links=links)
            self._show_links(self.current)
            if self.current.id is None:
                self._edited()
            return
        try:
            self._vault.links.remove(link.id)
        except JournalError as error:
            self._show_general_error(str(error))
            return
        self._reload_links()

    def _reload_links(self) -> None:
        if self.current is None or self.current.id is None:
            return
        stored = self._vault.entries.get(self.current.id)
        self.current = replace(self.current, links=stored.links)
        self._show_links(self.current)
        self._on_links_changed()

    # -- drafts

    def draft_payload(self) -> dict[str, Any]:
        """The form as it is now, as plain data (kept encrypted in the journal)."""
        entry = self.entry_from_form()
        return {
            "entry_id": entry.id,
            "kind": entry.kind.value,
            "title": entry.title,
            "body": entry.body,
            "occurred_at": entry.occurred_at.isoformat(),
            "tags": list(entry.tags),
            "private": entry.private,
            "details": details_to_dict(entry.details),
            "links": [
                {
                    "article_slug": link.article_slug,
                    "comment_id": link.comment_id,
                    "quote": link.quote,
                }
                for link in entry.links
                if link.id is None
            ],
        }

    def write_draft(self) -> None:
        """Keep the unsaved form in the journal (the timer calls this at most every few s)."""
        self._draft_timer.stop()
        if self.current is None or self.draft_key is None:
            return
        if not (self.dirty or self.save_failed):
            return
        try:
            self._vault.drafts.save(self.draft_key, self.draft_payload())
        except (JournalError, ValueError):
            pass  # the journal is closing; the flush before it saved what could be saved

    def _discard_drafts(self) -> None:
        keys = set(self._drafts_to_discard)
        if self.draft_key is not None:
            keys.add(self.draft_key)
        for key in keys:
            try:
                self._vault.drafts.discard(key)
            except JournalError:
                continue
            self._drafts_to_discard.discard(key)

    def open_draft(self, draft: Draft) -> bool:
        """Show a draft left behind by a crash, unsaved; autosave then takes over."""
        self.flush()
        entry = entry_from_draft(self._vault, draft)
        if entry is None:
            return False
        self._show(entry)
        self._drafts_to_discard.add(draft.key)
        self.dirty = True
        self.view.saved.setText("Brought back, not saved yet")
        self._timer.start()
        self.view.body.setFocus()
        return True

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
        saved = self.save_now() if self.dirty else not self.save_failed
        if not saved:
            self.write_draft()  # what couldn't be saved is kept as a draft, right now
        return saved

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
            self.save_failed = True
            fallback = _lenient(entry, error)
            if fallback is None:
                self._keep_draft_soon()
                return False
            try:
                saved = self._store(fallback)
            except (ValidationError, JournalError):
                self._keep_draft_soon()
                return False
            # The writing is safe; keep the form as typed so the person can fix the field.
            was_new = self.current.id is None
            self.current = replace(saved, questions=self.current.questions)
            self._after_first_save(was_new)
            self.dirty = False
            self.view.saved.setText("Saved, except the part marked in red")
            self._on_saved(self.current)
            self._keep_draft_soon()
            return False
        except JournalError as error:
            self._show_general_error(f"This entry couldn't be saved just now. {error}")
            self.save_failed = True
            self._keep_draft_soon()
            return False
        was_new = self.current.id is None
        self.current = saved
        self._after_first_save(was_new)
        self.dirty = False
        self.save_failed = False
        self._draft_timer.stop()
        self._discard_drafts()
        self.view.saved.setText("Saved")
        self._on_saved(saved)
        return True

    def _after_first_save(self, was_new: bool) -> None:
        """A new entry now has an id: its draft key changes and its links became real."""
        if not was_new or self.current is None:
            return
        if self.draft_key is not None:
            self._drafts_to_discard.add(self.draft_key)
        self.draft_key = draft_key_for(self.current)
        if self.current.links:
            self._show_links(self.current)
            self._on_links_changed()

    def _keep_draft_soon(self) -> None:
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def _store(self, entry: Entry) -> Entry:
        if entry.id is None:
            return self._vault.entries.add(entry)
        updated = self._vault.entries.update(entry)
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
            self._vault.questions.add(self.current.id, text)
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
                self._vault.questions.resolve(question_id)
            elif not resolved and not question.is_open:
                self._vault.questions.reopen(question_id)
            text = item.text().strip()
            if text and text != question.text:
                self._vault.questions.edit(question_id, text)
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
        stored = self._vault.entries.get(self.current.id)
        self.current = replace(self.current, questions=stored.questions)
        self._show_questions(self.current)
        self._on_saved(self.current)

    # -- deleting and clearing

    def delete_current(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.id is None:
            self._timer.stop()
            self._draft_timer.stop()
            self._discard_drafts()
            self.dirty = False
            self.save_failed = False
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
        self._vault.entries.delete(entry.id)
        self._draft_timer.stop()
        self._discard_drafts()
        self.dirty = False
        self.save_failed = False
        self.current = None
        self.clear()
        self._on_deleted(entry.id)

    def clear(self) -> None:
        """Empty every field (after flushing), so nothing of the entry stays on screen."""
        self.flush()
        self._draft_timer.stop()
        self._loading = True
        try:
            v = self.view
            self.current = None
            self.dirty = False
            self.save_failed = False
            self.draft_key = None
            self._drafts_to_discard.clear()
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
            self._show_links(None)
            v.set_prompts((), "")
            v.tags.set_known_tags([])
            v.saved.setText("")
            self._clear_errors()
        finally:
            self._loading = False
        self.show_empty()


def draft_key_for(entry: Entry) -> str:
    """``entry-<id>`` for a saved entry, ``new-<random>`` for one not saved yet."""
    return f"entry-{entry.id}" if entry.id is not None else f"new-{uuid.uuid4().hex}"


def entry_from_draft(vault: Vault, draft: Draft) -> Entry | None:
    """The entry a draft describes: the stored entry with the draft's fields, or a new one."""
    data = draft.payload
    try:
        kind = EntryKind(str(data.get("kind", "")))
    except ValueError:
        return None
    base: Entry | None = None
    entry_id = data.get("entry_id")
    if isinstance(entry_id, int):
        try:
            stored = vault.entries.get(entry_id)
        except JournalError:
            stored = None
        if stored is not None and stored.deleted_at is None:
            base = stored
    links: tuple[ArticleLink, ...] = ()
    for item in data.get("links") or ():
        if isinstance(item, dict) and item.get("article_slug"):
            comment = item.get("comment_id")
            links += (
                ArticleLink(
                    article_slug=str(item["article_slug"]),
                    comment_id=str(comment) if comment else None,
                    quote=str(item.get("quote") or ""),
                ),
            )
    try:
        occurred_at = as_utc(datetime.fromisoformat(str(data["occurred_at"])))
    except (KeyError, ValueError):
        occurred_at = base.occurred_at if base is not None else utc_now()
    details: EntryDetails | None
    try:
        details = details_from_dict(kind, data.get("details") or {})
    except (KeyError, TypeError, ValueError):
        details = base.details if base is not None and base.kind is kind else None
    changes: dict[str, Any] = {
        "title": str(data.get("title") or ""),
        "body": str(data.get("body") or ""),
        "occurred_at": occurred_at,
        "tags": tuple(str(tag) for tag in data.get("tags") or ()),
        "private": bool(data.get("private", False)),
    }
    if details is not None:
        changes["details"] = details
    if base is not None:
        return base.with_changes(kind=kind, links=base.links + links, **changes)
    return Entry.new(kind, links=links, **changes)


def _excerpt(text: str, length: int = QUOTE_EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def _pick_with_dialog(library: Library, parent: QWidget) -> tuple[str, str | None] | None:
    from journal_app.ui.article_picker import ArticlePickerDialog

    return ArticlePickerDialog.pick(library, parent)
