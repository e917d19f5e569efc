"""``netdesk match "NEED"``: who in the network can serve a need, best first, and why."""

from __future__ import annotations

import argparse

from netdesk.cli.common import open_for_reading, print_json
from netdesk.cli.errors import UserError
from netdesk.domain import matching
from netdesk.domain.matching.people import find_person
from netdesk.domain.user_errors import NotFound


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be between 1 and 1000")
    return value


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "match",
        parents=[common],
        help="rank the contacts who can serve a need, with the reasons",
        description="Rank the contacts who can serve NEED: relevance from the full-text "
        "index, weighed by trust and attention.",
    )
    parser.add_argument(
        "need",
        metavar="NEED",
        nargs="+",
        help='what is needed, e.g. "a realtor in Waterloo" (quotes optional); '
        'a need starting with "-" goes after "--": netdesk match -- -need',
    )
    parser.add_argument(
        "--for",
        dest="for_contact",
        metavar="CONTACT",
        help="the person with the need: an id, a name or any part of one that only one "
        "person answers to; never suggested for it",
    )
    parser.add_argument("--limit", type=_limit, default=matching.DEFAULT_LIMIT, metavar="N")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_for_reading(args)
    need = " ".join(args.need).strip()
    if not need:
        raise UserError("the need is empty; say what is needed, e.g. “a realtor”")
    for_id = None
    if args.for_contact:
        try:
            for_id = find_person(args.for_contact)
        except NotFound as exc:
            raise UserError(f"--for: {exc}") from None
    found = matching.match(need, for_contact_id=for_id, limit=args.limit)
    if args.json:
        print_json([result.as_json() for result in found.providers + found.mentioned])
        return 0
    if not found.providers:
        print(f"nobody in the network matches “{need}”")
    for rank, result in enumerate(found.providers, 1):
        _print_result(f"{rank:>3}.", result)
    if found.mentioned:
        print("\nalso mentioned in notes (not offering it):")
        for result in found.mentioned:
            _print_result("  -", result)
    return 0


def _print_result(mark: str, result: matching.MatchResult) -> None:
    role = ", ".join(part for part in (result.title, result.organisation) if part)
    print(f"{mark} {result.name}{' — ' + role if role else ''}  (score {result.score:.2f})")
    for reason in result.reasons:
        print(f"       {reason}")
