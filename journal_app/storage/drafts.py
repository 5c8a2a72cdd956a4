"""Editor drafts: unsaved state kept every few seconds, so a crash loses (almost) nothing."""

from __future__ import annotations

import json
from typing import Any

from journal_app.domain import utc_now
from journal_app.storage.database import Database
from journal_app.storage.recovery import Draft
from journal_app.storage.rows import parse_timestamp, timestamp


class DraftStore:
    """``vault.drafts``: one draft per editor key (``entry:42``, ``new:<uuid>``)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def save(self, key: str, payload: dict[str, Any]) -> None:
        """Keep the editor's unsaved state for ``key`` (replacing an older draft of it)."""
        if not key:
            raise ValueError("a draft needs a key")
        document = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO drafts (entry_key, payload, saved_at) VALUES (?, ?, ?)"
                " ON CONFLICT (entry_key) DO UPDATE SET payload = excluded.payload,"
                " saved_at = excluded.saved_at",
                (key, document, timestamp(utc_now())),
            )

    def saved(self) -> list[Draft]:
        """Drafts left behind (for example by a crash), newest first."""
        rows = self._database.query(
            "SELECT entry_key, payload, saved_at FROM drafts ORDER BY saved_at DESC"
        )
        return [
            Draft(key=str(key), payload=json.loads(payload), saved_at=parse_timestamp(saved_at))
            for key, payload, saved_at in rows
        ]

    def discard(self, key: str) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM drafts WHERE entry_key = ?", (key,))
