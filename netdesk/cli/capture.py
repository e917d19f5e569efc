"""``netdesk capture``: meetup quick capture from the shell, one person per line.

Each line of standard input is one entry, fields separated by tabs: name,
business, offers, needs, note, email (later fields may be left off; offers
and needs are comma-separated). Empty lines and lines starting with ``#``
are skipped. Every line is read as UTF-8 on its own: a line that is not is
reported and skipped, and the lines after it are still read. Every entry is
saved in its own transaction, and ``saved N: NAME`` is printed (and flushed)
only once it is committed, so whatever was confirmed survives the process
being killed. A line that cannot be saved is reported on stderr with its
number and skipped; the exit status is then 2.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import sys
from collections.abc import Iterator
from typing import TextIO

from netdesk.cli.common import open_for_writing
from netdesk.cli.errors import UserError
from netdesk.domain import capture, events
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import ValidationError, clean_line

FIELDS = ("name", "business", "offers", "needs", "note", "email")
EXIT_SKIPPED = 2


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "capture",
        parents=[common],
        help="capture people met at an event, one tab-separated line each "
        "(name, business, offers, needs, note, email)",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", type=int, metavar="ID", help="an existing event")
    which.add_argument("--new-event", metavar="NAME", help="create an event held today")
    parser.add_argument("--place", default="", help="where the new event is held")
    parser.set_defaults(func=run)


def parse_line(line: str) -> capture.CaptureEntry:
    values = line.rstrip("\r\n").split("\t")
    if len(values) > len(FIELDS):
        raise UserError(f"expected at most {len(FIELDS)} tab-separated fields, got {len(values)}")
    return capture.CaptureEntry(**dict(zip(FIELDS, values, strict=False)))


def input_lines(stream: TextIO) -> Iterator[tuple[int, str | UserError]]:
    """Each line of ``stream`` with its number, decoded as UTF-8 on its own.

    A line that is not UTF-8 comes as a ``UserError`` naming the first bad
    byte, so the lines after it are still read (the text layer would stop
    the whole input at it, or let undecodable bytes through).
    """
    raw = getattr(stream, "buffer", None)
    if raw is None:  # already text (a test's StringIO)
        yield from enumerate(stream, 1)
        return
    for number, data in enumerate(raw, 1):
        if number == 1:
            data = data.removeprefix(codecs.BOM_UTF8)
        try:
            yield number, data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                number,
                UserError(
                    f"not UTF-8 text (0x{data[exc.start]:02x} at byte {exc.start + 1}); "
                    "line skipped"
                ),
            )


def run(args: argparse.Namespace) -> int:
    open_for_writing(args)
    if args.new_event is not None:
        event_id = events.create_event(
            events.EventDraft(
                name=clean_line(args.new_event),
                held_on=dt.date.today(),
                place=clean_line(args.place),
            )
        )
    else:
        event_id = args.event
        try:
            events.get_event(event_id)
        except NotFound:
            raise UserError(f"no event with id {event_id}") from None
    event = events.get_event(event_id)
    print(f"capturing at event {event.id}: {event.title}", flush=True)
    saved = skipped = 0
    for number, line in input_lines(sys.stdin):
        if isinstance(line, UserError):
            skipped += 1
            print(f"netdesk: line {number}: {line}", file=sys.stderr, flush=True)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        try:
            done = capture.capture(event_id, parse_line(line))
        except (UserError, ValidationError) as exc:
            skipped += 1
            print(f"netdesk: line {number}: {exc}", file=sys.stderr, flush=True)
            continue
        saved += 1
        print(f"saved {saved}: {done.name}", flush=True)
    return EXIT_SKIPPED if skipped else 0
