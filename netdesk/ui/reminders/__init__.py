"""Reminders that reach the person: a bar in the window, a tray icon and notifications."""

from netdesk.ui.reminders.feature import RemindersFeature


def install(window) -> RemindersFeature:
    feature = RemindersFeature(window)
    window.reminders = feature
    return feature


__all__ = ["RemindersFeature", "install"]
