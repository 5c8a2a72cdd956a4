"""Turning what a person types into a safe FTS5 query.

FTS5 has its own query language in which quotes, parentheses, ``AND``, ``*`` and ``-`` mean
something; a stray one raises a syntax error. We never pass user text through. Instead we pull out
words and "quoted phrases", quote each as an FTS5 string, and join them with AND. A trailing ``*``
on a word asks for a prefix match; the last word typed is matched as a prefix too, so results
follow search-as-you-type. ``tag:name`` restricts to the tags column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
MIN_PREFIX_LENGTH = 2

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<tag>tag:\S+)|(?P<word>\S+)', re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuery:
    fts: str  # empty when the text holds nothing searchable (only punctuation or emoji)
    terms: tuple[str, ...]  # plain words, for highlighting outside FTS


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
    return ParsedQuery(fts=" AND ".join(parts), terms=tuple(terms))


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
