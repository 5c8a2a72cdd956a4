"""Ranked search over articles and their comments, with highlighted snippets.

The library holds a handful of articles, so a small in-memory index is plenty. Every article
and every comment is its own searchable item, so a hit can take the reader straight to the
comment that matched. Matches in snippets are wrapped in ``HIGHLIGHT_START``/``HIGHLIGHT_END``
(private-use characters, the same markers the journal's search uses), which the UI turns into
formatting. Queries are treated as words and "quoted phrases"; no query can raise.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journal_app.library.model import Article
from journal_app.library.render import markdown_to_plain_text

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"

# Words, with inner apostrophes kept so "they’re" and "they're" are one token.
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_PHRASE = re.compile(r'"([^"]*)"')
_FIELD_WEIGHTS = {"title": 4.0, "heading": 2.0, "tags": 2.0, "summary": 1.5, "text": 1.0,
                  "comment": 1.0, "author": 1.0}  # fmt: skip
_PROSE_FIELDS = {"text", "comment", "summary"}
_SNIPPET_CHARS = 90  # on each side of the first match


@dataclass(frozen=True)
class ArticleHit:
    """One search result: an article, or one comment within it when ``comment_id`` is set."""

    slug: str
    title: str
    comment_id: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class _Field:
    name: str
    text: str
    tokens: tuple[_Token, ...]


@dataclass(frozen=True)
class _Item:
    slug: str
    title: str
    comment_id: str | None
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class _Query:
    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(text: str) -> tuple[_Token, ...]:
    return tuple(_Token(_fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text))


def _parse_query(query: str) -> _Query:
    phrases = []
    for match in _PHRASE.finditer(query):
        words = tuple(t.norm for t in _tokens(match.group(1)))
        if len(words) > 1:
            phrases.append(words)
    # Every word counts, inside phrases or not; operators and punctuation are simply ignored.
    terms = tuple(dict.fromkeys(t.norm for t in _tokens(query)))
    return _Query(terms, tuple(phrases))


def _matches(term: str, token: str) -> float:
    """How well a query word matches a text word: whole word 1, word start 0.6, else 0."""
    if token == term:
        return 1.0
    # Prefix matching finds "crying" for "cry"; one-letter prefixes would match nearly anything.
    if len(term) >= 2 and token.startswith(term):
        return 0.6
    return 0.0


def _has_phrase(tokens: Sequence[_Token], phrase: tuple[str, ...]) -> bool:
    words = [t.norm for t in tokens]
    return any(
        tuple(words[i : i + len(phrase)]) == phrase for i in range(len(words) - len(phrase) + 1)
    )


class LibrarySearch:
    """An index over a set of articles. Build it once; rebuild when the articles change."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._items: list[_Item] = []
        for article in articles:
            self._items.append(_article_item(article))
            for comment in article.comments:
                fields = [_field("comment", comment.body)]
                if comment.heading:
                    fields.insert(0, _field("heading", comment.heading))
                self._items.append(_Item(article.slug, article.title, comment.id, tuple(fields)))
        self._vocabulary_by_item = [
            {t.norm for f in item.fields for t in f.tokens} for item in self._items
        ]

    def search(self, query: str, limit: int = 50) -> list[ArticleHit]:
        """Items containing every word of ``query`` (and each "quoted phrase"), best first."""
        parsed = _parse_query(query if isinstance(query, str) else "")
        if not parsed.terms:
            return []
        idf = {term: self._idf(term) for term in parsed.terms}
        hits = []
        for item in self._items:
            hit = self._score(item, parsed, idf)
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.title.casefold(), h.comment_id or ""))
        return hits[: max(limit, 0)]

    def _idf(self, term: str) -> float:
        containing = sum(
            1 for vocab in self._vocabulary_by_item if any(_matches(term, w) for w in vocab)
        )
        return math.log(1 + len(self._items) / (1 + containing))

    def _score(self, item: _Item, query: _Query, idf: dict[str, float]) -> ArticleHit | None:
        score = 0.0
        best_field: _Field | None = None
        best_rank: tuple[bool, int, float] = (False, 0, 0.0)
        found: set[str] = set()
        for field in item.fields:
            field_score = 0.0
            field_terms = 0
            for term in query.terms:
                strength = sum(_matches(term, t.norm) for t in field.tokens)
                if strength:
                    found.add(term)
                    field_terms += 1
                    field_score += (1 + math.log(strength + 1)) * idf[term]
            field_score *= _FIELD_WEIGHTS[field.name]
            score += field_score
            # The snippet comes from prose when any prose matched (a title or heading is shown
            # beside the snippet anyway), then from the field matching the most query words.
            rank = (field.name in _PROSE_FIELDS, field_terms, field_score)
            if field_terms and rank > best_rank:
                best_field, best_rank = field, rank
        if len(found) < len(query.terms) or best_field is None:
            return None
        for phrase in query.phrases:
            if not any(_has_phrase(f.tokens, phrase) for f in item.fields):
                return None
            score *= 1.5
        if item.comment_id is not None:
            score *= 0.9  # the article itself ranks above its comments on equal evidence
        return ArticleHit(
            slug=item.slug,
            title=item.title,
            comment_id=item.comment_id,
            snippet=_snippet(best_field, query.terms),
            score=round(score, 4),
        )


def _field(name: str, text: str) -> _Field:
    # Our highlight markers must only ever mean "match", so any in the source text go.
    clean = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    return _Field(name, clean, _tokens(clean))


def _article_item(article: Article) -> _Item:
    meta = article.meta
    fields = [_field("title", meta.title), _field("text", markdown_to_plain_text(article.body))]
    if meta.summary:
        fields.append(_field("summary", meta.summary))
    if meta.tags:
        fields.append(_field("tags", ", ".join(meta.tags)))
    if meta.author:
        fields.append(_field("author", meta.author))
    return _Item(article.slug, meta.title, None, tuple(fields))


def _snippet(field: _Field, terms: Sequence[str]) -> str:
    matching = [t for t in field.tokens if any(_matches(term, t.norm) for term in terms)]
    text = field.text
    if not matching:
        return " ".join(text[: 2 * _SNIPPET_CHARS].split())
    first = matching[0]
    start = max(0, first.start - _SNIPPET_CHARS)
    end = min(len(text), first.end + _SNIPPET_CHARS)
    # Widen to whole words so the snippet never starts or ends mid-word.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for token in matching:
        if token.start < start or token.end > end:
            continue
        pieces += [text[cursor : token.start], HIGHLIGHT_START, text[token.start : token.end]]
        pieces.append(HIGHLIGHT_END)
        cursor = token.end
    pieces += [text[cursor:end], "…" if end < len(text) else ""]
    return " ".join("".join(pieces).split())
