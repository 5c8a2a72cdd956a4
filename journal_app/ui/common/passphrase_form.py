"""The form for a new passphrase, as first run and the recovery key both ask for one.

The two fields (typed twice), a line for what went wrong, a bar while the slow key work runs,
and a row with "Back" at its start and the step's own button at its end.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QBoxLayout, QLabel, QProgressBar, QPushButton

from journal_app.ui.common.builders import busy_bar, hidden_label, spread_row
from journal_app.ui.common.widgets import PassphrasePair, button


class PassphraseForm(NamedTuple):
    passphrases: PassphrasePair
    error: QLabel
    busy: QProgressBar
    back: QPushButton
    go: QPushButton


def add_passphrase_form(
    layout: QBoxLayout, passphrases: PassphrasePair, *, busy: str, back: str, go: str
) -> PassphraseForm:
    """Adds the form to ``layout``; ``busy`` names the progress bar, ``back`` says where "Back"
    leads (its accessible name) and ``go`` is the step's button."""
    layout.addWidget(passphrases)
    error = hidden_label("Error")
    layout.addWidget(error)
    bar = busy_bar(busy)
    layout.addWidget(bar)
    back_button = button("Back", back, link=True)
    go_button = button(go, go, primary=True)
    layout.addLayout(spread_row([back_button], [go_button]))
    return PassphraseForm(passphrases, error, bar, back_button, go_button)
