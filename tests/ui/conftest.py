"""UI test fixtures: the scripted dialogs and a ready-made window on a temporary journal."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui"))
# The export window's tests reuse the exporters' sample month.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exchange"))

from ui_helpers import dialogs, existing_journal, make_app, unlocked  # noqa: E402, F401
