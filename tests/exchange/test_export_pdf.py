"""PDF and print: read the file back, check pagination, privacy, unicode and cancelling."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from exchange_samples import PRIVATE_MARKER

from journal_app.domain import Entry, EntryKind
from journal_app.exchange import (
    ExportCancelled,
    ExportFormat,
    ExportOptions,
    ExportScope,
    PageSize,
    export_journal,
)
from journal_app.exchange.document import gather_summary
from journal_app.exchange.pdf_pagination import document_lines, paginate
from journal_app.exchange.pdf_writer import (
    build_text_document,
    page_layout,
    print_summary,
)

MARCH = ExportScope.date_range(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def _text(path: Path) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(str(path))
    # pypdf separates words with tabs in Qt's PDFs; normalise to single spaces.
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\t", " ").split()), reader


@pytest.fixture(autouse=True)
def _gui(qapp):  # noqa: ANN001 - the pytest-qt application: fonts need one
    return qapp


def test_pdf_reads_back_with_title_block_entries_and_page_numbers(vault, month, out_dir, catalog):
    target = out_dir / "summary.pdf"
    result = export_journal(
        vault, ExportOptions(ExportFormat.PDF, scope=MARCH, prep=True), target, catalog=catalog
    )
    text, reader = _text(target)
    assert result.page_count == len(reader.pages) >= 4
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in out_dir.iterdir()) == ["summary.pdf"]
    assert text.startswith("Between Sessions Journal summary 1 – 31 March 2026")
    assert "Before our session" in text and "Questions I would like to ask" in text
    assert "Talking about my father" in text and "Dr. Maria Álvarez" in text
    assert "What we talked about" in text and "talked_about" not in text
    assert "Ryan Howes, Ph.D., “How to Cry in Therapy”, In Therapy, January 2012" in text
    assert f"Page 1 of {result.page_count}" in text
    assert f"Page {result.page_count} of {result.page_count}" in text
    assert PRIVATE_MARKER not in text
    assert reader.metadata.title == "Journal summary · 1 – 31 March 2026"


def test_private_entries_only_when_included(vault, month, out_dir):
    target = out_dir / "all.pdf"
    export_journal(
        vault, ExportOptions(ExportFormat.PDF, scope=MARCH, include_private=True), target
    )
    assert PRIVATE_MARKER in _text(target)[0]


def test_paper_size_is_honoured(vault, month, out_dir):
    for size, width_pt in ((PageSize.A4, 595), (PageSize.LETTER, 612)):
        target = out_dir / f"{size.value}.pdf"
        export_journal(vault, ExportOptions(ExportFormat.PDF, scope=MARCH, page_size=size), target)
        box = pypdf.PdfReader(str(target)).pages[0].mediabox
        assert round(float(box.width)) == width_pt


def test_unicode_accents_rtl_and_emoji_survive(vault, out_dir):
    vault.entries.add(
        Entry.new(
            EntryKind.REFLECTION,
            title="Crème brûlée, naïve café",
            body="שלום עליכם and مرحبا — a quiet day 🌱",
        )
    )
    target = out_dir / "unicode.pdf"
    export_journal(
        vault, ExportOptions(ExportFormat.PDF, scope=ExportScope.date_range(None, None)), target
    )
    text, _ = _text(target)
    assert "Crème brûlée, naïve café" in text
    # Right-to-left words come back as the same letters (extraction order varies by reader).
    for word in ("שלום", "עליכם"):
        assert word in text or word[::-1] in text


def test_headings_labels_and_dates_never_end_a_page(vault, out_dir):
    for day in range(1, 28):
        vault.entries.add(
            Entry.new(
                EntryKind.REFLECTION,
                title=f"Day {day}",
                body="\n\n".join(["A paragraph that goes on for a while. " * 6] * (day % 4 + 1)),
                occurred_at=datetime(2026, 2, day, 20, tzinfo=UTC),
            )
        )
    summary = gather_summary(
        vault, ExportOptions(ExportFormat.PDF, scope=ExportScope.date_range(None, None))
    )
    document = build_text_document(summary)
    document.setTextWidth(450)
    page_height = 600.0
    pages = paginate(document, page_height)
    assert len(pages) > 3
    lines = document_lines(document)
    tops = [line.top for line in lines]
    for page in pages:
        assert 0 < page.bottom - page.top <= page_height
        on_page = [line for line in lines if page.top <= line.top < page.bottom]
        assert on_page and on_page[-1].bottom <= page.bottom + 0.5  # no line is cut
        if page is not pages[-1]:
            last = on_page[-1]
            assert not last.keep  # no heading, label or date line ends a page
            assert not (last.index_in_block == 0 and last.lines_in_block > 1)  # no orphan
    # Every line is on exactly one page.
    assert sum(1 for top in tops for p in pages if p.top <= top < p.bottom) == len(lines)


@pytest.mark.parametrize("stage", [100, 850])  # while building the text; while painting
def test_cancel_leaves_no_pdf_behind(vault, month, out_dir, stage):
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done * 1000 // total >= stage:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_journal(
            vault,
            ExportOptions(ExportFormat.PDF, scope=MARCH),
            out_dir / "x.pdf",
            progress=progress,
            cancel=cancel,
        )
    assert list(out_dir.iterdir()) == []


def test_printing_uses_the_same_layout(vault, month, out_dir):
    from PySide6.QtPrintSupport import QPrinter

    target = out_dir / "summary.pdf"
    result = export_journal(vault, ExportOptions(ExportFormat.PDF, scope=MARCH), target)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out_dir / "printed.pdf"))
    printer.setPageLayout(page_layout(PageSize.A4))
    summary = gather_summary(vault, ExportOptions(ExportFormat.PDF, scope=MARCH))
    assert print_summary(summary, printer) == result.page_count
    assert len(pypdf.PdfReader(str(out_dir / "printed.pdf")).pages) == result.page_count
