""" "Need help now?" before and after unlock, the safety plan window, and the prep heading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from ui_helpers import PASSPHRASE, App, ScriptedDialogs, visible_text

from journal_app.domain.appointments import Appointment
from journal_app.domain.safety_plan import Contact, PlanStep, SafetyPlan
from journal_app.storage import Vault
from journal_app.ui.shell.actions import ActionId
from journal_app.ui.windows.need_help import NeedHelpDialog
from journal_app.ui.windows.safety_plan import SafetyPlanController, SafetyPlanView

MARKER = "plan-marker-6620"
SAM = "+44 7700 900123"


def _plan() -> SafetyPlan:
    return SafetyPlan(
        warning_signs=(f"{MARKER} warning",),
        ask_for_help=(Contact(f"Sam {MARKER}", SAM),),
        professionals=(Contact("My therapist", "020 7946 0000", date.today()),),
    )


def _journal_with_plan(folder: Path) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        vault.safety_plan.save(_plan())


def _every_text() -> str:
    return "\n".join(visible_text(w) for w in QApplication.topLevelWidgets())


def _need_help_windows() -> list[NeedHelpDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, NeedHelpDialog) and w.isVisible()
    ]


def test_before_unlock_need_help_shows_only_general_guidance(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    folder, _key = existing_journal
    _journal_with_plan(folder)
    app = make_app(folder)
    assert app.window.screens.currentWidget() is app.window.unlock
    link = app.window.unlock.need_help
    assert link.isVisible() and link.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert link.accessibleName() == "Need help now?"
    action = app.window.action_registry[ActionId.NEED_HELP]
    assert action.isEnabled() and action.shortcut().toString() == "F1"
    assert MARKER not in _every_text()

    action.trigger()  # F1, or the Help menu: one action
    (dialog,) = _need_help_windows()
    text = visible_text(dialog)
    assert "112 across Europe, 911 in North America, 999 in the UK, 000 in Australia" in text
    assert "cannot call anyone" in text
    assert dialog.copy_buttons == []
    assert MARKER not in _every_text() and SAM not in _every_text()
    dialog.close()

    link.click()  # the quiet link on the unlock screen
    (dialog,) = _need_help_windows()
    assert MARKER not in _every_text()
    dialog.close()


def test_after_unlock_the_users_own_contacts_come_first_with_copy_number(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    folder, _key = existing_journal
    _journal_with_plan(folder)
    app = make_app(folder)
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    assert app.controller.vault is not None
    app.window.action_registry[ActionId.NEED_HELP].trigger()
    (dialog,) = _need_help_windows()
    text = visible_text(dialog)
    assert text.index(f"Sam {MARKER}") < text.index("112 across Europe")
    assert "Checked on" in text
    contact, copy = dialog.copy_buttons[0]
    assert contact.phone == SAM and copy.accessibleName().startswith("Copy the number for Sam")
    copy.click()
    assert QGuiApplication.clipboard().text() == SAM

    app.window.action_registry[ActionId.SAFETY_PLAN].trigger()
    assert MARKER in _every_text()
    app.controller.lock()  # locking closes both windows and forgets their words at once
    assert _need_help_windows() == []
    assert MARKER not in _every_text()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert MARKER not in _every_text()


def test_the_plan_window_saves_steps_contacts_checks_and_review(
    existing_journal: tuple[Path, str], qtbot: Any, dialogs: ScriptedDialogs
) -> None:
    folder, _key = existing_journal
    today = date(2026, 12, 1)
    with Vault.open(folder, PASSPHRASE) as vault:
        vault.safety_plan.save(
            SafetyPlan(professionals=(Contact("Old line", "0800", today - timedelta(days=120)),))
        )
        view = SafetyPlanView()
        qtbot.addWidget(view)
        controller = SafetyPlanController(view, vault, dialogs, today=lambda: today)
        view.show()
        assert view.recheck_note.isVisible()
        assert "not checked in the last 90 days" in view.recheck_note.text()
        view.lists[PlanStep.ON_MY_OWN].setPlainText("Walk the dog\n\n Cold water ")
        view.reasons.setPlainText("My niece")
        people = view.tables[PlanStep.ASK_FOR_HELP]
        view.add_buttons[PlanStep.ASK_FOR_HELP].click()
        people.item(0, 0).setText("Sam")
        people.item(0, 1).setText(SAM)
        professionals = view.tables[PlanStep.PROFESSIONALS]
        professionals.selectRow(0)
        view.checked_button.click()
        assert not view.recheck_note.isVisible()
        view.mark_reviewed.setChecked(True)
        assert controller.save()
        saved = vault.safety_plan.get()
    assert saved.on_my_own == ("Walk the dog", "Cold water")
    assert saved.ask_for_help == (Contact("Sam", SAM),)
    assert saved.professionals == (Contact("Old line", "0800", today),)
    assert saved.reasons_for_living == ("My niece",)
    assert saved.reviewed_on == today


def test_every_control_in_the_plan_window_has_an_accessible_name(
    existing_journal: tuple[Path, str], qtbot: Any, dialogs: ScriptedDialogs
) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QPlainTextEdit, QPushButton

    folder, _key = existing_journal
    with Vault.open(folder, PASSPHRASE) as vault:
        view = SafetyPlanView()
        qtbot.addWidget(view)
        SafetyPlanController(view, vault, dialogs)
        controls = view.findChildren(QPushButton) + view.findChildren(QCheckBox)
        controls += view.findChildren(QPlainTextEdit)
        controls += [w for w in view.findChildren(QAbstractItemView) if w.objectName() != ""]
        controls += list(view.tables.values())
        unnamed = [type(w).__name__ for w in controls if not w.accessibleName()]
        assert unnamed == []


def test_a_too_long_plan_is_refused_in_the_window_and_nothing_saved(
    existing_journal: tuple[Path, str], qtbot: Any, dialogs: ScriptedDialogs
) -> None:
    folder, _key = existing_journal
    with Vault.open(folder, PASSPHRASE) as vault:
        view = SafetyPlanView()
        qtbot.addWidget(view)
        controller = SafetyPlanController(view, vault, dialogs)
        view.lists[PlanStep.WARNING_SIGNS].setPlainText("\n".join(str(n) for n in range(30)))
        assert not controller.save()
        assert not view.error.isHidden() and "short list" in view.error.text()
        assert not vault.safety_plan.exists()


def test_save_as_pdf_writes_the_card_where_chosen(
    existing_journal: tuple[Path, str], qtbot: Any, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    folder, _key = existing_journal
    target = tmp_path / "card.pdf"
    dialogs.save_paths.append(target)
    with Vault.open(folder, PASSPHRASE) as vault:
        view = SafetyPlanView()
        qtbot.addWidget(view)
        controller = SafetyPlanController(view, vault, dialogs)
        view.lists[PlanStep.ON_MY_OWN].setPlainText(MARKER)
        controller.save_pdf()
    reader = pypdf.PdfReader(str(target))
    assert len(reader.pages) == 1 and MARKER in (reader.pages[0].extract_text() or "")
    assert dialogs.calls[-1][0] == "inform"


def test_the_prep_page_is_named_after_the_next_session(unlocked: App) -> None:
    from journal_app.ui.pages.prep.page import SessionPrepPage

    vault = unlocked.controller.vault
    assert vault is not None
    soon = datetime.combine(date.today() + timedelta(days=1), datetime.min.time()).replace(hour=17)
    vault.appointments.add(Appointment(soon, therapist="Dr. Ruiz"))
    unlocked.controller.show_page("prep")
    page = unlocked.controller.pages["prep"]
    widget = page.widget if not isinstance(page, SessionPrepPage) else page
    prep = widget if isinstance(widget, SessionPrepPage) else widget.findChild(SessionPrepPage)
    assert prep is not None
    prep.refresh()
    assert prep.heading.text() == "Getting ready for tomorrow's session"
    assert prep.next_label.text().endswith(", 17:00")
