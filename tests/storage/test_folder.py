"""Guessing whether a journal folder sits inside a folder that a sync tool manages."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app.storage import sync_tool_for


@pytest.mark.parametrize(
    ("parts", "tool"),
    [
        (("Dropbox", "journal"), "Dropbox"),
        (("Dropbox (Personal)", "notes", "journal"), "Dropbox"),
        (("OneDrive - Example Ltd", "journal"), "OneDrive"),
        (("Library", "Mobile Documents", "com~apple~CloudDocs", "journal"), "iCloud Drive"),
        (("Nextcloud", "journal"), "Nextcloud"),
        (("Google Drive", "My Drive", "journal"), "Google Drive"),
    ],
)
def test_sync_folders_are_recognised_by_name(
    tmp_path: Path, parts: tuple[str, ...], tool: str
) -> None:
    assert sync_tool_for(tmp_path.joinpath(*parts)) == tool


def test_a_syncthing_folder_is_recognised_by_its_marker(tmp_path: Path) -> None:
    shared = tmp_path / "Shared"
    (shared / ".stfolder").mkdir(parents=True)
    assert sync_tool_for(shared / "deep" / "journal") == "Syncthing"


def test_an_ordinary_folder_is_not_a_sync_folder(tmp_path: Path) -> None:
    folder = tmp_path / "home" / "Documents" / "between-sessions" / "journal"
    folder.mkdir(parents=True)
    assert sync_tool_for(folder) is None
