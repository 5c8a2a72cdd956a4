"""Structured between-session work: the thought record and the quick check-in.

A thought record follows the seven columns of the *Mind Over Mood* worksheet (Greenberger and
Padesky): the situation, the moods and how strong they were, the automatic thoughts with one
"hot" thought, the evidence for and against it, a balanced thought and how much I believe it, and
the moods re-rated. Every column may be left empty. A check-in is a few seconds' note of how I
feel right now. Plain frozen dataclasses, free of Qt and storage.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journal_app.domain.scales import FEELING_STRENGTH

PERCENT_MIN = 0
PERCENT_MAX = 100


class ThinkingTrap(enum.StrEnum):
    """Common patterns of thinking that make a hard moment harder, each with a plain name."""

    ALL_OR_NOTHING = "all-or-nothing"
    MIND_READING = "mind-reading"
    FORTUNE_TELLING = "fortune-telling"
    CATASTROPHISING = "catastrophising"
    SHOULDS = "shoulds"
    LABELLING = "labelling"
    OVERGENERALISING = "overgeneralising"
    MENTAL_FILTER = "mental-filter"
    DISCOUNTING_THE_GOOD = "discounting-the-good"
    FEELINGS_AS_FACTS = "feelings-as-facts"
    TAKING_IT_PERSONALLY = "taking-it-personally"
    BLAMING = "blaming"

    @property
    def label(self) -> str:
        return _TRAP_TEXT[self][0]

    @property
    def explanation(self) -> str:
        return _TRAP_TEXT[self][1]


_TRAP_TEXT = {
    ThinkingTrap.ALL_OR_NOTHING: (
        "All-or-nothing",
        "Seeing things as all good or all bad, with nothing in between.",
    ),
    ThinkingTrap.MIND_READING: (
        "Mind-reading",
        "Being sure I know what someone else thinks of me, without asking.",
    ),
    ThinkingTrap.FORTUNE_TELLING: (
        "Fortune-telling",
        "Predicting that things will go badly, as if it were certain.",
    ),
    ThinkingTrap.CATASTROPHISING: (
        "Expecting the worst",
        "Jumping to the worst possible outcome and treating it as likely.",
    ),
    ThinkingTrap.SHOULDS: (
        "Shoulds",
        "Rigid rules about how I or others must be, and harshness when they're broken.",
    ),
    ThinkingTrap.LABELLING: (
        "Labelling",
        "Summing myself or someone up with one harsh word after one event.",
    ),
    ThinkingTrap.OVERGENERALISING: (
        "Always and never",
        "Treating one thing that happened as proof that it always happens.",
    ),
    ThinkingTrap.MENTAL_FILTER: (
        "Mental filter",
        "Noticing only the one thing that went wrong and missing the rest.",
    ),
    ThinkingTrap.DISCOUNTING_THE_GOOD: (
        "Discounting the good",
        "Telling myself the good things don't count.",
    ),
    ThinkingTrap.FEELINGS_AS_FACTS: (
        "Feelings as facts",
        "Believing something is true because it feels true.",
    ),
    ThinkingTrap.TAKING_IT_PERSONALLY: (
        "Taking it personally",
        "Assuming I caused something that had many causes.",
    ),
    ThinkingTrap.BLAMING: (
        "Blaming",
        "Putting all of the cause on one person, myself or someone else.",
    ),
}

# Guiding questions shown beside the columns, in the worksheet's spirit and our own words.
AUTOMATIC_THOUGHT_HINTS = (
    "What was going through my mind just before I started to feel this way?",
    "What am I afraid might happen?",
    "What does this say about me, if it's true?",
    "Is there an image or memory that goes with it?",
)
EVIDENCE_FOR_HINT = "Facts that support the hot thought: what happened, not what I guessed."
EVIDENCE_AGAINST_HINTS = (
    "If a friend had this thought, what would I tell them?",
    "Have there been times when this wasn't true?",
    "What would someone who cares about me point out?",
    "Am I leaving out anything that doesn't fit?",
)
BALANCED_THOUGHT_HINT = "Putting both columns of evidence together, what is a fairer way to see it?"


@dataclass(frozen=True)
class MoodRating:
    """One mood, in my own word or one from the feelings list, and how strong it was (0-100)."""

    name: str
    strength: int = 50

    def describe(self) -> str:
        return f"{self.name} {self.strength}%"


@dataclass(frozen=True)
class MoodChange:
    name: str
    before: int
    after: int | None  # None when the mood wasn't re-rated

    @property
    def difference(self) -> int | None:
        return None if self.after is None else self.after - self.before

    def describe(self) -> str:
        if self.after is None:
            return f"{self.name} {self.before}% (not re-rated)"
        return f"{self.name} {self.before}% → {self.after}%"


@dataclass(frozen=True)
class ThoughtRecordDetails:
    """The seven columns, each optional. ``grew_from`` is the uid of the entry it grew from."""

    situation: str = ""
    moods: tuple[MoodRating, ...] = ()
    automatic_thoughts: tuple[str, ...] = ()
    hot_thought: int | None = None  # index into automatic_thoughts
    evidence_for: str = ""
    evidence_against: str = ""
    balanced_thought: str = ""
    belief: int | None = None  # how much I believe the balanced thought, 0-100
    moods_after: tuple[MoodRating, ...] = ()
    thinking_traps: tuple[ThinkingTrap, ...] = ()
    grew_from: str = ""

    @property
    def hot(self) -> str:
        """The hot thought's text ("" when none is marked)."""
        if self.hot_thought is None or not 0 <= self.hot_thought < len(self.automatic_thoughts):
            return ""
        return self.automatic_thoughts[self.hot_thought]

    def mood_changes(self) -> list[MoodChange]:
        """Each mood from before with its re-rating (matched by name, case-insensitively)."""
        after = {mood.name.casefold(): mood.strength for mood in self.moods_after}
        return [
            MoodChange(mood.name, mood.strength, after.get(mood.name.casefold()))
            for mood in self.moods
        ]

    def mood_change_text(self) -> str:
        return "; ".join(change.describe() for change in self.mood_changes())

    def thoughts_text(self) -> str:
        lines = []
        for index, thought in enumerate(self.automatic_thoughts):
            mark = " (hot thought)" if index == self.hot_thought else ""
            lines.append(f"• {thought}{mark}")
        return "\n".join(lines)

    def labelled_items(self) -> list[tuple[str, str]]:
        belief = "" if self.belief is None else f" (I believe it {self.belief}%)"
        balanced = self.balanced_thought.strip()
        balanced = f"{balanced}{belief}" if balanced else ""
        return [
            ("1. Situation", self.situation),
            ("2. Moods", "; ".join(mood.describe() for mood in self.moods)),
            ("3. Automatic thoughts", self.thoughts_text()),
            ("4. Evidence that supports the hot thought", self.evidence_for),
            ("5. Evidence that does not support it", self.evidence_against),
            ("6. Balanced thought", balanced),
            ("7. Moods now", "; ".join(mood.describe() for mood in self.moods_after)),
            ("Mood change", self.mood_change_text() if self.moods_after else ""),
            ("Thinking traps I noticed", "; ".join(trap.label for trap in self.thinking_traps)),
        ]

    def search_text(self) -> str:
        values = [
            self.situation,
            " ".join(mood.name for mood in self.moods),
            " ".join(self.automatic_thoughts),
            self.evidence_for,
            self.evidence_against,
            self.balanced_thought,
            " ".join(trap.label for trap in self.thinking_traps),
        ]
        return " · ".join(value.strip() for value in values if value.strip())

    def gist(self) -> str:
        candidates = [self.hot, self.situation, self.balanced_thought, *self.automatic_thoughts]
        return next((text.strip() for text in candidates if text.strip()), "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "situation": self.situation,
            "moods": [_mood_to_dict(mood) for mood in self.moods],
            "automatic_thoughts": list(self.automatic_thoughts),
            "hot_thought": self.hot_thought,
            "evidence_for": self.evidence_for,
            "evidence_against": self.evidence_against,
            "balanced_thought": self.balanced_thought,
            "belief": self.belief,
            "moods_after": [_mood_to_dict(mood) for mood in self.moods_after],
            "thinking_traps": [trap.value for trap in self.thinking_traps],
            "grew_from": self.grew_from,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThoughtRecordDetails:
        hot = data.get("hot_thought")
        belief = data.get("belief")
        return cls(
            situation=str(data.get("situation", "")),
            moods=tuple(_mood_from_dict(item) for item in data.get("moods", ())),
            automatic_thoughts=tuple(str(text) for text in data.get("automatic_thoughts", ())),
            hot_thought=None if hot is None else int(hot),
            evidence_for=str(data.get("evidence_for", "")),
            evidence_against=str(data.get("evidence_against", "")),
            balanced_thought=str(data.get("balanced_thought", "")),
            belief=None if belief is None else int(belief),
            moods_after=tuple(_mood_from_dict(item) for item in data.get("moods_after", ())),
            thinking_traps=tuple(ThinkingTrap(v) for v in data.get("thinking_traps", ())),
            grew_from=str(data.get("grew_from", "")),
        )


def _mood_to_dict(mood: MoodRating) -> dict[str, Any]:
    return {"name": mood.name, "strength": mood.strength}


def _mood_from_dict(item: Mapping[str, Any]) -> MoodRating:
    return MoodRating(name=str(item["name"]), strength=int(item.get("strength", 50)))


@dataclass(frozen=True)
class CheckInDetails:
    """How I feel right now: feeling words, how strong (0-10), and one optional line."""

    feelings: tuple[str, ...] = ()
    strength: int = 5
    note: str = ""

    def labelled_items(self) -> list[tuple[str, str]]:
        return [
            ("Feelings", ", ".join(self.feelings)),
            ("How strong", FEELING_STRENGTH.describe(self.strength) + " (out of 10)"),
            ("Note", self.note),
        ]

    def search_text(self) -> str:
        values = [", ".join(self.feelings), self.note]
        return " · ".join(value.strip() for value in values if value.strip())

    def gist(self) -> str:
        feelings = ", ".join(self.feelings)
        if feelings and self.note.strip():
            return f"{feelings}: {self.note.strip()}"
        return feelings or self.note.strip()

    def to_dict(self) -> dict[str, Any]:
        return {"feelings": list(self.feelings), "strength": self.strength, "note": self.note}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckInDetails:
        return cls(
            feelings=tuple(str(word) for word in data.get("feelings", ())),
            strength=int(data.get("strength", 5)),
            note=str(data.get("note", "")),
        )
