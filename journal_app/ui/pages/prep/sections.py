"""What each section of Session prep says, worked out from a ``SessionPrep`` without Qt.

The page runs :func:`prep_sections` on the background runner, together with ``vault.prep.gather``,
so turning hundreds of entries into link texts and notes never happens on the UI thread. The
result is plain frozen values: the page compares it with what it shows and changes only what
differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal_app.domain import wording
from journal_app.domain.appointments import Session, prep_heading, session_when
from journal_app.domain.entries import EmotionalBlockDetails, Entry, EntryKind, friendly_day
from journal_app.domain.prep import SessionPrep
from journal_app.library import Library

DEFAULT_HEADING = "Session prep"


@dataclass(frozen=True)
class BlockPoint:
    occurred_at: datetime
    feeling: int
    block: int


def block_points(entries: Sequence[Entry]) -> list[BlockPoint]:
    return [
        BlockPoint(
            entry.occurred_at, entry.details.feeling_intensity, entry.details.block_intensity
        )
        for entry in entries
        if entry.kind is EntryKind.BLOCK and isinstance(entry.details, EmotionalBlockDetails)
    ]


def timeline_summary(points: Sequence[BlockPoint]) -> str:
    if not points:
        return "No emotional blocks since the last session."
    feelings = ", ".join(str(point.feeling) for point in points)
    blocks = ", ".join(str(point.block) for point in points)
    count = len(points)
    return (
        f"{wording.blocks(count)}. Feeling strength in order: {feelings}. "
        f"Block strength: {blocks} (out of 10)."
    )


@dataclass(frozen=True)
class PrepLink:
    """One link-styled row: what it says, the quiet note under it, and what it opens.

    It opens the entry ``entry_id`` or the article ``article_slug``; with neither it is shown
    disabled (an article no longer in the library).
    """

    text: str
    note: str
    accessible: str
    entry_id: int | None = None
    article_slug: str | None = None

    @property
    def opens_something(self) -> bool:
        return self.entry_id is not None or self.article_slug is not None


@dataclass(frozen=True)
class PrepSections:
    """Everything the prep page shows except the open questions (those go to their model)."""

    heading: str = DEFAULT_HEADING
    next_session: str = ""  # the next appointment's date and time, "" when none is booked
    since: str = ""
    homework: str = ""
    session_note: PrepLink | None = None
    points: tuple[BlockPoint, ...] = ()
    blocks: tuple[PrepLink, ...] = ()
    reflections: tuple[PrepLink, ...] = ()
    articles: tuple[PrepLink, ...] = ()
    thought_records: tuple[PrepLink, ...] = ()
    check_ins: str = ""


def since_text(prep: SessionPrep) -> str:
    count = len(prep.entries)
    entries = wording.entries(count) if count else "nothing new yet"
    if prep.last_session is None:
        return f"Everything so far ({entries}). Write a session note to start a new round."
    return f"Since my session on {friendly_day(prep.last_session.occurred_at)} · {entries}"


def entry_link(entry: Entry, text: str, note: str = "") -> PrepLink:
    return PrepLink(text, note, f"Open {text}", entry_id=entry.id)


def prep_sections(
    prep: SessionPrep, library: Library, upcoming: Session | None, today: date
) -> PrepSections:
    """The texts of every section, newest entries first, as the page shows them."""
    session_note = None
    if prep.last_session is not None and prep.last_session.id is not None:
        session_note = entry_link(prep.last_session, "Open the session note")
    return PrepSections(
        heading=prep_heading(upcoming, today) if upcoming else DEFAULT_HEADING,
        next_session=session_when(upcoming) if upcoming else "",
        since=since_text(prep),
        homework=prep.homework,
        session_note=session_note,
        points=tuple(block_points(prep.blocks)),
        blocks=tuple(_block_link(entry) for entry in reversed(prep.blocks)),
        reflections=tuple(
            entry_link(entry, entry.display_title, friendly_day(entry.occurred_at))
            for entry in reversed(prep.reflections)
        ),
        articles=tuple(_article_links(prep, library)),
        thought_records=tuple(
            entry_link(
                entry,
                entry.display_title,
                "; ".join(change.describe() for change in moods) or "no moods rated",
            )
            for entry, moods in reversed(prep.mood_changes())
        ),
        check_ins=prep.check_in_summary(),
    )


def _block_link(entry: Entry) -> PrepLink:
    details = entry.details
    extra = ""
    if isinstance(details, EmotionalBlockDetails):
        extra = (
            f"  ·  feeling {details.feeling_intensity}, block {details.block_intensity}"
            f"  ·  {details.setting.label}"
        )
    return entry_link(entry, entry.display_title, friendly_day(entry.occurred_at) + extra)


def _article_links(prep: SessionPrep, library: Library) -> list[PrepLink]:
    links = []
    for slug, count in prep.linked_articles:
        article = library.get(slug)
        title = article.title if article else "An article no longer in the library"
        links.append(
            PrepLink(
                title,
                wording.linked_from_entries(count),
                f"Open the article {title}",
                article_slug=slug if article is not None else None,
            )
        )
    return links
