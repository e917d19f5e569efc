"""Sync in the window: File ▸ Sync, the status-bar status, the Sync Conflicts view."""

from __future__ import annotations

from typing import Any

from netdesk.ui.sync.feature import SyncFeature


def install(window: Any) -> SyncFeature:
    """Add File ▸ Sync, the sync status in the status bar, and the periodic sync."""
    feature = SyncFeature(window)
    window.sync = feature
    return feature
