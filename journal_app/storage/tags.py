"""Tags: the names on entries, folded so "Ärger" and "ärger" are one tag."""

from __future__ import annotations

from collections.abc import Iterable

import sqlcipher3

from journal_app.storage.database import Store


class TagStore(Store):
    """``vault.tags``: the tags in use."""

    def in_use(self) -> list[tuple[str, int]]:
        """Every tag in use with how many (non-trashed) entries carry it, most used first."""
        # entry_count is kept by triggers (schema v3), so this reads one small table.
        rows = self._database.query(
            "SELECT name, entry_count FROM tags WHERE entry_count > 0"
            " ORDER BY entry_count DESC, folded"
        )
        return [(str(name), int(count)) for name, count in rows]

    def for_entries(self, entry_ids: list[int]) -> dict[int, list[str]]:
        """Each entry's tags in the order they were given."""
        marks = ",".join("?" * len(entry_ids))
        tags: dict[int, list[str]] = {}
        for entry_id, name in self._database.query(
            "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
            f" WHERE et.entry_id IN ({marks}) ORDER BY et.position",
            entry_ids,
        ):
            tags.setdefault(entry_id, []).append(name)
        return tags


def set_tags(connection: sqlcipher3.Connection, entry_id: int, tags: Iterable[str]) -> None:
    """Replace an entry's tags (inside the caller's transaction); unused tags are dropped."""
    connection.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
    for position, tag in enumerate(tags):
        connection.execute(
            "INSERT OR IGNORE INTO tags (name, folded) VALUES (?, ?)", (tag, tag.casefold())
        )
        connection.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id, position)"
            " SELECT ?, id, ? FROM tags WHERE folded = ?",
            (entry_id, position, tag.casefold()),
        )
    drop_unused_tags(connection)


def drop_unused_tags(connection: sqlcipher3.Connection) -> None:
    connection.execute(
        # NOT EXISTS probes entry_tags_by_tag once per tag; NOT IN built a list of
        # every tag link in the journal on each save (0.4 ms at 18k links, growing).
        "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM entry_tags et WHERE et.tag_id = tags.id)"
    )
