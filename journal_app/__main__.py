"""Allows ``python -m journal_app``: hardened first, then the ``journal-app`` command."""

from journal_app.hardening import protect_process

protect_process()  # before anything else is imported or any secret exists

from journal_app.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
