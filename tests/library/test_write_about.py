"""Starting a reflection about an article: tidy quotes and a link that points at real things."""

from __future__ import annotations

from journal_app.library.write_about import clean_quote


def test_clean_quote() -> None:
    assert clean_quote("  one\u2029\u2029two\u00a0 three ") == "one\ntwo three"
