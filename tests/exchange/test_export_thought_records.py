"""Thought records and check-ins in the therapist export: their columns, the prep mood change,
privacy, and a lossless JSON round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

from journal_app.domain import (
    CheckInDetails,
    Entry,
    EntryKind,
    MoodRating,
    SessionNoteDetails,
    ThinkingTrap,
    ThoughtRecordDetails,
)
from journal_app.domain.codec import entry_from_dict
from journal_app.exchange import ExportFormat, ExportOptions, ExportScope, export_journal
from journal_app.storage import Vault

EVERYTHING = ExportScope.date_range(
    datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
)
RECORD = ThoughtRecordDetails(
    situation="Dinner with my father, he went quiet",
    moods=(MoodRating("anxious", 80),),
    automatic_thoughts=("He's disappointed in me",),
    hot_thought=0,
    evidence_for="He didn't answer",
    evidence_against="He hugged me when I left",
    balanced_thought="One quiet dinner is not a verdict",
    belief=70,
    moods_after=(MoodRating("anxious", 30),),
    thinking_traps=(ThinkingTrap.MIND_READING,),
)


@pytest.fixture(autouse=True)
def _gui(qapp):  # noqa: ANN001 - fonts need a Qt application
    return qapp


@pytest.fixture
def filled(vault: Vault) -> Vault:
    vault.entries.add(
        Entry.new(
            EntryKind.SESSION,
            details=SessionNoteDetails(homework="Try a thought record"),
            occurred_at=datetime(2026, 3, 2, 18, tzinfo=UTC),
        )
    )
    vault.entries.add(
        Entry.new(
            EntryKind.THOUGHT_RECORD,
            details=RECORD,
            occurred_at=datetime(2026, 3, 4, 9, tzinfo=UTC),
        )
    )
    vault.entries.add(
        Entry.new(
            EntryKind.THOUGHT_RECORD,
            private=True,
            details=ThoughtRecordDetails(situation="Secretwalrus moment"),
            occurred_at=datetime(2026, 3, 5, 9, tzinfo=UTC),
        )
    )
    vault.entries.add(
        Entry.new(
            EntryKind.CHECK_IN,
            details=CheckInDetails(("tired",), 6, "Long day"),
            occurred_at=datetime(2026, 3, 6, 9, tzinfo=UTC),
        )
    )
    return vault


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\t", " ").split())


def test_pdf_shows_the_columns_and_the_mood_change_and_leaves_private_records_out(
    filled: Vault, tmp_path: Path
) -> None:
    target = tmp_path / "summary.pdf"
    export_journal(filled, ExportOptions(ExportFormat.PDF, scope=EVERYTHING, prep=True), target)
    text = _pdf_text(target)
    for column in (
        "1. Situation",
        "2. Moods",
        "3. Automatic thoughts",
        "4. Evidence that supports the hot thought",
        "5. Evidence that does not support it",
        "6. Balanced thought",
        "7. Moods now",
    ):
        assert column in text
    assert "Dinner with my father" in text and "He hugged me when I left" in text
    assert "Thought records since my last session" in text
    assert "anxious 80% → 30%" in text
    assert "Mind-reading" in text
    assert "Check-ins since my last session" in text and "1 check-in" in text
    assert "Secretwalrus" not in text


def test_markdown_and_html_carry_the_record_and_check_in(filled: Vault, tmp_path: Path) -> None:
    for fmt, name in ((ExportFormat.MARKDOWN, "s.md"), (ExportFormat.HTML, "s.html")):
        target = tmp_path / name
        export_journal(filled, ExportOptions(fmt, scope=EVERYTHING, prep=True), target)
        text = target.read_text(encoding="utf-8")
        assert "One quiet dinner is not a verdict" in text
        assert "anxious 80% → 30%" in text
        assert "Long day" in text
        assert "Secretwalrus" not in text


def test_json_keeps_every_field_of_the_new_kinds(filled: Vault, tmp_path: Path) -> None:
    target = tmp_path / "journal.json"
    export_journal(
        filled,
        ExportOptions(ExportFormat.JSON, scope=EVERYTHING, include_private=True),
        target,
    )
    document = json.loads(target.read_text(encoding="utf-8"))
    entries = [entry_from_dict(item) for item in document["entries"]]
    details = {type(entry.details) for entry in entries}
    assert {ThoughtRecordDetails, CheckInDetails} <= details
    assert RECORD in [entry.details for entry in entries]
    assert CheckInDetails(("tired",), 6, "Long day") in [entry.details for entry in entries]
