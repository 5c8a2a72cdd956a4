"""Further ``journal-app`` sub-commands; each module offers ``add_commands(subparsers, common)``."""
