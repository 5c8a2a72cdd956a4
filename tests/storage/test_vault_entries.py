"""Entries in the vault: saving and reading back, lists, filters, paging and tags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from journal_app.domain import (
    ArticleLink,
    BlockSetting,
    BlockType,
    CheckInDetails,
    EmotionalBlockDetails,
    Entry,
    EntryFilter,
    EntryKind,
    MoodRating,
    Question,
    ReflectionDetails,
    SessionNoteDetails,
    ThinkingTrap,
    ThoughtRecordDetails,
    ValidationError,
)
from journal_app.storage import EntryNotFound, ListCursor, Vault

T0 = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


FULL_ENTRIES = {
    EntryKind.SESSION: Entry.new(
        EntryKind.SESSION,
        title="Session with Dr. Ruiz",
        body="We talked about **my father** and the silence at dinner.",
        details=SessionNoteDetails(
            therapist="Dr. Ana Ruiz",
            talked_about="My father; the dinner table",
            noticed_felt="Tight chest, then relief",
            insights="I wait for permission to feel",
            homework="Write the letter I won't send",
        ),
        tags=("father", "Silence"),
        private=True,
        occurred_at=_at(0),
        created_at=_at(0.1),
        uid="session-uid-1",
        questions=(
            Question(text="Why do I apologise for crying?", created_at=_at(0.1)),
            Question(
                text="Is anger allowed here?", created_at=_at(0.2), resolved_on=date(2026, 3, 9)
            ),
        ),
        links=(
            ArticleLink(
                article_slug="how-to-cry-in-therapy",
                comment_id="c07",
                quote="I could feel it but it would not come",
                created_at=_at(0.1),
            ),
        ),
    ),
    EntryKind.BLOCK: Entry.new(
        EntryKind.BLOCK,
        title="At the funeral",
        body="Everyone cried except me.",
        details=EmotionalBlockDetails(
            setting=BlockSetting.WITH_SOMEONE,
            blocked=(BlockType.COULDNT_CRY, BlockType.LAUGHED_IT_OFF, BlockType.OTHER),
            blocked_other="I organised the chairs instead",
            feeling_intensity=9,
            block_intensity=10,
            what_was_happening="The eulogy for my aunt",
            what_helped="Sitting in the car afterwards",
        ),
        tags=("grief",),
        occurred_at=_at(1),
        created_at=_at(1.5),
        links=(ArticleLink(article_slug="numbness", created_at=_at(1.5)),),
    ),
    EntryKind.REFLECTION: Entry.new(
        EntryKind.REFLECTION,
        title="Sunday",
        body="A quiet day.\n\n- walked\n- read",
        details=ReflectionDetails(mood=0),
        tags=(),
        occurred_at=_at(2),
        created_at=_at(2),
    ),
    EntryKind.THOUGHT_RECORD: Entry.new(
        EntryKind.THOUGHT_RECORD,
        title="",
        details=ThoughtRecordDetails(
            situation="Dinner",
            moods=(MoodRating("anxious", 80),),
            automatic_thoughts=("He's angry", "It's my fault"),
            hot_thought=1,
            evidence_for="He was quiet",
            evidence_against="He smiled later",
            balanced_thought="He was tired",
            belief=55,
            moods_after=(MoodRating("anxious", 35),),
            thinking_traps=(ThinkingTrap.BLAMING,),
            grew_from="some-block",
        ),
        tags=("family",),
        private=True,
        occurred_at=_at(2.5),
        created_at=_at(2.5),
    ),
    EntryKind.CHECK_IN: Entry.new(
        EntryKind.CHECK_IN,
        details=CheckInDetails(("numb", "wanting to cry"), 8, "After the call"),
        occurred_at=_at(3),
        created_at=_at(3),
    ),
}


def _same_content(stored: Entry, original: Entry) -> None:
    assert stored.kind is original.kind
    assert stored.title == original.title
    assert stored.body == original.body
    assert stored.details == original.details
    assert stored.tags == original.tags
    assert stored.private == original.private
    assert stored.occurred_at == original.occurred_at
    assert stored.deleted_at is None


@pytest.mark.parametrize("kind", list(EntryKind))
def test_add_and_get_round_trip_every_field(vault: Vault, kind: EntryKind) -> None:
    original = FULL_ENTRIES[kind]
    saved = vault.entries.add(original)
    assert saved.id is not None
    fetched = vault.entries.get(saved.id)
    assert fetched == saved
    _same_content(fetched, original)
    assert fetched.created_at == original.created_at
    assert fetched.uid == (original.uid or fetched.uid) and fetched.uid
    assert [(q.text, q.created_at, q.resolved_on) for q in fetched.questions] == [
        (q.text, q.created_at, q.resolved_on) for q in original.questions
    ]
    assert all(q.id is not None and q.entry_id == saved.id for q in fetched.questions)
    assert [(ln.article_slug, ln.comment_id, ln.quote, ln.created_at) for ln in fetched.links] == [
        (ln.article_slug, ln.comment_id, ln.quote, ln.created_at) for ln in original.links
    ]
    assert all(ln.id is not None and ln.entry_id == saved.id for ln in fetched.links)


def test_round_trip_keeps_unusual_text(vault: Vault) -> None:
    body = "emoji 😢, NUL-free control \t tab, quotes ' \" ` and SQL '); DROP TABLE entries; --"
    saved = vault.entries.add(
        Entry.new(EntryKind.REFLECTION, title="Ünïcödé 👋 «title»", body=body, occurred_at=T0)
    )
    fetched = vault.entries.get(saved.id or 0)
    assert fetched.body == body
    assert fetched.title == "Ünïcödé 👋 «title»"
    assert vault.entries.count() == 1


def test_add_generates_distinct_uids(vault: Vault) -> None:
    first = vault.entries.add(Entry.new(EntryKind.REFLECTION))
    second = vault.entries.add(Entry.new(EntryKind.REFLECTION))
    assert first.uid and second.uid and first.uid != second.uid
    assert vault.entries.id_for_uid(first.uid) == first.id


def test_add_normalizes_tags(vault: Vault) -> None:
    saved = vault.entries.add(
        Entry.new(EntryKind.REFLECTION, tags=(" #Grief ", "grief", "", "work"), occurred_at=T0)
    )
    assert saved.tags == ("Grief", "work")


def test_add_refuses_invalid_entries_and_saves_nothing(vault: Vault) -> None:
    bad = Entry.new(EntryKind.REFLECTION, details=ReflectionDetails(mood=11))
    with pytest.raises(ValidationError):
        vault.entries.add(bad)
    with pytest.raises(ValueError):
        vault.entries.add(Entry.new(EntryKind.REFLECTION, id=5))
    assert vault.entries.count() == 0


@pytest.mark.parametrize("kind", list(EntryKind))
def test_update_round_trips_every_field(vault: Vault, kind: EntryKind) -> None:
    saved = vault.entries.add(Entry.new(kind, title="before", occurred_at=T0, tags=("old",)))
    changed = FULL_ENTRIES[kind].with_changes(
        id=saved.id, uid=saved.uid, questions=(), links=(), created_at=saved.created_at
    )
    returned = vault.entries.update(changed)
    assert returned.updated_at >= saved.updated_at
    fetched = vault.entries.get(saved.id or 0)
    _same_content(fetched, FULL_ENTRIES[kind])
    assert fetched.created_at == saved.created_at
    assert fetched.updated_at == returned.updated_at
    assert "old" not in [name for name, _count in vault.tags.in_use()]


def test_update_can_change_the_kind(vault: Vault) -> None:
    saved = vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=T0))
    vault.entries.update(
        saved.with_changes(kind=EntryKind.SESSION, details=SessionNoteDetails(therapist="Sam"))
    )
    fetched = vault.entries.get(saved.id or 0)
    assert fetched.kind is EntryKind.SESSION
    assert fetched.details == SessionNoteDetails(therapist="Sam")


def test_update_does_not_touch_questions_or_links(vault: Vault) -> None:
    saved = vault.entries.add(FULL_ENTRIES[EntryKind.SESSION])
    assert saved.id is not None
    first_question = saved.questions[0]
    assert first_question.id is not None
    # Elsewhere (e.g. the session-prep view) the question gets resolved…
    vault.questions.resolve(first_question.id, on=date(2026, 3, 16))
    # …while an editor still holding the old entry saves it, with stale or no questions.
    vault.entries.update(saved.with_changes(title="edited"))
    vault.entries.update(saved.with_changes(body="edited again", questions=(), links=()))
    fetched = vault.entries.get(saved.id)
    assert fetched.body == "edited again"
    assert [q.id for q in fetched.questions] == [q.id for q in saved.questions]
    assert fetched.questions[0].resolved_on == date(2026, 3, 16)
    assert [ln.id for ln in fetched.links] == [ln.id for ln in saved.links]


def test_update_needs_a_saved_entry(vault: Vault) -> None:
    with pytest.raises(ValueError):
        vault.entries.update(Entry.new(EntryKind.REFLECTION))
    with pytest.raises(EntryNotFound):
        vault.entries.update(Entry.new(EntryKind.REFLECTION, id=999))


def test_update_validates(vault: Vault) -> None:
    saved = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="ok", occurred_at=T0))
    with pytest.raises(ValidationError):
        vault.entries.update(saved.with_changes(title="two\nlines"))
    assert vault.entries.get(saved.id or 0).title == "ok"


def test_get_missing_entry(vault: Vault) -> None:
    with pytest.raises(EntryNotFound) as caught:
        vault.entries.get(42)
    assert caught.value.entry_id == 42


# ------------------------------------------------------------------ lists and paging


def _ids(vault: Vault, entry_filter: EntryFilter | None = None) -> list[int]:
    return [summary.id for summary in vault.entries.summaries(entry_filter, limit=1000)]


def test_list_is_newest_first_by_when_it_happened(vault: Vault) -> None:
    middle = vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(5)))
    oldest = vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(1)))
    newest = vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(9)))
    assert _ids(vault) == [newest.id, middle.id, oldest.id]


def test_list_summaries_carry_what_a_row_needs(vault: Vault) -> None:
    saved = vault.entries.add(FULL_ENTRIES[EntryKind.SESSION])
    (summary,) = vault.entries.summaries()
    assert summary.id == saved.id
    assert summary.kind is EntryKind.SESSION
    assert summary.title == "Session with Dr. Ruiz"
    assert summary.snippet.startswith("We talked about my father")
    assert "**" not in summary.snippet
    assert summary.tags == ("father", "Silence")
    assert summary.private is True
    assert summary.occurred_at == T0
    assert summary.link_count == 1
    assert summary.open_question_count == 1


def test_keyset_paging_across_equal_timestamps_returns_each_entry_once(vault: Vault) -> None:
    moments = [_at(0)] * 7 + [_at(1)] * 5 + [_at(-1)] * 6 + [_at(2)]
    saved = [vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=m)) for m in moments]
    seen: list[int] = []
    after: ListCursor | None = None
    pages = 0
    while True:
        page = vault.entries.summaries(limit=4, after=after)
        if not page:
            break
        pages += 1
        seen.extend(summary.id for summary in page)
        after = ListCursor.after(page[-1])
    assert pages == 5
    assert sorted(seen) == sorted(entry.id for entry in saved if entry.id is not None)
    assert len(seen) == len(set(seen))
    assert seen == _ids(vault)  # the same order as one big page
    keys = [(vault.entries.get(i).occurred_at, i) for i in seen]
    assert keys == sorted(keys, reverse=True)


def test_offset_paging(vault: Vault) -> None:
    for day in range(6):
        vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(day)))
    everything = _ids(vault)
    assert [s.id for s in vault.entries.summaries(limit=2, offset=2)] == everything[2:4]


def test_filter_by_kind(vault: Vault) -> None:
    ids = {kind: vault.entries.add(entry).id for kind, entry in FULL_ENTRIES.items()}
    assert _ids(vault, EntryFilter(kinds=frozenset({EntryKind.BLOCK}))) == [ids[EntryKind.BLOCK]]
    both = EntryFilter(kinds=frozenset({EntryKind.SESSION, EntryKind.REFLECTION}))
    assert set(_ids(vault, both)) == {ids[EntryKind.SESSION], ids[EntryKind.REFLECTION]}
    assert vault.entries.count(both) == 2


def test_filter_by_tag_ignores_case(vault: Vault) -> None:
    grief = vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("Grief", "work")))
    work = vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("WORK",)))
    vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("other",)))
    assert _ids(vault, EntryFilter(tags=frozenset({"grief"}))) == [grief.id]
    assert _ids(vault, EntryFilter(tags=frozenset({"GRIEF"}))) == [grief.id]
    assert set(_ids(vault, EntryFilter(tags=frozenset({"Work"})))) == {grief.id, work.id}
    # Several tags: entries carrying all of them.
    assert _ids(vault, EntryFilter(tags=frozenset({"grief", "work"}))) == [grief.id]
    assert _ids(vault, EntryFilter(tags=frozenset({"nope"}))) == []


def test_filter_by_since_and_until(vault: Vault) -> None:
    ids = [
        vault.entries.add(Entry.new(EntryKind.REFLECTION, occurred_at=_at(d))).id for d in range(5)
    ]
    assert _ids(vault, EntryFilter(since=_at(2))) == [ids[4], ids[3], ids[2]]  # since: inclusive
    assert _ids(vault, EntryFilter(until=_at(2))) == [ids[1], ids[0]]  # until: exclusive
    assert _ids(vault, EntryFilter(since=_at(1), until=_at(3))) == [ids[2], ids[1]]
    assert vault.entries.count(EntryFilter(since=_at(1), until=_at(3))) == 2


def test_filter_by_text(vault: Vault) -> None:
    harbour = vault.entries.add(Entry.new(EntryKind.REFLECTION, body="The harbour at dawn"))
    vault.entries.add(Entry.new(EntryKind.REFLECTION, body="A mountain"))
    assert _ids(vault, EntryFilter(text="harbour")) == [harbour.id]
    assert _ids(vault, EntryFilter(text="harb")) == [harbour.id]  # search as you type
    assert _ids(vault, EntryFilter(text="!!!")) == []  # nothing searchable finds nothing
    assert len(_ids(vault, EntryFilter(text="   "))) == 2  # blank means no restriction


def test_filter_private(vault: Vault) -> None:
    public = vault.entries.add(Entry.new(EntryKind.REFLECTION, body="open"))
    private = vault.entries.add(Entry.new(EntryKind.REFLECTION, body="secret", private=True))
    assert set(_ids(vault)) == {public.id, private.id}
    assert _ids(vault, EntryFilter(include_private=False)) == [public.id]
    assert vault.entries.count(EntryFilter(include_private=False)) == 1


def test_filters_combine(vault: Vault) -> None:
    match = vault.entries.add(
        Entry.new(EntryKind.BLOCK, body="meeting", tags=("work",), occurred_at=_at(3))
    )
    vault.entries.add(Entry.new(EntryKind.REFLECTION, body="meeting", tags=("work",)))
    vault.entries.add(Entry.new(EntryKind.BLOCK, body="meeting", tags=("home",)))
    vault.entries.add(Entry.new(EntryKind.BLOCK, body="lunch", tags=("work",)))
    combined = EntryFilter(
        kinds=frozenset({EntryKind.BLOCK}), tags=frozenset({"work"}), text="meeting", since=_at(2)
    )
    assert _ids(vault, combined) == [match.id]


# ------------------------------------------------------------------ tags


def test_all_tags_counts_entries_and_forgets_unused_tags(vault: Vault) -> None:
    first = vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("grief", "work")))
    vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("Grief",)))
    assert vault.tags.in_use() == [("grief", 2), ("work", 1)]
    vault.entries.update(first.with_changes(tags=("grief",)))
    assert vault.tags.in_use() == [("grief", 2)]
    vault.entries.delete(first.id or 0)
    assert vault.tags.in_use() == [("grief", 1)]  # trashed entries don't count


def test_tags_keep_their_order(vault: Vault) -> None:
    saved = vault.entries.add(Entry.new(EntryKind.REFLECTION, tags=("zeta", "alpha", "mid")))
    assert vault.entries.get(saved.id or 0).tags == ("zeta", "alpha", "mid")
    assert vault.entries.summaries()[0].tags == ("zeta", "alpha", "mid")
