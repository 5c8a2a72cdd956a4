"""Small, calm line icons drawn from inline SVG, tinted to match the current theme."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from journal_app.domain.entries import EntryKind
from journal_app.ui.common.theme import current_colors

_STROKE = (
    'fill="none" stroke="{c}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"'
)

_SHAPES = {
    # Two speech bubbles: a conversation with the therapist.
    "session": '<path d="M4 5.5h10a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2H9l-3.5 3v-3H4a2 2 0 0 1-2-2v-5'
    'a2 2 0 0 1 2-2z"/><path d="M18 9.5h1.5a2 2 0 0 1 2 2V16a2 2 0 0 1-2 2H19v2.5L16 18h-3"/>',
    # A drop held behind a line: a feeling that couldn't come out.
    "block": '<path d="M12 3.5c3 3.6 5 6.4 5 9a5 5 0 0 1-10 0c0-2.6 2-5.4 5-9z"/>'
    '<path d="M4 20.5h16"/>',
    # A leaf: quiet reflection.
    "reflection": '<path d="M5 19c0-8 5-13.5 14-14-.2 9-5.7 14-14 14z"/><path d="M5 19l8-8"/>',
    # Two columns side by side: a thought looked at from both sides.
    "thought-record": '<rect x="3.5" y="4.5" width="17" height="15" rx="2"/>'
    '<path d="M12 4.5v15M6.5 9h3M14.5 9h3M6.5 13h3M14.5 13h3"/>',
    # A small sun over a line: how I am right now.
    "check-in": '<circle cx="12" cy="11" r="3.5"/><path d="M12 3.5v1.5M5.5 11H4M20 11h-1.5'
    'M7.2 6.2l1 1M16.8 6.2l-1 1M4 19.5h16"/>',
    "new": '<path d="M12 5v14M5 12h14"/>',
    "lock": '<rect x="5" y="10.5" width="14" height="10" rx="2.5"/>'
    '<path d="M8 10.5V8a4 4 0 0 1 8 0v2.5"/>',
    "export": '<path d="M12 15V4M8 8l4-4 4 4"/><path d="M5 13v5.5A1.5 1.5 0 0 0 6.5 20h11a1.5 1.5'
    ' 0 0 0 1.5-1.5V13"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6"/><path d="M15 15l5 5"/>',
    "trash": '<path d="M4.5 7h15M9.5 7V5h5v2M6.5 7l1 13h9l1-13"/>',
    "preferences": '<path d="M4 7h9M17 7h3M4 17h3M11 17h9"/><circle cx="15" cy="7" r="2"/>'
    '<circle cx="9" cy="17" r="2"/>',
    "journal": '<path d="M6 3.5h11a1.5 1.5 0 0 1 1.5 1.5v15.5H7a2 2 0 0 1-2-2V5'
    'a1.5 1.5 0 0 1 1-1.5z"/><path d="M5 18.5a2 2 0 0 1 2-2h11.5M9 8h6"/>',
    "prep": '<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V3h6v1"/>'
    '<path d="M8.5 10.5l1.5 1.5 3-3M8.5 16h7"/>',
    "library": '<path d="M5 4v16M9 4v16M13.5 5l4.5 15M3.5 20h17"/>',
    "question": '<circle cx="12" cy="12" r="8.5"/><path d="M9.8 9.5a2.3 2.3 0 1 1 3.2 2.1'
    'c-.7.3-1 .8-1 1.5v.4"/><path d="M12 16.6v.1"/>',
    "link": '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/>'
    '<path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>',
    "private": '<path d="M12 3.5l7 3v5c0 4.5-3 7.8-7 9-4-1.2-7-4.5-7-9v-5z"/>',
}


def svg_for(name: str, color: str) -> bytes:
    body = _SHAPES[name].replace("{c}", color)
    head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    return f"{head}<g {_STROKE.replace('{c}', color)}>{body}</g></svg>".encode()


def pixmap(name: str, color: str, size: int = 24, ratio: float = 1.0) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg_for(name, color)))
    result = QPixmap(int(size * ratio), int(size * ratio))
    result.setDevicePixelRatio(ratio)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return result


def icon(name: str, color: str | None = None) -> QIcon:
    color = color or current_colors().text
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        result.addPixmap(pixmap(name, color, size))
    return result


def kind_icon(kind: EntryKind) -> QIcon:
    return icon(kind.value, current_colors().kind(kind))
