"""The window's layout remembered between runs, in an INI file in netdesk's data folder.

Only looks: geometry, window state, splitter positions, column widths and the
list's sort. Nothing here is data; a missing or unreadable file means defaults.

What was saved on another screen is fitted to this one: the window shrinks to the
screen it opens on and moves wholly onto it, and no pane comes back narrower than
its least width (however squeezed it was when saved).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QSplitter, QWidget

from netdesk.paths import ui_settings_path
from netdesk.storage.private_files import private_folder
from netdesk.ui.window_layout import fit_sizes, keep_on_screen


def ui_settings() -> QSettings:
    path = ui_settings_path()
    private_folder(path.parent)
    return QSettings(str(path), QSettings.Format.IniFormat)


class WindowState:
    """Saves and restores named ``saveState``/``restoreState`` blobs of a window's parts.

    ``parts`` maps a key to a splitter (kept as its sizes: ``restoreState`` would
    spread them again by stretch factor) or to an object with ``saveState()`` and
    ``restoreState()`` such as a header view. ``flags`` maps a key to a getter and a
    setter of a yes/no the window remembers (the side panel shown, in its own window).
    The window's geometry is always kept.
    """

    def __init__(
        self,
        window,
        parts: dict,
        flags: dict[str, tuple[Callable[[], bool], Callable[[bool], None]]] | None = None,
    ) -> None:
        self._window = window
        self._parts = parts
        self._flags = flags or {}

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
        keep_on_screen(self._window)
        return True

    def restore_parts(self) -> None:
        """Put back splitters and headers: once the window has its size (first shown),
        or a splitter would spread the saved sizes over the wrong width."""
        settings = ui_settings()
        for key, (_get, put) in self._flags.items():
            value = settings.value(key)
            if value is not None:
                put(str(value).lower() == "true")
        for key, part in self._parts.items():
            value = settings.value(key)
            if isinstance(part, QSplitter):
                sizes = _sizes(value)
                if len(sizes) == part.count():
                    part.setSizes(fit_sizes(sizes, least_sizes(part), sum(part.sizes())))
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
        for key, (get, _put) in self._flags.items():
            settings.setValue(key, "true" if get() else "false")
        settings.sync()


def least_sizes(splitter: QSplitter) -> list[int]:
    """How small the splitter lets each of its widgets become."""
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal

    def least(widget: QWidget) -> int:
        size, hint = widget.minimumSize(), widget.minimumSizeHint()
        return max(size.width(), hint.width()) if horizontal else max(size.height(), hint.height())

    return [least(splitter.widget(i)) for i in range(splitter.count())]


def _sizes(value: object) -> list[int]:
    try:
        return [max(0, int(part)) for part in str(value or "").split()]
    except ValueError:
        return []
