"""The givers-gain ledger: who I have sent business to, who has sent business to me.

Per contact:

- *given*: referrals where I recommended them (``given`` or ``connected`` with
  them as provider), with their outcomes and the value of the business won;
- *received*: referrals they sent me (``received`` with them as referrer);
- *introductions for them*: ``connected`` referrals where they had the need;
- *balance* = given − received: above zero they owe me, below zero I owe them.

For the whole network the same counts, outcomes and values, and given vs
received per month for the chart. All of it is a handful of grouped queries
over the referral table, small even in a large network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from netdesk.domain.referrals import OPEN_STATUSES, STATUSES, format_value
from netdesk.storage.models import database


@dataclass
class LedgerRow:
    contact_id: int
    name: str
    given: int = 0
    given_won: int = 0
    given_lost: int = 0
    given_value: float = 0.0
    received: int = 0
    received_won: int = 0
    received_value: float = 0.0
    introductions_for: int = 0

    @property
    def given_open(self) -> int:
        return self.given - self.given_won - self.given_lost

    @property
    def balance(self) -> int:
        return self.given - self.received


@dataclass
class LedgerTotals:
    given: int = 0
    received: int = 0
    connected: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    # value of business won by the people I recommended (given and connected)
    given_value: float = 0.0
    # value of business that came to me through referrals
    received_value: float = 0.0

    @property
    def total(self) -> int:
        return self.given + self.received + self.connected

    @property
    def open(self) -> int:
        return sum(self.by_status[s] for s in OPEN_STATUSES)


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # first day of the month
    given: int
    received: int


_PER_CONTACT = """
SELECT c.id, c.display_name,
       coalesce(sum(x.given), 0), coalesce(sum(x.given_won), 0), coalesce(sum(x.given_lost), 0),
       coalesce(sum(x.given_value), 0), coalesce(sum(x.received), 0),
       coalesce(sum(x.received_won), 0), coalesce(sum(x.received_value), 0),
       coalesce(sum(x.intro_for), 0)
FROM (
    SELECT provider_id AS cid, 1 AS given, status = 'won' AS given_won,
           status = 'lost' AS given_lost,
           CASE WHEN status = 'won' THEN coalesce(value, 0) ELSE 0 END AS given_value,
           0 AS received, 0 AS received_won, 0 AS received_value, 0 AS intro_for
    FROM referral WHERE direction IN ('given', 'connected') AND provider_id IS NOT NULL
    UNION ALL
    SELECT referrer_id, 0, 0, 0, 0, 1, status = 'won',
           CASE WHEN status = 'won' THEN coalesce(value, 0) ELSE 0 END, 0
    FROM referral WHERE direction = 'received' AND referrer_id IS NOT NULL
    UNION ALL
    SELECT recipient_id, 0, 0, 0, 0, 0, 0, 0, 1
    FROM referral WHERE direction = 'connected' AND recipient_id IS NOT NULL
) x
JOIN contact c ON c.id = x.cid
{where}
GROUP BY c.id
"""


def _ledger_row(values: tuple[Any, ...]) -> LedgerRow:
    cid, name, given, g_won, g_lost, g_value, received, r_won, r_value, intro = values
    return LedgerRow(
        cid, name, given, g_won, g_lost, float(g_value), received, r_won, float(r_value), intro
    )


def ledger_rows() -> list[LedgerRow]:
    """One row per contact who takes part in any referral, largest balance first."""
    cursor = database.execute_sql(_PER_CONTACT.format(where=""))
    rows = [_ledger_row(values) for values in cursor]
    rows.sort(key=lambda r: (-abs(r.balance), -(r.given + r.received), r.name.casefold()))
    return rows


def contact_ledger(contact_id: int) -> LedgerRow | None:
    """The ledger of one contact, or None when they were never part of a referral."""
    found = database.execute_sql(
        _PER_CONTACT.format(where="WHERE c.id = ?"), (contact_id,)
    ).fetchone()
    return _ledger_row(found) if found else None


def totals() -> LedgerTotals:
    result = LedgerTotals()
    cursor = database.execute_sql(
        "SELECT direction, status, count(*), "
        "coalesce(sum(CASE WHEN status = 'won' THEN value END), 0) "
        "FROM referral GROUP BY direction, status"
    )
    for direction, status, count, value in cursor:
        if direction == "received":
            result.received += count
            result.received_value += value
        elif direction == "connected":
            result.connected += count
            result.given_value += value
        else:
            result.given += count
            result.given_value += value
        if status in result.by_status:
            result.by_status[status] += count
    return result


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def monthly(months: int = 12, today: dt.date | None = None) -> list[MonthCount]:
    """Referrals given (given and connected) and received per month, oldest month first."""
    today = today or dt.date.today()
    starts = _months_back(today, months)
    counts = {start: [0, 0] for start in starts}
    cursor = database.execute_sql(
        "SELECT substr(referred_on, 1, 7), direction = 'received', count(*) FROM referral "
        "WHERE referred_on >= ? GROUP BY 1, 2",
        (starts[0].isoformat(),),
    )
    for month, received, count in cursor:
        start = dt.date.fromisoformat(f"{month}-01")
        if start in counts:
            counts[start][1 if received else 0] += count
    return [MonthCount(start, given, received) for start, (given, received) in counts.items()]


def _times(count: int, noun: str = "referral") -> str:
    if count == 0:
        return "none"
    return f"{count} {noun}{'s' if count != 1 else ''}"


def balance_text(row: LedgerRow) -> str:
    """The balance in words: who owes whom."""
    first = row.name.split()[0] if row.name.strip() else "they"
    if row.given == 0 and row.received == 0:
        if row.introductions_for:
            return (
                f"You have introduced {first} to "
                f"{_times(row.introductions_for, 'contact')}; no business either way yet"
            )
        return f"No referrals with {first} yet"
    sent = f"You have sent {first} {_times(row.given)}"
    back = f"{first} has sent you {_times(row.received)}"
    if row.balance > 0:
        verdict = f"{first} owes you one" if row.received else ""
    elif row.balance < 0:
        verdict = f"you owe {first} a thank-you"
        if row.given == 0:
            verdict += " and a referral"
    else:
        verdict = "you are even"
    won = ""
    if row.given_value or row.received_value:
        parts = []
        if row.given_value:
            parts.append(f"{format_value(row.given_value)} won through you")
        if row.received_value:
            parts.append(f"{format_value(row.received_value)} won through {first}")
        won = " (" + ", ".join(parts) + ")"
    sentence = f"{sent}, {back}{won}"
    return f"{sentence}: {verdict}" if verdict else sentence
