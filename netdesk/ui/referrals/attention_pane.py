"""Needs attention: who, why and since when, with done, snooze and log at hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import followups
from netdesk.domain.followups import AttentionItem
from netdesk.domain.interaction_kinds import KINDS
from netdesk.ui.panes.reload_when_shown import ReloadWhenShown
from netdesk.ui.referrals.models import SORT_ROLE, AttentionModel
from netdesk.ui.roles import ROW_ROLE
from netdesk.ui.tables import list_table


class AttentionPane(ReloadWhenShown, QWidget):
    """Shows ``followups.needs_attention()``; the actions live in the referral feature."""

    contact_chosen = Signal(int)
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionPane")
        self.heading = QLabel(self)
        self.heading.setObjectName("attentionHeading")
        self.model = AttentionModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = list_table(self.proxy, "attentionTable", self)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AttentionModel.SINCE, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AttentionModel.REASON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(AttentionModel.CONTACT, 140)
        header.resizeSection(AttentionModel.SINCE, 96)
        self.detail = QLabel(self)
        self.detail.setObjectName("attentionDetail")
        self.detail.setWordWrap(True)
        # two buttons a row: the side panel stays narrow enough for the contact list
        self.buttons = QGridLayout()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.buttons)

        self.view.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.view.activated.connect(self.on_activated)

    def add_button(self, action) -> QToolButton:
        """A button for one of the feature's actions (its shortcut shows in the tooltip)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        placed = self.buttons.count()
        self.buttons.addWidget(button, placed // 2, placed % 2)
        return button

    def finish_buttons(self) -> None:
        self.buttons.setColumnStretch(2, 1)

    def current_item(self) -> AttentionItem | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def reload(self) -> None:
        keep = self.current_item()
        current_row = self.view.currentIndex().row()
        items = followups.needs_attention()
        self.model.set_rows(items)
        count = len(items)
        self.heading.setText(
            "Nobody needs attention today."
            if not count
            else f"{count} {'item needs' if count == 1 else 'items need'} attention, oldest first."
        )
        row = self._row_of(keep)
        if row is None and count:
            row = min(max(current_row, 0), self.proxy.rowCount() - 1)
        if row is not None:
            self.view.selectRow(row)
        self.on_current_changed()

    def _row_of(self, item: AttentionItem | None) -> int | None:
        if item is None:
            return None
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE) == item:
                return row
        return None

    def on_current_changed(self, *args) -> None:
        item = self.current_item()
        self.detail.setText(f"{item.contact_name}: {item.detail}" if item else "")
        self.current_changed.emit()

    def on_activated(self, index) -> None:
        item = index.data(ROW_ROLE)
        if item is not None:
            self.contact_chosen.emit(item.contact_id)


class LogInteractionDialog(QDialog):
    """Kind, day and note of an interaction to log; returns them through ``values()``."""

    def __init__(self, contact_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Log an Interaction with {contact_name}")
        self.setObjectName("logInteractionDialog")
        self.kind = QComboBox(self)
        self.kind.setObjectName("logKind")
        for key, kind in KINDS.items():
            self.kind.addItem(kind.label, key)
        self.kind.setCurrentIndex(self.kind.findData("call"))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        self.note = QLineEdit(self)
        self.note.setObjectName("logNote")
        self.note.setPlaceholderText("What happened (optional)")
        form = QFormLayout()
        form.addRow("&Kind", self.kind)
        form.addRow("&Date", self.date)
        form.addRow("&Note", self.note)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self.note.setFocus()

    def values(self) -> tuple[str, dt.date, str]:
        day = dt.date.fromisoformat(self.date.date().toString("yyyy-MM-dd"))
        return self.kind.currentData(), day, self.note.text().strip()
