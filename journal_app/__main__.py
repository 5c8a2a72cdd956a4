"""Allows ``python -m journal_app``."""

from journal_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
