"""Rules an entry must follow before it is saved, with messages a person can act on."""

from __future__ import annotations

from journal_app.domain.entries import (
    SCALE_MAX,
    SCALE_MIN,
    ArticleLink,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    Question,
    ReflectionDetails,
    details_kind,
)
from journal_app.domain.thought_records import (
    PERCENT_MAX,
    PERCENT_MIN,
    CheckInDetails,
    ThoughtRecordDetails,
)

MAX_MOODS = 20
MAX_THOUGHTS = 50

MAX_TITLE_LENGTH = 300
MAX_TAG_LENGTH = 60
MAX_TAGS = 50
MAX_TEXT_LENGTH = 2_000_000
MAX_QUESTION_LENGTH = 2_000


class ValidationError(ValueError):
    """An entry breaks a rule. ``field`` names the part the UI should point at."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _check_whole_number(
    field: str, label: str, value: int | None, lowest: int, highest: int
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"{label} must be a whole number from {lowest} to {highest}.")
    if not lowest <= value <= highest:
        raise ValidationError(
            field, f"{label} must be between {lowest} and {highest} (it was {value})."
        )


def _check_scale(field: str, label: str, value: int | None) -> None:
    _check_whole_number(field, label, value, SCALE_MIN, SCALE_MAX)


def _check_percent(field: str, label: str, value: int | None) -> None:
    _check_whole_number(field, label, value, PERCENT_MIN, PERCENT_MAX)


def _validate_thought_record(details: ThoughtRecordDetails) -> None:
    for field, moods in (("moods", details.moods), ("moods_after", details.moods_after)):
        if len(moods) > MAX_MOODS:
            raise ValidationError(field, f"A thought record can hold up to {MAX_MOODS} moods.")
        for mood in moods:
            if not mood.name.strip():
                raise ValidationError(field, "Each mood needs a word, for example “anxious”.")
            _check_percent(field, f"How strong “{mood.name}” was", mood.strength)
    if len(details.automatic_thoughts) > MAX_THOUGHTS:
        raise ValidationError(
            "automatic_thoughts", f"A thought record can hold up to {MAX_THOUGHTS} thoughts."
        )
    if any(not thought.strip() for thought in details.automatic_thoughts):
        raise ValidationError("automatic_thoughts", "An automatic thought can't be empty.")
    if details.hot_thought is not None and not (
        0 <= details.hot_thought < len(details.automatic_thoughts)
    ):
        raise ValidationError("hot_thought", "The hot thought must be one of the thoughts listed.")
    _check_percent("belief", "How much I believe the balanced thought", details.belief)


def validate_entry(entry: Entry) -> None:
    """Raise :class:`ValidationError` if ``entry`` cannot be saved as it is."""
    if details_kind(entry.details) is not entry.kind:
        raise ValidationError("details", "The entry's details don't match its kind.")
    if len(entry.title) > MAX_TITLE_LENGTH:
        raise ValidationError("title", f"Titles can be up to {MAX_TITLE_LENGTH} characters long.")
    if "\n" in entry.title:
        raise ValidationError("title", "A title fits on one line.")
    if len(entry.body) > MAX_TEXT_LENGTH:
        raise ValidationError("body", "This entry is too long to save; try splitting it in two.")
    if entry.occurred_at.tzinfo is None:
        raise ValidationError("occurred_at", "The entry's date needs a time zone.")
    if len(entry.tags) > MAX_TAGS:
        raise ValidationError("tags", f"An entry can have up to {MAX_TAGS} tags.")
    for tag in entry.tags:
        if not tag.strip():
            raise ValidationError("tags", "Tags can't be empty.")
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError("tags", f"Tags can be up to {MAX_TAG_LENGTH} characters long.")
        if "," in tag or "\n" in tag:
            raise ValidationError("tags", f"The tag “{tag}” can't contain a comma or line break.")
    details = entry.details
    if isinstance(details, EmotionalBlockDetails):
        _check_scale("feeling_intensity", "How strong the feeling was", details.feeling_intensity)
        _check_scale("block_intensity", "How strong the block was", details.block_intensity)
        if BlockType.OTHER in details.blocked and not details.blocked_other.strip():
            raise ValidationError(
                "blocked_other", "You chose “Something else”: say a few words about what it was."
            )
    elif isinstance(details, ReflectionDetails):
        _check_scale("mood", "Mood", details.mood)
    elif isinstance(details, ThoughtRecordDetails):
        _validate_thought_record(details)
    elif isinstance(details, CheckInDetails):
        _check_scale("strength", "How strong the feeling is", details.strength)
        if any(not word.strip() for word in details.feelings):
            raise ValidationError("feelings", "A feeling word can't be empty.")
    for question in entry.questions:
        validate_question(question)
    for link in entry.links:
        validate_link(link)


def validate_question(question: Question) -> None:
    if not question.text.strip():
        raise ValidationError("questions", "A question for your therapist can't be empty.")
    if len(question.text) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            "questions", f"Questions can be up to {MAX_QUESTION_LENGTH} characters long."
        )


def validate_link(link: ArticleLink) -> None:
    if not link.article_slug.strip():
        raise ValidationError("links", "A link needs the article it points to.")
    if len(link.quote) > MAX_TEXT_LENGTH:
        raise ValidationError("links", "The quoted passage is too long.")
