"""The one conversion between an :class:`Entry` and plain data (JSON-ready dicts).

Used by the JSON export and import (the format in ``docs/json-format.md``) and meant for the
editor's drafts. :func:`entry_to_dict` writes every field a person can see or set, with times as
ISO-8601 UTC; database ids are left out, as they mean nothing outside one journal.
:func:`entry_from_dict` reads it back exactly; with ``lenient=True`` it reads whatever survived
(a draft written by an older version, or cut short by a crash): a missing or broken field
becomes its default, a broken question or link is left out, and only an unknown kind is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from journal_app.domain.entries import (
    ArticleLink,
    Entry,
    EntryDetails,
    EntryKind,
    Question,
    as_utc,
    default_details,
    details_from_dict,
    details_to_dict,
    utc_now,
)

T = TypeVar("T")


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with microseconds and a ``Z``: ``2026-03-03T14:00:00.000000Z``."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(value: Any) -> datetime:
    """A timestamp written by :func:`format_timestamp` (any ISO-8601 with a zone), in UTC."""
    if not isinstance(value, str):
        raise ValueError("a timestamp is missing")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"the timestamp {value!r} has no time zone")
    return moment.astimezone(UTC)


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """Everything about ``entry`` except its database ids, ready for ``json.dumps``."""
    return {
        "uid": entry.uid,
        "kind": entry.kind.value,
        "title": entry.title,
        "body": entry.body,
        "details": details_to_dict(entry.details),
        "tags": list(entry.tags),
        "private": entry.private,
        "occurred_at": format_timestamp(entry.occurred_at),
        "created_at": format_timestamp(entry.created_at),
        "updated_at": format_timestamp(entry.updated_at),
        "questions": [question_to_dict(question) for question in entry.questions],
        "links": [link_to_dict(link) for link in entry.links],
    }


def question_to_dict(question: Question) -> dict[str, Any]:
    return {
        "text": question.text,
        "created_at": format_timestamp(question.created_at),
        "resolved_on": question.resolved_on.isoformat() if question.resolved_on else None,
    }


def link_to_dict(link: ArticleLink) -> dict[str, Any]:
    return {
        "article_slug": link.article_slug,
        "comment_id": link.comment_id,
        "quote": link.quote,
        "created_at": format_timestamp(link.created_at),
    }


def entry_from_dict(data: Mapping[str, Any], *, lenient: bool = False) -> Entry:
    """The entry ``data`` describes; the inverse of :func:`entry_to_dict`.

    Strict (the default) raises ``KeyError`` for a missing ``uid``, ``kind`` or ``occurred_at``
    and ``ValueError``/``TypeError`` for a field it can't read. Lenient raises only
    ``ValueError`` for a missing or unknown kind; everything else falls back to a default.
    """
    if not lenient:
        return _strict_entry(data)
    try:
        kind = EntryKind(str(data.get("kind", "")))
    except ValueError:
        raise ValueError("the entry's kind is missing or unknown") from None
    now = utc_now()
    occurred_at = _or(lambda: _any_timestamp(data["occurred_at"]), now)
    questions = tuple(_readable(_question, _list(data.get("questions"))))
    links = tuple(
        link
        for link in _readable(lambda item: _lenient_link(item, now), _list(data.get("links")))
        if link is not None
    )
    details: EntryDetails = _or(
        lambda: details_from_dict(kind, data.get("details") or {}), default_details(kind)
    )
    return Entry(
        kind=kind,
        uid=_text(data.get("uid")),
        title=_text(data.get("title")),
        body=_text(data.get("body")),
        details=details,
        tags=tuple(str(tag) for tag in _list(data.get("tags")) if isinstance(tag, str | int)),
        private=bool(data.get("private", False)),
        occurred_at=occurred_at,
        created_at=_or(lambda: _any_timestamp(data["created_at"]), occurred_at),
        updated_at=_or(lambda: _any_timestamp(data["updated_at"]), occurred_at),
        questions=questions,
        links=links,
    )


def _strict_entry(data: Mapping[str, Any]) -> Entry:
    kind = EntryKind(str(data["kind"]))
    occurred_at = parse_timestamp(data["occurred_at"])
    return Entry(
        kind=kind,
        uid=str(data["uid"]),
        title=str(data.get("title", "")),
        body=str(data.get("body", "")),
        details=details_from_dict(kind, data.get("details") or {}),
        tags=tuple(str(tag) for tag in data.get("tags", [])),
        private=bool(data.get("private", False)),
        occurred_at=occurred_at,
        created_at=parse_timestamp(data.get("created_at", data["occurred_at"])),
        updated_at=parse_timestamp(data.get("updated_at", data["occurred_at"])),
        questions=tuple(_question(item) for item in data.get("questions", [])),
        links=tuple(
            ArticleLink(
                article_slug=str(item["article_slug"]),
                comment_id=item.get("comment_id"),
                quote=str(item.get("quote", "")),
                created_at=parse_timestamp(item["created_at"]),
            )
            for item in data.get("links", [])
        ),
    )


def _question(item: Mapping[str, Any]) -> Question:
    resolved = item.get("resolved_on")
    return Question(
        text=str(item["text"]),
        created_at=parse_timestamp(item["created_at"]),
        resolved_on=date.fromisoformat(resolved) if resolved else None,
    )


def _lenient_link(item: Mapping[str, Any], now: datetime) -> ArticleLink | None:
    slug = item.get("article_slug")
    if not slug:
        return None
    comment = item.get("comment_id")
    return ArticleLink(
        article_slug=str(slug),
        comment_id=str(comment) if comment else None,
        quote=_text(item.get("quote")),
        created_at=_or(lambda: _any_timestamp(item["created_at"]), now),
    )


def _any_timestamp(value: Any) -> datetime:
    """Lenient reading: a timestamp without a zone is taken to be local time."""
    if not isinstance(value, str):
        raise ValueError("not a timestamp")
    return as_utc(datetime.fromisoformat(value))


def _readable(read: Callable[[Any], T], items: list[Any]) -> list[T]:
    """``read`` of each item, leaving out the ones it can't read."""
    found: list[T] = []
    for item in items:
        try:
            found.append(read(item))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return found


def _or(read: Callable[[], T], fallback: T) -> T:
    try:
        return read()
    except (KeyError, TypeError, ValueError, AttributeError):
        return fallback


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []
