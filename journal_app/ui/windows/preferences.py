"""Preferences: when the journal locks itself, the theme, the size of the writing, backups and
where the journal is kept (with a warning when that looks like a folder a sync tool manages)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from journal_app.settings import (
    MAX_AUTO_LOCK_MINUTES,
    MAX_BACKUP_DAYS,
    MAX_BACKUP_WEEKS,
    MAX_FONT_SIZE,
    MIN_AUTO_LOCK_MINUTES,
    MIN_BACKUP_DAYS,
    MIN_BACKUP_WEEKS,
    MIN_FONT_SIZE,
    Settings,
)
from journal_app.storage import sync_tool_for
from journal_app.ui.common.forms import combo_box, form_layout, spin_box, titled_column
from journal_app.ui.common.widgets import label

THEMES = [("Follow my computer", "system"), ("Light", "light"), ("Dark", "dark")]


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        journal_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("Preferences")
        self.setMinimumWidth(600)
        layout, _heading = titled_column(self, "Preferences")
        form = form_layout(16, 12)
        self.auto_lock = spin_box(
            "Lock after this many idle minutes",
            MIN_AUTO_LOCK_MINUTES,
            MAX_AUTO_LOCK_MINUTES,
            settings.auto_lock_minutes,
            suffix=" minutes",
        )
        self.lock_on_minimize = QCheckBox("Also lock when the window is minimized")
        self.lock_on_minimize.setChecked(settings.lock_on_minimize)
        self.lock_on_minimize.setAccessibleName("Lock when the window is minimized")
        self.theme = combo_box("Colours", THEMES)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_size = spin_box(
            "Text size", MIN_FONT_SIZE, MAX_FONT_SIZE, settings.editor_font_size, suffix=" pt"
        )
        form.addRow("Lock the journal after", self.auto_lock)
        form.addRow("", self.lock_on_minimize)
        form.addRow("Colours", self.theme)
        form.addRow("Text size", self.font_size)
        layout.addLayout(form)
        layout.addWidget(
            label(
                "The journal locks itself when you haven't typed or moved the mouse for a while. "
                "Everything is saved first.",
                "Hint",
            )
        )
        layout.addSpacing(8)
        layout.addWidget(label("Backups", "Subheading"))
        backups = form_layout(16, 12)
        self.keep_daily = spin_box(
            "Keep daily backups for this many days",
            MIN_BACKUP_DAYS,
            MAX_BACKUP_DAYS,
            settings.backup_keep_daily,
            suffix=" days",
        )
        self.keep_weekly = spin_box(
            "Keep weekly backups for this many weeks",
            MIN_BACKUP_WEEKS,
            MAX_BACKUP_WEEKS,
            settings.backup_keep_weekly,
            suffix=" weeks",
            special_value_text="none",
        )
        backups.addRow("Keep daily backups for", self.keep_daily)
        backups.addRow("Keep weekly backups for", self.keep_weekly)
        layout.addLayout(backups)
        layout.addWidget(
            label(
                "A backup is made automatically once a day. Older ones are tidied away after "
                "this long, but the newest backup and the ones you make yourself are always kept.",
                "Hint",
            )
        )
        if journal_folder is not None:
            self._add_sync_section(layout, journal_folder)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Tall enough for the wrapped hints at this width (Qt sizes top levels without them)."""
        super().showEvent(event)
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            layout.activate()
            wanted = max(layout.totalHeightForWidth(self.width()), self.minimumSizeHint().height())
            if self.height() < wanted:
                self.resize(self.width(), wanted)

    def chosen(self, current: Settings) -> Settings:
        return current.with_changes(
            auto_lock_minutes=self.auto_lock.value(),
            lock_on_minimize=self.lock_on_minimize.isChecked(),
            theme=self.theme.currentData(),
            editor_font_size=self.font_size.value(),
            backup_keep_daily=self.keep_daily.value(),
            backup_keep_weekly=self.keep_weekly.value(),
        )

    def _add_sync_section(self, layout: QVBoxLayout, journal_folder: Path) -> None:
        layout.addSpacing(8)
        layout.addWidget(label("Sync", "Subheading"))
        self.journal_folder = label(f"Your journal is kept in {journal_folder}")
        self.journal_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.journal_folder.setAccessibleName(f"Journal folder: {journal_folder}")
        layout.addWidget(self.journal_folder)
        self.sync_hint = label(
            "Keep this folder out of folders that a sync or cleaning tool manages (Dropbox, "
            "OneDrive, iCloud Drive, Syncthing, disk cleaners). They can copy or remove the "
            "journal's working files while it is open, and recent entries can be lost. Put "
            "backups on another disk instead (Back up now…).",
            "Hint",
        )
        layout.addWidget(self.sync_hint)
        tool = sync_tool_for(journal_folder)
        self.sync_warning = label(
            f"This folder looks like it is inside a {tool} folder. Please move the journal "
            "somewhere only this computer keeps, so nothing you write is lost."
            if tool is not None
            else "",
            "Notice",
        )
        self.sync_warning.setAccessibleName(self.sync_warning.text() or "No sync folder found")
        self.sync_warning.setVisible(tool is not None)
        layout.addWidget(self.sync_warning)
