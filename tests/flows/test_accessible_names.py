"""Every interactive widget on every screen has an accessible name or a label that names it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from ui_helpers import App

from journal_app.domain.entries import EntryKind

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    buddies = {
        id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy().value == 0:  # not reachable by keyboard: e.g. scroll bars
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):  # the line edit inside a spin box
            continue
        has_text = isinstance(widget, QAbstractButton) and bool(widget.text().strip())
        if widget.accessibleName().strip() or id(widget) in buddies or has_text:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_first_run_screens(make_app: object) -> None:
    app: App = make_app()  # type: ignore[operator]
    view = app.window.first_run
    for page in (view.welcome_page, view.passphrase_page):
        view.setCurrentWidget(page)
        assert unnamed_widgets(app.window) == []
    view.start.click()
    view.passphrases.first.setText("quiet harbour morning tea")
    view.passphrases.second.setText("quiet harbour morning tea")
    view.create_button.click()
    assert view.currentWidget() is view.recovery_page
    assert unnamed_widgets(app.window) == []


def test_unlock_screens(make_app: object, existing_journal: object) -> None:
    folder, _key = existing_journal  # type: ignore[misc]
    app: App = make_app(folder)  # type: ignore[operator]
    assert unnamed_widgets(app.window) == []
    app.window.unlock.use_recovery.click()
    assert unnamed_widgets(app.window) == []


def test_journal_and_every_editor_form(unlocked: App) -> None:
    assert unnamed_widgets(unlocked.window) == []
    for kind in EntryKind:
        unlocked.controller.commands.new_entry(kind)
        assert unnamed_widgets(unlocked.window) == []


def test_preferences(unlocked: App) -> None:
    dialog = unlocked.controller.commands.show_preferences()
    assert unnamed_widgets(dialog) == []
    dialog.reject()


def test_focus_starts_in_the_passphrase_field(make_app: object, existing_journal: object) -> None:
    folder, _key = existing_journal  # type: ignore[misc]
    app: App = make_app(folder)  # type: ignore[operator]
    app.window.activateWindow()
    assert app.window.focusWidget() is app.window.unlock.passphrase
