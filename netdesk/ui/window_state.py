"""The window's layout remembered between runs, in an INI file in netdesk's data folder.

Only looks: geometry, window state, splitter positions, column widths and the
list's sort. Nothing here is data; a missing or unreadable file means defaults.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from netdesk.paths import ui_settings_path
from netdesk.storage.private_files import private_folder


def ui_settings() -> QSettings:
    path = ui_settings_path()
    private_folder(path.parent)
    return QSettings(str(path), QSettings.Format.IniFormat)


class WindowState:
    """Saves and restores named ``saveState``/``restoreState`` blobs of a window's parts.

    ``parts`` maps a key to a splitter (kept as its sizes: ``restoreState`` would
    spread them again by stretch factor) or to an object with ``saveState()`` and
    ``restoreState()`` such as a header view. The window's geometry is always kept.
    """

    def __init__(self, window, parts: dict) -> None:
        self._window = window
        self._parts = parts

    def restore_geometry(self) -> bool:
        """Put back the window's size and place; False when nothing was saved (first run)."""
        settings = ui_settings()
        geometry = settings.value("window/geometry")
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return False
        self._window.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self._window.restoreState(state)
        return True

    def restore_parts(self) -> None:
        """Put back splitters and headers: once the window has its size (first shown),
        or a splitter would spread the saved sizes over the wrong width."""
        settings = ui_settings()
        for key, part in self._parts.items():
            value = settings.value(key)
            if isinstance(part, QSplitter):
                sizes = _sizes(value)
                if len(sizes) == part.count():
                    part.setSizes(sizes)
            elif isinstance(value, QByteArray) and not value.isEmpty():
                part.restoreState(value)

    def save(self) -> None:
        settings = ui_settings()
        settings.setValue("window/geometry", self._window.saveGeometry())
        settings.setValue("window/state", self._window.saveState())
        for key, part in self._parts.items():
            if isinstance(part, QSplitter):
                settings.setValue(key, " ".join(str(size) for size in part.sizes()))
            else:
                settings.setValue(key, part.saveState())
        settings.sync()


def _sizes(value: object) -> list[int]:
    try:
        return [max(0, int(part)) for part in str(value or "").split()]
    except ValueError:
        return []
