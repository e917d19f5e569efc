"""Table models for the referral panes: thin adapters over lists the domain returns.

Each holds a plain list of domain rows (a match result, a ledger row, a
referral, an attention item), replaced in one reset by ``set_rows``; ``data``
only reads from that list. Sorting goes through a ``QSortFilterProxyModel``
using ``SORT_ROLE``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from netdesk.domain.referrals import DIRECTIONS, STATUSES, ReferralRow, format_value
from netdesk.ui.format import ago, medium_date
from netdesk.ui.models.base import Index, ListTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE, SCORE_ROLE

if TYPE_CHECKING:  # (the match, with its word lists, loads when a need is first matched)
    from netdesk.domain.followups import AttentionItem
    from netdesk.domain.ledger import LedgerRow
    from netdesk.domain.matching import MatchResult

# the value a proxy sorts a column on (numbers as numbers, dates as ISO text)
SORT_ROLE = Qt.ItemDataRole.UserRole + 20
# the id of the referral a row is about
REFERRAL_ID_ROLE = Qt.ItemDataRole.UserRole + 21

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _RowsModel(ListTableModel):
    HEADERS: tuple[str, ...] = ()
    # columns whose text is right-aligned (numbers)
    NUMERIC: frozenset[int] = frozenset()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, column)
        if role == SORT_ROLE:
            return self.sort_value(item, column)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return _RIGHT
        return self.other(item, column, role)

    # -- what subclasses say ---------------------------------------------------------

    def display(self, item, column: int) -> str | None:
        raise NotImplementedError

    def sort_value(self, item, column: int) -> Any:
        return self.display(item, column)

    def other(self, item, column: int, role: int) -> Any:
        return None


class MatchResultsModel(_RowsModel):
    """Ranked match results: who, why, trust, attention.

    ``set_compact(True)`` puts the reasons under the name, for a view too narrow
    to give them a column of their own (it hides ``WHY``).
    """

    RANK, CONTACT, WHY, TRUST, ATTENTION = range(5)
    HEADERS = ("#", "Contact", "Why", "Trust", "Attention")
    NUMERIC = frozenset({RANK, TRUST, ATTENTION})
    compact = False

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            if self.rowCount():
                self.dataChanged.emit(
                    self.index(0, self.CONTACT),
                    self.index(self.rowCount() - 1, self.CONTACT),
                    [Qt.ItemDataRole.DisplayRole],
                )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.RANK
            and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE)
            and self.row_at(index.row()) is not None
        ):
            rank = index.row() + 1
            return str(rank) if role == Qt.ItemDataRole.DisplayRole else rank
        return super().data(index, role)

    def display(self, item: MatchResult, column: int) -> str | None:
        if column == self.CONTACT:
            role = " · ".join(p for p in (item.title, item.organisation) if p)
            who = f"{item.name}\n{role}" if role else item.name
            return "\n".join([who, *why_lines(item)]) if self.compact else who
        if column == self.WHY:
            return "\n".join(why_lines(item))
        if column == self.TRUST:
            return f"{item.trust:.0f}"
        if column == self.ATTENTION:
            return f"{item.attention:.0f}"
        return None

    def other(self, item: MatchResult, column: int, role: int) -> Any:
        if role == CONTACT_ID_ROLE:
            return item.contact_id
        if role == SCORE_ROLE and column in (self.TRUST, self.ATTENTION):
            return item.trust if column == self.TRUST else item.attention
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (self.TRUST, self.ATTENTION):
            score = item.trust if column == self.TRUST else item.attention
            return f"{self.HEADERS[column]} {score:.0f} of 100"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(item.reasons) + f"\nscore {item.score:.3f}"
        return None


def why_lines(result: MatchResult) -> list[str]:
    """The reasons a row shows: what matched and the referral history (scores have columns)."""
    return [r for r in result.reasons if not r.startswith("trust ")]


class LedgerPeopleModel(_RowsModel):
    """Per contact: referrals given, won, received, the balance and the value won."""

    CONTACT, GIVEN, WON, RECEIVED, BALANCE, VALUE = range(6)
    HEADERS = ("Contact", "Given", "Won", "Received", "Balance", "Value won")
    NUMERIC = frozenset({GIVEN, WON, RECEIVED, BALANCE, VALUE})

    def display(self, item: LedgerRow, column: int) -> str | None:
        if column == self.CONTACT:
            return item.name
        if column == self.GIVEN:
            return str(item.given)
        if column == self.WON:
            return str(item.given_won)
        if column == self.RECEIVED:
            return str(item.received)
        if column == self.BALANCE:
            return f"{item.balance:+d}" if item.balance else "0"
        if column == self.VALUE:
            value = item.given_value + item.received_value
            return format_value(value) if value else "—"
        return None

    def sort_value(self, item: LedgerRow, column: int) -> Any:
        return {
            self.CONTACT: item.name.casefold(),
            self.GIVEN: item.given,
            self.WON: item.given_won,
            self.RECEIVED: item.received,
            self.BALANCE: item.balance,
            self.VALUE: item.given_value + item.received_value,
        }.get(column)

    def other(self, item: LedgerRow, column: int, role: int) -> Any:
        if role == CONTACT_ID_ROLE:
            return item.contact_id
        if role == Qt.ItemDataRole.ToolTipRole:
            # (the ledger's domain loads with the ledger: the Match view, in sight at
            # the start, shares this module)
            from netdesk.domain.ledger import balance_text

            return balance_text(item)
        return None


class LedgerReferralsModel(_RowsModel):
    """Every referral: when, who to whom, status, value."""

    DATE, REFERRAL, STATUS, VALUE = range(4)
    HEADERS = ("Date", "Referral", "Status", "Value")
    NUMERIC = frozenset({VALUE})

    def display(self, item: ReferralRow, column: int) -> str | None:
        if column == self.DATE:
            return medium_date(item.referred_on)
        if column == self.REFERRAL:
            return item.summary()
        if column == self.STATUS:
            return STATUSES[item.status]
        if column == self.VALUE:
            return format_value(item.value)
        return None

    def sort_value(self, item: ReferralRow, column: int) -> Any:
        if column == self.DATE:
            return item.referred_on.isoformat()
        if column == self.VALUE:
            return item.value or 0.0
        if column == self.STATUS:
            return list(STATUSES).index(item.status)
        return self.display(item, column)

    def other(self, item: ReferralRow, column: int, role: int) -> Any:
        if role == REFERRAL_ID_ROLE:
            return item.id
        if role == CONTACT_ID_ROLE:
            return item.main_contact_id or 0
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.summary(), DIRECTIONS[item.direction]]
            if item.status_changed_on:
                lines.append(f"{STATUSES[item.status]} on {medium_date(item.status_changed_on)}")
            if item.note:
                lines.append(item.note)
            return "\n".join(lines)
        return None


class AttentionModel(_RowsModel):
    """Who needs attention: who, why, since when."""

    CONTACT, REASON, SINCE = range(3)
    HEADERS = ("Contact", "Why", "Since")

    def __init__(self, parent=None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def display(self, item: AttentionItem, column: int) -> str | None:
        if column == self.CONTACT:
            return item.contact_name
        if column == self.REASON:
            return item.label  # the detail (which names people) is in the tooltip and below
        if column == self.SINCE:
            return ago(item.since, self.today)
        return None

    def sort_value(self, item: AttentionItem, column: int) -> Any:
        if column == self.SINCE:
            return item.since.isoformat()
        return (self.display(item, column) or "").casefold()

    def other(self, item: AttentionItem, column: int, role: int) -> Any:
        if role == CONTACT_ID_ROLE:
            return item.contact_id
        if role == REFERRAL_ID_ROLE:
            return item.referral_id or 0
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.label} since {medium_date(item.since)}\n{item.detail}"
        return None
