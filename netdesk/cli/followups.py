"""``netdesk followups``: who needs attention today, and why, oldest first."""

from __future__ import annotations

import argparse

from netdesk.cli.common import open_for_reading, print_json
from netdesk.domain import followups


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "followups",
        parents=[common],
        help="list who needs attention: cadence overdue, fading, referrals waiting, follow-ups",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_for_reading(args)
    items = followups.needs_attention()
    if args.json:
        print_json(
            [
                {
                    "contact_id": item.contact_id,
                    "name": item.contact_name,
                    "reason": item.reason,
                    "detail": item.detail,
                    "since": item.since.isoformat(),
                    "referral_id": item.referral_id,
                    "event_id": item.event_id,
                    "follow_up_id": item.follow_up_id,
                }
                for item in items
            ]
        )
        return 0
    if not items:
        print("nobody needs attention today")
        return 0
    for item in items:
        print(f"{item.since.isoformat()}  {item.contact_name:<24} {item.label:<17} {item.detail}")
    return 0
