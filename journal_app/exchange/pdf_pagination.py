"""Where the summary's pages end: cuts between lines that keep headings with what follows.

Part of the PDF writer (Qt's text layout, QtGui only). A heading, label or date line never ends a
page, and a paragraph never leaves a single line at the foot or the top when it can be helped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextDocument

from journal_app.exchange.rendering import KEEP_WITH_NEXT


def keeps_with_next(block: QTextBlock) -> bool:
    return block.blockFormat().headingLevel() > 0 or block.userState() == KEEP_WITH_NEXT


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    keep: bool  # part of a heading, label or date line: must not end a page
    index_in_block: int
    lines_in_block: int


@dataclass(frozen=True)
class PageSlice:
    """The band of the (unpaginated) document shown on one page."""

    top: float
    bottom: float


def document_lines(document: QTextDocument) -> list[Line]:
    layout = document.documentLayout()
    lines: list[Line] = []
    block = document.begin()
    while block.isValid():
        text_layout = block.layout()
        count = text_layout.lineCount() if text_layout is not None else 0
        if count:
            top = layout.blockBoundingRect(block).top()
            keep = keeps_with_next(block)
            for index in range(count):
                line = text_layout.lineAt(index)
                line_top = top + line.y()
                lines.append(Line(line_top, line_top + line.height(), keep, index, count))
        block = block.next()
    return lines


def good_cut(lines: list[Line], first: int, cut: int) -> int:
    """Move a page's cut back so no heading ends the page and no paragraph leaves one line."""
    candidate = cut
    for _ in range(8):  # each rule moves the cut back; a few rounds settle it
        moved = candidate
        while moved > first and lines[moved - 1].keep:
            moved -= 1
        last = lines[moved - 1] if moved > first else None
        if last is not None and last.index_in_block == 0 and last.lines_in_block > 1:
            moved -= 1  # an orphan: the first line of a paragraph alone at the foot
        elif moved < len(lines):
            following = lines[moved]
            alone = following.index_in_block == following.lines_in_block - 1
            if alone and following.lines_in_block > 2 and moved - 1 > first:
                moved -= 1  # a widow: the last line of a paragraph alone at the top
        if moved == candidate:
            break
        candidate = moved
    return candidate if candidate > first else cut


def paginate(document: QTextDocument, page_height: float) -> list[PageSlice]:
    """Cut the laid-out document into pages between lines (never through one).

    Headings, labels and date lines stay with what follows them, and a paragraph never leaves
    a single line at the foot or the top of a page when it can be helped. One layout pass:
    the cuts are chosen from the line positions, nothing is laid out twice.
    """
    # Qt lays long documents out lazily; asking for the size finishes the layout first.
    document.size()
    lines = document_lines(document)
    if not lines:
        return [PageSlice(0.0, page_height)]
    pages: list[PageSlice] = []
    first = 0
    while first < len(lines):
        start = lines[first].top
        end = first
        while end < len(lines) and lines[end].bottom <= start + page_height + 0.5:
            end += 1
        if end == first:
            end = first + 1  # a line taller than a page gets a page of its own
        cut = good_cut(lines, first, end) if end < len(lines) else end
        bottom = lines[cut].top if cut < len(lines) else start + page_height
        pages.append(PageSlice(start, min(bottom, start + page_height)))
        first = cut
    return pages
