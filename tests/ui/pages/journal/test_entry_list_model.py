"""The journal list model, tested without any window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester

from journal_app.domain.entries import Entry, EntryFilter, EntryKind, EntrySummary
from journal_app.storage import MINIMUM_KDF, ListCursor, Vault
from journal_app.ui.pages.journal.entry_list_model import (
    EntryListModel,
    EntryRole,
    day_label,
    summary_from_entry,
)

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def summary(entry_id: int, occurred_at: datetime, **changes: object) -> EntrySummary:
    values: dict[str, object] = {
        "id": entry_id,
        "kind": EntryKind.REFLECTION,
        "title": f"Entry {entry_id}",
        "snippet": "",
        "tags": (),
        "private": False,
        "occurred_at": occurred_at,
        "updated_at": occurred_at,
        "link_count": 0,
        "open_question_count": 0,
    }
    values.update(changes)
    return EntrySummary(**values)  # type: ignore[arg-type]


class ListSource:
    """A fake ``fetch_page`` over a list, newest first, counting calls."""

    def __init__(self, rows: list[EntrySummary]) -> None:
        self.rows = sorted(rows, key=lambda s: (s.occurred_at, s.id), reverse=True)
        self.calls = 0

    def __call__(
        self, entry_filter: EntryFilter, after: ListCursor | None, limit: int
    ) -> list[EntrySummary]:
        self.calls += 1
        rows = self.rows
        if after is not None:
            rows = [r for r in rows if (r.occurred_at, r.id) < (after.occurred_at, after.entry_id)]
        if entry_filter.kinds:
            rows = [r for r in rows if r.kind in entry_filter.kinds]
        return rows[:limit]


def hourly(count: int) -> list[EntrySummary]:
    # Four entries a day, going back in time.
    return [summary(i + 1, NOON - timedelta(hours=6 * i)) for i in range(count)]


def test_fetches_lazily_in_pages(qtbot: object) -> None:
    source = ListSource(hourly(450))
    model = EntryListModel(page_size=200)
    QAbstractItemModelTester(model)
    model.set_source(source)
    assert model.rowCount() == 200 and source.calls == 1
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    ids = [model.summary(row).id for row in range(450)]
    assert ids == list(range(1, 451))


def test_day_headers_mark_the_first_row_of_each_day() -> None:
    model = EntryListModel()
    model.set_source(ListSource(hourly(12)))
    headers = [model.index(row, 0).data(EntryRole.DAY_HEADER) for row in range(12)]
    firsts = [row for row, header in enumerate(headers) if header]
    days = [model.summary(row).occurred_at.astimezone().date() for row in range(12)]
    expected = [row for row in range(12) if row == 0 or days[row] != days[row - 1]]
    assert firsts == expected
    assert len(firsts) >= 3


def test_day_label_is_friendly() -> None:
    today = datetime(2026, 3, 10).date()
    assert day_label(today, today) == "Today"
    assert day_label(today - timedelta(days=1), today) == "Yesterday"
    assert day_label(datetime(2026, 3, 2).date(), today) == "Monday, 2 March"
    assert day_label(datetime(2025, 3, 2).date(), today) == "Sunday, 2 March 2025"


def test_update_of_one_row_emits_a_targeted_change(qtbot: object) -> None:
    model = EntryListModel()
    QAbstractItemModelTester(model)
    model.set_source(ListSource(hourly(50)))
    changes: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, *_: changes.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(True))
    original = model.summary(10)
    model.upsert(summary(original.id, original.occurred_at, title="Renamed"))
    assert model.index(10, 0).data(EntryRole.TITLE) == "Renamed"
    assert changes == [(10, 11)] and not resets


def test_new_and_moved_rows_land_in_order() -> None:
    model = EntryListModel()
    model.set_source(ListSource(hourly(20)))
    inserted: list[int] = []
    model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    model.upsert(summary(999, NOON + timedelta(hours=1)))
    assert model.summary(0).id == 999 and inserted == [0]
    # Moving an entry back in time places it between its new neighbours.
    moved = model.summary(0)
    model.upsert(summary(moved.id, NOON - timedelta(hours=6 * 5 + 1)))
    times = [model.summary(row).occurred_at for row in range(model.rowCount())]
    assert times == sorted(times, reverse=True)
    assert model.rowCount() == 21


def test_entries_older_than_the_loaded_pages_wait_for_fetch_more() -> None:
    model = EntryListModel(page_size=10)
    model.set_source(ListSource(hourly(30)))
    model.upsert(summary(1000, NOON - timedelta(days=300)))
    assert model.row_of(1000) is None and model.rowCount() == 10


def test_filter_mismatch_removes_and_remove_works() -> None:
    model = EntryListModel()
    model.set_source(ListSource(hourly(5)), EntryFilter(kinds=frozenset({EntryKind.REFLECTION})))
    first = model.summary(0)
    model.upsert(summary(first.id, first.occurred_at, kind=EntryKind.SESSION))
    assert model.row_of(first.id) is None and model.rowCount() == 4
    assert model.remove(model.summary(0).id) and model.rowCount() == 3
    model.clear()
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())


def test_with_a_real_vault(tmp_path: Path) -> None:
    vault, _key = Vault.create(tmp_path / "j", "passphrase words", kdf=MINIMUM_KDF)
    try:
        for i in range(300):
            vault.entries.add(
                Entry.new(
                    EntryKind.BLOCK if i % 3 == 0 else EntryKind.REFLECTION,
                    title=f"Entry {i}",
                    occurred_at=NOON - timedelta(hours=5 * i),
                )
            )
        model = EntryListModel(page_size=120)
        model.set_source(
            lambda f, after, limit: vault.entries.summaries(f, limit=limit, after=after)
        )
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        assert model.rowCount() == 300
        assert model.summary(0).title == "Entry 0" and model.summary(299).title == "Entry 299"
        model.set_filter(EntryFilter(kinds=frozenset({EntryKind.BLOCK})))
        assert model.rowCount() == 100
        stored = vault.entries.get(model.summary(0).id)
        changed = vault.entries.update(stored.with_changes(title="A new title"))
        model.upsert(summary_from_entry(changed))
        assert model.summary(0).title == "A new title"
    finally:
        vault.close()


@pytest.mark.parametrize("role", list(EntryRole))
def test_every_role_answers(role: EntryRole) -> None:
    model = EntryListModel()
    model.set_source(ListSource(hourly(2)))
    assert model.index(0, 0).data(role) is not None or role is EntryRole.DAY_HEADER
    assert role in model.roleNames()


def test_screen_readers_hear_one_open_question_in_the_singular(qtbot: object) -> None:
    from PySide6.QtCore import Qt

    one = summary(1, NOON, open_question_count=1)
    two = summary(2, NOON - timedelta(hours=1), open_question_count=2)
    model = EntryListModel(page_size=10)
    model.set_source(ListSource([one, two]))
    spoken = [
        str(model.data(model.index(row), Qt.ItemDataRole.AccessibleTextRole)) for row in (0, 1)
    ]
    assert spoken[0].endswith(", 1 open question"), spoken[0]
    assert spoken[1].endswith(", 2 open questions"), spoken[1]
