"""The encrypted vault: SQLCipher storage, key management, migrations and search.

``Vault`` is the only way in; its stores (``vault.entries``, ``vault.questions`` ...) and the
value types below are the whole public surface. Nothing outside this package writes SQL or needs
to import its modules directly.
"""

from journal_app.storage.articles import ArticleStore
from journal_app.storage.drafts import DraftStore
from journal_app.storage.entries import EntryStore
from journal_app.storage.errors import (
    CantUpdateReadOnly,
    CantWriteHere,
    DamagedJournal,
    DiskFull,
    EntryNotFound,
    FolderNotWritable,
    JournalBusy,
    JournalError,
    JournalExists,
    NewerJournal,
    NotAJournal,
    ReadOnlyJournal,
    WriteFailed,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal_app.storage.folder import (
    BACKUP_DIR_NAME,
    DATABASE_NAME,
    KEY_FILE_NAME,
    sync_tool_for,
)
from journal_app.storage.key_wrapping import (
    DEFAULT_KDF,
    MINIMUM_KDF,
    KdfParams,
    format_recovery_key,
)
from journal_app.storage.links import LinkStore
from journal_app.storage.prep import PrepQueries
from journal_app.storage.questions import QuestionStore
from journal_app.storage.read_only import READ_ONLY_NOTICE
from journal_app.storage.records import LinkedEntry, ListCursor, SearchHit
from journal_app.storage.recovery import Draft
from journal_app.storage.rekey import OldBackups, RekeyCancelled, RekeyResult
from journal_app.storage.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchStore,
    split_highlights,
    strip_highlights,
)
from journal_app.storage.tags import TagStore
from journal_app.storage.vault import Vault
from journal_app.storage.wal_guard import MissingRecentChanges

__all__ = [
    "MissingRecentChanges",
    "READ_ONLY_NOTICE",
    "OldBackups",
    "RekeyCancelled",
    "RekeyResult",
    "sync_tool_for",
    "BACKUP_DIR_NAME",
    "DATABASE_NAME",
    "DEFAULT_KDF",
    "HIGHLIGHT_END",
    "HIGHLIGHT_START",
    "KEY_FILE_NAME",
    "MINIMUM_KDF",
    "ArticleStore",
    "DamagedJournal",
    "DiskFull",
    "Draft",
    "DraftStore",
    "EntryNotFound",
    "EntryStore",
    "JournalBusy",
    "JournalError",
    "JournalExists",
    "KdfParams",
    "LinkStore",
    "LinkedEntry",
    "ListCursor",
    "NewerJournal",
    "NotAJournal",
    "ReadOnlyJournal",
    "PrepQueries",
    "QuestionStore",
    "SearchHit",
    "SearchStore",
    "TagStore",
    "Vault",
    "WriteFailed",
    "CantUpdateReadOnly",
    "CantWriteHere",
    "FolderNotWritable",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "format_recovery_key",
    "split_highlights",
    "strip_highlights",
]
