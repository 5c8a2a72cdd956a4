"""A calm vocabulary of feeling words, grouped the way a mood meter groups them.

Naming a feeling precisely is part of the work, and a list to pick from helps when the right word
won't come. Four groups (pleasant or unpleasant, with more or less energy), about a dozen words
each, plus two that matter to this journal in particular. The list is the app's own; free text is
always allowed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeelingGroup:
    name: str
    hint: str
    words: tuple[str, ...]


FEELING_GROUPS: tuple[FeelingGroup, ...] = (
    FeelingGroup(
        "Unpleasant, lots of energy",
        "stirred up, on edge",
        (
            "angry", "anxious", "frustrated", "irritated", "afraid", "panicky",
            "overwhelmed", "restless", "jealous", "tense", "stressed", "ashamed",
        ),
    ),
    FeelingGroup(
        "Unpleasant, little energy",
        "heavy, drained",
        (
            "sad", "lonely", "hopeless", "tired", "disappointed", "numb", "empty",
            "guilty", "hurt", "discouraged", "bored", "wanting to cry",
        ),
    ),
    FeelingGroup(
        "Pleasant, lots of energy",
        "bright, lively",
        (
            "happy", "excited", "hopeful", "proud", "playful", "curious",
            "confident", "grateful", "joyful", "energised", "inspired", "amused",
        ),
    ),
    FeelingGroup(
        "Pleasant, little energy",
        "settled, soft",
        (
            "calm", "relieved", "content", "safe", "peaceful", "relaxed",
            "connected", "tender", "thoughtful", "cared for", "at ease", "accepted",
        ),
    ),
)


def all_feelings() -> tuple[str, ...]:
    """Every word in the vocabulary, group by group, without repeats."""
    seen: dict[str, None] = {}
    for group in FEELING_GROUPS:
        for word in group.words:
            seen.setdefault(word, None)
    return tuple(seen)


def group_of(word: str) -> FeelingGroup | None:
    """The group a feeling word belongs to (case-insensitive); None for the person's own word."""
    folded = word.strip().casefold()
    return next((g for g in FEELING_GROUPS if folded in (w.casefold() for w in g.words)), None)


def parse_feelings(text: str) -> tuple[str, ...]:
    """Feelings typed as ``sad, tired; numb``: trimmed, without empties or repeats."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return tuple(seen.values())
