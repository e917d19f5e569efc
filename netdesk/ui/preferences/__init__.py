"""Edit ▸ Preferences (Ctrl+,): every setting a person sets, saved in one step that Undo
takes back; the theme is applied at once, and scores follow new parameters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from netdesk.domain import preferences, settings
from netdesk.ui.failures import complain
from netdesk.ui.shortcuts import shortcut
from netdesk.ui.theme import apply_theme
from netdesk.ui.undo import ActionCommand


class PreferencesFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("&Preferences…", window)
        self.action.setShortcut(shortcut("edit.preferences"))
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        window.edit_menu.addSeparator()
        window.edit_menu.addAction(self.action)
        self.action.triggered.connect(self.open)

    def open(self) -> None:
        from netdesk.ui.preferences.dialog import PreferencesDialog

        dialog = PreferencesDialog(preferences.current(), self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        values = dialog.values()
        dialog.deleteLater()
        if accepted:
            self.save(values)

    def save(self, values: dict[str, Any]) -> bool:
        """Store the values; the change goes on the undo stack. False if nothing changed."""
        try:
            before = preferences.change(values)
        except Exception as exc:
            if not complain(self.window, "Could not save the preferences", exc):
                raise
            return False
        if not before:
            return False
        after = {key: values[key] for key in before}
        first = [True]

        def redo() -> None:
            if first:
                first.clear()
                return
            preferences.change(after)

        self.window.undo_stack.push(
            ActionCommand(
                "Change Preferences", redo, lambda: preferences.change(before), self.applied
            )
        )
        self.window.statusBar().showMessage(
            "Preferences saved. Undo (Ctrl+Z) takes them back.", 6000
        )
        return True

    def applied(self) -> None:
        """The settings changed (saved, undone or redone): show what they change."""
        apply_theme(settings.get("ui.theme"))
        # scores, thresholds and waiting times change what every list shows
        self.window.events.contacts_changed.emit([])
        self.window.events.referrals_changed.emit()


def install(window) -> PreferencesFeature:
    feature = PreferencesFeature(window)
    window.preferences = feature
    return feature
