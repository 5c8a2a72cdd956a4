"""The "Need help now?" window, reachable from every screen, the unlock screen included.

Before the journal is open it shows only plain, general guidance (the emergency numbers everyone
knows, and that the app cannot call or alert anyone); nothing from the journal can be there,
because it is still encrypted. Once unlocked, the user's own plan comes first: the people they
can ask for help (step 4) and the professionals and services to contact (step 5, with when each
number was checked), each with a "Copy number" button. The app never contacts anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal_app.domain.safety_plan import (
    APP_CANNOT_CALL,
    EMERGENCY_GUIDANCE,
    EMERGENCY_HEADING,
    Contact,
    PlanStep,
    SafetyPlan,
    checked_wording,
    contact_line,
)
from journal_app.ui.common.widgets import button, label

TITLE = "Need help now?"
LOCKED_NOTE = (
    "When your journal is open, this window shows your own safety plan first: the people and "
    "services you chose, with their numbers."
)
NO_PLAN_NOTE = (
    "You haven't written a safety plan yet. It is a short list, in your own words, of what helps "
    "and whom to call when things get hard; many people write it with their therapist."
)


class NeedHelpDialog(QDialog):
    """The guidance, and after unlock the user's own contacts first. ``plan`` is None when locked.

    ``open_plan`` (after unlock) opens the whole plan to read or change it.
    """

    def __init__(
        self,
        plan: SafetyPlan | None,
        parent: QWidget | None = None,
        *,
        open_plan: Callable[[], None] | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("NeedHelp")
        self.setAccessibleName(TITLE)
        self.resize(520, 520)
        self._today = today or date.today()
        self.copy_buttons: list[tuple[Contact, QPushButton]] = []
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self._body = QVBoxLayout(content)
        self._body.setSpacing(8)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        if plan is not None:
            self._add_plan(plan, open_plan)
        self._add_guidance()
        if plan is None:
            self._body.addWidget(label(LOCKED_NOTE, "Hint"))
        self._body.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        close.setFocus()

    def _add_guidance(self) -> None:
        heading = label(EMERGENCY_HEADING, "Subheading")
        self._body.addWidget(heading)
        guidance = label(EMERGENCY_GUIDANCE)
        guidance.setAccessibleName("What to do in an emergency")
        guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._body.addWidget(guidance)
        self._body.addWidget(label(APP_CANNOT_CALL))

    def _add_plan(self, plan: SafetyPlan, open_plan: Callable[[], None] | None) -> None:
        self._body.addWidget(label("My safety plan", "Heading"))
        if plan.is_empty:
            self._body.addWidget(label(NO_PLAN_NOTE))
        for step in (PlanStep.ASK_FOR_HELP, PlanStep.PROFESSIONALS):
            contacts = plan.contacts(step)
            if not contacts:
                continue
            self._body.addWidget(label(f"{step.value}. {step.title}", "Subheading"))
            for contact in contacts:
                self._add_contact(step, contact)
        if open_plan is not None:
            text = "Write my safety plan…" if plan.is_empty else "Open my whole plan…"
            whole = button(text, text.rstrip("…"), link=not plan.is_empty)
            whole.clicked.connect(open_plan)
            self._body.addWidget(whole, 0, Qt.AlignmentFlag.AlignLeft)

    def _add_contact(self, step: PlanStep, contact: Contact) -> None:
        row = QHBoxLayout()
        column = QVBoxLayout()
        column.setSpacing(0)
        line = label(contact_line(contact))
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(line)
        if step is PlanStep.PROFESSIONALS:
            checked = label(checked_wording(contact, self._today), "Hint")
            column.addWidget(checked)
        row.addLayout(column, 1)
        if contact.phone:
            copy = button("Copy number", f"Copy the number for {contact.name or 'this contact'}")
            copy.clicked.connect(lambda _checked=False, c=contact: self.copy_number(c))
            row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
            self.copy_buttons.append((contact, copy))
        self._body.addLayout(row)

    def close_for_lock(self) -> None:
        """Locking: forget the plan's words at once (not when Qt gets round to deleting us)."""
        for text in self.findChildren(QLabel):
            text.clear()
        for _contact, copy in self.copy_buttons:
            copy.setAccessibleName("")
        self.copy_buttons.clear()
        QDialog.done(self, int(QDialog.DialogCode.Rejected))

    def copy_number(self, contact: Contact) -> None:
        QGuiApplication.clipboard().setText(contact.phone)


def need_help_now(
    parent: QWidget | None,
    plan: SafetyPlan | None,
    show: Callable[[QDialog], None],
    *,
    open_plan: Callable[[], None] | None = None,
) -> NeedHelpDialog:
    """Open the window (through the dialog service's ``open``, so locking closes it)."""
    dialog = NeedHelpDialog(plan, parent, open_plan=open_plan)
    dialog.finished.connect(dialog.deleteLater)
    show(dialog)
    return dialog
