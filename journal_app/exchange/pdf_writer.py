"""The summary laid out on pages with Qt's rich-text engine, for PDF files and for printing.

The only module of ``exchange`` that uses Qt (QtGui, never QtWidgets). One function paints the
pages, so the PDF, the printout and the print preview look the same: the text block laid out
on the page's printable area, a heading never left alone at the foot of a page, and a quiet
footer with the summary's title and "page n of m".

A ``QGuiApplication`` must exist (fonts need one); ``ensure_gui_application`` makes a headless
one for the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from journal_app import APP_NAME
from journal_app.exchange.document import ExportSummary, check_cancel
from journal_app.exchange.options import CancelFlag, PageSize, page_size_for_territory
from journal_app.exchange.output import atomic_path
from journal_app.exchange.pdf_pagination import Line, PageSlice, document_lines, good_cut, paginate
from journal_app.exchange.rendering import QT_STYLESHEET, summary_html_parts

# progress(done, total) on a fixed scale: building 0–700, pagination 700–800, pages 800–1000.
PROGRESS_SCALE = 1000
SERIF_FAMILIES = ["Charter", "Iowan Old Style", "Georgia", "Noto Serif", "DejaVu Serif", "serif"]
SANS_FAMILIES = ["Source Sans 3", "Segoe UI", "Helvetica Neue", "Noto Sans", "DejaVu Sans"]
BODY_POINT_SIZE = 10.5
MARGINS_MM = QMarginsF(24, 20, 24, 14)  # left, top, right, bottom (the footer sits above it)
FOOTER_POINTS = 26.0  # room kept under the text for the footer line
FOOTER_COLOUR = "#8a8378"
FOOTER_RULE_COLOUR = "#ddd7cc"

Progress = Callable[[int, int], None]


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (for the command line)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise RuntimeError("A non-GUI Qt application is running; PDF needs a QGuiApplication.")
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([APP_NAME])


def locale_page_size() -> PageSize:
    """A4 or Letter, from the system locale's country."""
    from PySide6.QtCore import QLocale

    territory = QLocale.territoryToCode(QLocale.system().territory())
    return page_size_for_territory(territory)


def page_layout(page_size: PageSize) -> QPageLayout:
    size = QPageSize(
        QPageSize.PageSizeId.Letter if page_size is PageSize.LETTER else QPageSize.PageSizeId.A4
    )
    return QPageLayout(
        size, QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter
    )


def _layout_dpi() -> float:
    """The resolution QTextDocument lays out at when it has no paint device."""
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


@dataclass(frozen=True)
class PageArea:
    """Where a page's text goes, in layout units (the screen's logical dots)."""

    dpi: float
    width: float
    text_height: float  # the page's printable height less the footer's room
    footer_height: float

    @classmethod
    def of(cls, device: QPagedPaintDevice) -> PageArea:
        """The area of ``device``'s page layout, laid out the way ``QTextDocument.print`` does."""
        dpi = _layout_dpi()
        paint_rect_pt = device.pageLayout().paintRect(QPageLayout.Unit.Point)
        scale_to_layout = dpi / 72.0
        footer = FOOTER_POINTS * scale_to_layout
        return cls(
            dpi=dpi,
            width=paint_rect_pt.width() * scale_to_layout,
            text_height=paint_rect_pt.height() * scale_to_layout - footer,
            footer_height=footer,
        )


def rich_text_document(markup: str, font: QFont, stylesheet: str) -> QTextDocument:
    """A document for painting: no undo history, no margin, ``font`` and ``stylesheet`` as set."""
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(stylesheet)
    document.setDocumentMargin(0)
    document.setHtml(markup)
    return document


def _summary_document(markup: str) -> QTextDocument:
    """The summary's print markup, serif body and sans headings."""
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setPointSizeF(BODY_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    sans = ", ".join(f'"{family}"' for family in SANS_FAMILIES)
    stylesheet = (
        QT_STYLESHEET + f"h1, h2, h3, h4, h5, h6, .app, .label, .when, .prepared, .cite "
        f"{{ font-family: {sans}; }}\n"
    )
    return rich_text_document(markup, font, stylesheet)


def _entry_progress(
    summary: ExportSummary, progress: Progress | None, up_to: int
) -> Callable[[int], None]:
    """Entries done, reported as 0–``up_to`` on the fixed progress scale."""
    total_entries = max(1, summary.entry_count)

    def entry_done(done: int) -> None:
        if progress is not None:
            progress(done * up_to // total_entries, PROGRESS_SCALE)

    return entry_done


def build_text_document(
    summary: ExportSummary,
    cancel: CancelFlag | None = None,
    progress: Progress | None = None,
) -> QTextDocument:
    entry_done = _entry_progress(summary, progress, 700)
    markup = "".join(summary_html_parts(summary, cancel, entry_done, for_print=True))
    check_cancel(cancel)
    document = _summary_document(markup)
    del markup
    return document


def paint_pages(
    document: QTextDocument,
    device: QPagedPaintDevice,
    footer_title: str,
    cancel: CancelFlag | None = None,
    progress: Progress | None = None,
) -> int:
    """Lay the document out for ``device``'s page and paint every page; returns the count.

    ``device`` is a ``QPdfWriter`` or a ``QPrinter`` (print and preview) whose page layout is
    already set. Layout happens at the screen's logical resolution and the painter is scaled to
    the device, the way ``QTextDocument.print`` does it.
    """
    area = PageArea.of(device)
    document.setTextWidth(area.width)
    if progress is not None:
        progress(700, PROGRESS_SCALE)
    pages = paginate(document, area.text_height)
    check_cancel(cancel)
    if progress is not None:
        progress(800, PROGRESS_SCALE)
    whole = _Piece(document, 0.0, document.size().height())
    bands = ((band, [whole]) for band in pages)
    _paint_bands(device, area, footer_title, len(pages), bands, cancel, progress, painted_from=800)
    return len(pages)


def _paint_bands(
    device: QPagedPaintDevice,
    area: PageArea,
    title: str,
    page_count: int,
    bands: Iterable[tuple[PageSlice, list[_Piece]]],
    cancel: CancelFlag | None,
    progress: Progress | None,
    *,
    painted_from: int,
) -> None:
    """Paint each band of the flow as a page with its footer.

    Progress goes from ``painted_from`` to the end of the scale as the pages are painted.
    """
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The page could not be prepared for writing.")
    try:
        device_scale = device.logicalDpiY() / area.dpi
        footer_font = QFont()
        footer_font.setFamilies(SANS_FAMILIES)
        footer_font.setPointSizeF(7.5)
        for page, (band, pieces) in enumerate(bands):
            check_cancel(cancel)
            if page > 0:
                device.newPage()
            for piece in pieces:
                painter.save()
                painter.scale(device_scale, device_scale)
                painter.translate(0, piece.top - band.top)
                clip = QRectF(0, band.top - piece.top, area.width, band.bottom - band.top)
                piece.document.drawContents(painter, clip)
                painter.restore()
            # The footer is drawn in the device's own units so its point size is true.
            _paint_footer(
                painter,
                footer_font,
                title,
                f"Page {page + 1} of {page_count}",
                QRectF(0, area.text_height, area.width, area.footer_height),
                device_scale,
            )
            if progress is not None:
                painted = (page + 1) * (PROGRESS_SCALE - painted_from) // page_count
                progress(painted_from + painted, PROGRESS_SCALE)
    finally:
        painter.end()


def _paint_footer(
    painter: QPainter,
    font: QFont,
    title: str,
    page_text: str,
    area: QRectF,
    scale: float,
) -> None:
    """A hairline and one line of small grey text under the page's text block."""
    box = QRectF(area.x() * scale, area.y() * scale, area.width() * scale, area.height() * scale)
    painter.save()
    painter.setFont(font)
    pen = QPen(QColor(FOOTER_RULE_COLOUR))
    pen.setWidthF(max(1.0, scale * 0.6))
    painter.setPen(pen)
    line_y = box.top() + box.height() * 0.3
    painter.drawLine(QPointF(box.left(), line_y), QPointF(box.right(), line_y))
    painter.setPen(QColor(FOOTER_COLOUR))
    text_box = QRectF(box.left(), line_y, box.width(), box.bottom() - line_y)
    flags = Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
    metrics_width = text_box.width() * 0.7
    elided = painter.fontMetrics().elidedText(
        title, Qt.TextElideMode.ElideRight, int(metrics_width)
    )
    painter.drawText(text_box, int(flags | Qt.AlignmentFlag.AlignLeft), elided)
    painter.drawText(text_box, int(flags | Qt.AlignmentFlag.AlignRight), page_text)
    painter.restore()


def footer_title(summary: ExportSummary) -> str:
    return f"{summary.heading} · {summary.subtitle}" if summary.subtitle else summary.heading


# --------------------------------------------------------------------------- streaming

# The summary is laid out a few entries at a time: each chunk is its own small QTextDocument,
# placed under the previous one, and dropped once its last line is on a finished page. Memory
# stays flat however long the journal is. Two passes: the first only lays out, to learn the page
# count for "page n of m"; the second lays out again and paints.
ENTRIES_PER_DOCUMENT = 16


def summary_chunks(
    summary: ExportSummary,
    cancel: CancelFlag | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """The print markup in pieces of a few entries (the title block and prep come first)."""
    pending: list[str] = []
    entries = 0
    for index, part in enumerate(summary_html_parts(summary, cancel, progress, for_print=True)):
        pending.append(part)
        if part.startswith("<h3"):
            entries += 1
        if index == 0 or entries >= ENTRIES_PER_DOCUMENT:
            yield "".join(pending)
            pending, entries = [], 0
    if pending:
        yield "".join(pending)


@dataclass
class _Piece:
    """One chunk's document, placed in the flow of the whole summary at ``top``."""

    document: QTextDocument
    top: float
    last_line_bottom: float


def _flow(chunks: Iterable[str], width: float) -> Iterator[tuple[_Piece, list[Line]]]:
    """Each chunk laid out and placed, with its lines in flow coordinates.

    Margins between chunks collapse as they would inside one document: the gap is the larger
    of the last block's bottom margin and the next first block's top margin.
    """
    offset = 0.0
    bottom_margin: float | None = None
    for markup in chunks:
        document = _summary_document(markup)
        document.setTextWidth(width)
        document.size()  # Qt lays out lazily; asking for the size finishes the layout
        if bottom_margin is not None:
            offset += max(bottom_margin, document.begin().blockFormat().topMargin())
        lines = [
            Line(
                line.top + offset,
                line.bottom + offset,
                line.keep,
                line.index_in_block,
                line.lines_in_block,
            )
            for line in document_lines(document)
        ]
        last = lines[-1].bottom if lines else offset
        yield _Piece(document, offset, last), lines
        offset += document.size().height()
        bottom_margin = document.lastBlock().blockFormat().bottomMargin()


def stream_bands(
    chunks: Iterable[str], width: float, page_height: float
) -> Iterator[tuple[PageSlice, list[_Piece]]]:
    """Each page's band and the chunk documents that show on it, keeping only a page's worth.

    The same cuts as ``paginate`` makes on one document: it looks one line past a page, never
    further, so only the documents of the current page and the next line are alive.
    """
    flow = _flow(chunks, width)
    lines: list[Line] = []
    pieces: list[_Piece] = []
    exhausted = False

    def fill(until: float) -> None:
        nonlocal exhausted
        while not exhausted and (not lines or lines[-1].bottom <= until):
            try:
                piece, more = next(flow)
            except StopIteration:
                exhausted = True
                return
            pieces.append(piece)
            lines.extend(more)

    fill(0.0)
    if not lines:
        yield PageSlice(0.0, page_height), pieces
        return
    while lines:
        start = lines[0].top
        fill(start + page_height + 0.5)
        end = 0
        while end < len(lines) and lines[end].bottom <= start + page_height + 0.5:
            end += 1
        if end == 0:
            end = 1
        cut = good_cut(lines, 0, end) if end < len(lines) else end
        bottom = lines[cut].top if cut < len(lines) else start + page_height
        band = PageSlice(start, min(bottom, start + page_height))
        yield band, [p for p in pieces if p.top < band.bottom and p.last_line_bottom > band.top]
        del lines[:cut]
        next_top = lines[0].top if lines else float("inf")
        pieces[:] = [p for p in pieces if p.last_line_bottom > next_top]


def stream_pages(
    summary: ExportSummary,
    device: QPagedPaintDevice,
    cancel: CancelFlag | None = None,
    progress: Progress | None = None,
) -> int:
    """Lay the summary out chunk by chunk and paint it on ``device``; returns the page count.

    Progress: the counting pass 0–500 (by entries), painting 500–1000 (by pages).
    """
    area = PageArea.of(device)
    counted = _entry_progress(summary, progress, 500)
    counting = stream_bands(summary_chunks(summary, cancel, counted), area.width, area.text_height)
    page_count = sum(1 for _ in counting)
    check_cancel(cancel)
    bands = stream_bands(summary_chunks(summary, cancel), area.width, area.text_height)
    _paint_bands(
        device, area, footer_title(summary), page_count, bands, cancel, progress, painted_from=500
    )
    return page_count


def write_pdf(
    summary: ExportSummary,
    target: Path,
    page_size: PageSize,
    cancel: CancelFlag | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the summary as a PDF, atomically and privately; returns the page count."""
    ensure_gui_application()
    with atomic_path(target) as temp_path:
        writer = QPdfWriter(str(temp_path))
        writer.setCreator(APP_NAME)
        writer.setTitle(footer_title(summary))
        writer.setPageLayout(page_layout(page_size))
        writer.setResolution(600)
        pages = stream_pages(summary, writer, cancel, progress)
        del writer  # closes the file before it is synced and renamed
    return pages


def print_summary(summary: ExportSummary, printer: QPagedPaintDevice) -> int:
    """Paint the summary on a ``QPrinter`` (from the print dialog or the print preview)."""
    return stream_pages(summary, printer)
