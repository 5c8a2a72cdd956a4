"""Session prep: everything since my last session note, gathered to take into the next session.

Open questions can be ticked off (they are resolved in the journal at once, and unticking reopens
them); the emotional blocks are shown with their strengths on a small chart; reflections and the
articles I linked open with a click or Enter; the homework from the last session note is repeated.
Below, a patterns chart shows blocks per week over the last months.

The page is built once. Reading the journal and turning it into texts (``sections.py``) runs on
the runner; what comes back is compared with what is shown, and only the differences are applied:
the open questions are a model whose rows are inserted, removed or changed, and each list of
links reuses its rows and shows the first few with "Show N more".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.entries import Question, utc_now
from journal_app.domain.prep import SessionPrep
from journal_app.library import Library
from journal_app.storage import JournalError, Vault
from journal_app.ui.common.forms import titled_column
from journal_app.ui.common.widgets import JournalPageSurface, button, label
from journal_app.ui.common.work import Runner, Task
from journal_app.ui.pages.prep.link_list import LinkList, LinkRow
from journal_app.ui.pages.prep.patterns import BlockTimelineChart, PatternsView
from journal_app.ui.pages.prep.questions import OpenQuestionsModel, QuestionList
from journal_app.ui.pages.prep.sections import (
    DEFAULT_HEADING,
    PrepLink,
    PrepSections,
    prep_sections,
)
from journal_app.ui.shell.changes import RefreshWhenShown

MAX_COLUMN_WIDTH = 1100


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


@dataclass(frozen=True)
class _Gathered:
    """What one background read brings back: the prep itself and every section's texts."""

    prep: SessionPrep
    sections: PrepSections


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
        self.sections = PrepSections()
        self.questions = OpenQuestionsModel(self._record_answer, self)
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
        column.addLayout(self._build_header())

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        self.questions_card = Card("Questions for my therapist")
        self.homework_card = Card("Homework from last session")
        self.blocks_card = Card("Emotional blocks")
        self.reflections_card = Card("Reflections")
        self.articles_card = Card("Articles I linked")
        self.thought_records_card = Card("Thought records and check-ins")
        self._build_questions()
        self._build_homework()
        self.timeline = BlockTimelineChart()
        self.blocks_summary = label("", "Hint")
        self.blocks_list = self._links(
            self.blocks_card, "emotional blocks", "No emotional blocks noted since then."
        )
        self.blocks_card.body.insertWidget(0, self.timeline)
        self.blocks_card.body.insertWidget(1, self.blocks_summary)
        self.reflections_list = self._links(
            self.reflections_card, "reflections", "No reflections since then."
        )
        self.articles_list = self._links(
            self.articles_card, "articles", "No articles linked since then."
        )
        self.thought_records_list = self._links(
            self.thought_records_card,
            "thought records",
            "No thought records or check-ins since then.",
        )
        self.check_ins = label("", "Hint")
        self.check_ins.hide()
        self.thought_records_card.body.addWidget(self.check_ins)
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
        self._show_sections(self.sections, force=True)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(4)
        self.heading = label(DEFAULT_HEADING, "Heading")
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
        return header

    def _build_questions(self) -> None:
        body = self.questions_card.body
        self.question_list = QuestionList(self.questions)
        body.addWidget(self.question_list)
        self.no_questions = label(
            "No open questions. Add them to any entry as they come up.", "Muted"
        )
        body.addWidget(self.no_questions)
        self.questions_hint = label("Tick a question once you've talked about it.", "Hint")
        body.addWidget(self.questions_hint)

    def _build_homework(self) -> None:
        body = self.homework_card.body
        self.homework = label("")
        self.homework.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addWidget(self.homework)
        self.no_homework = label("No homework noted in the last session note.", "Muted")
        body.addWidget(self.no_homework)
        self.session_note_link = LinkRow(self._open_link)
        body.addWidget(self.session_note_link)

    def _links(self, card: Card, what: str, empty_text: str) -> LinkList:
        links = LinkList(what, empty_text, self._open_link)
        card.body.addWidget(links)
        return links

    def _export(self) -> None:
        if self.on_export is not None:
            self.on_export()

    # -- the page protocol

    def focus(self) -> None:
        self.scroll_area.setFocus()

    def clear(self) -> None:
        """Remove every question, entry title and chart point (the journal is locking)."""
        self._generation += 1  # an answer still on its way is dropped
        self.prep = None
        self.questions.clear()
        self._show_questions_state()
        self._show_sections(PrepSections(), force=True)
        for links in self._link_lists():
            links.clear()
        self.status.setText("")
        self.patterns.clear()

    def _link_lists(self) -> list[LinkList]:
        return [
            self.blocks_list,
            self.reflections_list,
            self.articles_list,
            self.thought_records_list,
        ]

    def refresh(self) -> None:
        """Gather everything since the last session on the runner, then show what changed."""
        vault = self.vault
        if vault is None:
            self.clear()
            return
        self._generation += 1
        generation = self._generation
        library = self.library
        Task(lambda _progress: _gather(vault, library)).success(
            lambda gathered: self._show(generation, gathered)
        ).failure(lambda error: self._load_failed(generation, error)).start(self.runner)
        self.patterns.vault = vault
        self.patterns.refresh()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation and isinstance(error, JournalError):
            self.status.setText(str(error))

    def _show(self, generation: int, gathered: _Gathered) -> None:
        if generation != self._generation:
            return  # cleared (locked) or asked again while this was loading
        self.prep = gathered.prep
        self.questions.set_questions(gathered.prep.open_questions)
        self._show_questions_state()
        self._show_sections(gathered.sections)

    # -- sections

    def _show_questions_state(self) -> None:
        has_questions = self.questions.rowCount() > 0
        self.question_list.setVisible(has_questions)
        self.questions_hint.setVisible(has_questions)
        self.no_questions.setVisible(not has_questions)

    def _show_sections(self, sections: PrepSections, *, force: bool = False) -> None:
        """Change only what differs from the sections shown now."""
        shown = self.sections
        self.sections = sections
        if sections == shown and not force:
            return
        self.heading.setText(sections.heading)
        self.next_label.setText(sections.next_session)
        self.next_label.setVisible(bool(sections.next_session))
        self.since_label.setText(sections.since)
        self.homework.setText(sections.homework)
        self.homework.setVisible(bool(sections.homework))
        self.no_homework.setVisible(not sections.homework)
        if sections.session_note is not None:
            self.session_note_link.show_link(sections.session_note)
        self.session_note_link.setVisible(sections.session_note is not None)
        if force or sections.points != shown.points:
            self.timeline.set_points(sections.points, self._since(), utc_now())
            has_points = bool(sections.points)
            self.timeline.setVisible(has_points)
            self.blocks_summary.setText(self.timeline.accessibleDescription() if has_points else "")
            self.blocks_summary.setVisible(has_points)
        self.blocks_list.set_links(sections.blocks)
        self.reflections_list.set_links(sections.reflections)
        self.articles_list.set_links(sections.articles)
        self.thought_records_list.set_links(sections.thought_records)
        # The thought-record card is empty only when there are no check-ins either.
        self.thought_records_list.empty.setVisible(
            not sections.thought_records and not sections.check_ins
        )
        self.check_ins.setText(f"Check-ins: {sections.check_ins}" if sections.check_ins else "")
        self.check_ins.setVisible(bool(sections.check_ins))

    def _since(self) -> datetime | None:
        return self.prep.since if self.prep is not None else None

    # -- what a row does

    def _record_answer(self, question: Question, ticked: bool) -> bool:
        if self.vault is None or question.id is None:
            return False
        try:
            if ticked:
                self.vault.questions.resolve(question.id)
            else:
                self.vault.questions.reopen(question.id)
        except JournalError as error:
            self.status.setText(str(error))
            return False
        self.status.setText(
            "Ticked off. It stays resolved in your journal." if ticked else "Open again."
        )
        return True

    def _open_link(self, link: PrepLink) -> None:
        if link.entry_id is not None:
            self.openEntryRequested.emit(link.entry_id)
        elif link.article_slug is not None:
            self.openArticleRequested.emit(link.article_slug, None, "")


def _gather(vault: Vault, library: Library) -> _Gathered:
    """On the runner: read the journal and work out every section's texts."""
    prep = vault.prep.gather()
    upcoming = vault.appointments.next()
    return _Gathered(prep, prep_sections(prep, library, upcoming, date.today()))
