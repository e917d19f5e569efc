"""The window's colours: the desktop's own, light or dark (Edit ▸ Preferences ▸ Theme).

"system" gives back the palette netdesk started with (the desktop's, light or
dark); "light" and "dark" set one of netdesk's own, and tell Qt the colour
scheme so that what follows it (the style, the icons netdesk tints) follows too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_desktop: QPalette | None = None

_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f2023",
    QPalette.ColorRole.AlternateBase: "#2a2c2f",
    QPalette.ColorRole.ToolTipBase: "#3a3d41",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35373b",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#4a4d52",
    QPalette.ColorRole.Midlight: "#3e4145",
    QPalette.ColorRole.Mid: "#5f6368",
    QPalette.ColorRole.Dark: "#1b1c1e",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3b7dd8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7aa7ff",
    QPalette.ColorRole.LinkVisited: "#b58cff",
}
_DARK_DISABLED = "#7c8086"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED))
    return palette


def apply_theme(name: str) -> None:
    """Colour the whole application: "system", "light" or "dark"."""
    global _desktop
    app = QApplication.instance()
    if _desktop is None:
        _desktop = QPalette(app.palette())
    hints = app.styleHints()
    if name == "dark":
        palette, scheme = dark_palette(), Qt.ColorScheme.Dark
    elif name == "light":
        palette, scheme = app.style().standardPalette(), Qt.ColorScheme.Light
    else:
        palette, scheme = QPalette(_desktop), None
    if scheme is None:
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
    elif hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)
    app.setPalette(palette)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
