"""The encrypted vault: SQLCipher storage, key management, migrations and search.

``Vault`` is the only way in. Nothing outside this package writes SQL.
"""

from journal_app.storage.errors import (
    DamagedJournal,
    EntryNotFound,
    JournalBusy,
    JournalError,
    JournalExists,
    NewerJournal,
    NotAJournal,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.keyfile import DEFAULT_KDF, MINIMUM_KDF, KdfParams, format_recovery_key
from journal_app.storage.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    split_highlights,
    strip_highlights,
)
from journal_app.storage.vault import LinkedEntry, ListCursor, SearchHit, Vault

__all__ = [
    "DEFAULT_KDF",
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "MINIMUM_KDF",
    "DamagedJournal",
    "EntryNotFound",
    "JournalBusy",
    "JournalError",
    "JournalExists",
    "KdfParams",
    "LinkedEntry",
    "ListCursor",
    "NewerJournal",
    "NotAJournal",
    "SearchHit",
    "Vault",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "format_recovery_key",
    "split_highlights",
    "strip_highlights",
]
