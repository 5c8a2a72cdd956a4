"""Where Between Sessions keeps its files.

Every user path comes from here. ``JOURNAL_APP_HOME`` (or the ``--data-dir`` flag, which sets it)
puts data, settings and logs under one folder, for tests and portable use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import appdirs

from journal_app import APP_ID

HOME_ENV = "JOURNAL_APP_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(appdirs.user_data_dir(APP_ID, appauthor=False))


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(appdirs.user_config_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(appdirs.user_log_dir(APP_ID, appauthor=False))


def default_journal_dir() -> Path:
    return data_dir() / "journal"


def user_articles_dir() -> Path:
    """Plain-file articles the user dropped in by hand (imported ones live in the vault)."""
    return data_dir() / "articles"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder, wherever this copy of the app was installed from.

    Checked in order: a PyInstaller bundle, an installed wheel (resources copied into the
    package as ``_resources``), and a source checkout (``resources/`` beside the package).
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates += [package_dir / "_resources", package_dir.parent / "resources"]
    for candidate in candidates:
        if (candidate / "articles").is_dir():
            return candidate
    raise FileNotFoundError(
        "The app's bundled resources are missing; looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by the user."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def removable_media_folder() -> Path | None:
    """Where USB sticks and other removable disks appear on this system, if it has such a place.

    The recovery key is best kept away from the disk it protects (a lost or stolen laptop must
    not carry both), so saving it starts there rather than in the home folder.
    """
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    candidates = [Path("/Volumes")]
    if user:
        candidates = [Path("/run/media") / user, Path("/media") / user, *candidates]
    return next((folder for folder in candidates if folder.is_dir()), None)


def on_same_disk(first: Path, second: Path) -> bool:
    """Whether two paths (or the nearest folders of theirs that exist) live on one file system."""

    def device(path: Path) -> int | None:
        for place in (path, *path.parents):
            try:
                return place.stat().st_dev
            except OSError:
                continue
        return None

    one, other = device(first), device(second)
    return one is not None and one == other
