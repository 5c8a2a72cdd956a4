"""My safety plan: the Stanley–Brown Safety Planning Intervention's six steps, in my own words.

Each step is a short list written by the person (often together with their therapist), in this
order, plus optional reasons for living. People and professionals carry a phone number; each
professional or service also carries the day its number was last checked to work, because a
wrong or dead crisis number is a documented harm. The app ships no numbers of its own.

Free of Qt and storage: the vault stores a plan as the JSON document ``to_dict`` makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from journal_app.domain import wording
from journal_app.domain.validation import ValidationError

RECHECK_AFTER = timedelta(days=90)
"""How long a checked number or a reviewed plan counts as current."""

MAX_ITEMS_PER_STEP = 12
MAX_ITEM_LENGTH = 300


class PlanStep(Enum):
    """The six steps, in the order the plan is built and read."""

    WARNING_SIGNS = 1
    ON_MY_OWN = 2
    PEOPLE_AND_PLACES = 3
    ASK_FOR_HELP = 4
    PROFESSIONALS = 5
    SAFER_SURROUNDINGS = 6

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self]

    @property
    def has_contacts(self) -> bool:
        return self in (PlanStep.ASK_FOR_HELP, PlanStep.PROFESSIONALS)


_TITLES = {
    PlanStep.WARNING_SIGNS: "Warning signs",
    PlanStep.ON_MY_OWN: "Things I can do on my own",
    PlanStep.PEOPLE_AND_PLACES: "People and places that help me feel better",
    PlanStep.ASK_FOR_HELP: "People I can ask for help",
    PlanStep.PROFESSIONALS: "Professionals and services I can contact in a crisis",
    PlanStep.SAFER_SURROUNDINGS: "Making my surroundings safer",
}

_EXPLANATIONS = {
    PlanStep.WARNING_SIGNS: "Thoughts, images, moods or situations that tell me a crisis may "
    "be coming.",
    PlanStep.ON_MY_OWN: "What I can do by myself to take my mind off things.",
    PlanStep.PEOPLE_AND_PLACES: "People and places that help me feel better, for distraction, "
    "not necessarily to talk.",
    PlanStep.ASK_FOR_HELP: "People I can ask for help, with their phone numbers.",
    PlanStep.PROFESSIONALS: "My therapist, a crisis line, the emergency number, with phone "
    "numbers. Check each number works now and then.",
    PlanStep.SAFER_SURROUNDINGS: "What I can do to make the place I'm in safer.",
}

REASONS_TITLE = "My reasons for living"
REASONS_EXPLANATION = "Optional: what matters to me and keeps me going."


@dataclass(frozen=True)
class Contact:
    """Someone to call: a name, a number, and (for step 5) when the number was last checked."""

    name: str
    phone: str = ""
    checked_on: date | None = None

    def needs_recheck(self, today: date) -> bool:
        """Whether to ask for the number to be checked again (never checked, or 90 days on)."""
        return self.checked_on is None or today - self.checked_on >= RECHECK_AFTER

    def checked(self, on: date) -> Contact:
        return replace(self, checked_on=on)


@dataclass(frozen=True)
class SafetyPlan:
    """The whole plan; every list keeps the user's own order and words."""

    warning_signs: tuple[str, ...] = ()
    on_my_own: tuple[str, ...] = ()
    people_and_places: tuple[str, ...] = ()
    ask_for_help: tuple[Contact, ...] = ()
    professionals: tuple[Contact, ...] = ()
    safer_surroundings: tuple[str, ...] = ()
    reasons_for_living: tuple[str, ...] = ()
    reviewed_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.warning_signs,
                self.on_my_own,
                self.people_and_places,
                self.ask_for_help,
                self.professionals,
                self.safer_surroundings,
                self.reasons_for_living,
            )
        )

    def items(self, step: PlanStep) -> tuple[str, ...]:
        """A step's lines as text (contacts as "name – number")."""
        if step.has_contacts:
            return tuple(contact_line(contact) for contact in self.contacts(step))
        return {
            PlanStep.WARNING_SIGNS: self.warning_signs,
            PlanStep.ON_MY_OWN: self.on_my_own,
            PlanStep.PEOPLE_AND_PLACES: self.people_and_places,
            PlanStep.SAFER_SURROUNDINGS: self.safer_surroundings,
        }[step]

    def contacts(self, step: PlanStep) -> tuple[Contact, ...]:
        if step is PlanStep.ASK_FOR_HELP:
            return self.ask_for_help
        if step is PlanStep.PROFESSIONALS:
            return self.professionals
        return ()

    def with_items(self, step: PlanStep, items: tuple[str, ...]) -> SafetyPlan:
        cleaned = clean_items(items)
        if step is PlanStep.WARNING_SIGNS:
            return replace(self, warning_signs=cleaned)
        if step is PlanStep.ON_MY_OWN:
            return replace(self, on_my_own=cleaned)
        if step is PlanStep.PEOPLE_AND_PLACES:
            return replace(self, people_and_places=cleaned)
        if step is PlanStep.SAFER_SURROUNDINGS:
            return replace(self, safer_surroundings=cleaned)
        raise ValueError("contact steps take contacts")

    def with_reasons(self, items: tuple[str, ...]) -> SafetyPlan:
        return replace(self, reasons_for_living=clean_items(items))

    def with_contacts(self, step: PlanStep, contacts: tuple[Contact, ...]) -> SafetyPlan:
        kept = tuple(
            replace(c, name=c.name.strip(), phone=c.phone.strip())
            for c in contacts
            if c.name.strip() or c.phone.strip()
        )
        if step is PlanStep.ASK_FOR_HELP:
            return replace(self, ask_for_help=kept)
        if step is PlanStep.PROFESSIONALS:
            return replace(self, professionals=kept)
        raise ValueError("only steps 4 and 5 hold contacts")

    def contacts_to_recheck(self, today: date) -> tuple[Contact, ...]:
        """Step 5's numbers that were never checked or were checked 90 or more days ago."""
        return tuple(c for c in self.professionals if c.needs_recheck(today))

    def needs_review(self, today: date) -> bool:
        """A gentle prompt to look the plan over again, 90 days after it was last reviewed."""
        if self.is_empty:
            return False
        return self.reviewed_on is None or today - self.reviewed_on >= RECHECK_AFTER

    def reviewed(self, on: date) -> SafetyPlan:
        return replace(self, reviewed_on=on)

    def to_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = dict(self.extra)
        document.update(
            {
                "format": 1,
                "warning_signs": list(self.warning_signs),
                "on_my_own": list(self.on_my_own),
                "people_and_places": list(self.people_and_places),
                "ask_for_help": [_contact_to_dict(c) for c in self.ask_for_help],
                "professionals": [_contact_to_dict(c) for c in self.professionals],
                "safer_surroundings": list(self.safer_surroundings),
                "reasons_for_living": list(self.reasons_for_living),
                "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None,
            }
        )
        return document

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> SafetyPlan:
        known = {
            "format",
            "warning_signs",
            "on_my_own",
            "people_and_places",
            "ask_for_help",
            "professionals",
            "safer_surroundings",
            "reasons_for_living",
            "reviewed_on",
        }
        reviewed = document.get("reviewed_on")
        return cls(
            warning_signs=_strings(document.get("warning_signs")),
            on_my_own=_strings(document.get("on_my_own")),
            people_and_places=_strings(document.get("people_and_places")),
            ask_for_help=tuple(_contact_from_dict(c) for c in document.get("ask_for_help") or ()),
            professionals=tuple(_contact_from_dict(c) for c in document.get("professionals") or ()),
            safer_surroundings=_strings(document.get("safer_surroundings")),
            reasons_for_living=_strings(document.get("reasons_for_living")),
            reviewed_on=date.fromisoformat(reviewed) if reviewed else None,
            # Fields written by a newer version survive a save by this one.
            extra={k: v for k, v in document.items() if k not in known},
        )


def clean_items(items: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trimmed, non-empty lines in the user's order."""
    return tuple(line.strip() for line in items if line.strip())


def contact_line(contact: Contact) -> str:
    if contact.name and contact.phone:
        return f"{contact.name} – {contact.phone}"
    return contact.name or contact.phone


def checked_wording(contact: Contact, today: date) -> str:
    """What the plan says under a step-5 number about when it was checked."""
    if contact.checked_on is None:
        return "Not checked yet: please check this number works."
    day = wording.long_date(contact.checked_on)
    if contact.needs_recheck(today):
        return f"Checked on {day}, over 90 days ago: please check it still works."
    return f"Checked on {day}."


def validate_plan(plan: SafetyPlan) -> None:
    """Keep each step a short list (the plan has to fit on one page to be useful in a crisis)."""
    lists: dict[str, tuple[str, ...]] = {step.title: plan.items(step) for step in PlanStep}
    lists[REASONS_TITLE] = plan.reasons_for_living
    for title, items in lists.items():
        if len(items) > MAX_ITEMS_PER_STEP:
            raise ValidationError(
                "safety_plan",
                f"“{title}” has more than {MAX_ITEMS_PER_STEP} lines; a short list is easier "
                "to use when things are hard.",
            )
        if any(len(item) > MAX_ITEM_LENGTH for item in items):
            raise ValidationError(
                "safety_plan",
                f"A line in “{title}” is longer than {MAX_ITEM_LENGTH} characters; please "
                "shorten it.",
            )


def _strings(value: Any) -> tuple[str, ...]:
    return clean_items([str(item) for item in value or ()])


def _contact_to_dict(contact: Contact) -> dict[str, Any]:
    return {
        "name": contact.name,
        "phone": contact.phone,
        "checked_on": contact.checked_on.isoformat() if contact.checked_on else None,
    }


def _contact_from_dict(document: dict[str, Any]) -> Contact:
    checked = document.get("checked_on")
    return Contact(
        name=str(document.get("name") or ""),
        phone=str(document.get("phone") or ""),
        checked_on=date.fromisoformat(checked) if checked else None,
    )


# What "Need help now?" says before the journal is open, and what every printed plan ends with.
# General guidance only: the app ships no phone numbers except the well-known emergency numbers,
# because numbers change and a wrong crisis number is a documented harm.
EMERGENCY_HEADING = "If you are in danger now"
EMERGENCY_GUIDANCE = (
    "If you might act on thoughts of harming yourself, call your local emergency number now "
    "(112 across Europe, 911 in North America, 999 in the UK, 000 in Australia) or go to the "
    "nearest emergency department."
)
APP_CANNOT_CALL = "This app cannot call anyone or alert anyone for you."
