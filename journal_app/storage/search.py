"""Full-text search: turning what a person types into a safe FTS5 query, and running it.

FTS5 has its own query language in which quotes, parentheses, ``AND``, ``*`` and ``-`` mean
something; a stray one raises a syntax error. We never pass user text through. Instead we pull out
words and "quoted phrases", quote each as an FTS5 string, and join them with AND. A trailing ``*``
on a word asks for a prefix match; the last word typed is matched as a prefix too, so results
follow search-as-you-type. ``tag:name`` restricts to the tags column.

:class:`SearchStore` (``vault.search``) runs the query; ``index`` keeps the index current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlcipher3

from journal_app.domain import EntryKind
from journal_app.storage.database import Store
from journal_app.storage.records import SearchHit
from journal_app.storage.rows import parse_timestamp

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
MIN_PREFIX_LENGTH = 2
# How many of the newest matches (and of the newest title matches) a search ranks.
RANKED_CANDIDATES = 2000

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<tag>tag:\S+)|(?P<word>\S+)', re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuery:
    fts: str  # empty when the text holds nothing searchable (only punctuation or emoji)
    terms: tuple[str, ...]  # plain words, for highlighting outside FTS
    filters_tags: bool = False  # has a ``tag:`` part (a column filter of its own)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _words(text: str) -> list[str]:
    return [match.group(0).replace("’", "'") for match in _WORD.finditer(text)]


def parse_query(text: str) -> ParsedQuery:
    parts: list[str] = []
    terms: list[str] = []
    tokens = list(_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        is_last = index == len(tokens) - 1 and not text.endswith((" ", '"'))
        if token.group("phrase") is not None:
            words = _words(token.group("phrase"))
            if words:
                parts.append(_quote(" ".join(words)))
                terms.extend(words)
        elif token.group("tag") is not None:
            words = _words(token.group("tag")[4:])
            if words:
                parts.append("tags : " + _quote(" ".join(words)))
        else:
            raw = token.group("word")
            words = _words(raw)
            for position, word in enumerate(words):
                # One letter as a prefix would merge the posting lists of every word starting
                # with it (seconds on a long journal), so it is matched as a whole word.
                wants_prefix = (
                    position == len(words) - 1
                    and (raw.endswith("*") or is_last)
                    and len(word) >= MIN_PREFIX_LENGTH
                )
                parts.append(_quote(word) + ("*" if wants_prefix else ""))
                terms.append(word)
    return ParsedQuery(
        fts=" AND ".join(parts),
        terms=tuple(terms),
        filters_tags=any(part.startswith("tags : ") for part in parts),
    )


def split_highlights(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) runs for display."""
    runs: list[tuple[str, bool]] = []
    position = 0
    while position < len(snippet):
        start = snippet.find(HIGHLIGHT_START, position)
        if start == -1:
            runs.append((snippet[position:], False))
            break
        if start > position:
            runs.append((snippet[position:start], False))
        end = snippet.find(HIGHLIGHT_END, start)
        if end == -1:
            end = len(snippet)
        runs.append((snippet[start + 1 : end], True))
        position = end + 1
    return [(text, matched) for text, matched in runs if text]


def strip_highlights(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")


# --------------------------------------------------------------------------- running a search


class SearchStore(Store):
    """``vault.search``: ranked full-text search over the journal's entries."""

    def entries(
        self, text: str, *, limit: int = 50, include_private: bool = True
    ) -> list[SearchHit]:
        """Ranked full-text search over titles, bodies, details, tags and questions.

        Whatever a person types, this never raises: text with nothing searchable finds nothing.
        """
        query = parse_query(text)
        if not query.fts:
            return []
        # Ranking is bounded: bm25 is computed for a candidate set, not for every one of the
        # 30,000 entries that mention "grief" in a long journal (that alone took 20-35 ms). The
        # candidates are the newest RANKED_CANDIDATES matches plus the newest matches in a title
        # (the title weighs 8 times the body, so nearly every top result is one of those); one
        # pass over the matches then scores only the candidates, in the same query, so every
        # score is the full query's bm25. With fewer matches than that, the order is exactly
        # the full ranking.
        private_join = "" if include_private else " JOIN entries e ON e.id = entry_search.rowid"
        private_clause = "" if include_private else " AND e.private = 0"
        newest = (
            f"SELECT entry_search.rowid FROM entry_search{private_join}"
            f" WHERE entry_search MATCH ?{private_clause}"
            " ORDER BY entry_search.rowid DESC LIMIT ?"
        )
        parameters: list[object] = [query.fts, RANKED_CANDIDATES]
        candidates = f"SELECT * FROM ({newest})"
        if not query.filters_tags:
            candidates += f" UNION SELECT * FROM ({newest})"
            parameters += ["title : (" + query.fts + ")", RANKED_CANDIDATES]
        ranking = (
            f"WITH candidates (id) AS ({candidates})"
            " SELECT id, score FROM (SELECT entry_search.rowid AS id,"
            " CASE WHEN entry_search.rowid IN (SELECT id FROM candidates)"
            " THEN bm25(entry_search, 8, 1, 1, 4, 2) END AS score"
            " FROM entry_search WHERE entry_search MATCH ?)"
            " WHERE score IS NOT NULL ORDER BY score, id DESC LIMIT ?"
        )
        parameters += [query.fts, limit]
        database = self._database
        hits: list[SearchHit] = []
        with database.mutex:
            try:
                ranked = database.query(ranking, parameters)
                if not ranked:
                    return []
                marks = ",".join("?" * len(ranked))
                metadata = {
                    row[0]: row
                    for row in database.query(
                        f"SELECT id, kind, title, occurred_at FROM entries WHERE id IN ({marks})",
                        [entry_id for entry_id, _score in ranked],
                    )
                }
                # Snippets in one pass over the page's rows (a query per hit repeated the whole
                # match 50 times; for a prefix that alone took 60 ms).
                wanted = [entry_id for entry_id, _score in ranked]
                snippets = {
                    row[0]: row[1]
                    for row in database.query(
                        "SELECT id, snippet FROM (SELECT rowid AS id, CASE WHEN rowid IN ("
                        + marks
                        + ") THEN snippet(entry_search, -1, ?, ?, '…', 14) END AS snippet"
                        " FROM entry_search WHERE entry_search MATCH ? AND rowid BETWEEN ? AND ?)"
                        " WHERE snippet IS NOT NULL",
                        [
                            *wanted,
                            HIGHLIGHT_START,
                            HIGHLIGHT_END,
                            query.fts,
                            min(wanted),
                            max(wanted),
                        ],
                    )
                }
                for entry_id, score in ranked:
                    row = metadata.get(entry_id)
                    snippet = snippets.get(entry_id)
                    if row is None or snippet is None:
                        continue
                    hits.append(
                        SearchHit(
                            entry_id=entry_id,
                            kind=EntryKind(row[1]),
                            title=row[2],
                            occurred_at=parse_timestamp(row[3]),
                            snippet=snippet,
                            score=float(score),
                        )
                    )
            except sqlcipher3.OperationalError:
                # The query builder quotes every term, so this is not expected; but a search box
                # must never crash the app, so an unforeseen FTS complaint means "no results".
                return []
        return hits


def matching_ids_clause(text: str) -> tuple[str, list[str]]:
    """A WHERE condition on ``e.id`` for entries matching ``text`` (for filtered lists)."""
    fts = parse_query(text).fts
    if not fts:
        return "0", []
    return "e.id IN (SELECT rowid FROM entry_search WHERE entry_search MATCH ?)", [fts]
