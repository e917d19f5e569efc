"""One hub of "the data changed" signals, so every pane stays in step after a write."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    # contact ids whose list row or detail changed; an empty list means "maybe all"
    contacts_changed = Signal(list)
    # a contact's timeline changed (interactions added, edited or removed)
    interactions_changed = Signal(int)
    referrals_changed = Signal()
    events_changed = Signal()
    # someone asked to move a referral along (from a timeline entry, the ledger...)
    referral_action_requested = Signal(int)
    # the whole database was swapped (restore, import of a backup): reload everything
    database_replaced = Signal()
