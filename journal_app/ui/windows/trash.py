"""The Trash: deleted entries wait here for 30 days; restore them, or delete them for good.

Restoring needs no confirmation (it can't lose anything). Deleting for good and emptying the
Trash ask first and say how many entries go. These are quick single transactions in the vault,
so they run directly on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from journal_app.domain import wording
from journal_app.domain.entries import EntrySummary, friendly_day
from journal_app.storage import JournalError
from journal_app.storage.maintenance import TRASH_RETENTION
from journal_app.ui.common.dialog_service import Dialogs, run_once
from journal_app.ui.common.safety_dialog import LIST_STYLE, JournalSafetyDialog
from journal_app.ui.common.widgets import button, label
from journal_app.ui.common.work import Runner

_ID_ROLE = Qt.ItemDataRole.UserRole


def _entries(count: int) -> str:
    return wording.entries(count)


def _each(step: Callable[[int], None], entry_ids: Sequence[int]) -> None:
    for entry_id in entry_ids:
        step(entry_id)


class TrashDialog(JournalSafetyDialog):
    """A list of trashed entries with Restore, Delete forever… and Empty Trash…."""

    def __init__(
        self, parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner
    ) -> None:
        super().__init__(parent, "Trash", vault, dialogs, runner)
        self.setMinimumWidth(760)
        self.changed = False
        days = TRASH_RETENTION.days
        self.intro = label(
            f"Entries you delete wait here for {days} days before they are deleted for good. "
            "Restore anything you'd like to keep."
        )
        self.list = QTreeWidget()
        self.list.setColumnCount(4)
        self.list.setHeaderLabels(["Entry", "Kind", "Deleted on", "Kept until"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName("Entries in the Trash")
        self.list.setAccessibleDescription(
            "Select one or more entries, then restore them or delete them for good"
        )
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setMinimumHeight(220)
        self.list.setStyleSheet(LIST_STYLE)
        self.empty = label("The Trash is empty.", "Muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.intro)
        self.body.addWidget(self.list, 1)
        self.body.addWidget(self.empty, 1)

        self.restore_button = button("&Restore", "Restore the selected entries", primary=True)
        self.delete_button = button("&Delete forever…", "Delete the selected entries for good")
        self.empty_button = button("&Empty Trash…", "Empty the Trash")
        self.close_button = button("Close", "Close the Trash")
        self.add_buttons(
            self.close_button, self.restore_button, left=[self.empty_button, self.delete_button]
        )
        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.empty_button.clicked.connect(self.empty_trash)
        self.close_button.clicked.connect(self.accept)
        self.list.itemSelectionChanged.connect(self._refresh_buttons)
        # Return restores the selection through the default button (the list passes it on).
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.reload()
        self.list.setFocus()

    # ------------------------------------------------------------------ the list

    def reload(self) -> None:
        summaries = self.vault.entries.trashed()
        deleted_at = self._deleted_times(summaries)
        self.list.clear()
        for summary in summaries:
            when = deleted_at.get(summary.id)
            item = QTreeWidgetItem(
                [
                    summary.display_title,
                    summary.kind.label,
                    friendly_day(when) if when else "",
                    friendly_day(when + TRASH_RETENTION) if when else "",
                ]
            )
            item.setData(0, _ID_ROLE, summary.id)
            item.setToolTip(0, summary.display_title)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        has_entries = bool(summaries)
        self.list.setVisible(has_entries)
        self.empty.setVisible(not has_entries)
        self.setWindowTitle(f"Trash ({_entries(len(summaries))})" if summaries else "Trash")
        self._refresh_buttons()

    def _deleted_times(self, summaries: list[EntrySummary]) -> dict[int, datetime]:
        """When each entry was deleted (summaries don't carry it, whole entries do)."""
        ids = [summary.id for summary in summaries]
        entries = self.vault.entries.get_many(ids, include_deleted=True)
        return {
            entry.id: entry.deleted_at
            for entry in entries
            if entry.id is not None and entry.deleted_at is not None
        }

    def selected_ids(self) -> list[int]:
        return [int(item.data(0, _ID_ROLE)) for item in self.list.selectedItems()]

    def _refresh_buttons(self) -> None:
        chosen = len(self.selected_ids())
        self.restore_button.setEnabled(chosen > 0)
        self.delete_button.setEnabled(chosen > 0)
        self.empty_button.setEnabled(self.list.topLevelItemCount() > 0)

    # ------------------------------------------------------------------ actions

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._apply(lambda: _each(self.vault.entries.restore, ids))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        these = wording.these_entries(len(ids))
        if not self.dialogs.confirm(
            self,
            "Delete for good?",
            f"Delete {these} for good?",
            yes_label="Delete forever",
            no_label="Keep",
            informative="They can't be brought back from the Trash afterwards. Older backups "
            "may still hold them.",
        ):
            return
        self._apply(lambda: _each(self.vault.entries.purge, ids))

    def empty_trash(self) -> None:
        count = self.list.topLevelItemCount()
        if not count:
            return
        if not self.dialogs.confirm(
            self,
            "Empty the Trash?",
            f"Delete all {_entries(count)} in the Trash for good?"
            if count > 1
            else "Delete the entry in the Trash for good?",
            yes_label="Empty Trash",
            no_label="Keep",
            informative="They can't be brought back from the Trash afterwards. Older backups "
            "may still hold them.",
        ):
            return
        self._apply(self.vault.entries.empty_trash)

    def _apply(self, change: Any) -> None:
        if self.closed_for_lock:
            return  # the journal locked while a question was open

        def done(_result: object) -> None:
            self.changed = True
            self._after_change()

        def failed(error: BaseException) -> None:
            if isinstance(error, JournalError):
                self.dialogs.warn(self, "That didn't work", str(error))
            self._after_change()

        self.run_work("Working…", lambda _progress: change(), done, failed)

    def _after_change(self) -> None:
        if not self.closed_for_lock:
            self.reload()
            self.list.setFocus()


def show_trash(parent: QWidget | None, vault: Any, dialogs: Dialogs, runner: Runner) -> bool:
    """Show the Trash; True when anything was restored or deleted for good."""
    return run_once(dialogs, TrashDialog(parent, vault, dialogs, runner)).changed


__all__ = ["TrashDialog", "show_trash"]
