"""``netdesk ledger``: the givers-gain ledger, for the network and per contact."""

from __future__ import annotations

import argparse

from netdesk.cli.common import open_for_reading, print_json
from netdesk.domain import ledger
from netdesk.domain.referrals import format_value


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "ledger",
        parents=[common],
        help="referrals given and received, outcomes, closed value and who owes whom",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_for_reading(args)
    totals = ledger.totals()
    rows = ledger.ledger_rows()
    if args.json:
        print_json(
            {
                "totals": {
                    "given": totals.given,
                    "received": totals.received,
                    "connected": totals.connected,
                    "by_status": totals.by_status,
                    "given_value": totals.given_value,
                    "received_value": totals.received_value,
                },
                "contacts": [
                    {
                        "contact_id": row.contact_id,
                        "name": row.name,
                        "given": row.given,
                        "given_won": row.given_won,
                        "given_lost": row.given_lost,
                        "given_open": row.given_open,
                        "given_value": row.given_value,
                        "received": row.received,
                        "received_won": row.received_won,
                        "received_value": row.received_value,
                        "introductions_for": row.introductions_for,
                        "balance": row.balance,
                        "summary": ledger.balance_text(row),
                    }
                    for row in rows
                ],
                "monthly": [
                    {"month": m.month.isoformat()[:7], "given": m.given, "received": m.received}
                    for m in ledger.monthly()
                ],
            }
        )
        return 0
    statuses = ", ".join(f"{count} {status}" for status, count in totals.by_status.items())
    print(
        f"Given {totals.given + totals.connected} (of which {totals.connected} connections), "
        f"received {totals.received}: {statuses}"
    )
    print(
        f"Business won through your referrals {format_value(totals.given_value) or '$0'}, "
        f"through referrals to you {format_value(totals.received_value) or '$0'}"
    )
    if rows:
        print()
        print(f"{'contact':<24} {'given':>5} {'won':>4} {'recv':>5} {'balance':>7}  ")
    for row in rows:
        print(
            f"{row.name:<24} {row.given:>5} {row.given_won:>4} {row.received:>5} "
            f"{row.balance:>+7}  {ledger.balance_text(row)}"
        )
    return 0
