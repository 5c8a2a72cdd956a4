"""A passphrase field with a switch to type the recovery key instead."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from journal_app.ui.common.widgets import label


class SecretField(QWidget):
    """A passphrase field with a switch to type the recovery key instead."""

    def __init__(
        self, parent: QWidget | None = None, *, purpose: str = "", beside: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.caption = label("Your passphrase")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        if purpose:
            self.field.setAccessibleDescription(purpose)
        self.caption.setBuddy(self.field)
        self.use_recovery_key = QCheckBox("Use my recovery key instead")
        self.use_recovery_key.setAccessibleName("Use my recovery key instead of the passphrase")
        self.use_recovery_key.toggled.connect(self._switch)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.field, 1)
        if beside is not None:
            row.addWidget(beside)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        layout.addWidget(self.use_recovery_key)

    def _switch(self, recovery: bool) -> None:
        self.caption.setText("Your recovery key" if recovery else "Your passphrase")
        self.field.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.field.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )
        self.field.setPlaceholderText("XXXX-XXXX-…" if recovery else "")
        self.field.clear()
        self.field.setFocus()

    def secret(self) -> str:
        return self.field.text()

    def uses_recovery_key(self) -> bool:
        return self.use_recovery_key.isChecked()

    def clear(self) -> None:
        self.field.clear()
