"""The list of backups to restore from: when, why, how many contacts, how big."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.rolling_backups import BackupInfo, BackupRow
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.format import medium_date_time
from netdesk.ui.tables import list_keys

BACKUP_FILTER = "netdesk backups (*.sqlite3 *.sqlite *.db *.json);;All files (*)"
REASONS = {
    "open": "when netdesk opened it",
    "upgrade": "before an upgrade",
    "prerestore": "before a restore",
    "manual": "backed up by hand",
    "auto": "automatic",
}
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def when_text(info: BackupInfo) -> str:
    return medium_date_time(info.taken_at.astimezone())


def choose_backup_file(parent: QWidget | None, start: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Restore from a File", str(start), BACKUP_FILTER)
    return Path(name) if name else None


class RestoreDialog(QDialog):
    """Pick a backup (or another file); ``selected`` holds its path once accepted."""

    def __init__(self, rows: list[BackupRow], start: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from Backup")
        self.selected: Path | None = None
        self._start = start

        intro = QLabel(
            "Choose the backup to restore. The database you have now is backed up "
            "first, so Edit → Undo puts it back.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("backupList")
        list_keys(self.list)
        self.list.setRootIsDecorated(False)
        self.list.setAllColumnsShowFocus(True)
        self.list.setHeaderLabels(["Taken", "Contacts", "Size", "Why"])
        for column in (1, 2):
            self.list.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        for row in rows:
            contacts = row.summary.contacts
            item = QTreeWidgetItem(
                [
                    when_text(row.info),
                    "unreadable" if contacts is None else f"{contacts:,}",
                    size_text(row.info.size),
                    REASONS.get(row.info.reason, row.info.reason),
                ]
            )
            item.setData(0, PATH_ROLE, str(row.info.path))
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            if row.summary.problem:
                item.setToolTip(1, f"This backup could not be read: {row.summary.problem}")
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
            self.list.setColumnWidth(column, self.list.columnWidth(column) + 24)
        self.empty_note = QLabel("There are no backups of this database yet.", self)
        self.empty_note.setVisible(not rows)

        self.button_box = dialog_buttons(self, "&Restore")
        self.restore_button = self.button_box.accept_button
        self.other_button = self.button_box.add("&Other File…")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.button_box)
        self.resize(620, 360)

        self.button_box.accepted.connect(self.on_restore)
        self.button_box.rejected.connect(self.reject)
        self.other_button.clicked.connect(self.on_other_file)
        self.list.currentItemChanged.connect(self.on_current_changed)
        self.list.itemActivated.connect(self.on_restore)
        if rows:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.on_current_changed()
        self.list.setFocus()

    def on_current_changed(self, *args) -> None:
        self.restore_button.setEnabled(self.list.currentItem() is not None)

    def on_restore(self, *args) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.selected = Path(item.data(0, PATH_ROLE))
        self.accept()

    def on_other_file(self) -> None:
        chosen = choose_backup_file(self, self._start)
        if chosen is not None:
            self.selected = chosen
            self.accept()
