"""For the selected contact: who needs what they offer, who could help with what they need."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import contacts, ledger, matching
from netdesk.domain.matching import MatchResult
from netdesk.ui.panes.reload_when_shown import ReloadWhenShown
from netdesk.ui.tables import list_keys

# (provider id, recipient id, need) an introduction from this row would record
INTRO_ROLE = Qt.ItemDataRole.UserRole + 50
# arrowing through the contact list only looks up the contact it stops on
SETTLE_MS = 120


class ReversePane(ReloadWhenShown, QWidget):
    """Emits ``introduce_requested(provider_id, recipient_id, need)``."""

    introduce_requested = Signal(int, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reversePane")
        self.contact_id = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        self.heading = QLabel(self)
        self.heading.setObjectName("reverseHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("reverseTree")
        list_keys(self.tree)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Who", "Why"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 170)
        self.introduce_button = QPushButton("&Introduce…", self)
        self.introduce_button.setObjectName("reverseIntroduce")
        buttons = QHBoxLayout()
        buttons.addWidget(self.introduce_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tree.currentItemChanged.connect(self.update_buttons)
        self.tree.itemActivated.connect(self.request_introduce)
        self.introduce_button.clicked.connect(self.request_introduce)
        self.update_buttons()

    # -- what others call --------------------------------------------------------------

    def show_contact(self, contact_id: int) -> None:
        """Follow the selected contact; looked up once the selection settles."""
        if contact_id == self.contact_id and not self.stale:
            return
        self.contact_id = contact_id
        self.stale = True
        self._settle.start()

    def reload(self) -> None:
        self._settle.stop()
        self.tree.clear()
        if not self.contact_id:
            self.heading.setText("<span style='color:gray'>Select a contact.</span>")
            self.update_buttons()
            return
        name = contacts.contact_name(self.contact_id)
        first = html.escape(name.split()[0] if name else "them")
        view = matching.reverse_view(self.contact_id)
        row = ledger.contact_ledger(self.contact_id)
        balance = ledger.balance_text(row) if row else f"No referrals with {first} yet."
        self.heading.setText(f"<b>{html.escape(name)}</b><br>{html.escape(balance)}")

        needing = QTreeWidgetItem(self.tree, [f"Who needs what {first} offers", ""])
        for result in view.needing:
            need = (result.matched.get("needs") or [""])[0]
            self._add(needing, result, (self.contact_id, result.contact_id, need))
        if not view.needing:
            QTreeWidgetItem(needing, ["nobody on record", ""]).setDisabled(True)
        helping = QTreeWidgetItem(self.tree, [f"Who could help with what {first} needs", ""])
        for help_for in view.helping:
            group = QTreeWidgetItem(helping, [help_for.need, ""])
            for result in help_for.helpers:
                self._add(group, result, (result.contact_id, self.contact_id, help_for.need))
            if not help_for.helpers:
                QTreeWidgetItem(group, ["nobody in your network yet", ""]).setDisabled(True)
        if not view.helping:
            QTreeWidgetItem(helping, ["no needs recorded", ""]).setDisabled(True)
        for group in (needing, helping):
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for i in range(group.childCount()):
                group.child(i).setFirstColumnSpanned(not group.child(i).data(0, INTRO_ROLE))
        self.tree.expandAll()
        self.update_buttons()

    def current_intro(self) -> tuple[int, int, str] | None:
        item = self.tree.currentItem()
        return item.data(0, INTRO_ROLE) if item is not None else None

    def rows(self) -> list[tuple[str, str]]:
        """(who, why) of every person listed, top to bottom."""
        found = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.data(0, INTRO_ROLE):
                found.append((item.text(0), item.text(1)))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return found

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _add(parent: QTreeWidgetItem, result: MatchResult, intro: tuple[int, int, str]) -> None:
        why = [r for r in result.reasons if not r.startswith("trust ")]
        item = QTreeWidgetItem(parent, [result.name, why[0] if why else ""])
        item.setData(0, INTRO_ROLE, intro)
        item.setToolTip(1, "\n".join(result.reasons))

    def request_introduce(self, *args) -> None:
        intro = self.current_intro()
        if intro:
            self.introduce_requested.emit(*intro)

    def update_buttons(self, *args) -> None:
        self.introduce_button.setEnabled(self.current_intro() is not None)
