"""Custom item data roles, named once for every model and delegate."""

from PySide6.QtCore import Qt

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# a score 0-100 as float, for the bar delegate
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
# the row's domain object (a dataclass), for panes that need more than text
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
