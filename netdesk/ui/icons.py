"""The bundled icons, tinted to the palette so they read on light and dark themes alike."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from netdesk.paths import resource_path

# the stroke colour the action SVGs are drawn with; replaced by the palette's text colour
_SOURCE_COLOUR = "#4a5568"
_SIZES = (16, 24, 32, 48)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource_path("icons", "hicolor", f"{size}x{size}", "apps", "netdesk.png")
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def action_icon(name: str) -> QIcon:
    """An action icon (resources/icons/actions/NAME.svg) in the palette's text colour."""
    palette = QApplication.palette() if QApplication.instance() else QPalette()
    colour = palette.color(QPalette.ColorRole.WindowText).name()
    return _tinted(name, colour)


@cache
def _tinted(name: str, colour: str) -> QIcon:
    from PySide6.QtSvg import QSvgRenderer  # loaded with the first action icon, not at start-up

    path = resource_path("icons", "actions", f"{name}.svg")
    svg = path.read_text(encoding="utf-8").replace(_SOURCE_COLOUR, colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in _SIZES:
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


def available_actions() -> list[str]:
    return sorted(p.stem for p in resource_path("icons", "actions").glob("*.svg"))
