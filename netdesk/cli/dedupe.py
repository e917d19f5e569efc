"""``netdesk dedupe``: find duplicate contacts, and merge those that share an email or phone.

Pairs that only have similar names at the same organisation are listed for a
person to review (in the app's Duplicates view); they are never merged
unasked. Merges run in one transaction, after a rolling backup.
"""

from __future__ import annotations

import argparse

from netdesk.cli.common import db_path, open_for_reading, open_for_writing, print_json
from netdesk.domain import dedupe, rolling_backups


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "dedupe",
        parents=[common],
        help="find duplicate contacts and merge those sharing an email or phone",
    )
    parser.add_argument("--dry-run", action="store_true", help="list the duplicates; merge nothing")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.dry_run:
        open_for_reading(args)
    else:
        open_for_writing(args)
    candidates = dedupe.find_candidates()
    groups = dedupe.strong_groups(candidates)
    merged = []
    if groups and not args.dry_run:
        rolling_backups.back_up_or_refuse(db_path(args), reason="dedupe", refused="merged")
        merged = dedupe.merge_groups(groups)
    review = [c for c in candidates if not c.strong]
    if args.json:
        print_json(
            {
                "dry_run": args.dry_run,
                "candidates": [
                    {
                        "first_id": c.first_id,
                        "second_id": c.second_id,
                        "first_name": c.first_name,
                        "second_name": c.second_name,
                        "reasons": c.reasons,
                        "strong": c.strong,
                    }
                    for c in candidates
                ],
                "groups": groups,
                "merged": [{"kept": r.keep_id, "merged": r.other_id} for r in merged],
            }
        )
        return 0
    names = {}
    for c in candidates:
        names[c.first_id], names[c.second_id] = c.first_name, c.second_name
    verb = "would merge" if args.dry_run else "merged"
    pairs, moved = len(candidates), sum(len(g) - 1 for g in groups)
    print(
        f"{pairs} candidate pair{'' if pairs == 1 else 's'}; {verb} "
        f"{moved} contact{'' if moved == 1 else 's'} into {len(groups)}"
    )
    for keep, *others in groups:
        gone = ", ".join(f"#{i} “{names[i]}”" for i in others)
        print(f"  {verb} {gone} into #{keep} “{names[keep]}”")
    for c in review:
        print(
            f"  to review: #{c.first_id} “{c.first_name}” and #{c.second_id} "
            f"“{c.second_name}”: {c.reason_text}"
        )
    return 0
