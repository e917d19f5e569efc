"""The Qt layer: item models over the domain, panes, dialogs and the main window."""

import PySide6

from netdesk.ui import pyside_imports

# before any Qt module: every module imported after Qt is looked at once by PySide
pyside_imports.make_cheap()
del PySide6
