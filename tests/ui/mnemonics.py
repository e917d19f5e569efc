"""Finding the Alt+letter keys a window offers, and any two that are the same."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)


def _key(text: str) -> str:
    return QKeySequence.mnemonic(text).toString()


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter → what answers to it, among what the window shows now."""
    found: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        key = _key(text)
        if key:
            found.setdefault(key, []).append(what)

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text(), f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), f"label {widget.text()}")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), f"button {widget.text()}")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), f"group {widget.title()}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), f"tab {widget.tabText(index)}")
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {key: whats for key, whats in mnemonics(window).items() if len(whats) > 1}


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    """Two items of one menu answering to the same letter."""
    found: dict[str, list[str]] = {}
    for action in menu.actions():
        key = _key(action.text())
        if key and not action.isSeparator():
            found.setdefault(key, []).append(action.text())
    return {key: texts for key, texts in found.items() if len(texts) > 1}
