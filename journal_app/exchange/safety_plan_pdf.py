"""My safety plan as a PDF: one page on A4 or Letter, or a small wallet card.

Uses the summary's PDF writer to paint (QtGui only). The text is shrunk, step by step down to a
readable minimum, until the plan fits on one page: a plan is for a hard moment, and a second
page is easily lost. Written atomically and privately, like every export.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from journal_app import APP_NAME
from journal_app.domain.safety_plan import SafetyPlan
from journal_app.exchange.options import PageSize
from journal_app.exchange.output import atomic_path
from journal_app.exchange.pdf_writer import (
    SANS_FAMILIES,
    PageArea,
    ensure_gui_application,
    page_layout,
    paint_pages,
    rich_text_document,
)
from journal_app.exchange.safety_plan import PLAN_STYLESHEET, PLAN_TITLE, PlanLayout, plan_html

LARGEST_POINTS = 11.0
SMALLEST_POINTS = {PlanLayout.PAGE: 7.5, PlanLayout.WALLET: 5.0}
WALLET_MARGINS_MM = QMarginsF(5, 5, 5, 4)


def _layout(layout: PlanLayout, page_size: PageSize) -> QPageLayout:
    if layout is PlanLayout.PAGE:
        return page_layout(page_size)
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A7),
        QPageLayout.Orientation.Portrait,
        WALLET_MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _document(markup: str, points: float) -> QTextDocument:
    font = QFont()
    font.setFamilies(SANS_FAMILIES)
    font.setPointSizeF(points)
    scale = points / LARGEST_POINTS
    # Headings scale with the body so a shrunk plan keeps its proportions.
    sheet = PLAN_STYLESHEET.replace("16pt", f"{16 * scale:.1f}pt").replace(
        "12pt", f"{12 * scale:.1f}pt"
    )
    return rich_text_document(markup, font, sheet)


def write_plan_pdf(
    plan: SafetyPlan,
    target: Path,
    *,
    page_size: PageSize = PageSize.A4,
    layout: PlanLayout = PlanLayout.PAGE,
    today: date | None = None,
) -> int:
    """Write the plan; returns the page count (1 unless a very long plan can't shrink more)."""
    ensure_gui_application()
    markup = plan_html(plan, today or date.today())
    with atomic_path(target) as temp_path:
        writer = QPdfWriter(str(temp_path))
        writer.setCreator(APP_NAME)
        writer.setTitle(PLAN_TITLE)
        writer.setPageLayout(_layout(layout, page_size))
        writer.setResolution(300)
        document = _fitting_document(markup, writer, layout)
        pages = paint_pages(document, writer, PLAN_TITLE)
        del writer
    return pages


def _fitting_document(markup: str, writer: QPdfWriter, layout: PlanLayout) -> QTextDocument:
    area = PageArea.of(writer)
    points = LARGEST_POINTS
    while True:
        document = _document(markup, points)
        document.setTextWidth(area.width)
        if document.size().height() <= area.text_height or points <= SMALLEST_POINTS[layout]:
            return document
        points = max(SMALLEST_POINTS[layout], points - 0.5)
