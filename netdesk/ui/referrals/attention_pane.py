"""Needs attention: who, why and since when, with done, snooze and log at hand."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import followups
from netdesk.domain.followups import AttentionItem
from netdesk.ui.panes.reload_when_shown import ReloadWhenShown
from netdesk.ui.referrals.models import SORT_ROLE, AttentionModel
from netdesk.ui.roles import ROW_ROLE
from netdesk.ui.tables import list_table
from netdesk.ui.widgets.flow_layout import FlowLayout


class AttentionPane(ReloadWhenShown, QWidget):
    """Shows ``followups.needs_attention()``; the actions live in the referral feature."""

    contact_chosen = Signal(int)
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionPane")
        # (the list is being read again: its rows change under the person, not by them)
        self._reloading = False
        self.heading = QLabel(self)
        self.heading.setObjectName("attentionHeading")
        self.model = AttentionModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = list_table(self.proxy, "attentionTable", self)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AttentionModel.SINCE, Qt.SortOrder.AscendingOrder)
        # who and why share the width; "since" takes what its text needs
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(AttentionModel.CONTACT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttentionModel.REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AttentionModel.SINCE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail = QLabel(self)
        self.detail.setObjectName("attentionDetail")
        self.detail.setWordWrap(True)
        # one row of evenly spaced buttons, onto a second only when the panel is narrow
        self.buttons = FlowLayout(spacing=6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.buttons)

        # one click (or an arrow) on a row shows that person in the contact pane
        self.view.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.view.activated.connect(self.on_activated)

    def add_button(self, action) -> QToolButton:
        """A button for one of the feature's actions (its shortcut shows in the tooltip)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons.addWidget(button)
        return button

    def finish_buttons(self) -> None:
        """(The buttons need nothing more: the flow spaces them.)"""

    def current_item(self) -> AttentionItem | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def reload(self) -> None:
        """Read the list again, keeping the item that was current. The contact list is
        moved to the current item's person only when that item is another one (the pane
        first shown, the item done): a change made elsewhere (a contact edited, deleted,
        an interaction logged) never takes the list, or its search, away from where the
        person is."""
        keep = self.current_item()
        current_row = self.view.currentIndex().row()
        items = followups.needs_attention()
        self._reloading = True
        try:
            self.model.set_rows(items)
            count = len(items)
            self.heading.setText(
                "Nobody needs attention today."
                if not count
                else f"{count} {'item needs' if count == 1 else 'items need'} "
                "attention, oldest first."
            )
            row = self._row_of(keep)
            if row is None and count:
                row = min(max(current_row, 0), self.proxy.rowCount() - 1)
            if row is not None:
                self.view.selectRow(row)
        finally:
            self._reloading = False
        self._show_current(choose=self.current_item() != keep)

    def _row_of(self, item: AttentionItem | None) -> int | None:
        if item is None:
            return None
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE) == item:
                return row
        return None

    def on_current_changed(self, *args) -> None:
        if not self._reloading:
            self._show_current(choose=True)

    def _show_current(self, *, choose: bool) -> None:
        """Say what the current item is; with ``choose``, show its person too."""
        item = self.current_item()
        self.detail.setText(item.detail if item else "")
        self.current_changed.emit()
        if choose and item is not None and self.isVisible():
            self.contact_chosen.emit(item.contact_id)

    def on_activated(self, index) -> None:
        item = index.data(ROW_ROLE)
        if item is not None:
            self.contact_chosen.emit(item.contact_id)
