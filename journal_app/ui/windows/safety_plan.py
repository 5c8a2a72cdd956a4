"""My safety plan: write and review the six steps (and reasons for living) in my own words.

One page per step is more than a crisis plan needs; the steps sit one under another, each with
its one-line explanation, so the plan can be written together with a therapist in one sitting.
Lists are one item per line; steps 4 and 5 are small tables of name and number, and step 5
keeps an "I've checked this number works" date for each, with a prompt after 90 days.
Saved only inside the encrypted journal; "Save as PDF…" writes the one-page card on request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain import wording
from journal_app.domain.safety_plan import (
    REASONS_EXPLANATION,
    REASONS_TITLE,
    Contact,
    PlanStep,
    SafetyPlan,
)
from journal_app.domain.validation import ValidationError
from journal_app.storage import JournalError, Vault
from journal_app.ui.common.dialog_service import Dialogs
from journal_app.ui.common.widgets import button, label

TITLE = "My safety plan"
INTRO = (
    "A safety plan is a short list, in your own words, of what you can do and whom you can turn "
    "to when things get hard, step by step. It stays inside your encrypted journal and is never "
    "part of an export for your therapist."
)
NAME, PHONE, CHECKED = 0, 1, 2


def _day_text(day: date | None) -> str:
    return "" if day is None else wording.long_date(day)


class ContactTable(QTableWidget):
    """Name and number per row; with ``checked`` a third, read-only column for the checked day."""

    def __init__(self, title: str, *, checked: bool) -> None:
        super().__init__(0, 3 if checked else 2)
        self._checked_days: list[date | None] = []
        self.setAccessibleName(title)
        headers = ["Name", "Phone number"] + (["Number checked on"] if checked else [])
        self.setHorizontalHeaderLabels(headers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setMinimumHeight(110)
        self.has_checked_column = checked

    def set_contacts(self, contacts: tuple[Contact, ...]) -> None:
        self.setRowCount(0)
        self._checked_days = []
        for contact in contacts:
            self.add_row(contact)

    def add_row(self, contact: Contact | None = None) -> None:
        contact = contact or Contact("")
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, NAME, QTableWidgetItem(contact.name))
        self.setItem(row, PHONE, QTableWidgetItem(contact.phone))
        self._checked_days.append(contact.checked_on)
        if self.has_checked_column:
            item = QTableWidgetItem(_day_text(contact.checked_on) or "not checked yet")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, CHECKED, item)

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)
            del self._checked_days[row]

    def mark_checked(self, today: date) -> None:
        for row in sorted({index.row() for index in self.selectedIndexes()}):
            self._checked_days[row] = today
            item = self.item(row, CHECKED)
            if item is not None:
                item.setText(_day_text(today))

    def contacts(self) -> tuple[Contact, ...]:
        found = []
        for row in range(self.rowCount()):
            name, phone = (self.item(row, column) for column in (NAME, PHONE))
            found.append(
                Contact(
                    name.text() if name else "",
                    phone.text() if phone else "",
                    self._checked_days[row] if self.has_checked_column else None,
                )
            )
        return tuple(found)


class SafetyPlanView(QDialog):
    """Layout only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("SafetyPlan")
        self.resize(680, 640)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setSpacing(6)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        body.addWidget(label(TITLE, "Heading"))
        body.addWidget(label(INTRO, "Hint"))
        self.reviewed = label("", "Hint")
        self.reviewed.setAccessibleName("When the plan was last reviewed")
        body.addWidget(self.reviewed)

        self.lists: dict[PlanStep, QPlainTextEdit] = {}
        self.tables: dict[PlanStep, ContactTable] = {}
        self.add_buttons: dict[PlanStep, QPushButton] = {}
        self.remove_buttons: dict[PlanStep, QPushButton] = {}
        for step in PlanStep:
            heading = label(f"{step.value}. {step.title}", "Subheading")
            body.addWidget(heading)
            body.addWidget(label(step.explanation, "Hint"))
            if step.has_contacts:
                table = ContactTable(step.title, checked=step is PlanStep.PROFESSIONALS)
                self.tables[step] = table
                body.addWidget(table)
                row = QHBoxLayout()
                add = button(
                    "Add a person" if step is PlanStep.ASK_FOR_HELP else "Add a contact",
                    f"Add a row to {step.title}",
                )
                remove = button("Remove", f"Remove the chosen row from {step.title}", link=True)
                row.addWidget(add)
                row.addWidget(remove)
                self.add_buttons[step], self.remove_buttons[step] = add, remove
                if step is PlanStep.PROFESSIONALS:
                    self.checked_button = button(
                        "I've checked this number works",
                        "Mark the chosen number as checked today",
                    )
                    row.addWidget(self.checked_button)
                    self.recheck_note = label("", "Notice")
                    self.recheck_note.setAccessibleName("Numbers to check again")
                row.addStretch(1)
                body.addLayout(row)
                if step is PlanStep.PROFESSIONALS:
                    body.addWidget(self.recheck_note)
            else:
                edit = QPlainTextEdit()
                edit.setAccessibleName(step.title)
                edit.setAccessibleDescription(f"{step.explanation} One item per line.")
                edit.setPlaceholderText("One item per line")
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(84)
                heading.setBuddy(edit)
                self.lists[step] = edit
                body.addWidget(edit)
        body.addWidget(label(REASONS_TITLE, "Subheading"))
        body.addWidget(label(REASONS_EXPLANATION, "Hint"))
        self.reasons = QPlainTextEdit()
        self.reasons.setAccessibleName(REASONS_TITLE)
        self.reasons.setPlaceholderText("One item per line")
        self.reasons.setTabChangesFocus(True)
        self.reasons.setFixedHeight(84)
        body.addWidget(self.reasons)
        self.mark_reviewed = QCheckBox("I've looked over the whole plan today")
        self.mark_reviewed.setAccessibleName("Mark the plan as reviewed today")
        body.addWidget(self.mark_reviewed)

        self.error = label("", "Error")
        self.error.setAccessibleName("Safety plan message")
        self.error.hide()
        outer.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_pdf = button("Save as PDF…", "Save the plan as a one-page PDF")
        self.save = button("Save", "Save the plan", primary=True)
        self.cancel = button("Cancel", "Close without saving")
        buttons.addButton(self.save_pdf, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        outer.addWidget(buttons)

    def close_for_lock(self) -> None:
        """Locking: unsaved changes are dropped and every word cleared at once."""
        for edit in [*self.lists.values(), self.reasons]:
            edit.clear()
        for table in self.tables.values():
            table.setRowCount(0)
        QDialog.done(self, int(QDialog.DialogCode.Rejected))


class SafetyPlanController:
    """Fills the view from the vault's plan and saves it back (one transaction)."""

    def __init__(
        self,
        view: SafetyPlanView,
        vault: Vault,
        dialogs: Dialogs,
        *,
        today: Callable[[], date] = date.today,
        write_pdf: Callable[[SafetyPlan, Path], int] | None = None,
    ) -> None:
        self.view = view
        self._vault = vault
        self._dialogs = dialogs
        self._today = today
        self._write_pdf = write_pdf
        self._reviewed_on: date | None = None
        self.load(vault.safety_plan.get())
        for step, add in view.add_buttons.items():
            table = view.tables[step]
            add.clicked.connect(lambda _c=False, t=table: self._add_row(t))
            view.remove_buttons[step].clicked.connect(lambda _c=False, t=table: t.remove_selected())
        view.checked_button.clicked.connect(self._mark_checked)
        view.save.clicked.connect(self.save)
        view.cancel.clicked.connect(view.reject)
        view.save_pdf.clicked.connect(self.save_pdf)

    def load(self, plan: SafetyPlan) -> None:
        view = self.view
        for step, edit in view.lists.items():
            edit.setPlainText("\n".join(plan.items(step)))
        for step, table in view.tables.items():
            table.set_contacts(plan.contacts(step))
        view.reasons.setPlainText("\n".join(plan.reasons_for_living))
        self._reviewed_on = plan.reviewed_on
        today = self._today()
        if plan.reviewed_on is None:
            view.reviewed.setText("Not reviewed yet.")
        elif plan.needs_review(today):
            view.reviewed.setText(
                f"Last reviewed on {_day_text(plan.reviewed_on)}. It may be a good time to look "
                "it over again."
            )
        else:
            view.reviewed.setText(f"Last reviewed on {_day_text(plan.reviewed_on)}.")
        self._update_recheck_note(plan)

    def _update_recheck_note(self, plan: SafetyPlan) -> None:
        count = len(plan.contacts_to_recheck(self._today()))
        note = self.view.recheck_note
        if count:
            numbers = "1 number was" if count == 1 else f"{count} numbers were"
            note.setText(
                f"{numbers} not checked in the last 90 days. Numbers change: please check it "
                "still works, then choose it and press \u201cI've checked this number works\u201d."
            )
        note.setVisible(bool(count))

    def _add_row(self, table: ContactTable) -> None:
        table.add_row()
        table.setCurrentCell(table.rowCount() - 1, NAME)
        item = table.item(table.rowCount() - 1, NAME)
        if item is not None:
            table.editItem(item)

    def _mark_checked(self) -> None:
        self.view.tables[PlanStep.PROFESSIONALS].mark_checked(self._today())
        self._update_recheck_note(self.plan())

    def plan(self) -> SafetyPlan:
        view = self.view
        plan = SafetyPlan(reviewed_on=self._reviewed_on)
        for step, edit in view.lists.items():
            plan = plan.with_items(step, tuple(edit.toPlainText().splitlines()))
        for step, table in view.tables.items():
            plan = plan.with_contacts(step, table.contacts())
        plan = plan.with_reasons(tuple(view.reasons.toPlainText().splitlines()))
        if view.mark_reviewed.isChecked():
            plan = plan.reviewed(self._today())
        return plan

    def save(self) -> bool:
        try:
            self._vault.safety_plan.save(self.plan())
        except (ValidationError, JournalError) as error:
            self._show_error(str(error))
            return False
        self.view.accept()
        return True

    def save_pdf(self) -> None:
        target = self._dialogs.save_file_path(
            self.view,
            "Save my safety plan as PDF",
            Path.home() / "My safety plan.pdf",
            "PDF (*.pdf)",
        )
        if target is None:
            return
        write = self._write_pdf or _write_plan_pdf
        try:
            write(self.plan(), target)
        except (OSError, ValueError) as error:
            self._show_error(f"The PDF couldn't be written ({type(error).__name__}).")
            return
        self._dialogs.inform(
            self.view,
            "Safety plan saved",
            f"Your safety plan was saved to {target}. That file is not encrypted.",
        )

    def _show_error(self, text: str) -> None:
        self.view.error.setText(text)
        self.view.error.show()


def _write_plan_pdf(plan: SafetyPlan, target: Path) -> int:
    from journal_app.exchange.pdf_writer import locale_page_size
    from journal_app.exchange.safety_plan_pdf import write_plan_pdf

    return write_plan_pdf(plan, target, page_size=locale_page_size())


def show_safety_plan(
    parent: QWidget | None, vault: Vault, dialogs: Dialogs
) -> SafetyPlanController:
    """Open the plan through the dialog service (so locking closes it, unsaved)."""
    view = SafetyPlanView(parent)
    controller = SafetyPlanController(view, vault, dialogs)
    view.finished.connect(view.deleteLater)
    dialogs.open(view)
    return controller
