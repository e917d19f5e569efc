"""Import, export and duplicates: File menu actions, the dialogs they open, their models."""

from __future__ import annotations

from netdesk.ui.import_export.feature import ImportExportFeature


def install(window) -> ImportExportFeature:
    """Add Import, Export and Find Duplicates to the window's File menu."""
    feature = ImportExportFeature(window)
    window.import_export = feature
    return feature
