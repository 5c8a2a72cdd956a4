"""Search: whatever a person types never raises, and phrases, prefixes, tags and accents work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal_app.domain import (
    ArticleLink,
    Entry,
    EntryFilter,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.storage import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Vault,
    split_highlights,
    strip_highlights,
)
from journal_app.storage.search import parse_query

# Pieces of FTS5's own query language, and other things people paste into search boxes.
_SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "’",
        "(",
        ")",
        "*",
        "-",
        "+",
        "^",
        ":",
        ",",
        ".",
        "{",
        "}",
        "[",
        "]",
        "\\",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(",
        "near/3",
        "tag:",
        'tag:"',
        "title:",
        "body:",
        "café",
        "CAFE",
        "e\u0301",
        "😢",
        "👩‍👩‍👧",
        "日本",
        "ß",
        "ǅ",
        "²",
        "_",
        "__",
        "\u0000",
        "\u200b",
        "\ue000",
        "\ue001",
        "\t",
        "\n",
        " ",
        "  ",
        "a",
        "lighthouse",
        "x*y",
        "**",
    ]
)
QUERIES = st.one_of(
    st.text(),
    st.lists(_SYNTAX, max_size=12).map("".join),
    st.lists(st.one_of(_SYNTAX, st.text(max_size=4)), max_size=10).map(" ".join),
)


# ------------------------------------------------------------------ the query builder


@pytest.mark.parametrize(
    ("typed", "fts"),
    [
        ("hello world", '"hello" AND "world"*'),
        ("hello world ", '"hello" AND "world"'),
        ("light*", '"light"*'),
        ("light* house ", '"light"* AND "house"'),
        ('"quiet harbour"', '"quiet harbour"'),
        ('"quiet harbour', '"quiet harbour"'),
        ("tag:grief", 'tags : "grief"'),
        ("TAG:Grief sea ", 'tags : "Grief" AND "sea"'),
        ("AND OR NOT ", '"AND" AND "OR" AND "NOT"'),
        ("NEAR(a b)", '"NEAR" AND "a" AND "b"'),  # one letter: a whole word, never a prefix
        ("NEAR(a be)", '"NEAR" AND "a" AND "be"*'),
        ("-anger ", '"anger"'),
        ("it’s ", '"it\'s"'),
        ("!!! ??? 😢", ""),
        ("", ""),
    ],
)
def test_parse_query(typed: str, fts: str) -> None:
    assert parse_query(typed).fts == fts


def test_parse_query_terms_are_plain_words() -> None:
    assert parse_query('"quiet harbour" light* tag:sea').terms == ("quiet", "harbour", "light")


@pytest.fixture(scope="module")
def fts_table() -> Iterator[sqlcipher3.Connection]:
    connection = sqlcipher3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5 (title, body, details, tags, questions,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t VALUES ('café', 'a body', '', 'grief', 'why?')")
    yield connection
    connection.close()


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_parse_query_always_builds_valid_fts5(fts_table: sqlcipher3.Connection, typed: str) -> None:
    fts = parse_query(typed).fts
    if fts:
        fts_table.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts,)).fetchall()


# ------------------------------------------------------------------ searching a vault


@pytest.fixture
def stocked(vault: Vault) -> dict[str, int]:
    def add(name: str, **fields: object) -> None:
        kind = fields.pop("kind", EntryKind.REFLECTION)
        ids[name] = vault.entries.add(Entry.new(kind, **fields)).id or 0  # type: ignore[arg-type]

    ids: dict[str, int] = {}
    add("cafe", title="Morning", body="Coffee at the café near the lighthouse keeper's house.")
    add("harbour", title="Evening", body="The quiet harbour was empty; harbour lights flickered.")
    add("reversed", title="Night", body="The harbour was quiet and so was I.")
    add("tagged", title="Loss", body="Just a few words.", tags=("Grief",))
    add("mentions", title="Reading", body="An article on grief and crying.")
    add("lighthouse_title", title="Lighthouse", body="Standing by the sea for a long while.")
    add(
        "session",
        kind=EntryKind.SESSION,
        title="Session",
        body="Talked.",
        details=SessionNoteDetails(therapist="Dr. Okonkwo", homework="journaling daily"),
        questions=(Question(text="What about boundaries?"),),
        links=(ArticleLink(article_slug="x", quote="a quoted passage about tenderness"),),
    )
    add("private", title="Secret", body="Private lighthouse thoughts", private=True)
    return ids


def _found(vault: Vault, text: str, **options: object) -> list[int]:
    return [hit.entry_id for hit in vault.search.entries(text, **options)]  # type: ignore[arg-type]


def test_diacritics_are_ignored_both_ways(vault: Vault, stocked: dict[str, int]) -> None:
    assert _found(vault, "cafe") == [stocked["cafe"]]
    assert _found(vault, "café") == [stocked["cafe"]]
    assert _found(vault, "CAFÉ ") == [stocked["cafe"]]
    assert _found(vault, "cafe\u0301") == [stocked["cafe"]]  # decomposed é


def test_phrase_search_needs_the_words_together(vault: Vault, stocked: dict[str, int]) -> None:
    assert _found(vault, '"quiet harbour"') == [stocked["harbour"]]
    assert set(_found(vault, "quiet harbour ")) == {stocked["harbour"], stocked["reversed"]}


def test_prefix_search(vault: Vault, stocked: dict[str, int]) -> None:
    assert set(_found(vault, "harb")) == {stocked["harbour"], stocked["reversed"]}
    assert _found(vault, "harb ") == []  # a finished word is matched whole
    assert set(_found(vault, "harb* quiet ")) == {stocked["harbour"], stocked["reversed"]}
    assert _found(vault, "journ") == [stocked["session"]]


def test_tag_search_looks_only_at_tags(vault: Vault, stocked: dict[str, int]) -> None:
    assert _found(vault, "tag:grief") == [stocked["tagged"]]
    assert _found(vault, "tag:GRIEF") == [stocked["tagged"]]
    assert set(_found(vault, "grief")) == {stocked["tagged"], stocked["mentions"]}
    assert vault.entries.count(EntryFilter(text="tag:grief")) == 1


def test_a_title_match_ranks_first(vault: Vault, stocked: dict[str, int]) -> None:
    hits = _found(vault, "lighthouse", include_private=False)
    assert hits[0] == stocked["lighthouse_title"]
    assert set(hits) == {stocked["lighthouse_title"], stocked["cafe"]}
    scores = [hit.score for hit in vault.search.entries("lighthouse")]
    assert scores == sorted(scores)


def test_details_questions_and_private_entries(vault: Vault, stocked: dict[str, int]) -> None:
    assert _found(vault, "Okonkwo") == [stocked["session"]]
    assert _found(vault, "boundaries") == [stocked["session"]]
    assert stocked["private"] in _found(vault, "lighthouse")
    assert stocked["private"] not in _found(vault, "lighthouse", include_private=False)
    assert len(_found(vault, "the", limit=2)) == 2


def test_search_reflects_edits(vault: Vault, stocked: dict[str, int]) -> None:
    entry = vault.entries.get(stocked["cafe"])
    vault.entries.update(entry.with_changes(body="Tea in the garden.", tags=("calm",)))
    assert _found(vault, "cafe") == []
    assert _found(vault, "garden") == [stocked["cafe"]]
    assert _found(vault, "tag:calm") == [stocked["cafe"]]


def test_snippets_highlight_matches(vault: Vault, stocked: dict[str, int]) -> None:
    (hit,) = vault.search.entries("cafe")
    assert HIGHLIGHT_START in hit.snippet and HIGHLIGHT_END in hit.snippet
    assert ("café", True) in split_highlights(hit.snippet)
    assert HIGHLIGHT_START not in strip_highlights(hit.snippet)
    assert hit.kind is EntryKind.REFLECTION and hit.title == "Morning"


def test_split_highlights() -> None:
    snippet = f"a {HIGHLIGHT_START}b{HIGHLIGHT_END} c {HIGHLIGHT_START}d"
    assert split_highlights(snippet) == [("a ", False), ("b", True), (" c ", False), ("d", True)]
    assert strip_highlights(snippet) == "a b c d"
    assert split_highlights("") == []


def test_nothing_searchable_finds_nothing(vault: Vault, stocked: dict[str, int]) -> None:
    for text in ("", "   ", "!!!", '""', "*", "😢", "()"):
        assert vault.search.entries(text) == []
        assert vault.entries.summaries(EntryFilter(text=text)) == [] or not text.strip()


def test_whatever_is_typed_never_raises(vault: Vault, stocked: dict[str, int]) -> None:
    @settings(max_examples=250, deadline=None)
    @given(QUERIES)
    def search_anything(text: str) -> None:
        hits = vault.search.entries(text)
        listed = vault.entries.summaries(EntryFilter(text=text), limit=100)
        counted = vault.entries.count(EntryFilter(text=text))
        assert len(listed) == counted
        assert {hit.entry_id for hit in hits} <= set(stocked.values())
        if text.strip():
            assert {hit.entry_id for hit in hits} == {summary.id for summary in listed}

    search_anything()


def test_with_more_matches_than_are_ranked_an_old_title_match_still_ranks_first(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a bounded set is scored, but the newest title matches are always in it."""
    import journal_app.storage.search as search_module

    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 5)
    old_title = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Lantern", body="x"))
    mentions = [
        vault.entries.add(
            Entry.new(EntryKind.REFLECTION, title=f"day {n}", body="a lantern " + "word " * n)
        ).id
        for n in range(12)
    ]
    hits = vault.search.entries("lantern")
    assert hits[0].entry_id == old_title.id
    assert len(hits) == 1 + 5  # the title match plus the five newest mentions, best first
    assert {hit.entry_id for hit in hits[1:]} == set(mentions[-5:])
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores)
    assert all(search_module.HIGHLIGHT_START in hit.snippet for hit in hits)
    assert vault.search.entries("tag:nothing") == []
