"""Small building blocks shared by several screens: cards, labels, buttons, passphrase fields,
lists of cards and the surface every workspace page is drawn on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# The one passphrase rule and strength hint, shared with the CLI.
from journal_app.domain.passphrase import is_acceptable_passphrase, strength_hint

if TYPE_CHECKING:
    from journal_app.library import Library
    from journal_app.storage import Vault
    from journal_app.ui.common.work import Runner


def label(text: str, object_name: str = "", *, wrap: bool = True) -> QLabel:
    result = QLabel(text)
    if object_name:
        result.setObjectName(object_name)
    result.setWordWrap(wrap)
    result.setTextFormat(Qt.TextFormat.PlainText)
    return result


def button(text: str, accessible: str, *, primary: bool = False, link: bool = False) -> QPushButton:
    result = QPushButton(text)
    result.setAccessibleName(accessible)
    if primary:
        result.setObjectName("Primary")
        result.setDefault(True)
    elif link:
        result.setObjectName("Link")
        result.setFlat(True)
    result.setCursor(Qt.CursorShape.PointingHandCursor)
    return result


def card_list(
    accessible_name: str,
    model: QAbstractItemModel,
    delegate: Callable[[QListView], QAbstractItemDelegate],
) -> QListView:
    """A list whose rows are cards painted by ``delegate``: rows of their own heights, scrolled by
    the pixel, never sideways, and lit up under the mouse (the theme styles ``EntryList``)."""
    result = QListView()
    result.setObjectName("EntryList")
    result.setAccessibleName(accessible_name)
    result.setModel(model)
    result.setItemDelegate(delegate(result))
    result.setUniformItemSizes(False)
    result.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    result.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    result.setMouseTracking(True)
    return result


class PageSurface(QWidget):
    """What every workspace page is drawn on, and the parts of the shell's page protocol that are
    the same for each: the page is its own ``widget``, has nothing unsaved unless it says so
    (``flush``), and forgets what it shows when the journal locks (``shutdown`` clears it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorSurface")

    @property
    def widget(self) -> QWidget:
        return self

    def flush(self) -> bool:
        return True

    def shutdown(self) -> None:
        self.clear()

    def clear(self) -> None:
        raise NotImplementedError


class JournalPageSurface(PageSurface):
    """A page that shows the journal and the library (Search, Library, Session prep): it keeps
    the open ``vault`` (None while locked), the ``library`` and the ``runner`` for slow reads."""

    def __init__(
        self,
        vault: Vault | None,
        library: Library,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.library = library
        self.runner = runner


class ClickableText(QLabel):
    """A word-wrapped line of text that acts like a button (click, Enter or Space).

    Buttons can't wrap long sentences; this can, and it still takes keyboard focus.
    """

    clicked = Signal()

    def __init__(self, text: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(accessible)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class CenteredCard(QWidget):
    """A rounded card in the middle of the window, for the welcome and unlock screens."""

    def __init__(self, parent: QWidget | None = None, width: int = 560) -> None:
        super().__init__(parent)
        self.card = QFrame()
        self.card.setObjectName("Card")
        self.card.setFixedWidth(width)
        self.card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.body = QVBoxLayout(self.card)
        self.body.setContentsMargins(40, 36, 40, 32)
        self.body.setSpacing(14)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)


class PassphrasePair(QWidget):
    """New passphrase entered twice, with a show/hide switch and a strength hint."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, label_prefix: str = "") -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(f"{label_prefix}Passphrase")
        self.first.setAccessibleDescription("Choose a passphrase you will remember")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(f"{label_prefix}Passphrase again")
        self.second.setAccessibleDescription("Type the same passphrase again")
        first_label = label(f"{label_prefix}passphrase" if label_prefix else "Passphrase")
        first_label.setBuddy(self.first)
        second_label = label("Type it once more")
        second_label.setBuddy(self.second)
        self.show_toggle = QCheckBox("Show passphrase")
        self.show_toggle.setAccessibleName("Show passphrase")
        self.show_toggle.setAccessibleDescription("Show the passphrase as you type")
        self.strength = label("", "Hint")
        self.strength.setAccessibleName("Passphrase strength")
        self.mismatch = label("", "Error")
        layout.addWidget(first_label)
        layout.addWidget(self.first)
        layout.addWidget(self.strength)
        layout.addSpacing(6)
        layout.addWidget(second_label)
        layout.addWidget(self.second)
        layout.addWidget(self.mismatch)
        layout.addWidget(self.show_toggle)
        self.show_toggle.toggled.connect(self._set_visible)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def _set_visible(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        _score, text = strength_hint(self.first.text())
        self.strength.setText(text)
        typed_second = bool(self.second.text())
        matches = self.first.text() == self.second.text()
        self.mismatch.setText("" if matches or not typed_second else "The two don't match yet.")
        self.mismatch.setVisible(bool(self.mismatch.text()))
        self.changed.emit()

    def is_acceptable(self) -> bool:
        text = self.first.text()
        return is_acceptable_passphrase(text) and text == self.second.text()

    def passphrase(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.setText("")
        self.second.setText("")
        self.show_toggle.setChecked(False)
