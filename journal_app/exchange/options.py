"""What an export is asked to do: the format, which entries, and how private entries are treated.

Plain values shared by the engine, the dialog and the command line; nothing here touches files.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from journal_app.domain import EntryKind, normalize_tags
from journal_app.domain.labelled import LabelledEnum

# ``progress(done, total)``: called often; ``done`` never exceeds ``total``.
ProgressCallback = Callable[[int, int], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()``: a ``threading.Event`` from the UI, or a test's stand-in."""

    def is_set(self) -> bool: ...


class ExportError(Exception):
    """An export could not be written; the message is one plain sentence for the user."""


class ExportCancelled(ExportError):
    """The person pressed Cancel. Nothing was left behind."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled. No file was written.")


class ExportFormat(LabelledEnum):
    PDF = "pdf", "PDF document"
    MARKDOWN = "md", "Markdown text"
    HTML = "html", "Web page (HTML)"
    JSON = "json", "Complete journal (JSON)"

    @property
    def suffix(self) -> str:
        return "." + self.value

    @property
    def is_complete_journal(self) -> bool:
        """JSON is a backup of the whole journal; the others are a summary of chosen entries."""
        return self is ExportFormat.JSON

    @classmethod
    def parse(cls, text: str) -> ExportFormat:
        normalized = text.strip().lower().lstrip(".")
        aliases = {"markdown": "md", "htm": "html"}
        try:
            return cls(aliases.get(normalized, normalized))
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            raise ValueError(f"Unknown export format “{text}”. Choose one of: {choices}.") from None


class PageSize(LabelledEnum):
    A4 = "a4", "A4"
    LETTER = "letter", "US Letter"


# Territories that use US Letter paper (ISO 3166 alpha-2); everyone else uses A4.
LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR", "BZ"})


def page_size_for_territory(territory: str) -> PageSize:
    """The usual paper for a country code such as ``"US"`` or ``"FR"``."""
    return PageSize.LETTER if territory.upper() in LETTER_TERRITORIES else PageSize.A4


class ScopeKind(enum.StrEnum):
    SINCE_LAST_SESSION = "since-last-session"
    DATE_RANGE = "date-range"
    SELECTED = "selected"
    FILTERED = "filtered"


@dataclass(frozen=True)
class ExportScope:
    """Which entries a summary covers. Build one with the class methods.

    ``until`` is exclusive (the start of the day after the last day wanted), like ``EntryFilter``.
    """

    kind: ScopeKind = ScopeKind.SINCE_LAST_SESSION
    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[EntryKind] = frozenset()
    tags: frozenset[str] = frozenset()
    entry_ids: tuple[int, ...] = ()

    @classmethod
    def since_last_session(cls) -> ExportScope:
        return cls(ScopeKind.SINCE_LAST_SESSION)

    @classmethod
    def date_range(cls, since: datetime | None, until: datetime | None) -> ExportScope:
        return cls(ScopeKind.DATE_RANGE, since=since, until=until)

    @classmethod
    def selected(cls, entry_ids: Iterable[int]) -> ExportScope:
        return cls(ScopeKind.SELECTED, entry_ids=tuple(dict.fromkeys(entry_ids)))

    @classmethod
    def filtered(
        cls,
        kinds: Iterable[EntryKind] = (),
        tags: Iterable[str] = (),
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> ExportScope:
        return cls(
            ScopeKind.FILTERED,
            since=since,
            until=until,
            kinds=frozenset(kinds),
            tags=frozenset(normalize_tags(tags)),
        )


@dataclass(frozen=True)
class ExportOptions:
    """Everything the engine needs to know besides the journal and the target file."""

    format: ExportFormat
    scope: ExportScope = field(default_factory=ExportScope.since_last_session)
    # Private entries are left out unless the person explicitly asked (and confirmed) otherwise.
    include_private: bool = False
    # Start the summary with questions, emotional blocks and homework (not for JSON).
    prep: bool = False
    page_size: PageSize = PageSize.A4


@dataclass(frozen=True)
class ExportResult:
    path: str
    format: ExportFormat
    entry_count: int
    private_left_out: int
    page_count: int | None = None


def suggested_file_name(options: ExportOptions, today: date | None = None) -> str:
    """A calm default name for the save dialog, e.g. ``journal-summary-2026-03-31.pdf``."""
    day = (today or date.today()).isoformat()
    stem = "between-sessions-journal" if options.format.is_complete_journal else "journal-summary"
    return f"{stem}-{day}{options.format.suffix}"


NOT_ENCRYPTED_WARNING = (
    "The exported file will not be encrypted. Anyone who can open the file can read it, "
    "so keep it somewhere private and delete it when you no longer need it."
)
