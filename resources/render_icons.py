"""Render the application icon's SVG to the PNG sizes desktops ask for, plus .ico and .icns.

Run from the repository root after editing resources/icons/netdesk.svg:

    QT_QPA_PLATFORM=offscreen python resources/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "icons" / "netdesk.svg"))
    out = HERE / "icons" / "hicolor"
    for size in SIZES:
        target = out / f"{size}x{size}" / "apps" / "netdesk.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(str(target), "PNG")
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    if "ico" in formats:
        render(renderer, 256).save(str(HERE / "windows" / "netdesk.ico"), "ICO")
    if "icns" in formats:
        render(renderer, 512).save(str(HERE / "macos" / "netdesk.icns"), "ICNS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
