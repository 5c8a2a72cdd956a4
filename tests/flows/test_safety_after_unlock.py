"""Safety wiring: the check after unlock, crash drafts, clipboard, lock, Trash and backups."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import PASSPHRASE, App, visible_text

from journal_app.domain.entries import Entry, EntryKind
from journal_app.storage import Vault
from journal_app.storage.maintenance import MaintenanceReport
from journal_app.ui.app import CRASH_TEXT, CrashNotice
from journal_app.ui.pages.library.page import LibraryPage
from journal_app.ui.pages.prep.page import SessionPrepPage
from journal_app.ui.pages.search.page import SearchPage
from journal_app.ui.shell.actions import ActionId
from journal_app.ui.shell.commands import RESTORED_NOTE
from journal_app.ui.shell.navigation import JournalPage
from journal_app.ui.shell.session import BACKUP_FAILED_NOTE, DAMAGED_NOTE

MARKER = "quokka-lantern-5512"
SLUG = "how-to-cry-in-therapy"


def unlock(app: App) -> App:
    app.window.unlock.passphrase.setText(PASSPHRASE)
    app.window.unlock.unlock.click()
    return app


def journal_of(app: App) -> JournalPage:
    page = app.controller.journal
    assert page is not None
    return page


def fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **functions: Any) -> None:
    """Stand in for a dialog module, whether or not the real one is there."""
    module = types.ModuleType(name)
    for attribute, value in functions.items():
        setattr(module, attribute, value)
    monkeypatch.setitem(sys.modules, name, module)


# ----------------------------------------------------------------- after unlocking


def test_damage_found_after_unlock_locks_and_offers_a_backup(
    make_app: Callable[..., App],
    existing_journal: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, _key = existing_journal
    offers: list[tuple[Any, ...]] = []

    def offer(parent: Any, journal_folder: Path, problems: list[str], dialogs: Any, runner: Any):
        assert app.controller.vault is None  # the journal is closed before anything is offered
        offers.append((journal_folder, problems))
        return True

    fake_module(monkeypatch, "journal_app.ui.windows.damaged", offer_restore_for_damaged=offer)
    app = make_app(folder)
    app.controller.maintenance = lambda _vault, _policy: MaintenanceReport(
        problems=["page 4 is damaged"]
    )
    unlock(app)
    assert offers == [(folder, ["page 4 is damaged"])]
    assert app.controller.vault is None
    assert app.window.screens.currentWidget() is app.window.unlock
    assert app.window.status_text.text() == RESTORED_NOTE


def test_damage_not_restored_leaves_the_journal_closed(
    make_app: Callable[..., App],
    existing_journal: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, _key = existing_journal
    fake_module(
        monkeypatch, "journal_app.ui.windows.damaged", offer_restore_for_damaged=lambda *_a: False
    )
    app = make_app(folder)
    app.controller.maintenance = lambda _vault, _policy: MaintenanceReport(problems=["bad"])
    unlock(app)
    assert app.controller.vault is None
    assert app.window.status_text.text() == DAMAGED_NOTE


def test_failed_backup_is_a_quiet_status_message(
    make_app: Callable[..., App], existing_journal: tuple[Path, str]
) -> None:
    folder, _key = existing_journal
    app = make_app(folder)
    app.controller.maintenance = lambda _vault, _policy: MaintenanceReport(
        backup_error=f"disk full while copying {MARKER}"
    )
    unlock(app)
    assert app.controller.vault is not None
    assert app.window.status_text.text() == BACKUP_FAILED_NOTE
    assert MARKER not in visible_text(app.window)


def test_the_real_check_runs_after_unlock_and_makes_a_backup(unlocked: App) -> None:
    assert any((unlocked.folder / "backups").iterdir())
    assert unlocked.window.status_text.text() == ""


# ----------------------------------------------------------------- drafts


def test_draft_left_by_a_crash_is_offered_and_restored(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    folder, _key = existing_journal
    vault = Vault.open(folder, PASSPHRASE)
    vault.drafts.save(
        "new-0a1b",
        {
            "entry_id": None,
            "kind": "reflection",
            "title": "Half a thought",
            "body": f"What I was typing when it closed {MARKER}",
            "occurred_at": "2026-03-03T19:40:00+00:00",
            "tags": ["grief"],
            "private": False,
            "details": {"mood": 4},
            "links": [{"article_slug": SLUG, "comment_id": None, "quote": ""}],
        },
    )
    vault.close()

    app = make_app(folder)
    app.dialogs.confirms.append(True)
    unlock(app)
    title, text = next(args for name, args in app.dialogs.calls if name == "confirm")
    assert text.startswith("Some writing from ")
    assert text.endswith(" wasn't saved before the app closed. Bring it back?")
    assert MARKER not in text
    journal = journal_of(app)
    editor = journal.controller.editor
    assert app.window.pages.currentWidget() is journal.view
    assert MARKER in journal.view.editor.body.toPlainText()
    assert journal.view.editor.title.text() == "Half a thought"
    assert len(journal.view.editor.link_rows) == 1
    qtbot.waitUntil(lambda: not editor.dirty, timeout=3000)
    vault = app.controller.vault
    assert vault is not None
    assert vault.drafts.saved() == []
    saved = editor.current
    assert saved is not None and saved.id is not None
    stored = vault.entries.get(saved.id)
    assert MARKER in stored.body and stored.tags == ("grief",)
    assert [link.article_slug for link in stored.links] == [SLUG]


def test_draft_declined_is_discarded(
    make_app: Callable[..., App], existing_journal: tuple[Path, str]
) -> None:
    folder, _key = existing_journal
    vault = Vault.open(folder, PASSPHRASE)
    stored = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Kept", body="as saved"))
    vault.drafts.save(f"entry-{stored.id}", {"entry_id": stored.id, "kind": "reflection"})
    vault.close()
    app = make_app(folder)
    app.dialogs.confirms.append(False)
    unlock(app)
    assert app.controller.vault is not None
    assert app.controller.vault.drafts.saved() == []
    assert journal_of(app).controller.editor.current is None
    assert app.controller.vault.entries.get(stored.id).body == "as saved"  # type: ignore[arg-type]


def test_typing_keeps_a_draft_until_the_entry_saves(
    make_app: Callable[..., App], existing_journal: tuple[Path, str], qtbot: Any
) -> None:
    folder, _key = existing_journal
    app = unlock(make_app(folder, autosave_ms=60_000))
    journal = journal_of(app)
    editor = journal.controller.editor
    editor._draft_timer.setInterval(20)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    journal.view.editor.body.setPlainText(f"Not saved yet {MARKER}")
    vault = app.controller.vault
    assert vault is not None
    qtbot.waitUntil(lambda: bool(vault.drafts.saved()), timeout=2000)
    draft = vault.drafts.saved()[0]
    assert draft.key.startswith("new-")
    assert MARKER in draft.payload["body"]
    assert editor.save_now()
    assert vault.drafts.saved() == []
    assert editor.draft_key == f"entry-{editor.current.id}"  # type: ignore[union-attr]


# ----------------------------------------------------------------- clipboard and lock


def test_clipboard_is_cleared_on_lock(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    app.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is not None, timeout=2000)
    app.controller.commands.new_entry(EntryKind.REFLECTION)
    body = journal_of(app).view.editor.body
    body.setPlainText(MARKER)
    body.selectAll()
    body.copy()
    clipboard = QApplication.clipboard()
    assert clipboard.text() == MARKER
    app.controller.lock()
    assert clipboard.text() == ""


def test_lock_clears_every_page_and_drops_the_library(unlocked: App, qtbot: Any) -> None:
    app = unlocked
    controller = app.controller
    journal = journal_of(app)
    editor = journal.controller.editor
    controller.write_about(SLUG, "c06", "")
    journal.view.editor.title.setText(f"About crying {MARKER}")
    journal.view.editor.body.setPlainText(f"Body {MARKER}")
    journal.view.editor.new_question.setText(f"Ask about {MARKER}?")
    journal.view.editor.add_question.click()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=3000)

    library_page = controller.page("library")
    assert isinstance(library_page, LibraryPage)
    controller.open_article(SLUG, "c06", "")
    assert library_page.reader.linked_model.rowCount() == 1
    search = controller.page("search")
    assert isinstance(search, SearchPage)
    controller.show_page("search")
    search.focus_search(MARKER)
    search.run_search()
    assert search.model.hit_count() >= 1
    prep = controller.page("prep")
    assert isinstance(prep, SessionPrepPage)
    controller.show_page("prep")
    prep.refresh()

    pages: list[QWidget] = [page.widget for page in controller.pages.values()]
    assert any(MARKER in visible_text(page) for page in pages)
    controller.lock()
    for page in pages:  # still alive until the event loop deletes them
        assert MARKER not in visible_text(page)
    assert MARKER not in visible_text(app.window)
    assert controller.library is None
    assert controller.pages == {}
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# ----------------------------------------------------------------- menus: Trash and backups


def test_trash_menu_refreshes_the_journal_when_something_changed(
    unlocked: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = unlocked
    vault = app.controller.vault
    assert vault is not None
    stored = vault.entries.add(Entry.new(EntryKind.REFLECTION, title="Back again"))
    vault.entries.delete(stored.id)  # type: ignore[arg-type]
    calls: list[Any] = []

    def show_trash(parent: Any, trash_vault: Any, dialogs: Any, runner: Any) -> bool:
        calls.append(trash_vault)
        trash_vault.entries.restore(stored.id)
        return True

    fake_module(monkeypatch, "journal_app.ui.windows.trash", show_trash=show_trash)
    journal = journal_of(app)
    assert journal.controller.model.rowCount() == 0
    app.window.action_registry[ActionId.TRASH].trigger()
    assert calls == [vault]
    assert journal.controller.model.rowCount() == 1


def test_back_up_now_and_restore_from_the_menu(
    unlocked: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = unlocked
    calls: list[tuple[str, Any]] = []

    def back_up_now(parent: Any, vault: Any, dialogs: Any, runner: Any) -> None:
        calls.append(("backup", vault))

    def restore_from_backup(parent: Any, folder: Path, dialogs: Any, runner: Any) -> bool:
        calls.append(("restore", (folder, app.controller.vault)))
        return True

    fake_module(monkeypatch, "journal_app.ui.windows.backup_now", back_up_now=back_up_now)
    fake_module(
        monkeypatch, "journal_app.ui.windows.restore", restore_from_backup=restore_from_backup
    )
    vault = app.controller.vault
    app.window.action_registry[ActionId.BACK_UP_NOW].trigger()
    assert calls == [("backup", vault)]
    app.window.action_registry[ActionId.RESTORE_BACKUP].trigger()
    assert calls[1] == ("restore", (app.folder, None))  # locked before restoring
    assert app.window.screens.currentWidget() is app.window.unlock
    assert app.window.status_text.text() == RESTORED_NOTE


# ----------------------------------------------------------------- crash message


def test_crash_message_names_no_details(dialogs: Any) -> None:
    notice = CrashNotice(dialogs)
    notice(f"Traceback ... {MARKER}")
    assert dialogs.calls == [("warn", ("Something went wrong", CRASH_TEXT))]
    assert "journal is safe" in CRASH_TEXT


def test_backup_retention_from_preferences_reaches_the_check_after_unlock(
    make_app: Callable[..., App], existing_journal: tuple[Path, str]
) -> None:
    folder, _key = existing_journal
    app = make_app(folder)
    app.controller.settings.update(backup_keep_daily=3, backup_keep_weekly=2)
    seen: list[Any] = []

    def maintenance(_vault: Vault, policy: Any) -> MaintenanceReport:
        seen.append(policy)
        return MaintenanceReport()

    app.controller.maintenance = maintenance
    unlock(app)
    assert [(p.daily, p.weekly) for p in seen] == [(3, 2)]


def test_a_journal_damaged_at_open_offers_a_backup(
    make_app: Callable[..., App],
    existing_journal: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder, _key = existing_journal
    offers: list[list[str]] = []

    def offer(parent: Any, journal_folder: Path, problems: list[str], dialogs: Any, runner: Any):
        offers.append(problems)
        return True

    fake_module(monkeypatch, "journal_app.ui.windows.damaged", offer_restore_for_damaged=offer)
    database = folder / "journal.db"
    data = bytearray(database.read_bytes())
    data[200] ^= 0xFF  # inside the first page: SQLCipher's page check fails at open
    database.write_bytes(bytes(data))
    app = make_app(folder)
    unlock(app)
    assert app.controller.vault is None
    assert len(offers) == 1 and "damaged" in offers[0][0]
    assert app.window.status_text.text() == RESTORED_NOTE
