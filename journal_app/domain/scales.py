"""Scales with words: what every point of a 0-10 scale means, in plain language.

A bare number is hard to choose and harder to compare from week to week. Each scale here gives
every point a short description (in the spirit of a SUDS scale, "subjective units of distress"),
shown beside the number as the slider moves and read out by screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WordedScale:
    """A 0-10 scale with a few words for each point."""

    name: str
    words: tuple[str, ...]  # eleven descriptions, for 0 to 10

    def __post_init__(self) -> None:
        if len(self.words) != 11:
            raise ValueError("a 0-10 scale needs a description for each of its eleven points")

    def describe(self, value: int) -> str:
        """``"7 – very hard to ignore"``: the number with its words."""
        return f"{value} – {self.words_for(value)}"

    def words_for(self, value: int) -> str:
        return self.words[max(0, min(10, value))]

    @property
    def ends(self) -> str:
        """The two ends, for a hint under the slider."""
        return f"0 = {self.words[0]}, 10 = {self.words[10]}"


FEELING_STRENGTH = WordedScale(
    "How strong the feeling was",
    (
        "calm, not there at all",
        "barely there",
        "a faint trace",
        "a little uneasy",
        "noticeable",
        "hard to ignore",
        "strong",
        "very strong",
        "very hard to bear",
        "close to overwhelming",
        "the worst I can imagine",
    ),
)

BLOCK_STRENGTH = WordedScale(
    "How strong the block was",
    (
        "it came out easily",
        "almost no holding back",
        "a slight hesitation",
        "held back a little",
        "held back some of it",
        "about half held back",
        "mostly held back",
        "only a little got through",
        "hardly anything got through",
        "nearly shut away",
        "completely shut away",
    ),
)

MOOD = WordedScale(
    "Mood",
    (
        "as low as it gets",
        "very low",
        "low",
        "heavy",
        "a bit flat",
        "in between",
        "all right",
        "fairly good",
        "good",
        "really good",
        "as good as it gets",
    ),
)
