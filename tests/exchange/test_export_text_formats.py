"""Markdown, HTML and JSON exports: content, privacy, scopes, atomic private files, cancelling."""

from __future__ import annotations

import json
import re
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from exchange_samples import ARTICLE, PRIVATE_MARKER

from journal_app.domain import Entry, EntryKind, details_from_dict
from journal_app.domain.codec import entry_from_dict, entry_to_dict
from journal_app.exchange import (
    ExportCancelled,
    ExportError,
    ExportFormat,
    ExportOptions,
    ExportScope,
    PageSize,
    count_in_scope,
    export_journal,
    page_size_for_territory,
    suggested_file_name,
)
from journal_app.exchange.json_format import FORMAT_NAME, FORMAT_VERSION, parse_timestamp
from journal_app.exchange.rendering import demote_markdown_headings
from journal_app.storage import Vault

MARCH = ExportScope.date_range(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def _export(vault: Vault, out_dir: Path, fmt: ExportFormat, catalog: object = None, **kw: object):
    target = out_dir / f"export{fmt.suffix}"
    options = ExportOptions(fmt, **kw)  # type: ignore[arg-type]
    result = export_journal(vault, options, target, catalog=catalog)  # type: ignore[arg-type]
    return target, result


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", [ExportFormat.MARKDOWN, ExportFormat.HTML, ExportFormat.JSON])
def test_private_entries_stay_out_unless_asked(vault, month, out_dir, fmt) -> None:
    target, result = _export(vault, out_dir, fmt, scope=MARCH)
    text = target.read_text(encoding="utf-8")
    assert PRIVATE_MARKER not in text
    assert result.private_left_out == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(out_dir) == [target.name]

    target, result = _export(vault, out_dir, fmt, scope=MARCH, include_private=True)
    assert PRIVATE_MARKER in target.read_text(encoding="utf-8")
    assert result.private_left_out == 0


def test_markdown_has_readable_labels_body_tags_and_citations(vault, month, out_dir, catalog):
    target, result = _export(vault, out_dir, ExportFormat.MARKDOWN, catalog, scope=MARCH, prep=True)
    text = target.read_text(encoding="utf-8")
    assert result.entry_count == 20
    assert text.startswith("# Journal summary\n")
    assert "**1 – 31 March 2026**" in text
    # Structured fields by their labels, never their field names.
    assert "**What we talked about:**" in text
    assert "How strong the feeling was" in text
    assert "talked_about" not in text and "feeling_intensity" not in text
    assert "*Session note · Monday 2 March 2026" in text
    # The body's own heading sits below the entry heading.
    assert "##### A good day" in text
    assert "*Tags: session, family*" in text
    assert "> “The emotion is there, the desire is there, but they’re blocked.”" in text
    assert "Ryan Howes, Ph.D., “How to Cry in Therapy”, In Therapy, January 2012" in text
    assert "A reader’s comment by Anonymous" in text
    # Session prep first: questions, blocks with intensities and what helped, then homework.
    prep = text[: text.index("## Entries")]
    assert "Why do I go numb when someone is disappointed?" in prep
    assert "Feeling 6/10, block 6/10." in prep
    assert "*What helped:* Breathing out slowly." in prep
    assert "Homework from my session on 23 March 2026" in prep
    assert "Write to my younger self" in prep
    assert PRIVATE_MARKER not in prep


def test_entries_are_oldest_first(vault, month, out_dir):
    target, _ = _export(vault, out_dir, ExportFormat.MARKDOWN, scope=MARCH)
    text = target.read_text(encoding="utf-8")
    assert text.index("Talking about my father") < text.index("Reading it together")


def test_html_is_self_contained_and_escaped(vault, out_dir, catalog):
    vault.entries.add(
        Entry.new(
            EntryKind.REFLECTION,
            title="<script>alert(1)</script> & more",
            body="![x](http://example.com/track.png) <img src='https://evil/x.png'>\n\n"
            "<link rel=stylesheet href='http://x/y.css'><style>@import url(http://x)</style>"
            "[a link](https://example.org)",
            links=(),
        )
    )
    target, _ = _export(
        vault, out_dir, ExportFormat.HTML, catalog, scope=ExportScope.date_range(None, None)
    )
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert not re.search(r"<(link|script|iframe|object|embed)\b", page, re.IGNORECASE)
    assert not re.search(r"\bsrc\s*=\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    # Plain links to read further are fine; nothing is loaded from them.
    assert 'href="https://example.org"' in page
    assert "Content-Security-Policy" in page


def test_since_last_session_is_the_default_and_starts_with_that_session(vault, month, out_dir):
    target, result = _export(vault, out_dir, ExportFormat.MARKDOWN)
    text = target.read_text(encoding="utf-8")
    assert "Since my session on 23 March 2026" in text
    assert "### Reading it together" in text  # the last session note itself
    assert "Talking about my father" not in text
    # The session, its block and three reflections (the private one is left out).
    assert result.entry_count == 5
    assert result.private_left_out == 1


def test_selected_entries_leave_private_ones_out(vault, month, out_dir):
    ids = [month["session0"].id, month["private"].id, month["block1"].id]
    scope = ExportScope.selected(ids)
    target, result = _export(vault, out_dir, ExportFormat.MARKDOWN, scope=scope)
    text = target.read_text(encoding="utf-8")
    assert result.entry_count == 2 and result.private_left_out == 1
    assert "Talking about my father" in text and "Phone call with Mum" in text
    assert PRIVATE_MARKER not in text


def test_kind_and_tag_filter(vault, month, out_dir):
    scope = ExportScope.filtered(kinds=[EntryKind.BLOCK], tags=["family"])
    target, result = _export(vault, out_dir, ExportFormat.MARKDOWN, scope=scope)
    text = target.read_text(encoding="utf-8")
    assert result.entry_count == 3
    assert "*Emotional block ·" in text and "*Session note ·" not in text


def test_empty_journal_still_exports_a_calm_page(vault, out_dir):
    target, result = _export(vault, out_dir, ExportFormat.HTML, prep=True)
    page = target.read_text(encoding="utf-8")
    assert result.entry_count == 0
    assert "There are no entries to show" in page and "No open questions." in page


def test_missing_article_is_cited_by_its_slug(vault, month, out_dir):
    target, _ = _export(vault, out_dir, ExportFormat.MARKDOWN, scope=MARCH)  # no catalog
    assert f"“{ARTICLE}” (no longer in the library)" in target.read_text(encoding="utf-8")


def test_count_in_scope_matches_the_export(vault, month):
    counted = count_in_scope(vault, ExportOptions(ExportFormat.PDF, scope=MARCH))
    assert (counted.entries, counted.private_left_out) == (20, 1)
    complete = count_in_scope(vault, ExportOptions(ExportFormat.JSON, include_private=True))
    assert (complete.entries, complete.private_left_out) == (21, 0)


# --------------------------------------------------------------------------- JSON


def test_json_is_the_complete_lossless_journal(vault, month, out_dir):
    vault.articles.save("my-article", '+++\nformat = 1\ntitle = "Mine"\n+++\n\nText.\n')
    question = vault.questions.still_open()[0]
    vault.questions.resolve(question.id)
    target, result = _export(vault, out_dir, ExportFormat.JSON, include_private=True)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_NAME and data["version"] == FORMAT_VERSION
    assert data["includes_private"] is True and data["private_entries_left_out"] == 0
    parse_timestamp(data["exported_at"])
    assert len(data["entries"]) == result.entry_count == len(month)
    assert data["articles"] == [
        {"slug": "my-article", "document": '+++\nformat = 1\ntitle = "Mine"\n+++\n\nText.\n'}
    ]
    by_uid = {item["uid"]: item for item in data["entries"]}
    for entry in vault.entries.get_many([e.id for e in month.values()]):
        item = by_uid[entry.uid]
        assert item["kind"] == entry.kind.value
        assert (item["title"], item["body"], item["private"]) == (
            entry.title,
            entry.body,
            entry.private,
        )
        assert details_from_dict(entry.kind, item["details"]) == entry.details
        assert tuple(item["tags"]) == entry.tags
        for key in ("occurred_at", "created_at", "updated_at"):
            assert item[key].endswith("Z")
            assert parse_timestamp(item[key]) == getattr(entry, key)
        assert [q["text"] for q in item["questions"]] == [q.text for q in entry.questions]
        assert [parse_timestamp(q["created_at"]) for q in item["questions"]] == [
            q.created_at for q in entry.questions
        ]
        assert [q["resolved_on"] for q in item["questions"]] == [
            q.resolved_on.isoformat() if q.resolved_on else None for q in entry.questions
        ]
        assert [
            (link["article_slug"], link["comment_id"], link["quote"]) for link in item["links"]
        ] == [(link.article_slug, link.comment_id, link.quote) for link in entry.links]


def test_json_entries_are_the_domain_codec_and_read_back_equal(vault, month, out_dir):
    """Export and import share one codec: each item is ``entry_to_dict`` and reads back equal."""
    target, _result = _export(vault, out_dir, ExportFormat.JSON, include_private=True)
    items = {item["uid"]: item for item in json.loads(target.read_text("utf-8"))["entries"]}
    for entry in vault.entries.get_many([e.id for e in month.values()]):
        assert items[entry.uid] == entry_to_dict(entry)
        read_back = entry_from_dict(items[entry.uid])
        assert read_back == entry_from_dict(entry_to_dict(entry))
        assert (read_back.title, read_back.body, read_back.occurred_at) == (
            entry.title,
            entry.body,
            entry.occurred_at,
        )


def test_json_without_private_entries_says_so(vault, month, out_dir):
    target, result = _export(vault, out_dir, ExportFormat.JSON)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["includes_private"] is False
    assert data["private_entries_left_out"] == result.private_left_out == 1
    assert all(not item["private"] for item in data["entries"])


def test_json_of_an_empty_journal_is_valid(vault, out_dir):
    target, _ = _export(vault, out_dir, ExportFormat.JSON)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["entries"] == [] and data["articles"] == []


# --------------------------------------------------------------------------- safety


class _CancelAfter:
    """Says "cancel" after being asked ``n`` times."""

    def __init__(self, n: int) -> None:
        self.n = n

    def is_set(self) -> bool:
        self.n -= 1
        return self.n < 0


@pytest.mark.parametrize("fmt", [ExportFormat.MARKDOWN, ExportFormat.HTML, ExportFormat.JSON])
@pytest.mark.parametrize("after", [0, 3])
def test_cancel_leaves_nothing_behind(vault, month, out_dir, fmt, after):
    with pytest.raises(ExportCancelled):
        export_journal(
            vault,
            ExportOptions(fmt, scope=MARCH),
            out_dir / f"x{fmt.suffix}",
            cancel=_CancelAfter(after),
        )
    assert _leftovers(out_dir) == []


def test_a_failure_keeps_the_old_file_and_leaves_no_partial_one(vault, month, out_dir):
    target = out_dir / "summary.md"
    target.write_text("the previous export", encoding="utf-8")

    def explode(done: int, total: int) -> None:
        if done > 2:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export_journal(
            vault, ExportOptions(ExportFormat.MARKDOWN, scope=MARCH), target, progress=explode
        )
    assert _leftovers(out_dir) == ["summary.md"]
    assert target.read_text(encoding="utf-8") == "the previous export"


def test_progress_reaches_the_end(vault, month, out_dir):
    seen: list[tuple[int, int]] = []
    export_journal(
        vault,
        ExportOptions(ExportFormat.HTML, scope=MARCH),
        out_dir / "x.html",
        progress=lambda done, total: seen.append((done, total)),
        cancel=threading.Event(),
    )
    assert seen[-1] == (20, 20)
    assert all(done <= total for done, total in seen)


def test_bad_targets_are_refused_plainly(vault, out_dir):
    with pytest.raises(ExportError, match="does not exist"):
        export_journal(vault, ExportOptions(ExportFormat.MARKDOWN), out_dir / "nope" / "x.md")
    with pytest.raises(ExportError, match="is a folder"):
        export_journal(vault, ExportOptions(ExportFormat.MARKDOWN), out_dir)


# --------------------------------------------------------------------------- small helpers


def test_format_parsing_names_and_paper():
    assert ExportFormat.parse("Markdown") is ExportFormat.MARKDOWN
    assert ExportFormat.parse(".pdf") is ExportFormat.PDF
    with pytest.raises(ValueError, match="Choose one of"):
        ExportFormat.parse("docx")
    assert page_size_for_territory("US") is PageSize.LETTER
    assert page_size_for_territory("fr") is PageSize.A4
    day = datetime(2026, 3, 31).date()
    assert (
        suggested_file_name(ExportOptions(ExportFormat.PDF), day)
        == "journal-summary-2026-03-31.pdf"
    )
    assert suggested_file_name(ExportOptions(ExportFormat.JSON), day).startswith(
        "between-sessions-journal-"
    )


def test_body_headings_are_demoted_outside_code():
    text = "# Big\n\n```\n# not a heading\n```\n###### tiny"
    assert demote_markdown_headings(text) == "#### Big\n\n```\n# not a heading\n```\n###### tiny"
