"""The names of the files and folders that make up a journal folder."""

from __future__ import annotations

from pathlib import Path

DATABASE_NAME = "journal.db"
KEY_FILE_NAME = "journal.key"
LOCK_FILE_NAME = "journal.lock"
BACKUP_DIR_NAME = "backups"

# Folders that a sync tool manages, by the name it gives them or the marker file it leaves in them.
# They may copy journal.db without its -wal, or remove the -wal while the journal is open.
_SYNC_FOLDER_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "icloud": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "icloudrive": "iCloud Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "pcloud drive": "pCloud",
    "box sync": "Box",
    "syncthing": "Syncthing",
}
_SYNC_MARKERS = {
    ".stfolder": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".sync": "Resilio Sync",
    ".owncloudsync.log": "Nextcloud or ownCloud",
    ".nextcloudsync.log": "Nextcloud",
}


def sync_tool_for(path: Path) -> str | None:
    """The sync tool whose folder holds ``path`` (by its folder name or marker file), or None.

    A best guess for a warning, never a rule: a folder can be synced under any name.
    """
    folder = Path(path).expanduser().absolute()
    for ancestor in (folder, *folder.parents):
        name = ancestor.name.casefold()
        if name.startswith("onedrive"):  # "OneDrive - Company" on Windows
            return "OneDrive"
        if name.startswith("dropbox"):  # "Dropbox (Personal)"
            return "Dropbox"
        if name in _SYNC_FOLDER_NAMES:
            return _SYNC_FOLDER_NAMES[name]
        for marker, tool in _SYNC_MARKERS.items():
            try:
                if (ancestor / marker).exists():
                    return tool
            except OSError:  # a folder we may not look into is not a sync folder we can name
                continue
    return None
