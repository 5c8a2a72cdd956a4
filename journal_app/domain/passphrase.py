"""The one rule for a new passphrase, and a kind hint about its strength (CLI and app alike).

A passphrase protects everything in the journal, and nobody can reset it for the person, so the
rule is short and clear: at least :data:`MIN_PASSPHRASE_LENGTH` characters, not only spaces. The
strength hint uses zxcvbn (imported only when asked for a hint).
"""

from __future__ import annotations

MIN_PASSPHRASE_LENGTH = 8
# zxcvbn refuses longer input (a ValueError), and its work grows quickly with length; the
# first 72 characters say all it needs.
_HINT_CHARACTERS = 72

_EMPTY_HINT = "A few unrelated words, like a little sentence only you would say, work well."
_SCORE_MESSAGES = {
    0: "This would be very easy to guess.",
    1: "This would be fairly easy to guess. Adding a few more words helps a lot.",
    2: "Reasonable. One or two more words would make it much stronger.",
    3: "Strong. Make sure it's something you'll remember.",
    4: "Very strong. Make sure it's something you'll remember.",
}
# Scores below this are worth a word even when nobody asked (a script, say).
WEAK_SCORE = 2


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` can't be used for a journal, as one sentence; None when it can."""
    if not passphrase:
        return "The passphrase can't be empty."
    if not passphrase.strip():
        return "The passphrase can't be only spaces."
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"Please use at least {MIN_PASSPHRASE_LENGTH} characters."
    return None


def is_acceptable_passphrase(passphrase: str) -> bool:
    return passphrase_problem(passphrase) is None


def strength_hint(passphrase: str) -> tuple[int, str]:
    """A 0-4 score and a kind sentence about how hard the passphrase would be to guess."""
    if not passphrase:
        return 0, _EMPTY_HINT
    problem = passphrase_problem(passphrase)
    if problem is not None:
        return 0, problem
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:_HINT_CHARACTERS])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    text = _SCORE_MESSAGES[score]
    if warning and score < 3:
        text = f"{text} {warning.rstrip('.')}."
    return score, text
