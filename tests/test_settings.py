"""Settings: defaults, clamping, a private file, and nothing about the journal's content."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from journal_app.settings import Settings, SettingsStore, load_settings, save_settings


def test_defaults_when_missing(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == Settings()
    assert Settings().auto_lock_minutes == 5


def test_round_trip_is_private(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    save_settings(Settings(auto_lock_minutes=12, theme="dark"), path)
    assert load_settings(path) == Settings(auto_lock_minutes=12, theme="dark")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(json.loads(path.read_text())) == {
        "auto_lock_minutes",
        "lock_on_minimize",
        "theme",
        "editor_font_size",
        "backup_keep_daily",
        "backup_keep_weekly",
    }


def test_odd_values_are_clamped_or_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"auto_lock_minutes": 0, "theme": "neon", "editor_font_size": "big", "x": 1})
    )
    loaded = load_settings(path)
    assert loaded.auto_lock_minutes == 1
    assert loaded.theme == "system"
    assert loaded.editor_font_size == 13
    path.write_text("{not json")
    assert load_settings(path) == Settings()


def test_store_lives_in_config_dir(isolated_home: Path) -> None:
    store = SettingsStore()
    store.update(lock_on_minimize=True)
    assert store.path.is_relative_to(isolated_home)
    assert SettingsStore().current.lock_on_minimize is True
