"""Journal entries: their kinds, their structured details, questions and article links.

Plain, immutable dataclasses. Timestamps are timezone-aware and kept in UTC; the UI shows them in
local time. Everything here is free of Qt and of storage so it can be reused by the vault, the
exporters and the importers alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from journal_app.domain.labelled import LabelledEnum
from journal_app.domain.thought_records import CheckInDetails, ThoughtRecordDetails
from journal_app.domain.wording import local_long_date


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is taken to be local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def friendly_day(moment: datetime) -> str:
    """``27 November 2026`` in local time."""
    return local_long_date(moment)


class EntryKind(LabelledEnum):
    SESSION = "session", "Session note"
    BLOCK = "block", "Emotional block"
    REFLECTION = "reflection", "Reflection"
    THOUGHT_RECORD = "thought-record", "Thought record"
    CHECK_IN = "check-in", "Check-in"

    @classmethod
    def parse(cls, text: str) -> EntryKind:
        """Accept the stored value or a friendly alias (``session-note``, ``emotional-block``)."""
        normalized = text.strip().lower().replace("_", "-")
        aliases = {
            "session": cls.SESSION,
            "session-note": cls.SESSION,
            "block": cls.BLOCK,
            "emotional-block": cls.BLOCK,
            "reflection": cls.REFLECTION,
            "thought-record": cls.THOUGHT_RECORD,
            "thought": cls.THOUGHT_RECORD,
            "check-in": cls.CHECK_IN,
            "checkin": cls.CHECK_IN,
        }
        if normalized not in aliases:
            choices = ", ".join(kind.value for kind in cls)
            raise ValueError(f"Unknown kind of entry “{text}”. Choose one of: {choices}.")
        return aliases[normalized]


class BlockSetting(LabelledEnum):
    """Where an emotional block happened."""

    IN_SESSION = "in-session", "In session"
    ALONE = "alone", "Alone"
    WITH_SOMEONE = "with-someone", "With someone"
    AT_WORK = "at-work", "At work"
    OTHER = "other", "Somewhere else"


class BlockType(LabelledEnum):
    """What was held back."""

    COULDNT_CRY = "couldnt-cry", "Couldn't cry"
    HELD_BACK_TEARS = "held-back-tears", "Held back tears"
    WENT_NUMB = "went-numb", "Went numb"
    LAUGHED_IT_OFF = "laughed-it-off", "Laughed it off"
    PERFORMING = "performing", "Felt I had to perform or be the “good client”"
    COULDNT_SAY_IT = "couldnt-say-it", "Couldn't say it"
    OTHER = "other", "Something else"


SCALE_MIN = 0
SCALE_MAX = 10


@dataclass(frozen=True)
class SessionNoteDetails:
    """A note about one therapy session. The session date is the entry's ``occurred_at``."""

    therapist: str = ""
    talked_about: str = ""
    noticed_felt: str = ""
    insights: str = ""
    homework: str = ""

    def labelled_items(self) -> list[tuple[str, str]]:
        return [
            ("Therapist", self.therapist),
            ("What we talked about", self.talked_about),
            ("What I noticed or felt", self.noticed_felt),
            ("Insights", self.insights),
            ("Homework / things to try", self.homework),
        ]


@dataclass(frozen=True)
class EmotionalBlockDetails:
    """A moment when a feeling was there but could not come out. ``occurred_at`` is when."""

    setting: BlockSetting = BlockSetting.IN_SESSION
    blocked: tuple[BlockType, ...] = ()
    blocked_other: str = ""
    feeling_intensity: int = 5
    block_intensity: int = 5
    what_was_happening: str = ""
    what_helped: str = ""

    def blocked_description(self) -> str:
        parts = [kind.label for kind in self.blocked if kind is not BlockType.OTHER]
        if BlockType.OTHER in self.blocked:
            parts.append(self.blocked_other.strip() or BlockType.OTHER.label)
        return "; ".join(parts)

    def labelled_items(self) -> list[tuple[str, str]]:
        return [
            ("Where", self.setting.label),
            ("What was blocked", self.blocked_description()),
            ("How strong the feeling was", f"{self.feeling_intensity} out of 10"),
            ("How strong the block was", f"{self.block_intensity} out of 10"),
            ("What was happening", self.what_was_happening),
            ("What helped, or what I'd try next time", self.what_helped),
        ]


@dataclass(frozen=True)
class ReflectionDetails:
    """Free writing between sessions, with an optional mood."""

    mood: int | None = None

    def labelled_items(self) -> list[tuple[str, str]]:
        return [("Mood", "" if self.mood is None else f"{self.mood} out of 10")]


EntryDetails = (
    SessionNoteDetails
    | EmotionalBlockDetails
    | ReflectionDetails
    | ThoughtRecordDetails
    | CheckInDetails
)

_DETAILS_FOR_KIND: dict[EntryKind, type[EntryDetails]] = {
    EntryKind.SESSION: SessionNoteDetails,
    EntryKind.BLOCK: EmotionalBlockDetails,
    EntryKind.REFLECTION: ReflectionDetails,
    EntryKind.THOUGHT_RECORD: ThoughtRecordDetails,
    EntryKind.CHECK_IN: CheckInDetails,
}


def default_details(kind: EntryKind) -> EntryDetails:
    return _DETAILS_FOR_KIND[kind]()


def details_kind(details: EntryDetails) -> EntryKind:
    for kind, details_type in _DETAILS_FOR_KIND.items():
        if isinstance(details, details_type):
            return kind
    raise TypeError(f"not entry details: {type(details).__name__}")


def details_to_dict(details: EntryDetails) -> dict[str, Any]:
    """A JSON-ready mapping; enum members become their stable string values."""
    if isinstance(details, SessionNoteDetails):
        return {
            "therapist": details.therapist,
            "talked_about": details.talked_about,
            "noticed_felt": details.noticed_felt,
            "insights": details.insights,
            "homework": details.homework,
        }
    if isinstance(details, EmotionalBlockDetails):
        return {
            "setting": details.setting.value,
            "blocked": [kind.value for kind in details.blocked],
            "blocked_other": details.blocked_other,
            "feeling_intensity": details.feeling_intensity,
            "block_intensity": details.block_intensity,
            "what_was_happening": details.what_was_happening,
            "what_helped": details.what_helped,
        }
    if isinstance(details, ThoughtRecordDetails | CheckInDetails):
        return details.to_dict()
    return {"mood": details.mood}


def details_from_dict(kind: EntryKind, data: Mapping[str, Any]) -> EntryDetails:
    """Inverse of :func:`details_to_dict`; unknown keys are ignored, missing ones defaulted."""
    if kind is EntryKind.SESSION:
        return SessionNoteDetails(
            therapist=str(data.get("therapist", "")),
            talked_about=str(data.get("talked_about", "")),
            noticed_felt=str(data.get("noticed_felt", "")),
            insights=str(data.get("insights", "")),
            homework=str(data.get("homework", "")),
        )
    if kind is EntryKind.BLOCK:
        return EmotionalBlockDetails(
            setting=BlockSetting(data.get("setting", BlockSetting.IN_SESSION.value)),
            blocked=tuple(BlockType(value) for value in data.get("blocked", ())),
            blocked_other=str(data.get("blocked_other", "")),
            feeling_intensity=int(data.get("feeling_intensity", 5)),
            block_intensity=int(data.get("block_intensity", 5)),
            what_was_happening=str(data.get("what_was_happening", "")),
            what_helped=str(data.get("what_helped", "")),
        )
    if kind is EntryKind.THOUGHT_RECORD:
        return ThoughtRecordDetails.from_dict(data)
    if kind is EntryKind.CHECK_IN:
        return CheckInDetails.from_dict(data)
    mood = data.get("mood")
    return ReflectionDetails(mood=None if mood is None else int(mood))


def details_search_text(details: EntryDetails) -> str:
    """The words of the structured fields, for full-text search and snippets.

    Numeric scales are left out: "7 out of 10" would make every block match a search for "10".
    """
    if isinstance(details, SessionNoteDetails):
        values = [item for _label, item in details.labelled_items()]
    elif isinstance(details, EmotionalBlockDetails):
        values = [
            details.setting.label,
            details.blocked_description(),
            details.what_was_happening,
            details.what_helped,
        ]
    elif isinstance(details, ThoughtRecordDetails | CheckInDetails):
        return details.search_text()
    else:
        values = []
    return " · ".join(value.strip() for value in values if value.strip())


def details_gist(details: EntryDetails) -> str:
    """The one field that best says what an entry with no body is about, for list rows."""
    if isinstance(details, SessionNoteDetails):
        candidates = [
            details.talked_about,
            details.noticed_felt,
            details.insights,
            details.homework,
        ]
    elif isinstance(details, EmotionalBlockDetails):
        candidates = [
            details.what_was_happening,
            details.blocked_description(),
            details.what_helped,
        ]
    elif isinstance(details, ThoughtRecordDetails | CheckInDetails):
        return details.gist()
    else:
        candidates = []
    return next((text.strip() for text in candidates if text.strip()), "")


def situation_of(entry: Entry) -> str:
    """What happened in ``entry``, in words a thought record's first column can start from."""
    details = entry.details
    parts: list[str] = []
    if isinstance(details, EmotionalBlockDetails):
        parts = [details.what_was_happening, details.blocked_description()]
    elif isinstance(details, SessionNoteDetails):
        parts = [details.talked_about, details.noticed_felt]
    if not any(part.strip() for part in parts):
        parts = [entry.title, entry.body[:600]]
    return "\n".join(part.strip() for part in parts if part.strip())


def thought_record_from(origin: Entry) -> Entry:
    """A new thought record that works through ``origin``: its situation carried over, its
    date kept, and its uid remembered (``grew_from``) so each can find the other."""
    return Entry.new(
        EntryKind.THOUGHT_RECORD,
        details=ThoughtRecordDetails(situation=situation_of(origin), grew_from=origin.uid),
        tags=origin.tags,
        private=origin.private,
        occurred_at=origin.occurred_at,
    )


_MARKDOWN_MARKS = re.compile(r"[#>*_`~\[\]]+")
SNIPPET_LENGTH = 160


def entry_snippet(body: str, details: EntryDetails, length: int = SNIPPET_LENGTH) -> str:
    """The start of an entry as one calm line: its body, or else its most telling field."""
    source = body[:400] if body.strip() else details_gist(details)
    # Two C-level passes instead of a Python callback per whitespace run.
    flat = " ".join(_MARKDOWN_MARKS.sub("", source).split())
    if len(flat) <= length:
        return flat
    return flat[:length].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Question:
    """A question to bring to the therapist; open until resolved on a date."""

    text: str
    id: int | None = None
    entry_id: int | None = None
    created_at: datetime = field(default_factory=utc_now)
    resolved_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


@dataclass(frozen=True)
class ArticleLink:
    """A link from an entry to an article, optionally to one reader comment and a quoted passage."""

    article_slug: str
    comment_id: str | None = None
    quote: str = ""
    id: int | None = None
    entry_id: int | None = None
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True)
class Entry:
    """One journal entry. ``occurred_at`` is when it happened (for a session note, its date)."""

    kind: EntryKind
    title: str = ""
    body: str = ""
    details: EntryDetails = field(default_factory=ReflectionDetails)
    tags: tuple[str, ...] = ()
    private: bool = False
    occurred_at: datetime = field(default_factory=utc_now)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    id: int | None = None
    uid: str = ""
    questions: tuple[Question, ...] = ()
    links: tuple[ArticleLink, ...] = ()
    deleted_at: datetime | None = None

    @classmethod
    def new(cls, kind: EntryKind, **changes: Any) -> Entry:
        """A fresh entry of ``kind`` with the matching empty details."""
        changes.setdefault("details", default_details(kind))
        return cls(kind=kind, **changes)

    def with_changes(self, **changes: Any) -> Entry:
        return replace(self, **changes)

    @property
    def display_title(self) -> str:
        """The title, or a gentle stand-in built from the kind and the day."""
        if self.title.strip():
            return self.title.strip()
        return f"{self.kind.label}, {friendly_day(self.occurred_at)}"

    @property
    def open_questions(self) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.is_open)


@dataclass(frozen=True)
class EntrySummary:
    """What a list row needs, without loading bodies of thousands of entries."""

    id: int
    kind: EntryKind
    title: str
    snippet: str
    tags: tuple[str, ...]
    private: bool
    occurred_at: datetime
    updated_at: datetime
    link_count: int
    open_question_count: int

    @property
    def display_title(self) -> str:
        if self.title.strip():
            return self.title.strip()
        return f"{self.kind.label}, {friendly_day(self.occurred_at)}"


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list shows. Empty fields mean "no restriction"."""

    kinds: frozenset[EntryKind] = frozenset()
    tags: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    include_private: bool = True


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim, drop empties and ``#``, and remove case-insensitive duplicates keeping the first."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        tag = raw.strip().lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return tuple(result)
