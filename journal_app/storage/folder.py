"""The names of the files and folders that make up a journal folder."""

from __future__ import annotations

DATABASE_NAME = "journal.db"
KEY_FILE_NAME = "journal.key"
LOCK_FILE_NAME = "journal.lock"
BACKUP_DIR_NAME = "backups"
