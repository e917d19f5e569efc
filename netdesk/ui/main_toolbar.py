"""The main window's toolbar: the everyday actions with the bundled icons, tinted to the
palette's text colour, and tinted again when the palette changes (a theme)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

from netdesk.ui.icons import action_icon


class MainToolbar(QToolBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Main", parent)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.setIconSize(QSize(20, 20))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # every action given a bundled icon, shown here or only in a menu
        self._icons: dict[QAction, str] = {}

    def tint(self, action: QAction, icon: str) -> None:
        """Give ``action`` the bundled icon ``icon`` in the palette's colour."""
        action.setIcon(action_icon(icon))
        self._icons[action] = icon

    def add_tools(self, *entries: tuple[QAction, str] | None) -> None:
        """Actions with their icons, left to right; None for a separator."""
        for entry in entries:
            if entry is None:
                self.addSeparator()
                continue
            action, icon = entry
            self.tint(action, icon)
            self.addAction(action)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # drawn in the palette's text colour: light on dark, dark on light
            for action, icon in self._icons.items():
                action.setIcon(action_icon(icon))
