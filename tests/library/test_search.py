"""Searching articles and comments: ranking, snippets with highlights, and odd queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal_app.library import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Article,
    ArticleMeta,
    Comment,
    Library,
    LibrarySearch,
)


@pytest.fixture
def library(bundled_dir: Path) -> Library:
    return Library(bundled_dir)


def _highlighted(snippet: str) -> list[str]:
    parts = snippet.split(HIGHLIGHT_START)[1:]
    return [part.split(HIGHLIGHT_END, 1)[0] for part in parts]


def test_title_words_find_the_article_first(library: Library) -> None:
    hits = library.search("cry therapy")
    assert hits, "expected hits"
    assert hits[0].slug == "how-to-cry-in-therapy"
    assert hits[0].comment_id is None
    assert hits[0].title == "How to Cry in Therapy"
    assert all(h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_comment_hits_name_the_comment_and_highlight_the_match(library: Library) -> None:
    hits = library.search("cardboard")
    assert [h.comment_id for h in hits] == ["c10"]
    assert _highlighted(hits[0].snippet) == ["cardboard"]  # from the body, not the heading
    assert hits[0].snippet.count(HIGHLIGHT_START) == hits[0].snippet.count(HIGHLIGHT_END)


def test_words_match_case_and_accent_insensitively_and_by_prefix(library: Library) -> None:
    assert library.search("STOICS")[0].comment_id == "c08"
    assert library.search("stóic")[0].comment_id == "c08"
    crying = library.search("crying")
    assert any(h.comment_id == "c07" for h in crying)
    highlighted = {w.casefold() for h in library.search("constip") for w in _highlighted(h.snippet)}
    assert highlighted == {"constipated"}


def test_curly_and_straight_apostrophes_are_the_same(library: Library) -> None:
    assert library.search("they're blocked")[0].slug == "how-to-cry-in-therapy"


def test_all_words_must_be_present(library: Library) -> None:
    assert library.search("cardboard smartphone") == []


def test_quoted_phrases_must_appear_together(library: Library) -> None:
    assert [h.comment_id for h in library.search('"seat belt"')] == ["c11"]
    assert library.search('"belt seat"') == []


def test_snippets_are_short_and_trimmed_at_word_edges(library: Library) -> None:
    hit = library.search("funerals")[0]
    assert hit.comment_id == "c17"
    assert hit.snippet.startswith("…")
    assert len(hit.snippet) < 260
    assert "\n" not in hit.snippet


@pytest.mark.parametrize(
    "query",
    ["", "   ", '"', '"unclosed', "AND (", "*", "-", "NOT -cry", "cry*", "😢", "((()))", "\ue000"],
)
def test_odd_queries_never_raise(library: Library, query: str) -> None:
    assert isinstance(library.search(query), list)


@given(st.text(max_size=60))
def test_no_query_raises(query: str) -> None:
    search = LibrarySearch(
        [
            Article(
                slug="a",
                meta=ArticleMeta(title="Tears and silence"),
                body="Some *Markdown* text about crying.",
                comments=(Comment(id="c1", body="I cry at adverts 😢"),),
            )
        ]
    )
    for hit in search.search(query):
        assert hit.snippet.count(HIGHLIGHT_START) == hit.snippet.count(HIGHLIGHT_END)


def test_markdown_syntax_is_not_searched_or_shown() -> None:
    search = LibrarySearch(
        [Article(slug="a", meta=ArticleMeta(title="T"), body="A [linked word](https://x.org) here")]
    )
    hit = search.search("linked")[0]
    assert "](" not in hit.snippet and "https" not in hit.snippet
    assert search.search("https") == []
