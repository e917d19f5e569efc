"""Help ▸ Keyboard Shortcuts (F1): the whole of ``netdesk.ui.shortcuts.KEYS``, as it is.

It is made from the table, not from the menus, so it lists the keys of every
feature and of every list, and nothing that changes while netdesk runs (such as
what Undo would undo next).
"""

from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.shortcuts import KEYS, KeyBinding
from netdesk.ui.window_layout import SCREEN_SHARE, available_rect


def shown_keys(binding: KeyBinding) -> str:
    """The keys as this platform writes them (⌘ on a Mac), several joined by commas."""
    return ", ".join(
        QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys
        for keys in binding.keys.split(", ")
    )


def shortcuts_html() -> str:
    parts = []
    for section, bindings in KEYS:
        rows = "".join(
            "<tr><td style='padding:2px 18px 2px 0; white-space:nowrap'>"
            f"<b>{html.escape(shown_keys(binding))}</b></td>"
            f"<td style='padding:2px 0'>{html.escape(binding.does)}"
            + (f" <i>({html.escape(binding.where)})</i>" if binding.where else "")
            + "</td></tr>"
            for binding in bindings
        )
        parts.append(
            f"<h3 style='margin:10px 0 4px 0'>{html.escape(section)}</h3><table>{rows}</table>"
        )
    return "".join(parts)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.text = QTextBrowser(self)
        self.text.setObjectName("shortcutsText")
        self.text.setOpenLinks(False)
        self.text.setHtml(shortcuts_html())
        self.text.setAccessibleName("Keyboard shortcuts")
        buttons = dialog_buttons(self, None, "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        area = available_rect(parent or self)
        self.resize(min(720, int(area.width() * SCREEN_SHARE)), int(area.height() * 0.8))
