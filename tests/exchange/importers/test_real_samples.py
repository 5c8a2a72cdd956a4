"""Files other apps wrote (see ``tests/fixtures/SOURCES.md``) come over faithfully, and what
doesn't come over is said."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from journal_app.exchange.importers import import_file, parse, preview
from journal_app.storage import Vault

IMPORT = Path(__file__).resolve().parents[2] / "fixtures" / "import"
REAL = IMPORT / "real"


def _kinds(parsed: object) -> dict[str, tuple[int, tuple[str, ...]]]:
    return {o.kind: (o.entries, o.examples) for o in parsed.omissions}  # type: ignore[attr-defined]


def test_day_one_export_from_a_converter_test_suite(journal: Vault) -> None:
    parsed = parse(REAL / "dayone2-textbundle" / "demo.json", "dayone")
    entries = [item.entry for item in parsed.entries]
    assert [(e.title, e.body) for e in entries] == [
        ("Initial entry", "some text"),
        ("Second entry", "some text"),
        # Day One escapes Markdown punctuation, "/" included; what it means is plain text.
        ("Third entry with double escapes", "double escape a/b dot. single escape slash/"),
    ]
    assert entries[0].uid == "dayone-F4CF0509F3EA47D1B56F95D37F165F5E"
    assert entries[0].occurred_at == datetime(2019, 3, 18, 13, 4, 56, tzinfo=UTC)
    assert entries[0].updated_at == datetime(2019, 3, 26, 21, 48, 44, tzinfo=UTC)
    kinds = _kinds(parsed)
    assert kinds["photos"] == (1, ("demo.json, entry 1",))
    assert kinds["empty"] == (1, ("demo.json, entry 4",))  # an entry with no text at all
    assert kinds["time-zone"][0] == 3
    assert import_file(journal, REAL / "dayone2-textbundle" / "demo.json", "dayone").added == 3


def test_logseq_journals_folder(journal: Vault) -> None:
    parsed = parse(REAL / "logseq-docs", "markdown")
    entries = {item.entry.occurred_at.date().isoformat(): item.entry for item in parsed.entries}
    assert sorted(entries) == ["2020-09-23", "2020-10-02", "2021-02-20", "2021-02-26"]
    assert entries["2020-09-23"].title == ""  # "Sep 23rd, 2020" is the day, not a title
    assert entries["2020-09-23"].body == "- Test something"
    assert entries["2020-10-02"].body == "- Testing\n  Testing"
    assert entries["2021-02-20"].body == "- DONE Write changelog for v0.0.9\n  done:: 1614350275750"
    kinds = _kinds(parsed)
    assert kinds["empty"] == (2, ("journals/2020_09_14.md", "journals/2021_04_30.md"))
    assert kinds["not-markdown"] == (1, ("journals/2020_05_15.org",))
    assert import_file(journal, REAL / "logseq-docs", "markdown").added == 4


def test_obsidian_style_vault(journal: Vault, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(IMPORT / "obsidian-style", vault)
    found = preview(vault, "markdown", journal)
    assert found.count == 3
    kinds = _kinds(found)
    assert kinds["templates"] == (1, ("Templates/Daily.md",))
    assert kinds["no-date"] == (1, ("Notes/Someday ideas.md",))
    assert "json" not in str(kinds)  # .obsidian settings are not notes
    parsed = parse(vault, "markdown")
    by_day = {
        item.entry.occurred_at.astimezone().date().isoformat(): item for item in parsed.entries
    }
    first = by_day["2025-01-01"].entry
    assert (first.title, first.tags) == ("Wednesday", ("daily", "therapy"))
    assert "[[Session notes|last week]]" in first.body
    second = by_day["2025-01-02"].entry
    assert second.occurred_at == datetime(2025, 1, 2, 21, 14).astimezone(UTC)
    assert second.tags == ("daily", "sleep")
    session = by_day["2025-01-07"].entry
    assert (session.title, session.tags) == ("Session notes", ("homework",))
    assert import_file(journal, vault, "markdown").added == 3
    assert import_file(journal, vault, "markdown").added == 0
