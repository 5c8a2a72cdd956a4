"""Whole-app flows: the real main window on a temporary journal, with scripted dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui"))

from ui_helpers import dialogs, existing_journal, make_app, unlocked  # noqa: E402, F401
