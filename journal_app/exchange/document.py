"""The summary a person brings to their therapist, gathered from the journal, format-neutral.

``gather_summary`` decides which entries are in (never a private one unless asked), builds the
optional session-prep section, and turns each entry into an ``EntryView``: readable labels,
dates in local time, citations for linked articles. Entries are loaded lazily, a few hundred at
a time, so a journal of thousands of entries never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from journal_app.domain import (
    EmotionalBlockDetails,
    Entry,
    EntryFilter,
    EntryKind,
    EntrySummary,
    Question,
    SessionNoteDetails,
    ThoughtRecordDetails,
    wording,
)
from journal_app.domain.prep import SessionPrep
from journal_app.exchange.catalog import ArticleCatalog, Citation, EmptyCatalog, missing_citation
from journal_app.exchange.options import CancelFlag, ExportCancelled, ExportOptions, ScopeKind
from journal_app.storage import ArticleStore, EntryStore, ListCursor, PrepQueries, QuestionStore

LOAD_CHUNK = 200


class JournalReader(Protocol):
    """The parts of ``Vault`` an export reads: its entries, prep, questions and articles stores."""

    @property
    def entries(self) -> EntryStore: ...

    @property
    def prep(self) -> PrepQueries: ...

    @property
    def questions(self) -> QuestionStore: ...

    @property
    def articles(self) -> ArticleStore: ...


# --------------------------------------------------------------------------- readable dates


def day_text(moment: datetime, *, weekday: bool = True) -> str:
    """``Tuesday 3 March 2026`` (or without the weekday) in local time."""
    if weekday:
        return wording.local_long_date_with_weekday(moment)
    return wording.local_long_date(moment)


def time_text(moment: datetime) -> str:
    return wording.clock_time(moment)


def plain_day(day: date) -> str:
    return wording.long_date(day)


def range_text(first: date | None, last: date | None) -> str:
    """``3 – 28 March 2026``, ``28 February – 3 March 2026`` or one day."""
    return wording.date_range(first, last)


# --------------------------------------------------------------------------- the views


@dataclass(frozen=True)
class QuestionView:
    text: str
    asked_on: str
    resolved_on: str | None = None
    entry_title: str = ""


@dataclass(frozen=True)
class BlockView:
    """One emotional block, as the session-prep section lists it."""

    when: str
    title: str
    blocked: str
    setting: str
    feeling_intensity: int
    block_intensity: int
    what_helped: str


@dataclass(frozen=True)
class ThoughtRecordView:
    """One thought record, as the session-prep section lists it: its moods before and after."""

    when: str
    title: str
    hot_thought: str
    balanced_thought: str
    mood_change: str

    def written_parts(self) -> list[tuple[str, str]]:
        """(name, text) of the parts that were filled in, in the order a summary lists them."""
        parts = [
            ("Hot thought", self.hot_thought),
            ("Balanced thought", self.balanced_thought),
            ("Moods", self.mood_change),
        ]
        return [(name, text) for name, text in parts if text]


@dataclass(frozen=True)
class PrepSummary:
    open_questions: tuple[QuestionView, ...]
    blocks: tuple[BlockView, ...]
    last_session_day: str | None
    homework: str
    thought_records: tuple[ThoughtRecordView, ...] = ()
    check_ins: str = ""  # "3 check-ins; most named: ..." ("" when there were none)


@dataclass(frozen=True)
class EntryView:
    uid: str
    kind: EntryKind
    kind_label: str
    title: str
    when: str  # "Tuesday 3 March 2026, 14:05"
    fields: tuple[tuple[str, str], ...]  # only the filled-in ones, with readable labels
    body: str  # Markdown, as written
    tags: tuple[str, ...]
    questions: tuple[QuestionView, ...]
    citations: tuple[Citation, ...]


@dataclass
class ExportSummary:
    """What a Markdown, HTML or PDF export contains. ``entries()`` loads them as it goes."""

    heading: str
    subtitle: str  # the date range, in words
    prepared_on: str
    entry_count: int
    private_left_out: int
    prep: PrepSummary | None
    _reader: JournalReader
    _entry_ids: tuple[int, ...]
    _catalog: ArticleCatalog

    def entries(
        self,
        cancel: CancelFlag | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[EntryView]:
        """Every entry, oldest first; ``progress(done)`` after each, ``cancel`` checked often."""
        done = 0
        for start in range(0, len(self._entry_ids), LOAD_CHUNK):
            check_cancel(cancel)
            chunk = self._entry_ids[start : start + LOAD_CHUNK]
            for entry in self._reader.entries.get_many(chunk):
                check_cancel(cancel)
                yield entry_view(entry, self._catalog)
                done += 1
                if progress is not None:
                    progress(done)


def check_cancel(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ExportCancelled


def entry_view(entry: Entry, catalog: ArticleCatalog) -> EntryView:
    when = f"{day_text(entry.occurred_at)}, {time_text(entry.occurred_at)}"
    fields = tuple(
        (label, value.strip()) for label, value in entry.details.labelled_items() if value.strip()
    )
    citations = []
    for link in entry.links:
        citation = catalog.citation(link.article_slug, link.comment_id)
        if citation is None:
            citation = missing_citation(link.article_slug)
        citations.append(replace(citation, quote=link.quote.strip()))
    return EntryView(
        uid=entry.uid,
        kind=entry.kind,
        kind_label=entry.kind.label,
        title=entry.display_title,
        when=when,
        fields=fields,
        body=entry.body.strip(),
        tags=entry.tags,
        questions=tuple(_question_view(question) for question in entry.questions),
        citations=tuple(citations),
    )


def _question_view(question: Question, entry_title: str = "") -> QuestionView:
    return QuestionView(
        text=question.text,
        asked_on=plain_day(question.created_at.astimezone().date()),
        resolved_on=plain_day(question.resolved_on) if question.resolved_on else None,
        entry_title=entry_title,
    )


# --------------------------------------------------------------------------- choosing entries


def _all_summaries(reader: JournalReader, entry_filter: EntryFilter) -> list[EntrySummary]:
    """Every matching summary, newest first, paged with the keyset cursor."""
    result: list[EntrySummary] = []
    cursor: ListCursor | None = None
    while True:
        page = reader.entries.summaries(entry_filter, limit=1000, after=cursor)
        result.extend(page)
        if len(page) < 1000:
            return result
        cursor = ListCursor(page[-1].occurred_at, page[-1].id)


@dataclass(frozen=True)
class ChosenEntries:
    """The entries in scope (oldest first), and how many private ones were left out."""

    ids: tuple[int, ...]
    first: datetime | None
    last: datetime | None
    private_left_out: int
    since: datetime | None  # where the scope starts, when it has a start
    until: datetime | None
    last_session: Entry | None


def choose_entries(reader: JournalReader, options: ExportOptions) -> ChosenEntries:
    scope = options.scope
    last_session = reader.prep.last_session_note()
    if scope.kind is ScopeKind.SELECTED:
        # A selection is what a person picked in the list: short enough to load at once.
        entries = reader.entries.get_many(list(scope.entry_ids))
        ordered = sorted(entries, key=lambda e: (e.occurred_at, e.id or 0))
        kept = [e for e in ordered if options.include_private or not e.private]
        left_out = len(ordered) - len(kept)
        return ChosenEntries(
            ids=tuple(e.id for e in kept if e.id is not None),
            first=kept[0].occurred_at if kept else None,
            last=kept[-1].occurred_at if kept else None,
            private_left_out=left_out,
            since=None,
            until=None,
            last_session=last_session,
        )
    since, until = scope.since, scope.until
    if scope.kind is ScopeKind.SINCE_LAST_SESSION:
        # The last session note itself opens the summary: it holds the homework.
        since, until = (last_session.occurred_at if last_session else None), None
    entry_filter = EntryFilter(
        kinds=scope.kinds if scope.kind is ScopeKind.FILTERED else frozenset(),
        tags=scope.tags if scope.kind is ScopeKind.FILTERED else frozenset(),
        since=since,
        until=until,
        include_private=True,
    )
    summaries = _all_summaries(reader, entry_filter)
    kept_summaries = [s for s in summaries if options.include_private or not s.private]
    kept_summaries.reverse()
    return ChosenEntries(
        ids=tuple(s.id for s in kept_summaries),
        first=kept_summaries[0].occurred_at if kept_summaries else None,
        last=kept_summaries[-1].occurred_at if kept_summaries else None,
        private_left_out=len(summaries) - len(kept_summaries),
        since=since,
        until=until,
        last_session=last_session,
    )


# --------------------------------------------------------------------------- session prep


def build_prep(reader: JournalReader, chosen: ChosenEntries, include_private: bool) -> PrepSummary:
    open_questions = reader.questions.still_open(include_private=include_private)
    owner_ids = sorted({q.entry_id for q in open_questions if q.entry_id is not None})
    titles = {entry.id: entry.display_title for entry in reader.entries.get_many(owner_ids)}
    questions = [
        _question_view(question, titles.get(question.entry_id, "")) for question in open_questions
    ]

    last = chosen.last_session
    blocks_filter = EntryFilter(
        kinds=frozenset({EntryKind.BLOCK}),
        since=last.occurred_at if last else None,
        include_private=include_private,
    )
    block_ids = [s.id for s in reversed(_all_summaries(reader, blocks_filter))]
    if last is not None and last.id in block_ids:
        block_ids.remove(last.id)
    blocks = []
    for entry in reader.entries.get_many(block_ids):
        details = entry.details
        if not isinstance(details, EmotionalBlockDetails):
            continue
        blocks.append(
            BlockView(
                when=day_text(entry.occurred_at),
                title=entry.display_title,
                blocked=details.blocked_description(),
                setting=details.setting.label,
                feeling_intensity=details.feeling_intensity,
                block_intensity=details.block_intensity,
                what_helped=details.what_helped.strip(),
            )
        )

    records, check_ins = _thought_records_and_check_ins(reader, chosen, include_private)
    homework = ""
    last_day = None
    if last is not None and (include_private or not last.private):
        last_day = day_text(last.occurred_at, weekday=False)
        if isinstance(last.details, SessionNoteDetails):
            homework = last.details.homework.strip()
    return PrepSummary(
        open_questions=tuple(questions),
        blocks=tuple(blocks),
        last_session_day=last_day,
        homework=homework,
        thought_records=records,
        check_ins=check_ins,
    )


def _thought_records_and_check_ins(
    reader: JournalReader, chosen: ChosenEntries, include_private: bool
) -> tuple[tuple[ThoughtRecordView, ...], str]:
    last = chosen.last_session
    wanted = EntryFilter(
        kinds=frozenset({EntryKind.THOUGHT_RECORD, EntryKind.CHECK_IN}),
        since=last.occurred_at if last else None,
        include_private=include_private,
    )
    ids = [s.id for s in reversed(_all_summaries(reader, wanted))]
    entries = reader.entries.get_many(ids)
    records = tuple(
        ThoughtRecordView(
            when=day_text(entry.occurred_at),
            title=entry.display_title,
            hot_thought=entry.details.hot.strip(),
            balanced_thought=entry.details.balanced_thought.strip(),
            mood_change=entry.details.mood_change_text(),
        )
        for entry in entries
        if isinstance(entry.details, ThoughtRecordDetails)
    )
    prep = SessionPrep.gather(last, entries, ())
    return records, prep.check_in_summary()


# --------------------------------------------------------------------------- the whole summary


def gather_summary(
    reader: JournalReader,
    options: ExportOptions,
    catalog: ArticleCatalog | None = None,
    *,
    today: date | None = None,
) -> ExportSummary:
    chosen = choose_entries(reader, options)
    scope = options.scope
    first_day = chosen.first.astimezone().date() if chosen.first else None
    last_day = chosen.last.astimezone().date() if chosen.last else None
    if scope.kind is ScopeKind.SINCE_LAST_SESSION and chosen.last_session is not None:
        subtitle = f"Since my session on {day_text(chosen.last_session.occurred_at, weekday=False)}"
    elif scope.kind is ScopeKind.SINCE_LAST_SESSION:
        subtitle = "Everything I have written so far"
    elif scope.kind is ScopeKind.DATE_RANGE and (chosen.since or chosen.until):
        start = chosen.since.astimezone().date() if chosen.since else first_day
        end = (chosen.until.astimezone().date() if chosen.until else None) or last_day
        if chosen.until is not None and end is not None:
            end = date.fromordinal(end.toordinal() - 1)  # ``until`` is exclusive
        subtitle = range_text(start or end, end or start)
    else:
        subtitle = range_text(first_day, last_day)
    return ExportSummary(
        heading="Journal summary",
        subtitle=subtitle,
        prepared_on=plain_day(today or date.today()),
        entry_count=len(chosen.ids),
        private_left_out=chosen.private_left_out,
        prep=build_prep(reader, chosen, options.include_private) if options.prep else None,
        _reader=reader,
        _entry_ids=chosen.ids,
        _catalog=catalog or EmptyCatalog(),
    )
