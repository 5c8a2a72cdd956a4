"""Session prep: everything since my last session note, gathered to take into the next session.

Open questions can be ticked off (they are resolved in the journal at once, and unticking reopens
them); the emotional blocks are shown with their strengths on a small chart; reflections and the
articles I linked open with a click or Enter; the homework from the last session note is repeated.
Below, a patterns chart shows blocks per week over the last months.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import wording
from journal_app.domain.entries import EmotionalBlockDetails, Entry, Question, friendly_day, utc_now
from journal_app.domain.prep import SessionPrep
from journal_app.library import Library
from journal_app.storage import JournalError, Vault
from journal_app.ui.common.forms import titled_column
from journal_app.ui.common.widgets import JournalPageSurface, button, label
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.pages.prep.patterns import BlockTimelineChart, PatternsView, block_points
from journal_app.ui.shell.changes import RefreshWhenShown

MAX_COLUMN_WIDTH = 1100


def _clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif inner is not None:
            _clear_layout(inner)


class Card(QFrame):
    """A titled card; ``body`` is where the content goes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        layout, self.title = titled_column(self, title, (22, 18, 22, 18), 10)
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        layout.addLayout(self.body)
        layout.addStretch(1)
        self.setAccessibleName(title)


class QuestionRow(QWidget):
    """A question with a checkbox; the whole row toggles it and its text wraps."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(10)
        self.checkbox = QCheckBox()
        self.checkbox.setAccessibleName(question.text)
        self.checkbox.setAccessibleDescription("Tick when it has been talked about")
        self.checkbox.setChecked(not question.is_open)
        self.text = label(question.text)
        row.addWidget(self.checkbox, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.checkbox.toggled.connect(self._show_state)
        self._show_state(self.checkbox.isChecked())

    def _show_state(self, checked: bool) -> None:
        font = self.text.font()
        font.setStrikeOut(checked)
        self.text.setFont(font)
        self.text.setObjectName("Muted" if checked else "")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.checkbox.toggle()
        super().mouseReleaseEvent(event)


class SessionPrepPage(JournalPageSurface, RefreshWhenShown):
    """The Session prep screen.

    Signals: ``openEntryRequested(int entry_id)``,
    ``openArticleRequested(str slug, object comment_id, str quote)``.
    ``on_export`` (optional) is called by "Export for my therapist…"; without it the button is
    disabled and says it is coming soon.
    """

    openEntryRequested = Signal(int)
    openArticleRequested = Signal(str, object, str)

    def __init__(
        self,
        vault: Vault | None,
        library: Library,
        runner: Runner,
        *,
        on_export: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(vault, library, runner, parent)
        self._generation = 0
        self.on_export = on_export
        self.prep: SessionPrep | None = None
        self.question_rows: list[QuestionRow] = []
        self._build()
        self.refresh()

    # -- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("EditorScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        surface = QWidget()
        surface.setObjectName("EditorSurface")
        self.scroll_area.setWidget(surface)
        centre = QHBoxLayout(surface)
        centre.setContentsMargins(36, 28, 36, 36)
        column_widget = QWidget()
        column_widget.setMaximumWidth(MAX_COLUMN_WIDTH)
        centre.addWidget(column_widget, 1)
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(4)
        self.heading = label("Session prep", "Heading")
        titles.addWidget(self.heading)
        self.next_label = label("", "Muted")  # the next appointment's date, when there is one
        self.next_label.hide()
        titles.addWidget(self.next_label)
        self.since_label = label("", "Muted")
        self.since_label.setAccessibleName("Since when")
        titles.addWidget(self.since_label)
        header.addLayout(titles, 1)
        self.export_button = button("Export for my therapist…", "Export for my therapist")
        if self.on_export is None:
            self.export_button.setEnabled(False)
            self.export_button.setToolTip("Coming soon")
        else:
            self.export_button.clicked.connect(self._export)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(header)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        self.questions_card = Card("Questions for my therapist")
        self.homework_card = Card("Homework from last session")
        self.blocks_card = Card("Emotional blocks")
        self.reflections_card = Card("Reflections")
        self.articles_card = Card("Articles I linked")
        self.thought_records_card = Card("Thought records and check-ins")
        self.timeline = BlockTimelineChart()
        self.blocks_summary = label("", "Hint")
        self.blocks_list = QVBoxLayout()
        self.blocks_list.setSpacing(2)
        self.blocks_card.body.addWidget(self.timeline)
        self.blocks_card.body.addWidget(self.blocks_summary)
        self.blocks_card.body.addLayout(self.blocks_list)
        grid.addWidget(self.questions_card, 0, 0)
        grid.addWidget(self.homework_card, 0, 1)
        grid.addWidget(self.blocks_card, 1, 0, 1, 2)
        grid.addWidget(self.reflections_card, 2, 0)
        grid.addWidget(self.articles_card, 2, 1)
        grid.addWidget(self.thought_records_card, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)

        self.patterns_card = Card("")
        self.patterns_card.title.hide()
        self.patterns = PatternsView(self.vault, self.runner)
        self.patterns_card.body.addWidget(self.patterns)
        self.patterns_card.setAccessibleName("Patterns")
        column.addWidget(self.patterns_card)
        column.addStretch(1)
        self.status = label("", "Hint")
        self.status.setAccessibleName("Session prep status")
        column.addWidget(self.status)

    def _export(self) -> None:
        if self.on_export is not None:
            self.on_export()

    # -- the page protocol

    def focus(self) -> None:
        self.scroll_area.setFocus()

    def clear(self) -> None:
        """Remove every question, entry title and chart point (the journal is locking)."""
        self._generation += 1  # an answer still on its way is dropped
        self._clear_sections()
        self.patterns.clear()

    def _clear_sections(self) -> None:
        self.prep = None
        self.question_rows = []
        for card in self._cards():
            _clear_layout(card.body)
        _clear_layout(self.blocks_list)
        self.timeline.clear()
        self.blocks_summary.setText("")
        self.since_label.setText("")
        self.heading.setText("Session prep")
        self.next_label.setText("")
        self.next_label.hide()
        self.status.setText("")

    def _cards(self) -> list[Card]:
        return [
            self.questions_card,
            self.homework_card,
            self.reflections_card,
            self.articles_card,
            self.thought_records_card,
        ]

    def refresh(self) -> None:
        """Gather everything since the last session on the runner, then show it."""
        vault = self.vault
        if vault is None:
            self.clear()
            return
        self._generation += 1
        generation = self._generation
        Task(lambda _progress: vault.prep.gather()).success(
            lambda prep: self._show(generation, prep)
        ).failure(lambda error: self._load_failed(generation, error)).start(self.runner)
        self.patterns.vault = vault
        self.patterns.refresh()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation and isinstance(error, JournalError):
            self.status.setText(str(error))

    def _show(self, generation: int, prep: SessionPrep) -> None:
        if generation != self._generation:
            return  # cleared (locked) or asked again while this was loading
        self._clear_sections()
        self.prep = prep
        self.since_label.setText(self._since_text(prep))
        self._show_next_session()
        self._fill_questions(prep)
        self._fill_homework(prep)
        self._fill_blocks(prep)
        self._fill_reflections(prep)
        self._fill_articles(prep)
        self._fill_thought_records(prep)

    def _show_next_session(self) -> None:
        """The heading "Getting ready for Thursday's session" and the date, when one is booked."""
        from journal_app.domain.appointments import prep_heading, session_when

        upcoming = self.vault.appointments.next() if self.vault is not None else None
        self.heading.setText(prep_heading(upcoming, date.today()) if upcoming else "Session prep")
        self.next_label.setText(session_when(upcoming) if upcoming else "")
        self.next_label.setVisible(upcoming is not None)

    def _since_text(self, prep: SessionPrep) -> str:
        count = len(prep.entries)
        entries = wording.entries(count) if count else "nothing new yet"
        if prep.last_session is None:
            return f"Everything so far ({entries}). Write a session note to start a new round."
        return f"Since my session on {friendly_day(prep.last_session.occurred_at)} · {entries}"

    # -- sections

    def _fill_questions(self, prep: SessionPrep) -> None:
        body = self.questions_card.body
        if not prep.open_questions:
            body.addWidget(
                label("No open questions. Add them to any entry as they come up.", "Muted")
            )
            return
        for question in prep.open_questions:
            row = QuestionRow(question)
            row.checkbox.toggled.connect(lambda checked, r=row: self._question_toggled(r, checked))
            self.question_rows.append(row)
            body.addWidget(row)
        body.addWidget(label("Tick a question once you've talked about it.", "Hint"))

    def _question_toggled(self, row: QuestionRow, checked: bool) -> None:
        if self.vault is None or row.question.id is None:
            return
        try:
            if checked:
                self.vault.questions.resolve(row.question.id)
            else:
                self.vault.questions.reopen(row.question.id)
        except JournalError as error:
            row.checkbox.blockSignals(True)
            row.checkbox.setChecked(not checked)
            row.checkbox.blockSignals(False)
            self.status.setText(str(error))
            return
        self.status.setText(
            "Ticked off. It stays resolved in your journal." if checked else "Open again."
        )

    def _fill_homework(self, prep: SessionPrep) -> None:
        body = self.homework_card.body
        if prep.homework:
            text = label(prep.homework)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.addWidget(text)
        else:
            body.addWidget(label("No homework noted in the last session note.", "Muted"))
        if prep.last_session is not None and prep.last_session.id is not None:
            body.addWidget(self._entry_link(prep.last_session, "Open the session note"))

    def _fill_blocks(self, prep: SessionPrep) -> None:
        points = block_points(prep.blocks)
        self.timeline.set_points(points, prep.since, utc_now())
        self.timeline.setVisible(bool(points))
        self.blocks_summary.setText(self.timeline.accessibleDescription() if points else "")
        self.blocks_summary.setVisible(bool(points))
        if not prep.blocks:
            self.blocks_list.addWidget(label("No emotional blocks noted since then.", "Muted"))
            return
        for entry in reversed(prep.blocks):
            details = entry.details
            extra = ""
            if isinstance(details, EmotionalBlockDetails):
                extra = (
                    f"  ·  feeling {details.feeling_intensity}, block {details.block_intensity}"
                    f"  ·  {details.setting.label}"
                )
            self.blocks_list.addWidget(
                self._entry_link(
                    entry, f"{entry.display_title}", friendly_day(entry.occurred_at) + extra
                )
            )

    def _fill_reflections(self, prep: SessionPrep) -> None:
        body = self.reflections_card.body
        if not prep.reflections:
            body.addWidget(label("No reflections since then.", "Muted"))
            return
        for entry in reversed(prep.reflections):
            body.addWidget(
                self._entry_link(entry, entry.display_title, friendly_day(entry.occurred_at))
            )

    def _fill_thought_records(self, prep: SessionPrep) -> None:
        """Each thought record with its moods before and after, then the check-ins in a line."""
        body = self.thought_records_card.body
        changes = prep.mood_changes()
        summary = prep.check_in_summary()
        if not changes and not summary:
            body.addWidget(label("No thought records or check-ins since then.", "Muted"))
            return
        for entry, moods in reversed(changes):
            note = "; ".join(change.describe() for change in moods) or "no moods rated"
            body.addWidget(self._entry_link(entry, entry.display_title, note))
        if summary:
            body.addWidget(label(f"Check-ins: {summary}", "Hint"))

    def _fill_articles(self, prep: SessionPrep) -> None:
        body = self.articles_card.body
        linked = prep.linked_articles
        if not linked:
            body.addWidget(label("No articles linked since then.", "Muted"))
            return
        for slug, count in linked:
            article = self.library.get(slug)
            title = article.title if article else "An article no longer in the library"
            note = wording.linked_from_entries(count)
            link = self._link_row(title, note, f"Open the article {title}")
            if article is not None:
                link.button.clicked.connect(
                    lambda _c=False, s=slug: self.openArticleRequested.emit(s, None, "")
                )
            else:
                link.button.setEnabled(False)
            body.addWidget(link)

    # -- rows

    def _entry_link(self, entry: Entry, text: str, note: str = "") -> _LinkRow:
        row = self._link_row(text, note, f"Open {text}")
        entry_id = entry.id
        if entry_id is not None:
            row.button.clicked.connect(lambda _c=False: self.openEntryRequested.emit(entry_id))
        return row

    def _link_row(self, text: str, note: str, accessible: str) -> _LinkRow:
        return _LinkRow(text, note, accessible)


class _LinkRow(QWidget):
    """A link-styled button with a quiet note under it."""

    def __init__(self, text: str, note: str, accessible: str) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(0)
        self.button: QPushButton = button(text, accessible, link=True)
        self.button.setAccessibleDescription(note)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        if note:
            hint = label(note, "Hint")
            hint.setContentsMargins(6, 0, 0, 0)
            column.addWidget(hint)
