"""The one rule for a new passphrase, and its strength hint."""

from __future__ import annotations

import pytest

from journal_app.domain.passphrase import (
    MIN_PASSPHRASE_LENGTH,
    is_acceptable_passphrase,
    passphrase_problem,
    strength_hint,
)


@pytest.mark.parametrize("passphrase", ["", " ", "a", "short", " " * 12, "\t\n  \t  ", "1234567"])
def test_too_short_or_blank_passphrases_are_refused(passphrase: str) -> None:
    assert not is_acceptable_passphrase(passphrase)
    problem = passphrase_problem(passphrase)
    assert problem is not None and problem.endswith(".")


@pytest.mark.parametrize("passphrase", ["12345678", "a calm lighthouse evening", " spaced  out "])
def test_passphrases_of_eight_characters_or_more_are_accepted(passphrase: str) -> None:
    assert is_acceptable_passphrase(passphrase)
    assert passphrase_problem(passphrase) is None


def test_the_rule_counts_characters_not_bytes() -> None:
    assert MIN_PASSPHRASE_LENGTH == 8
    assert is_acceptable_passphrase("ééééçççç")


def test_the_hint_explains_the_rule_before_scoring() -> None:
    assert strength_hint("") == (0, strength_hint("")[1])
    assert "unrelated words" in strength_hint("")[1]
    assert strength_hint("abc") == (0, f"Please use at least {MIN_PASSPHRASE_LENGTH} characters.")


def test_the_hint_scores_weak_and_strong_passphrases() -> None:
    weak_score, weak_text = strength_hint("password")
    strong_score, strong_text = strength_hint("correct horse battery staple lighthouse")
    assert weak_score <= 1 and "easy to guess" in weak_text
    assert strong_score >= 3 and "remember" in strong_text


def test_a_passphrase_longer_than_zxcvbn_accepts_still_gets_a_hint() -> None:
    score, _text = strength_hint("x" * 100_000)
    assert 0 <= score <= 4
