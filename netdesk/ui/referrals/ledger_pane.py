"""The givers-gain ledger pane: totals, given vs received per month, people, referrals."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import ledger, referrals
from netdesk.domain.referrals import format_value
from netdesk.ui.panes.reload_when_shown import ReloadWhenShown
from netdesk.ui.referrals.ledger_chart import LedgerChart
from netdesk.ui.referrals.models import (
    REFERRAL_ID_ROLE,
    SORT_ROLE,
    LedgerPeopleModel,
    LedgerReferralsModel,
)
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE
from netdesk.ui.tables import list_table


def _table(
    parent: QWidget, name: str, model, stretch: int
) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = list_table(proxy, name, parent)
    view.setSortingEnabled(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view, proxy


class LedgerPane(ReloadWhenShown, QWidget):
    """Emits ``move_requested(referral_id)`` and ``contact_chosen(contact_id)``."""

    move_requested = Signal(int)
    contact_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerPane")
        self.totals = QLabel(self)
        self.totals.setObjectName("ledgerTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.chart = LedgerChart(self)

        self.people_model = LedgerPeopleModel(self)
        self.people, self.people_proxy = _table(
            self, "ledgerPeople", self.people_model, LedgerPeopleModel.CONTACT
        )
        self.people.sortByColumn(LedgerPeopleModel.BALANCE, Qt.SortOrder.DescendingOrder)
        self.balance = QLabel(self)
        self.balance.setObjectName("ledgerBalance")
        self.balance.setWordWrap(True)

        self.referrals_model = LedgerReferralsModel(self)
        self.referrals, self.referrals_proxy = _table(
            self, "ledgerReferrals", self.referrals_model, LedgerReferralsModel.REFERRAL
        )
        self.referrals.sortByColumn(LedgerReferralsModel.DATE, Qt.SortOrder.DescendingOrder)
        self.move_button = QPushButton("Move &Along…", self)
        self.move_button.setObjectName("moveAlongButton")

        people_box = QWidget(self)
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.people, 1)
        people_layout.addWidget(self.balance)
        referrals_box = QWidget(self)
        referrals_layout = QVBoxLayout(referrals_box)
        referrals_layout.setContentsMargins(0, 0, 0, 0)
        referrals_layout.addWidget(self.referrals, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        referrals_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(people_box)
        split.addWidget(referrals_box)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.totals)
        layout.addWidget(self.chart)
        layout.addWidget(split, 1)

        self.people.selectionModel().currentRowChanged.connect(self.on_person_changed)
        self.people.activated.connect(self.on_person_activated)
        self.referrals.selectionModel().currentRowChanged.connect(self.update_buttons)
        self.referrals.activated.connect(self.request_move)
        self._context_actions: list = []
        self.referrals.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.referrals.customContextMenuRequested.connect(self.on_context_menu)
        self.move_button.clicked.connect(self.request_move)
        self.update_buttons()

    # -- what others call --------------------------------------------------------------

    def reload(self) -> None:
        keep_person = self._current(self.people, CONTACT_ID_ROLE)
        keep_referral = self.current_referral_id()
        totals = ledger.totals()
        self.totals.setText(self._totals_text(totals))
        self.chart.set_months(ledger.monthly())
        self.people_model.set_rows(ledger.ledger_rows())
        self.referrals_model.set_rows(referrals.list_referrals())
        if not self._select(self.people, CONTACT_ID_ROLE, keep_person):
            self.people.selectRow(0)
        if not self._select(self.referrals, REFERRAL_ID_ROLE, keep_referral):
            self.referrals.selectRow(0)
        self.on_person_changed()
        self.update_buttons()

    def current_referral_id(self) -> int | None:
        return self._current(self.referrals, REFERRAL_ID_ROLE)

    def current_introduces_two(self) -> bool:
        """Whether the selected referral connects two contacts (an email can introduce them)."""
        index = self.referrals.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return bool(row and row.provider_id and row.recipient_id)

    def set_context_actions(self, actions: list) -> None:
        """What a right click on a referral offers (the referral under it selected first)."""
        self._context_actions = actions

    def on_context_menu(self, position: QPoint) -> None:
        index = self.referrals.indexAt(position)
        if index.isValid():
            self.referrals.selectRow(index.row())
        menu = self.context_menu()
        menu.exec(self.referrals.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in self._context_actions:
            menu.addAction(action)
        return menu

    def select_referral(self, referral_id: int) -> bool:
        return self._select(self.referrals, REFERRAL_ID_ROLE, referral_id)

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _totals_text(totals: ledger.LedgerTotals) -> str:
        given = totals.given + totals.connected
        status = totals.by_status
        return (
            f"<b>Given {given}</b> · <b>Received {totals.received}</b> · "
            f"won {status['won']}, lost {status['lost']}, open {totals.open}<br>"
            f"Business won through your referrals: <b>{format_value(totals.given_value) or '$0'}"
            f"</b>; through referrals to you: <b>{format_value(totals.received_value) or '$0'}</b>"
        )

    @staticmethod
    def _current(view: QTableView, role: int) -> int | None:
        index = view.currentIndex()
        value = index.data(role) if index.isValid() else None
        return int(value) if value else None

    @staticmethod
    def _select(view: QTableView, role: int, value: int | None) -> bool:
        if value is None:
            return False
        model = view.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(role) == value:
                view.selectRow(row)
                return True
        return False

    # -- slots -------------------------------------------------------------------------

    def on_person_changed(self, *args) -> None:
        index = self.people.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        self.balance.setText(html.escape(ledger.balance_text(row)) if row else "")

    def on_person_activated(self, index) -> None:
        contact_id = index.data(CONTACT_ID_ROLE)
        if contact_id:
            self.contact_chosen.emit(int(contact_id))

    def request_move(self, *args) -> None:
        referral_id = self.current_referral_id()
        if referral_id:
            self.move_requested.emit(referral_id)

    def update_buttons(self, *args) -> None:
        index = self.referrals.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        self.move_button.setEnabled(bool(row and row.is_open))
