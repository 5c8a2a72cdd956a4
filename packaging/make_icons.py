"""Render the app icon from its SVG into every size and format the packages need.

    .venv/bin/python packaging/make_icons.py          (needs Pillow for .ico/.icns:
                                                        .venv/bin/pip install pillow)

Writes, next to ``icons/between-sessions.svg``:

* ``icons/hicolor/<n>x<n>/apps/between-sessions.png`` for n in 16…512 (the freedesktop icon
  theme layout, so Linux packages can copy the tree as it is);
* ``icons/between-sessions.png`` (256 px, the window icon the app and PyInstaller use);
* ``icons/between-sessions.ico`` (Windows, 16…256 px) and ``icons/between-sessions.icns``
  (macOS, 16…1024 px).

The generated files are committed, so building the app needs neither this script nor Pillow.
Rendering uses Qt's own SVG renderer (QtSvg), the same one the app uses at run time.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent / "icons"
SOURCE = ICONS / "between-sessions.svg"
NAME = "between-sessions"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 1024


def render_png(size: int) -> bytes:
    """The icon at ``size`` × ``size`` pixels as PNG bytes, antialiased, transparent corners."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _application = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendered = {size: render_png(size) for size in (*PNG_SIZES, ICNS_SIZE)}
    for size in PNG_SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rendered[size])
    (ICONS / f"{NAME}.png").write_bytes(rendered[256])
    print(f"wrote {len(PNG_SIZES) + 1} PNG files under {ICONS}")

    try:
        from PIL import Image
    except ImportError:
        print(
            "Pillow is not installed: .ico and .icns were not regenerated "
            "(.venv/bin/pip install pillow)"
        )
        return 0
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}
    # Each .ico size gets its own rendering (sharper than one image scaled down by Pillow).
    images[ICO_SIZES[-1]].save(
        ICONS / f"{NAME}.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images.get(size) or images[256] for size in ICO_SIZES[:-1]],
    )
    images[ICNS_SIZE].save(
        ICONS / f"{NAME}.icns",
        format="ICNS",
        append_images=[images[size] for size in (16, 32, 64, 128, 256, 512)],
    )
    print(f"wrote {NAME}.ico and {NAME}.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
