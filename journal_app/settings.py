"""The app's preferences: a small JSON file in the user's config folder, readable by them only.

Only how the app behaves is stored here (lock timing, theme, font size, how many automatic
backups to keep). Never journal content, entry titles, tags or the names of exported files: this
file is not encrypted, so it must reveal nothing about what someone wrote. A missing or unreadable
file simply gives the defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from journal_app import paths
from journal_app.storage.files import atomic_write_bytes, make_private_dir

if TYPE_CHECKING:
    from journal_app.storage.backups import RotationPolicy

SETTINGS_FILE_NAME = "settings.json"

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[ThemeChoice, ...] = ("system", "light", "dark")

MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 240
MIN_FONT_SIZE = 9
MAX_FONT_SIZE = 28
MIN_BACKUP_DAYS = 1  # the newest backup is always kept anyway
MAX_BACKUP_DAYS = 90
MIN_BACKUP_WEEKS = 0
MAX_BACKUP_WEEKS = 104


@dataclass(frozen=True)
class Settings:
    """Every preference with its default. Values are clamped to sensible ranges on load."""

    auto_lock_minutes: int = 5
    lock_on_minimize: bool = False
    theme: ThemeChoice = "system"
    editor_font_size: int = 13
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes).clamped()

    def clamped(self) -> Settings:
        theme: ThemeChoice = self.theme if self.theme in THEME_CHOICES else "system"
        return Settings(
            auto_lock_minutes=_clamp(
                self.auto_lock_minutes, MIN_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES, 5
            ),
            lock_on_minimize=bool(self.lock_on_minimize),
            theme=theme,
            editor_font_size=_clamp(self.editor_font_size, MIN_FONT_SIZE, MAX_FONT_SIZE, 13),
            backup_keep_daily=_clamp(self.backup_keep_daily, MIN_BACKUP_DAYS, MAX_BACKUP_DAYS, 7),
            backup_keep_weekly=_clamp(
                self.backup_keep_weekly, MIN_BACKUP_WEEKS, MAX_BACKUP_WEEKS, 4
            ),
        )

    def backup_policy(self) -> RotationPolicy:
        """How many automatic backups rotation keeps, as chosen in Preferences."""
        from journal_app.storage.backups import RotationPolicy

        return RotationPolicy(daily=self.backup_keep_daily, weekly=self.backup_keep_weekly)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        try:
            return cls(**values).clamped()
        except TypeError:
            return cls()


def _clamp(value: object, low: int, high: int, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(low, min(high, value))


def backup_policy(settings: Settings | None = None) -> RotationPolicy:
    """The rotation policy from ``settings`` (or from the saved settings file)."""
    return (settings or load_settings()).backup_policy()


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; anything missing, unreadable or odd falls back to the defaults."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return Settings.from_dict(cast(dict[str, Any], data))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically with mode 0600 inside a 0700 folder."""
    path = path or settings_path()
    make_private_dir(path.parent)
    text = json.dumps(settings.clamped().to_dict(), indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


class SettingsStore:
    """The current settings plus where they live; the UI holds one and passes it around."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.current = load_settings(self.path)

    def update(self, **changes: Any) -> Settings:
        self.current = self.current.with_changes(**changes)
        save_settings(self.current, self.path)
        return self.current
