"""Every keyboard shortcut of the window, in one table, so no two actions share a key.

Features look their keys up here by name; ``tests/ui/test_shortcuts.py`` walks the
whole window and fails on any key bound twice.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

SHORTCUTS: dict[str, str] = {
    # contacts and the timeline
    "contact.new": "Ctrl+N",
    "contact.edit": "Ctrl+E",
    "contact.find": "Ctrl+F",
    "timeline.focus": "Ctrl+T",
    "timeline.log": "Ctrl+L",
    "timeline.edit": "Ctrl+Shift+E",
    # referrals
    "referrals.match": "Ctrl+Shift+F",
    "referrals.introduce": "Ctrl+Shift+I",
    "referrals.move_along": "Ctrl+Shift+S",
    "referrals.for_contact": "Ctrl+Shift+C",
    "referrals.ledger": "Ctrl+Shift+L",
    "referrals.attention": "Ctrl+Shift+A",
    "attention.done": "Ctrl+Shift+O",
    "attention.snooze_week": "Ctrl+Shift+W",
    "attention.log": "Ctrl+Shift+G",
    # meetup mode
    "meetup.capture": "Ctrl+Shift+M",
    "meetup.new_event": "Ctrl+Shift+N",
    "meetup.edit_event": "Ctrl+Shift+T",
    "meetup.check_in": "Ctrl+Shift+K",
    "meetup.events": "Ctrl+Shift+V",
    "meetup.followups": "Ctrl+Shift+U",
    # files
    "file.import": "Ctrl+O",
    "file.export": "Ctrl+Shift+X",
    "file.duplicates": "Ctrl+Shift+D",
    "file.backup": "Ctrl+Shift+B",
    "file.restore": "Ctrl+Shift+R",
    "file.quit": "Ctrl+Q",
    # sync
    "sync.now": "F5",
    "sync.conflicts": "Ctrl+Shift+Y",
    # the window
    "window.side_panel": "F9",
    "window.shortcuts": "F1",
}


def shortcut(name: str) -> QKeySequence:
    return QKeySequence(SHORTCUTS[name])


def text(name: str) -> str:
    """The key as a person reads it in a hint ("Ctrl+Shift+N")."""
    return shortcut(name).toString(QKeySequence.SequenceFormat.NativeText)
