"""Drafts of unsaved writing, and the fallback that saves the writing when one field is wrong.

Qt-free on purpose. The editor keeps the form as a draft (encrypted, in the journal) while an
entry has unsaved changes; after a crash the draft becomes an entry again. A draft is plain,
JSON-ready data, read leniently: a draft written by an older version, or damaged, still gives
back every word it can.

When an entry breaks one rule (a tag with a comma, a title too long), :func:`savable_version`
gives a version that can be saved without losing any of the writing, so the person can fix the
field at leisure while the text is already safe.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from journal_app.domain.codec import entry_from_dict, entry_to_dict, link_to_dict
from journal_app.domain.entries import (
    BlockType,
    EmotionalBlockDetails,
    Entry,
    EntryDetails,
    EntryKind,
    as_utc,
    details_from_dict,
)
from journal_app.domain.validation import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    ValidationError,
)


def draft_key_for(entry: Entry) -> str:
    """``entry-<id>`` for a saved entry, ``new-<random>`` for one not saved yet."""
    return f"entry-{entry.id}" if entry.id is not None else f"new-{uuid.uuid4().hex}"


def draft_payload(entry: Entry) -> dict[str, Any]:
    """The entry as it is in the form, as plain data (the shared codec's form, plus its id).

    Questions are left out (they are saved the moment they are added); of the links, only the
    ones not saved yet are kept, since the saved ones are already in the journal.
    """
    payload = entry_to_dict(entry)
    payload["entry_id"] = entry.id
    del payload["questions"]
    payload["links"] = [link_to_dict(link) for link in entry.links if link.id is None]
    return payload


def draft_entry_id(payload: Mapping[str, Any]) -> int | None:
    """The id of the saved entry a draft was written for, or None for a new entry."""
    entry_id = payload.get("entry_id")
    if isinstance(entry_id, bool) or not isinstance(entry_id, int):
        return None
    return entry_id


def entry_from_draft(payload: Mapping[str, Any], stored: Entry | None = None) -> Entry | None:
    """The entry a draft describes, or None when the draft doesn't say what kind of entry it is.

    ``stored`` is the entry the draft was written for (see :func:`draft_entry_id`) as the journal
    has it now, or None. A stored entry that is in the Trash is not written over: the draft then
    comes back as a new entry.
    """
    try:
        kind = EntryKind(str(payload.get("kind", "")))
    except ValueError:
        return None
    base = stored if stored is not None and stored.deleted_at is None else None
    read = entry_from_dict(payload, lenient=True)  # every field it can, defaults elsewhere
    try:
        occurred_at = as_utc(datetime.fromisoformat(str(payload["occurred_at"])))
    except (KeyError, ValueError):
        occurred_at = base.occurred_at if base is not None else read.occurred_at
    details: EntryDetails | None
    try:
        details = details_from_dict(kind, payload.get("details") or {})
    except (AttributeError, KeyError, TypeError, ValueError):
        details = base.details if base is not None and base.kind is kind else None
    links = tuple(replace(link, id=None, entry_id=None) for link in read.links)
    changes: dict[str, Any] = {
        "title": read.title,
        "body": read.body,
        "occurred_at": occurred_at,
        "tags": read.tags,
        "private": read.private,
    }
    if details is not None:
        changes["details"] = details
    if base is not None:
        return base.with_changes(kind=kind, links=base.links + links, **changes)
    return Entry.new(kind, links=links, **changes)


def savable_version(entry: Entry, error: ValidationError) -> Entry | None:
    """A version of ``entry`` that keeps all the writing and no longer breaks ``error``'s rule.

    None when there is no such version (the rule is about the writing itself, such as a body too
    long to save); the caller then keeps the form as a draft instead.
    """
    if error.field == "title":
        return entry.with_changes(title=entry.title.replace("\n", " ")[:MAX_TITLE_LENGTH])
    if error.field == "tags":
        tags = tuple(t for t in entry.tags if 0 < len(t) <= MAX_TAG_LENGTH and "," not in t)
        return entry.with_changes(tags=tags[:MAX_TAGS])
    if error.field == "blocked_other" and isinstance(entry.details, EmotionalBlockDetails):
        blocked = tuple(b for b in entry.details.blocked if b is not BlockType.OTHER)
        return entry.with_changes(details=replace(entry.details, blocked=blocked))
    return None
