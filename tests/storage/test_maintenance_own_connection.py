"""The after-unlock check and a backup read on connections of their own: the journal stays free."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import journal_app.storage.connection as connection_module
import journal_app.storage.vault as vault_module
from journal_app.domain import Entry, EntryKind
from journal_app.storage import MINIMUM_KDF, Vault

PASSPHRASE = "correct horse battery staple"


def _held_open(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> tuple[threading.Event, threading.Event]:
    """Make ``module.name`` pause (inside its work) until released; returns (started, release)."""
    started, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = getattr(module, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, paused)
    return started, release


def _in_background(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    return thread, result


def _journal(tmp_path: Path) -> Vault:
    vault, _ = Vault.create(tmp_path / "journal", PASSPHRASE, kdf=MINIMUM_KDF)
    vault.entries.add(Entry.new(EntryKind.REFLECTION, title="before"))
    return vault


def _journal_answers_while_paused(
    work: Callable[[], Any],
    started: threading.Event,
    release: threading.Event,
    user_work: Callable[[], Any],
) -> list[Any]:
    """Start ``work``, wait until it is paused mid-way, then ``user_work`` must finish at once."""
    background, _ = _in_background(work)
    assert started.wait(10)
    user, done = _in_background(user_work)
    user.join(5)
    finished_first = not user.is_alive()
    release.set()
    background.join(20)
    user.join(10)
    assert finished_first, "the journal waited for the maintenance work"
    return done


def test_reading_and_writing_go_on_while_the_integrity_check_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _journal(tmp_path) as vault:
        started, release = _held_open(monkeypatch, vault_module, "integrity_findings")
        problems: list[list[str]] = []
        done = _journal_answers_while_paused(
            lambda: problems.append(vault.integrity_problems()),
            started,
            release,
            lambda: (
                vault.entries.count(),
                vault.entries.add(Entry.new(EntryKind.REFLECTION, title="during")),
            ),
        )
        assert problems == [[]] and done[0][0] == 1
        assert vault.entries.count() == 2


def test_a_backup_is_a_snapshot_and_the_journal_stays_free_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _journal(tmp_path) as vault:
        started, release = _held_open(monkeypatch, connection_module, "export_copy")
        _journal_answers_while_paused(
            lambda: vault.backup_to(tmp_path / "copy"),
            started,
            release,
            lambda: vault.entries.add(Entry.new(EntryKind.REFLECTION, title="during")),
        )
        assert vault.entries.count() == 2
    with Vault.open(tmp_path / "copy", PASSPHRASE) as copy:
        # The copy is whole: it holds the journal as it was when its read began, or after.
        assert copy.entries.count() in (1, 2)
        assert copy.integrity_problems() == []
