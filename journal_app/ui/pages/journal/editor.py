"""The entry editor's behaviour: loading an entry into the form, quiet autosave, drafts.

``EditorView`` (``editor_view.py``) is layout only; each kind brings its fields as a section
(``editor_sections.py``), so this controller knows no kind's fields. It saves ~1.5 s after typing
stops and at once before anything that could lose text; while changes are unsaved the form is kept
as an encrypted draft in the journal, offered back after a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QDateTime

from journal_app.domain.drafts import (
    draft_key_for,
    savable_version,
)
from journal_app.domain.entries import (
    ArticleLink,
    Entry,
    EntryKind,
    as_utc,
    thought_record_from,
    utc_now,
)
from journal_app.domain.validation import ValidationError
from journal_app.library.render import render_markdown
from journal_app.storage import JournalError, Vault
from journal_app.ui.common import icons
from journal_app.ui.common.builders import single_shot_timer
from journal_app.ui.common.dialog_service import Dialogs as DialogService
from journal_app.ui.common.read_only import show_read_only
from journal_app.ui.common.theme import current_colors
from journal_app.ui.pages.journal.editor_drafts import EditorDrafts
from journal_app.ui.pages.journal.editor_fields import GrowingTextEdit
from journal_app.ui.pages.journal.editor_links import ArticleAccess, LinkedArticles
from journal_app.ui.pages.journal.editor_questions import QuestionList
from journal_app.ui.pages.journal.editor_sections import EmotionalBlockSection, EntrySection
from journal_app.ui.pages.journal.editor_view import EditorView as EditorView  # the page uses it

AUTOSAVE_MS = 1500
# How often, at most, the unsaved form is kept as a draft while someone is typing.
DRAFT_MS = 3000
WORD_COUNT_MS = 250


def count_words(text: str) -> int:  # runs of characters between spaces and line breaks
    return len(text.split())


def words_phrase(count: int) -> str:
    if count == 0:
        return "No words yet"
    if count == 1:
        return "1 word"
    return f"{count:,} words"


class EditorController(EditorDrafts):
    """Owns the entry being edited and keeps the vault up to date with the form."""

    def __init__(
        self,
        view: EditorView,
        *,
        vault: Vault,
        dialogs: DialogService,
        on_saved: Callable[[Entry], None],
        on_deleted: Callable[[int], None],
        articles: ArticleAccess,
        autosave_ms: int = AUTOSAVE_MS,
        draft_ms: int = DRAFT_MS,
    ) -> None:
        self.view = view
        self._vault = vault
        self._dialogs = dialogs
        self._on_saved = on_saved
        self._on_deleted = on_deleted
        self.current: Entry | None = None
        self.dirty = False
        self.save_failed = False
        self.draft_key: str | None = None
        self._drafts_to_discard: set[str] = set()
        self._loading = False
        self._timer = single_shot_timer(view, autosave_ms, self.save_now)
        self._draft_timer = single_shot_timer(view, draft_ms, self.write_draft)
        # The word count waits for a pause in typing: counting a long entry takes a moment.
        self._word_timer = single_shot_timer(view, WORD_COUNT_MS, self._update_word_count)
        self.links = LinkedArticles(
            self,
            view,
            vault=vault,
            articles=articles,
            edited=self._edited,
            show_error=self._show_general_error,
        )
        self.questions = QuestionList(
            self,
            view,
            vault=vault,
            save_entry_first=self._save_before_question,
            saved=lambda entry: self._on_saved(entry),
            show_error=self._show_general_error,
        )
        self._wire()
        self.show_empty()
        if vault.read_only:  # its folder can't be written: entries can be read, not changed
            show_read_only(view, keep=(view.preview_toggle,))

    # -- wiring

    def _wire(self) -> None:
        v = self.view
        for line in (v.title, v.tags):
            line.textChanged.connect(self._edited)
        v.body.textChanged.connect(self._edited)
        v.occurred_at.dateTimeChanged.connect(self._edited)
        v.private.toggled.connect(self._edited)
        for section in v.sections.values():
            section.changed.connect(self._edited)
            section.changed.connect(self._word_timer.start)
        v.body.textChanged.connect(self._word_timer.start)
        for box in v.text_boxes():
            box.cursorPositionChanged.connect(lambda box=box: self._caret_moved(box))
        v.preview_toggle.toggled.connect(self.set_preview)
        v.delete.clicked.connect(self.delete_current)
        block_section = v.sections[EntryKind.BLOCK]
        if isinstance(block_section, EmotionalBlockSection):
            block_section.work_through.clicked.connect(self.work_through_as_thought_record)
        v.prompts_hide.clicked.connect(self.hide_prompts)
        v.link_article.clicked.connect(self.link_article)

    def _edited(self, *_args: object) -> None:
        if self._loading or self.current is None:
            return
        self.dirty = True
        self.view.saved.setText("")
        self._timer.start()
        self._keep_draft_soon()

    def _caret_moved(self, box: GrowingTextEdit) -> None:
        if not self._loading and box.hasFocus():
            self.view.keep_in_view(box)

    @property
    def section(self) -> EntrySection | None:
        """The fields of the current entry's kind."""
        return self.view.sections[self.current.kind] if self.current is not None else None

    def _update_word_count(self) -> None:
        self._word_timer.stop()
        section = self.section
        text = self.view.body.toPlainText()
        if section is not None:
            text = f"{text}\n{section.written_text()}"
        self.view.word_count.setText(words_phrase(count_words(text)) if section else "")

    # -- showing entries

    def show_empty(self) -> None:
        self.view.pages.setCurrentWidget(self.view.empty_page)

    def set_known_tags(self, tags: list[str]) -> None:
        """The tags offered for completion (loaded by the page, off the UI thread)."""
        self.view.tags.set_known_tags(tags)

    def new_entry(self, kind: EntryKind) -> None:
        if self._vault.read_only:
            return
        self.flush()
        now = utc_now().replace(second=0, microsecond=0)
        self._show(Entry.new(kind, occurred_at=now))
        self.view.title.setFocus()
        self.view.scroll_to_top()

    def new_linked_entry(self, entry: Entry, prompts: Sequence[str], article_title: str) -> None:
        """Start a new, unsaved entry (already linked to an article) and offer its prompts."""
        self.flush()
        self._show(entry)
        self.view.set_prompts(prompts, article_title)
        for item in self.view.prompt_buttons:
            prompt = str(item.property("prompt"))
            item.clicked.connect(lambda prompt=prompt: self.insert_prompt(prompt))
        self.view.body.setFocus()
        self.view.scroll_to_top()

    def work_through_as_thought_record(self) -> None:
        """Save this entry, then start a thought record carrying its situation over; the record
        remembers the entry it grew from."""
        if self.current is None:
            return
        if (self.current.id is None or self.dirty) and not self.save_now():
            return
        self._show(thought_record_from(self.current))
        self._edited()  # the carried-over situation is worth keeping: save it soon
        self.view.scroll_to_top()

    def hide_prompts(self) -> None:
        self.view.set_prompts((), "")

    def insert_prompt(self, prompt: str) -> None:
        """Put a prompt into the writing as a quote line, with room to answer below it."""
        if self.view.preview.isVisible():
            self.view.preview_toggle.setChecked(False)
        self.view.add_prompt_to_writing(prompt)

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
            self.view.clear_errors()
            self.view.set_prompts((), "")
            kind = entry.kind
            v.kind_icon.setPixmap(icons.pixmap(kind.value, current_colors().kind(kind), 20))
            v.kind_label.setText(kind.label)
            section = v.show_section(kind)
            v.date_label.setText(section.date_label)
            v.occurred_at.setAccessibleName(section.date_label)
            v.body_label.setText(section.body_label)
            v.title.setText(entry.title)
            v.occurred_at.setDateTime(
                QDateTime.fromMSecsSinceEpoch(int(entry.occurred_at.timestamp() * 1000))
            )
            v.body.setPlainText(entry.body)
            v.tags.set_tags(entry.tags)
            v.private.setChecked(entry.private)
            for other in v.sections.values():
                if other is not section:
                    other.clear()  # nothing of another entry waits in a hidden form
            section.load(entry.details)
            self.questions.show(entry)
            self.links.show(entry)
            v.saved.setText("Saved" if entry.id is not None else "")
            v.delete.setEnabled(True)
            v.preview_toggle.setChecked(False)
            self.set_preview(False)
            v.pages.setCurrentWidget(v.form_page)
            v.scroll_to_top()
        finally:
            self._loading = False
        self._update_word_count()
        if self._vault.read_only:
            show_read_only(v, keep=(v.preview_toggle,))  # again: showing an entry turns some on

    # -- linked articles and questions (see editor_links, editor_questions)

    def describe_link(self, link: ArticleLink) -> tuple[str, str]:
        """The article's title, and the comment's heading or the quoted passage."""
        return self.links.describe(link)

    def open_link(self, link: ArticleLink) -> None:
        self.links.open(link)

    def link_article(self) -> None:
        self.links.add()

    def remove_link(self, position: int) -> None:
        self.links.remove(position)

    def add_question(self) -> None:
        self.questions.add()

    def edit_question(self, row: int, text: str) -> None:
        self.questions.edit(row, text)

    def _save_before_question(self) -> None:
        """A question needs a saved entry to belong to, with the form as typed."""
        if self.current is not None and (self.current.id is None or self.dirty):
            self.save_now()

    # -- reading the form

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
            details=v.sections[self.current.kind].read(),
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
        self.view.clear_errors()
        try:
            saved = self._store(entry)
        except ValidationError as error:
            self.view.show_error(error.field, error.message)
            self.save_failed = True
            fallback = savable_version(entry, error)
            if fallback is None:
                self._keep_draft_soon()
                return False
            try:
                saved = self._store(fallback)
            except (ValidationError, JournalError):
                self._keep_draft_soon()
                return False
            # The writing is safe; keep the form as typed so the person can fix the field.
            self._now_saved_as(replace(saved, questions=self.current.questions))
            self.view.saved.setText("Saved, except the part marked in red")
            self._on_saved(self.current)
            self._keep_draft_soon()
            return False
        except JournalError as error:
            self._show_general_error(f"This entry couldn't be saved just now. {error}")
            self.save_failed = True
            self._keep_draft_soon()
            return False
        self._now_saved_as(saved)
        self.save_failed = False
        self._draft_timer.stop()
        self._discard_drafts()
        self.view.saved.setText("Saved")
        self._on_saved(saved)
        return True

    def _now_saved_as(self, saved: Entry) -> None:
        """The form's entry is now ``saved``; a new one now has an id, so its draft key changes
        and the links it carried became real."""
        was_new = self.current is not None and self.current.id is None
        self.current = saved
        if was_new:
            if self.draft_key is not None:
                self._drafts_to_discard.add(self.draft_key)
            self.draft_key = draft_key_for(saved)
            if saved.links:
                self.links.saved_with_entry(saved)
        self.dirty = False

    def _store(self, entry: Entry) -> Entry:
        if entry.id is None:
            return self._vault.entries.add(entry)
        return self._vault.entries.update(entry)

    def _show_general_error(self, text: str) -> None:
        self.view.show_error("", text)

    def set_preview(self, on: bool) -> None:
        v = self.view
        if on:
            v.preview.setHtml(render_markdown(v.body.toPlainText()))
        else:
            v.preview.setHtml("")
        v.preview.setVisible(on)
        v.body.setVisible(not on)
        v.preview_toggle.setText("Edit" if on else "Preview")

    # -- deleting and clearing

    def delete_current(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.id is None:
            self._forget_current()
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
        self._forget_current()
        self._on_deleted(entry.id)

    def _forget_current(self) -> None:
        self._timer.stop()
        self._draft_timer.stop()
        self._discard_drafts()
        self.dirty, self.save_failed, self.current = False, False, None
        self.clear()

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
            for line in (v.title, v.tags, v.new_question):
                line.setText("")
            v.body.setPlainText("")
            for section in v.sections.values():
                section.clear()
            v.preview.setHtml("")
            self.questions.show(None)
            self.links.show(None)
            v.set_prompts((), "")
            v.tags.set_known_tags([])
            v.saved.setText("")
            self._word_timer.stop()
            v.word_count.setText("")
            self.view.clear_errors()
        finally:
            self._loading = False
        self.show_empty()
