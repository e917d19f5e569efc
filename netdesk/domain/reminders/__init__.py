"""Reminders that reach the person: who on the follow-up list to remind, and when."""

from netdesk.domain.reminders.schedule import (
    NOT_REMINDED,
    DuePerson,
    Reminder,
    check,
    due_people,
    is_reminded,
    next_reminder,
    snooze,
    undo_snooze,
)

__all__ = [
    "NOT_REMINDED",
    "DuePerson",
    "Reminder",
    "check",
    "due_people",
    "is_reminded",
    "next_reminder",
    "snooze",
    "undo_snooze",
]
