"""The editor's drafts: the unsaved form kept, encrypted, in the journal, and brought back.

A part of :class:`~journal_app.ui.pages.journal.editor.EditorController`, kept apart so each file
stays small: while an entry has unsaved changes (or its last save failed) the form is written as
a draft at most every few seconds; a save discards it; after a crash it comes back unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from journal_app.domain.drafts import draft_entry_id, draft_payload, entry_from_draft
from journal_app.domain.entries import Entry
from journal_app.storage import Draft, JournalError, Vault

if TYPE_CHECKING:
    from journal_app.ui.pages.journal.editor_view import EditorView


class EditorDrafts:
    """Draft keeping for the editor controller (which provides the attributes declared here)."""

    view: EditorView
    current: Entry | None
    dirty: bool
    save_failed: bool
    draft_key: str | None
    _vault: Vault
    _timer: QTimer
    _draft_timer: QTimer
    _drafts_to_discard: set[str]

    def entry_from_form(self) -> Entry:
        raise NotImplementedError

    def flush(self) -> bool:
        raise NotImplementedError

    def _show(self, entry: Entry) -> None:
        raise NotImplementedError

    def write_draft(self) -> None:
        """Keep the unsaved form in the journal (the timer calls this at most every few s)."""
        self._draft_timer.stop()
        if self.current is None or self.draft_key is None:
            return
        if not (self.dirty or self.save_failed):
            return
        try:
            self._vault.drafts.save(self.draft_key, draft_payload(self.entry_from_form()))
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
        stored: Entry | None = None
        entry_id = draft_entry_id(draft.payload)
        if entry_id is not None:
            try:
                stored = self._vault.entries.get(entry_id)
            except JournalError:
                stored = None
        entry = entry_from_draft(draft.payload, stored)
        if entry is None:
            return False
        self._show(entry)
        self._drafts_to_discard.add(draft.key)
        self.dirty = True
        self.view.saved.setText("Brought back, not saved yet")
        self._timer.start()
        self.view.body.setFocus()
        return True


    def _keep_draft_soon(self) -> None:
        if not self._draft_timer.isActive():
            self._draft_timer.start()
