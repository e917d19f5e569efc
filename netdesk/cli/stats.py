"""``netdesk stats``: what a database holds."""

from __future__ import annotations

import argparse

from netdesk.cli.common import open_for_reading, print_json
from netdesk.domain import stats


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats", parents=[common], help="count contacts, interactions, referrals and events"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_for_reading(args)
    counts = stats.counts()
    if args.json:
        print_json(counts)
    else:
        for name, value in counts.items():
            print(f"{name:>14}: {value}")
    return 0
