"""The journal's vocabulary: entries, their kinds and details, questions, links and rules.

Free of Qt and of storage, so every other layer can share it.
"""

from journal_app.domain.entries import (
    ArticleLink,
    BlockSetting,
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryDetails,
    EntryFilter,
    EntryKind,
    EntrySummary,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
    as_utc,
    default_details,
    details_from_dict,
    details_kind,
    details_search_text,
    details_to_dict,
    entry_snippet,
    normalize_tags,
    utc_now,
)
from journal_app.domain.thought_records import (
    CheckInDetails,
    MoodRating,
    ThinkingTrap,
    ThoughtRecordDetails,
)
from journal_app.domain.validation import ValidationError, validate_entry, validate_question

__all__ = [
    "ArticleLink",
    "BlockSetting",
    "BlockType",
    "CheckInDetails",
    "EmotionalBlockDetails",
    "Entry",
    "EntryDetails",
    "EntryFilter",
    "EntryKind",
    "EntrySummary",
    "MoodRating",
    "Question",
    "ReflectionDetails",
    "SessionNoteDetails",
    "ThinkingTrap",
    "ThoughtRecordDetails",
    "ValidationError",
    "as_utc",
    "default_details",
    "details_from_dict",
    "details_kind",
    "details_search_text",
    "details_to_dict",
    "entry_snippet",
    "normalize_tags",
    "utc_now",
    "validate_entry",
    "validate_question",
]
