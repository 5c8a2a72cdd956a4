"""The safety plan's rules: six steps in order, short lists, checked numbers and reviews."""

from __future__ import annotations

from datetime import date

import pytest

from journal_app.domain import ValidationError
from journal_app.domain.safety_plan import (
    MAX_ITEMS_PER_STEP,
    Contact,
    PlanStep,
    SafetyPlan,
    checked_wording,
    validate_plan,
)


def test_the_six_steps_come_in_the_stanley_brown_order() -> None:
    assert [step.value for step in PlanStep] == [1, 2, 3, 4, 5, 6]
    assert [step.title for step in PlanStep] == [
        "Warning signs",
        "Things I can do on my own",
        "People and places that help me feel better",
        "People I can ask for help",
        "Professionals and services I can contact in a crisis",
        "Making my surroundings safer",
    ]
    assert all(step.explanation.endswith(".") for step in PlanStep)
    assert [step for step in PlanStep if step.has_contacts] == [
        PlanStep.ASK_FOR_HELP,
        PlanStep.PROFESSIONALS,
    ]


def test_lists_keep_the_users_words_and_order_without_blank_lines() -> None:
    plan = SafetyPlan().with_items(PlanStep.ON_MY_OWN, ("  Walk the dog ", "", "Cold water"))
    assert plan.on_my_own == ("Walk the dog", "Cold water")
    assert plan.items(PlanStep.ON_MY_OWN) == ("Walk the dog", "Cold water")
    with pytest.raises(ValueError):
        plan.with_items(PlanStep.PROFESSIONALS, ("x",))


def test_a_number_asks_to_be_checked_again_after_ninety_days() -> None:
    never = Contact("Crisis line", "0800 000")
    fresh = never.checked(date(2026, 9, 1))
    assert never.needs_recheck(date(2026, 9, 1))
    assert not fresh.needs_recheck(date(2026, 11, 29))  # 89 days
    assert fresh.needs_recheck(date(2026, 11, 30))  # 90 days
    plan = SafetyPlan().with_contacts(PlanStep.PROFESSIONALS, (never, fresh, Contact("", " ")))
    assert len(plan.professionals) == 2
    assert plan.contacts_to_recheck(date(2026, 10, 1)) == (never,)
    assert "Not checked yet" in checked_wording(never, date(2026, 10, 1))
    assert checked_wording(fresh, date(2026, 10, 1)) == "Checked on 1 September 2026."
    assert "over 90 days ago" in checked_wording(fresh, date(2026, 12, 1))


def test_review_is_asked_for_only_when_there_is_a_plan_and_ninety_days_passed() -> None:
    assert not SafetyPlan().needs_review(date(2026, 1, 1))
    plan = SafetyPlan(warning_signs=("Not sleeping",))
    assert plan.needs_review(date(2026, 1, 1))
    reviewed = plan.reviewed(date(2026, 1, 1))
    assert not reviewed.needs_review(date(2026, 3, 31))
    assert reviewed.needs_review(date(2026, 4, 1))


def test_a_plan_round_trips_through_its_document_and_keeps_unknown_fields() -> None:
    plan = SafetyPlan(
        warning_signs=("Not sleeping",),
        on_my_own=("Music",),
        people_and_places=("The library",),
        ask_for_help=(Contact("Sam", "+44 7700 900000"),),
        professionals=(Contact("My therapist", "020 7946 0000", date(2026, 11, 2)),),
        safer_surroundings=("Give the pills to Sam",),
        reasons_for_living=("My niece",),
        reviewed_on=date(2026, 11, 2),
    )
    document = plan.to_dict()
    document["from_a_newer_version"] = {"kept": True}
    again = SafetyPlan.from_dict(document)
    assert again == plan
    assert again.to_dict()["from_a_newer_version"] == {"kept": True}
    assert SafetyPlan.from_dict({}) == SafetyPlan()


def test_steps_stay_short_lists() -> None:
    too_many = SafetyPlan(on_my_own=tuple(f"thing {n}" for n in range(MAX_ITEMS_PER_STEP + 1)))
    with pytest.raises(ValidationError):
        validate_plan(too_many)
    with pytest.raises(ValidationError):
        validate_plan(SafetyPlan(reasons_for_living=("x" * 301,)))
    validate_plan(SafetyPlan(on_my_own=("fine",)))
