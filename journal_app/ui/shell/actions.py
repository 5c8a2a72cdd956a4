"""Every menu and toolbar command, defined once and keyed by :class:`ActionId`.

The main window builds its menu bar and toolbar from this registry; controllers connect to the
actions they handle. Shortcuts use Qt's standard key sequences where one exists.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from journal_app.domain.entries import EntryKind
from journal_app.ui.common import icons

StandardKey = QKeySequence.StandardKey


class ActionId(enum.Enum):
    NEW_ENTRY = "new-entry"
    NEW_SESSION_NOTE = "new-session-note"
    NEW_EMOTIONAL_BLOCK = "new-emotional-block"
    NEW_REFLECTION = "new-reflection"
    NEW_THOUGHT_RECORD = "new-thought-record"
    NEW_CHECK_IN = "new-check-in"
    DELETE_ENTRY = "delete-entry"
    EXPORT = "export"
    PRINT = "print"
    IMPORT = "import"
    BACK_UP_NOW = "back-up-now"
    RESTORE_BACKUP = "restore-backup"
    CHANGE_PASSPHRASE = "change-passphrase"
    REKEY = "rekey"
    TRASH = "trash"
    FIND = "find"
    LOCK = "lock"
    OPEN_JOURNAL = "open-journal"
    PREFERENCES = "preferences"
    QUIT = "quit"
    ABOUT = "about"
    NEED_HELP = "need-help"
    SAFETY_PLAN = "safety-plan"


@dataclass(frozen=True)
class ActionSpec:
    text: str
    tip: str
    shortcuts: tuple[QKeySequence, ...] = ()
    icon: str | None = None
    role: QAction.MenuRole = QAction.MenuRole.NoRole
    needs_journal: bool = False


def _keys(*keys: StandardKey | str) -> tuple[QKeySequence, ...]:
    result: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, str):
            result.append(QKeySequence(key))
        else:
            result.extend(QKeySequence.keyBindings(key))
    return tuple(result)


def _preferences_keys() -> tuple[QKeySequence, ...]:
    keys = _keys(StandardKey.Preferences)
    return keys or _keys("Ctrl+,")


# Each "New …" command and the kind of entry it starts, in the order the New submenu lists them.
NEW_ENTRY_ACTIONS: dict[ActionId, EntryKind] = {
    ActionId.NEW_SESSION_NOTE: EntryKind.SESSION,
    ActionId.NEW_EMOTIONAL_BLOCK: EntryKind.BLOCK,
    ActionId.NEW_REFLECTION: EntryKind.REFLECTION,
    ActionId.NEW_THOUGHT_RECORD: EntryKind.THOUGHT_RECORD,
    ActionId.NEW_CHECK_IN: EntryKind.CHECK_IN,
}

# Commands that change the journal: off while it is open read-only (its folder can't be written).
WRITING_ACTIONS = frozenset(
    {
        ActionId.NEW_ENTRY,
        *NEW_ENTRY_ACTIONS,
        ActionId.DELETE_ENTRY,
        ActionId.IMPORT,
        ActionId.RESTORE_BACKUP,
        ActionId.CHANGE_PASSPHRASE,
        ActionId.REKEY,
    }
)


def action_specs() -> dict[ActionId, ActionSpec]:
    A = ActionId
    return {
        A.NEW_ENTRY: ActionSpec(
            "&New entry…",
            "Start a new journal entry",
            _keys(StandardKey.New),
            "new",
            needs_journal=True,
        ),
        A.NEW_SESSION_NOTE: ActionSpec(
            "New &session note",
            "Write about a therapy session",
            _keys("Ctrl+1"),
            "session",
            needs_journal=True,
        ),
        A.NEW_EMOTIONAL_BLOCK: ActionSpec(
            "New emotional &block",
            "Note a moment when a feeling couldn't come out",
            _keys("Ctrl+2"),
            "block",
            needs_journal=True,
        ),
        A.NEW_REFLECTION: ActionSpec(
            "New &reflection",
            "Write freely between sessions",
            _keys("Ctrl+3"),
            "reflection",
            needs_journal=True,
        ),
        A.NEW_THOUGHT_RECORD: ActionSpec(
            "New &thought record",
            "Look at a hard moment from more than one side, step by step",
            _keys("Ctrl+4"),
            "thought-record",
            needs_journal=True,
        ),
        A.NEW_CHECK_IN: ActionSpec(
            "Quick &check-in",
            "Note how you feel right now, in a few seconds",
            _keys("Ctrl+5"),
            "check-in",
            needs_journal=True,
        ),
        A.DELETE_ENTRY: ActionSpec(
            "Move to &Trash…",
            "Move this entry to the Trash (you can bring it back)",
            (),
            "trash",
            needs_journal=True,
        ),
        A.EXPORT: ActionSpec(
            "&Export for my therapist…",
            "Choose entries to share as a PDF, Markdown or web page",
            _keys("Ctrl+E"),
            "export",
            needs_journal=True,
        ),
        A.PRINT: ActionSpec(
            "&Print…",
            "Choose entries to print",
            _keys(StandardKey.Print),
            None,
            needs_journal=True,
        ),
        A.IMPORT: ActionSpec(
            "&Import from another journal…",
            "Bring in entries from jrnl, Day One, Markdown files or a Between Sessions export",
            (),
            None,
            needs_journal=True,
        ),
        A.BACK_UP_NOW: ActionSpec(
            "&Back up now…",
            "Make an encrypted backup of the journal now",
            (),
            None,
            needs_journal=True,
        ),
        A.RESTORE_BACKUP: ActionSpec(
            "&Restore from backup…",
            "Bring the journal back to how it was in a backup",
            (),
            None,
            needs_journal=True,
        ),
        A.CHANGE_PASSPHRASE: ActionSpec(
            "C&hange passphrase…",
            "Choose a new passphrase to open the journal (quick; old backups keep the old one)",
            (),
            None,
            needs_journal=True,
        ),
        A.REKEY: ActionSpec(
            "Someone may &know my passphrase…",
            "Make a new key for the journal, a new passphrase and a new recovery key",
            (),
            None,
            needs_journal=True,
        ),
        A.TRASH: ActionSpec(
            "T&rash…",
            "See entries in the Trash, bring them back or delete them for good",
            (),
            "trash",
            needs_journal=True,
        ),
        A.FIND: ActionSpec(
            "&Find…",
            "Look for words in your journal and the articles",
            _keys(StandardKey.Find),
            "search",
            needs_journal=True,
        ),
        A.LOCK: ActionSpec(
            "&Lock journal",
            "Lock the journal now; your passphrase opens it again",
            _keys("Ctrl+L"),
            "lock",
            needs_journal=True,
        ),
        A.OPEN_JOURNAL: ActionSpec("&Open another journal…", "Open a journal in another folder"),
        A.PREFERENCES: ActionSpec(
            "&Preferences…",
            "Change how the app locks and looks",
            _preferences_keys(),
            "preferences",
            QAction.MenuRole.PreferencesRole,
        ),
        A.QUIT: ActionSpec(
            "&Quit",
            "Save everything and close the app",
            _keys(StandardKey.Quit, "Ctrl+Q")[:1],
            None,
            QAction.MenuRole.QuitRole,
        ),
        A.ABOUT: ActionSpec(
            "&About Between Sessions", "About this app", (), None, QAction.MenuRole.AboutRole
        ),
        # Always available, locked or not: F1 reaches it from every screen in one key press.
        A.NEED_HELP: ActionSpec(
            "&Need help now?", "What to do if things get too much", _keys("F1")
        ),
        A.SAFETY_PLAN: ActionSpec(
            "My &safety plan…", "Write or review your safety plan", (), None, needs_journal=True
        ),
    }


class ActionRegistry:
    """Owns one QAction per :class:`ActionId`, parented to the main window."""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[ActionId, QAction] = {}
        self._specs = action_specs()
        for action_id, spec in self._specs.items():
            action = QAction(spec.text, parent)
            action.setObjectName(action_id.value)
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
            if spec.shortcuts:
                action.setShortcuts(list(spec.shortcuts))
            if spec.icon:
                action.setIcon(icons.icon(spec.icon))
            action.setMenuRole(spec.role)
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def connect(self, action_id: ActionId, handler: Callable[[], object]) -> None:
        self._actions[action_id].triggered.connect(lambda _checked=False: handler())

    def set_journal_open(self, is_open: bool, *, read_only: bool = False) -> None:
        """Commands that need an unlocked journal are disabled while it is locked, and those that
        change it while it is open read-only."""
        for action_id, spec in self._specs.items():
            if spec.needs_journal:
                writes = action_id in WRITING_ACTIONS
                self._actions[action_id].setEnabled(is_open and not (read_only and writes))

    def refresh_icons(self) -> None:
        for action_id, spec in self._specs.items():
            if spec.icon:
                self._actions[action_id].setIcon(icons.icon(spec.icon))
