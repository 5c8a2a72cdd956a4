"""One call to export: ``export_journal(vault, options, target, ...)``.

Runs anywhere (the dialog calls it on a worker thread): it reports progress through a callback,
checks a cancel flag often, and raises ``ExportCancelled`` with nothing left on disk. The PDF
writer (Qt) is imported only when a PDF is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journal_app.exchange.catalog import ArticleCatalog
from journal_app.exchange.document import JournalReader, choose_entries, gather_summary
from journal_app.exchange.json_format import journal_entry_ids, write_journal_json
from journal_app.exchange.options import (
    CancelFlag,
    ExportFormat,
    ExportOptions,
    ExportResult,
    ProgressCallback,
)
from journal_app.exchange.output import atomic_text_file, check_target
from journal_app.exchange.rendering import write_html, write_markdown


@dataclass(frozen=True)
class ScopeCount:
    """What an export would contain, for the dialog to say before anything is written."""

    entries: int
    private_left_out: int


def count_in_scope(reader: JournalReader, options: ExportOptions) -> ScopeCount:
    if options.format.is_complete_journal:
        ids, left_out = journal_entry_ids(reader, include_private=options.include_private)
        return ScopeCount(len(ids), left_out)
    chosen = choose_entries(reader, options)
    return ScopeCount(len(chosen.ids), chosen.private_left_out)


def export_journal(
    reader: JournalReader,
    options: ExportOptions,
    target: Path,
    *,
    catalog: ArticleCatalog | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Write one export file. Raises ``ExportCancelled``, ``ExportError`` or ``OSError``."""
    target = check_target(target)
    fmt = options.format
    if fmt is ExportFormat.JSON:
        with atomic_text_file(target) as handle:
            count, left_out = write_journal_json(
                reader,
                handle.write,
                include_private=options.include_private,
                cancel=cancel,
                progress=progress,
            )
        return ExportResult(str(target), fmt, count, left_out)

    summary = gather_summary(reader, options, catalog)
    if fmt is ExportFormat.PDF:
        from journal_app.exchange.pdf_writer import write_pdf

        pages = write_pdf(summary, target, options.page_size, cancel, progress)
        if progress is not None:
            progress(1, 1)
        return ExportResult(
            str(target), fmt, summary.entry_count, summary.private_left_out, page_count=pages
        )

    total = max(1, summary.entry_count)

    def entry_done(done: int) -> None:
        if progress is not None:
            progress(done, total)

    writer = write_html if fmt is ExportFormat.HTML else write_markdown
    with atomic_text_file(target) as handle:
        writer(summary, handle.write, cancel, entry_done)
    if progress is not None:
        progress(total, total)
    return ExportResult(str(target), fmt, summary.entry_count, summary.private_left_out)
