"""Sharing contacts with the rest of the desktop: a contact dragged out or copied as a
vCard, and a vCard or calendar file dropped on the window to import."""

from netdesk.ui.sharing.feature import SharingFeature, install

__all__ = ["SharingFeature", "install"]
