"""Session prep shows exactly what happened since the last session note; ticking persists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton
from ui_helpers import SyncRunner

from journal_app import paths
from journal_app.domain.entries import (
    ArticleLink,
    EmotionalBlockDetails,
    Entry,
    EntryKind,
    Question,
    SessionNoteDetails,
)
from journal_app.domain.prep import BlockMoment, weekly_block_patterns
from journal_app.library import Library
from journal_app.storage import MINIMUM_KDF, Vault
from journal_app.ui.pages.prep.page import SessionPrepPage
from journal_app.ui.pages.prep.patterns import PatternsView, patterns_summary

PASSPHRASE = "a passphrase here"
SLUG = "how-to-cry-in-therapy"


def days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def fill(vault: Vault) -> dict[str, int]:
    ids: dict[str, int] = {}

    def add(key: str, entry: Entry) -> None:
        stored = vault.entries.add(entry)
        assert stored.id is not None
        ids[key] = stored.id

    add("old reflection", Entry.new(EntryKind.REFLECTION, title="Before", occurred_at=days_ago(30)))
    add("old block", Entry.new(EntryKind.BLOCK, title="Old block", occurred_at=days_ago(25)))
    add(
        "session",
        Entry.new(
            EntryKind.SESSION,
            title="Last session",
            occurred_at=days_ago(10),
            details=SessionNoteDetails(homework="Notice when I jump into fixing mode."),
        ),
    )
    add(
        "new block",
        Entry.new(
            EntryKind.BLOCK,
            title="Laughed it off",
            occurred_at=days_ago(6),
            details=EmotionalBlockDetails(feeling_intensity=8, block_intensity=7),
        ),
    )
    add(
        "new reflection",
        Entry.new(
            EntryKind.REFLECTION,
            title="After the walk",
            occurred_at=days_ago(3),
            links=(ArticleLink(SLUG, "c06"),),
            questions=(Question("Why do I go blank when someone is kind?"),),
        ),
    )
    return ids


def link_texts(page: SessionPrepPage) -> list[str]:
    return [button.text() for button in page.findChildren(QPushButton) if button.isVisibleTo(page)]


def test_prep_shows_exactly_the_items_since_the_last_session(qtbot: Any, tmp_path: Path) -> None:
    vault, _key = Vault.create(tmp_path / "j", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        ids = fill(vault)
        library = Library(paths.resources_dir() / "articles", None, vault)
        page = SessionPrepPage(vault, library, SyncRunner())
        qtbot.addWidget(page)
        page.resize(1080, 800)
        page.show()
        prep = page.prep
        assert prep is not None
        assert [e.id for e in prep.entries] == [ids["new block"], ids["new reflection"]]
        texts = link_texts(page)
        assert "Laughed it off" in texts and "After the walk" in texts
        assert "Before" not in texts and "Old block" not in texts
        assert "How to Cry in Therapy" in texts
        assert page.since_label.text().startswith("Since my session on ")
        assert "Notice when I jump into fixing mode." in [
            w.text() for w in page.homework_card.findChildren(type(page.since_label))
        ]
        assert [question.text for question in page.questions.questions()] == [
            "Why do I go blank when someone is kind?"
        ]
        assert page.timeline.points[0].feeling == 8
        assert "Feeling strength in order: 8" in page.blocks_summary.text()
        assert not page.export_button.isEnabled()
        assert page.export_button.toolTip() == "Coming soon"

        with qtbot.waitSignal(page.openEntryRequested) as opened:
            next(b for b in page.findChildren(QPushButton) if b.text() == "After the walk").click()
        assert opened.args == [ids["new reflection"]]
        with qtbot.waitSignal(page.openArticleRequested) as article:
            next(
                b for b in page.findChildren(QPushButton) if b.text() == "How to Cry in Therapy"
            ).click()
        assert article.args == [SLUG, None, ""]

        page.questions.set_ticked(0, True)
        assert "stays resolved" in page.status.text()
    finally:
        vault.close()

    reopened = Vault.open(tmp_path / "j", PASSPHRASE)
    try:
        assert reopened.questions.still_open() == []
        page = SessionPrepPage(reopened, Library(paths.resources_dir() / "articles"), SyncRunner())
        qtbot.addWidget(page)
        assert page.questions.rowCount() == 0
        question = reopened.entries.get(ids["new reflection"]).questions[0]
        assert question.resolved_on == date.today()
    finally:
        reopened.close()


def test_unticking_reopens_and_clear_forgets(qtbot: Any, tmp_path: Path) -> None:
    vault, _key = Vault.create(tmp_path / "j", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        fill(vault)
        exported: list[bool] = []
        page = SessionPrepPage(
            vault,
            Library(paths.resources_dir() / "articles"),
            SyncRunner(),
            on_export=lambda: exported.append(True),
        )
        qtbot.addWidget(page)
        page.questions.set_ticked(0, True)
        assert vault.questions.still_open() == []
        page.questions.set_ticked(0, False)
        assert len(vault.questions.still_open()) == 1
        page.export_button.click()
        assert exported == [True]
        page.clear()
        assert page.questions.rowCount() == 0 and page.timeline.points == []
        assert "Laughed it off" not in link_texts(page)
    finally:
        vault.close()


def test_no_session_note_yet(qtbot: Any, tmp_path: Path) -> None:
    vault, _key = Vault.create(tmp_path / "j", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        vault.entries.add(Entry.new(EntryKind.REFLECTION, title="First words"))
        page = SessionPrepPage(vault, Library(paths.resources_dir() / "articles"), SyncRunner())
        qtbot.addWidget(page)
        assert page.since_label.text().startswith("Everything so far (1 entry)")
    finally:
        vault.close()


def test_patterns_summary_and_view(qtbot: Any, tmp_path: Path) -> None:
    today = date(2026, 3, 18)
    noon = datetime(2026, 3, 16, 12, tzinfo=UTC)
    moments = [
        BlockMoment(noon, 7, 6),
        BlockMoment(noon - timedelta(days=1), 5, 7),
        BlockMoment(noon - timedelta(weeks=3), 9, 5),
    ]
    patterns = weekly_block_patterns(moments, weeks=12, today=today)
    text = patterns_summary(patterns)
    assert text.startswith("In the last 12 weeks: 3 blocks, average strength 6.0.")
    assert patterns_summary(weekly_block_patterns([], weeks=8, today=today)) == (
        "In the last 8 weeks: no emotional blocks noted."
    )
    view = PatternsView(None, SyncRunner(), today=lambda: today)
    qtbot.addWidget(view)
    view.set_moments(moments)
    assert view.summary.text() == text
    assert view.chart.accessibleDescription() == text
    view.resize(600, 300)
    view.show()
    view.chart.grab()  # paints without error in either theme
