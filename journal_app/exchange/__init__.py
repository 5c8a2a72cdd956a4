"""Exports (and, later, imports): the summary for a therapist and the complete journal as JSON.

Qt-free except ``pdf_writer``. The UI and the command line call :func:`export_journal`.
"""

from journal_app.exchange.catalog import ArticleCatalog, Citation, EmptyCatalog, LibraryCatalog
from journal_app.exchange.engine import count_in_scope, export_journal
from journal_app.exchange.options import (
    NOT_ENCRYPTED_WARNING,
    CancelFlag,
    ExportCancelled,
    ExportError,
    ExportFormat,
    ExportOptions,
    ExportResult,
    ExportScope,
    PageSize,
    ProgressCallback,
    ScopeKind,
    page_size_for_territory,
    suggested_file_name,
)

__all__ = [
    "NOT_ENCRYPTED_WARNING",
    "ArticleCatalog",
    "CancelFlag",
    "Citation",
    "EmptyCatalog",
    "ExportCancelled",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "ExportResult",
    "ExportScope",
    "LibraryCatalog",
    "PageSize",
    "ProgressCallback",
    "ScopeKind",
    "count_in_scope",
    "export_journal",
    "page_size_for_territory",
    "suggested_file_name",
]
