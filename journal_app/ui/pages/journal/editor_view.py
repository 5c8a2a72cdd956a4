"""The editor's layout: an empty state, and the form for one entry (layout only, no behaviour).

The form is, top to bottom: a header (kind, save status, Trash, Preview), the title and date, the
passage being written about, the fields of the entry's kind (one section per kind, see
``editor_sections``), prompts, the free writing with its word count, tags, the private switch,
linked articles and questions. ``EditorController`` (``editor.py``) fills it in and reacts to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import EntryKind
from journal_app.domain.validation import MAX_TITLE_LENGTH
from journal_app.ui.common import icons
from journal_app.ui.common.builders import hidden_label, spaced, spread_row
from journal_app.ui.common.tag_edit import TagEdit
from journal_app.ui.common.widgets import ClickableText, button, label
from journal_app.ui.pages.journal.editor_fields import GrowingTextEdit
from journal_app.ui.pages.journal.editor_sections import EntrySection, sections_one_by_one

# The free writing grows with its text up to this many lines, then scrolls inside.
BODY_MAX_LINES = 40


def _card(
    accessible: str, margins: tuple[int, int, int, int], spacing: int
) -> tuple[QFrame, QVBoxLayout]:
    """A quiet card above the form (the style sheet knows it as "Card") and its column."""
    card = QFrame()
    card.setObjectName("Card")
    card.setAccessibleName(accessible)
    return card, spaced(QVBoxLayout(card), margins, spacing)


class DateTimeField(QDateTimeEdit):
    """The entry's date and time as one Tab stop.

    Qt's date-time box makes Tab walk through day, month, year, hour and minute, so text typed
    "one Tab later" lands in the wrong part. Here Tab leaves the field; Left and Right move between
    the parts, Up and Down change the one under the caret, and Alt+Down (or F4) opens the calendar.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMMM yyyy, HH:mm")
        self.dateTimeChanged.connect(self._describe)
        self._describe()

    def _describe(self, *_args: object) -> None:
        # Screen readers read a date box as numbers; the description carries the date as shown.
        self.setAccessibleDescription(
            f"{self.text()}. Up and Down change the part under the cursor; "
            "Alt+Down opens a calendar"
        )

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's own name)
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        alt_down = key == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or alt_down:
            self.open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Qt's own calendar pop-up, opened from the keyboard (Qt opens it only on a click)."""
        calendar = self.calendarWidget()
        calendar.setSelectedDate(self.date())
        popup = calendar.window()
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        calendar.setFocus()


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
    """Layout only: an empty state and the form.

    The fields of each kind's section are also reachable on the view by name
    (``view.therapist``, ``view.blocked``), so tests and tools can fill a form.
    """

    def __init__(self, parent: QWidget | None = None, *, in_parts: bool = False) -> None:
        """Builds the whole view, or with ``in_parts`` only its frame: then each step of
        :meth:`build_parts` builds one part (see ``JournalView.built_in_parts``)."""
        super().__init__(parent)
        self.setObjectName("EditorSurface")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        if not in_parts:
            for _part in self.build_parts():
                pass

    def build_parts(self) -> Iterator[None]:
        """Build the view one part at a time (a part is a few milliseconds of widgets)."""
        self._build_empty()
        yield
        yield from self._build_form()
        self._offer_section_fields()

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
        # Two to a row, so every kind's name fits even in a narrow window or at large text.
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(3, 1)
        self.start_buttons: dict[EntryKind, QPushButton] = {}
        for number, kind in enumerate(EntryKind):
            start = button(kind.label, f"New {kind.label.lower()}")
            start.setIcon(icons.kind_icon(kind))
            grid.addWidget(start, number // 2, 1 + number % 2)
            self.start_buttons[kind] = start
        self.start_session = self.start_buttons[EntryKind.SESSION]
        self.start_block = self.start_buttons[EntryKind.BLOCK]
        self.start_reflection = self.start_buttons[EntryKind.REFLECTION]
        layout.addLayout(grid)
        layout.addStretch(2)
        self.empty_page = page
        self.pages.addWidget(page)

    def _build_form(self) -> Iterator[None]:
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
        self.form_surface = surface

        self._build_header(form)
        self.general_error = self._error_label(form)
        self._build_title_and_date(form)
        self._build_quotes(form)
        yield

        self.sections: dict[EntryKind, EntrySection] = {}
        for section in sections_one_by_one():
            self.sections[section.kind] = section
            form.addWidget(section)
            yield

        form.addSpacing(6)
        self._build_prompts(form)
        self._build_body(form)
        self._build_tags(form)
        yield
        form.addSpacing(10)
        self._build_links(form)
        form.addSpacing(10)
        self._build_questions(form)
        form.addStretch(1)

        self.form_page = scroll
        self.pages.addWidget(scroll)

    def _build_header(self, form: QVBoxLayout) -> None:
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

    def _build_title_and_date(self, form: QVBoxLayout) -> None:
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

        self.date_label = label("Date", wrap=False)
        self.occurred_at = DateTimeField()
        self.occurred_at.setAccessibleName("When it happened")
        self.date_label.setBuddy(self.occurred_at)
        form.addLayout(spread_row([self.date_label, self.occurred_at]))
        form.addSpacing(6)

    def _build_quotes(self, form: QVBoxLayout) -> None:
        """The passage this entry is about, kept in view while writing."""
        self.quote_card, card = _card("The passage you're writing about", (18, 12, 18, 12), 4)
        self.quote_source = label("", "Muted")
        card.addWidget(self.quote_source)
        self.quote_text = label("", "Quote")
        self.quote_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        quote_font = QFont(self.quote_text.font())
        quote_font.setItalic(True)
        self.quote_text.setFont(quote_font)
        card.addWidget(self.quote_text)
        self.quote_card.hide()
        form.addWidget(self.quote_card)

    def set_quotes(self, quotes: Sequence[tuple[str, str]]) -> None:
        """Show ``(article title, passage)`` pairs above the form, or hide the card if none."""
        if not quotes:
            self.quote_source.setText("")
            self.quote_text.setText("")
            self.quote_card.hide()
            return
        titles = list(dict.fromkeys(title for title, _quote in quotes))
        self.quote_source.setText(
            "What you're writing about, from " + " and ".join(f"“{title}”" for title in titles)
        )
        self.quote_text.setText("\n\n".join(f"“{quote}”" for _title, quote in quotes))
        self.quote_card.setAccessibleDescription(self.quote_text.text())
        self.quote_card.show()

    def _build_prompts(self, form: QVBoxLayout) -> None:
        """A quiet card of reflection prompts, shown when writing about an article."""
        self.prompts_card, card = _card("Prompts from Between Sessions", (18, 12, 12, 14), 6)
        self.prompts_hide = button("Hide", "Hide the prompts", link=True)
        card.addLayout(
            spread_row(
                [label("Prompts from Between Sessions", "Muted", wrap=False)], [self.prompts_hide]
            )
        )
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

    def _build_body(self, form: QVBoxLayout) -> None:
        self.body_label = label("Write freely", "Subheading")
        form.addWidget(self.body_label)
        self.body = GrowingTextEdit(260, BODY_MAX_LINES)
        self.body.setObjectName("Body")
        self.body.setAccessibleName("Writing")
        self.body.setAccessibleDescription("Markdown is welcome: *italic*, **bold**, lists")
        self.body.setPlaceholderText("Whatever comes to mind. Nobody else will read this.")
        self.body.document().setDocumentMargin(16)
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
        under = QHBoxLayout()
        self.body_error = hidden_label("Error")
        under.addWidget(self.body_error, 1)
        under.addStretch(0)
        self.word_count = label("", "Hint", wrap=False)
        self.word_count.setAccessibleName("Word count")
        self.word_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        under.addWidget(self.word_count)
        form.addLayout(under)

    def _build_tags(self, form: QVBoxLayout) -> None:
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

    def _build_questions(self, form: QVBoxLayout) -> None:
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

    def show_error(self, field: str, message: str) -> None:
        """Show ``message`` next to ``field`` (a field the entry's validation names), or at the
        top of the form when no field of the current kind has that name."""
        target = {"title": self.title_error, "body": self.body_error, "tags": self.tags_error}.get(
            field
        )
        if target is None:
            shown = [s for s in self.sections.values() if s.isVisibleTo(self)]
            if any(section.show_error(field, message) for section in shown):
                return
            target = self.general_error
        target.setText(message)
        target.show()

    def clear_errors(self) -> None:
        for error in (self.general_error, self.title_error, self.body_error, self.tags_error):
            error.setText("")
            error.hide()
        for section in self.sections.values():
            section.clear_errors()

    def add_prompt_to_writing(self, prompt: str) -> None:
        """Put ``prompt`` into the writing as a quote line at the caret, with room below it."""
        cursor = self.body.textCursor()
        cursor.clearSelection()
        if cursor.positionInBlock() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertText("\n\n")
        elif cursor.block().previous().isValid() and cursor.block().previous().text().strip():
            cursor.insertText("\n")
        cursor.insertText(f"> {prompt}\n\n")
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def _error_label(self, form: QVBoxLayout) -> QLabel:
        error = hidden_label("Error")
        form.addWidget(error)
        return error

    def _offer_section_fields(self) -> None:
        for section in self.sections.values():
            for name, widget in section.named_widgets().items():
                if hasattr(self, name):
                    raise AttributeError(f"a {section.kind.value} field hides view.{name}")
                setattr(self, name, widget)

    # -- layout operations

    def show_section(self, kind: EntryKind) -> EntrySection:
        """Show the fields of ``kind`` and hide the others."""
        for section_kind, section in self.sections.items():
            section.setVisible(section_kind is kind)
        return self.sections[kind]

    def scroll_to_top(self) -> None:
        self.form_page.verticalScrollBar().setValue(0)
        self.form_page.horizontalScrollBar().setValue(0)

    def text_boxes(self) -> list[GrowingTextEdit]:
        """The free-writing box and every section's text boxes.

        Listed rather than found with ``findChildren``, which wraps every widget of the form in
        a Python object (on the first call, about 70 ms of the unlock) and runs on each resize.
        """
        return [self.body, *(box for s in self.sections.values() for box in s.text_areas())]

    def keep_in_view(self, box: GrowingTextEdit) -> None:
        """Scroll the page so the caret in ``box`` stays visible as the box grows."""
        caret = box.cursorRect()
        point = box.viewport().mapTo(self.form_surface, caret.center())
        self.form_page.ensureVisible(point.x(), point.y(), 0, caret.height() + 24)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for box in self.text_boxes():
            box.fit_to_text()  # their ceiling follows the height of the page

    def set_body_font_size(self, size: int) -> None:
        for widget in (self.body, self.preview):
            font = QFont(widget.font())
            font.setPointSize(size)
            widget.setFont(font)
