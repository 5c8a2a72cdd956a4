"""Windows over the workspace: export, backups, restore, damage, Trash, import, preferences."""
