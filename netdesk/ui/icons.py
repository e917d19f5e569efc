"""The bundled icons, tinted to the palette so they read on light and dark themes alike.

A tinted icon is rendered from its SVG once per colour and kept as PNG files in
the cache folder; later starts hand Qt those files, which it reads only when an
icon is first drawn (so start-up renders nothing and does not load QtSvg).
Where the cache cannot be written, the icon is rendered in memory.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from netdesk.paths import cache_dir, resource_path
from netdesk.storage import private_files

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

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
    path = resource_path("icons", "actions", f"{name}.svg")
    svg = path.read_text(encoding="utf-8").replace(_SOURCE_COLOUR, colour)
    # the file names change with the drawing, so an edited SVG is never read stale
    key = hashlib.sha1(svg.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    files = {size: cache_dir() / "icons" / f"{name}-{key}-{size}.png" for size in _SIZES}
    if not all(file.exists() for file in files.values()):
        images = _render(svg)
        if not _save(images, files):
            return _icon_of(images)
    icon = QIcon()
    for size, file in files.items():
        icon.addFile(str(file), QSize(size, size))
    return icon


def _render(svg: str) -> dict[int, QImage]:
    # needed only when the cache has no copy yet
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    images = {}
    for size in _SIZES:
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        images[size] = image
    return images


def _save(images: dict[int, QImage], files: dict[int, Path]) -> bool:
    """Write each image to its file (complete or not at all); False if that failed."""
    try:
        for size, file in files.items():
            with private_files.replacing(file) as partial:
                if not images[size].save(str(partial), "PNG"):
                    raise OSError(f"{file.name}: the image could not be written")
    except OSError:
        return False
    return True


def _icon_of(images: dict[int, QImage]) -> QIcon:
    icon = QIcon()
    for image in images.values():
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


def available_actions() -> list[str]:
    return sorted(p.stem for p in resource_path("icons", "actions").glob("*.svg"))
