"""``netdesk sync``: two-way sync with the person's server: the contacts with its address
book (CardDAV), then the history (interactions, events, referrals, follow-ups, the
synonym table) with its "netdesk" calendar (CalDAV).

    netdesk sync [--account NAME] [--dry-run] [--json] [--accept-pairs] [--allow-deletes]
    netdesk sync add URL --user NAME [--password-stdin] [--address-book NAME] [--allow-http]
    netdesk sync status [--json]
    netdesk sync remove NAME

Exit status: 0 synced (or a dry run), 1 the server could not be reached or
refused, 2 a problem with what was typed, 3 the sync waits for a yes (the
first-sync pairs, or the mass-delete guard): run it again with
``--accept-pairs`` or ``--allow-deletes`` after reading what it printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import urllib.parse

from netdesk.cli.common import open_for_reading, open_for_writing, print_json
from netdesk.cli.errors import UserError
from netdesk.domain.sync import accounts, credentials, discovery, outcome, status
from netdesk.domain.sync.dav_client import DavClient, DavError, is_loopback_host
from netdesk.domain.sync.outcome import SyncOutcome
from netdesk.domain.sync.runner import sync_account

EXIT_UNREACHABLE = 1
EXIT_WAITS = 3


def register(subparsers, common: argparse.ArgumentParser) -> None:  # type: ignore[no-untyped-def]
    parser = subparsers.add_parser(
        "sync",
        parents=[common],
        help="sync contacts and their history with your CardDAV/CalDAV server",
    )
    parser.add_argument("--account", metavar="NAME", help="which account (when there are several)")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
    parser.add_argument(
        "--accept-pairs", action="store_true", help="first sync: pair contacts as proposed"
    )
    parser.add_argument(
        "--allow-deletes",
        action="store_true",
        help="go on when one side would lose more than a fifth of the contacts (or records)",
    )
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.set_defaults(func=run_sync)
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")

    add = actions.add_parser("add", parents=[common], help="set up a sync account")
    add.add_argument("url", metavar="URL", help="the server, or your email address")
    add.add_argument("--user", required=True, metavar="NAME", help="your user name")
    add.add_argument("--name", metavar="NAME", help="what to call the account")
    add.add_argument("--address-book", metavar="NAME", help="which address book (by name or URL)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument(
        "--allow-http",
        action="store_true",
        help="allow plain HTTP to another computer (sends the password unencrypted)",
    )
    add.add_argument("--json", action="store_true", help="print the account as JSON")
    add.set_defaults(func=run_add)

    show = actions.add_parser("status", parents=[common], help="the last sync, per account")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    show.set_defaults(func=run_status)

    remove = actions.add_parser(
        "remove", parents=[common], help="forget an account (contacts stay)"
    )
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)


def _read_password(args: argparse.Namespace, prompt: str) -> str | None:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line.strip():
            raise UserError("--password-stdin: no password on standard input")
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


# -- netdesk sync add --------------------------------------------------------------------


def run_add(args: argparse.Namespace) -> int:
    open_for_writing(args)
    try:
        start = discovery.start_url(args.url)
    except DavError as exc:
        raise UserError(str(exc)) from exc
    host = urllib.parse.urlsplit(start).hostname or ""
    password = _read_password(args, f"Password for {args.user} at {host}: ")
    if password is None:
        try:
            password = credentials.load_password(args.user, start)
        except (credentials.NoPassword, credentials.NoKeyring) as exc:
            raise UserError(f"{exc}: give it with --password-stdin") from exc
    if start.startswith("http://") and not is_loopback_host(host):
        if not args.allow_http:
            raise UserError(
                f"{host} over plain HTTP would send your password unencrypted: use https:// "
                "(or --allow-http, for a server on your own network)"
            )
        print(f"warning: plain HTTP to {host}: your password travels unencrypted", file=sys.stderr)
    try:
        with DavClient(start, args.user, password, allow_http=args.allow_http) as client:
            found = discovery.discover(client, args.url)
            chosen = _choose(args, client, found)
    except DavError as exc:
        raise UserError(str(exc)) from exc
    name = args.name or f"{args.user}@{host}"
    try:
        account = accounts.add_account(
            name,
            found.server_url,
            args.user,
            principal_url=found.principal_url,
            collection_url=chosen.url,
            collection_name=chosen.display_name,
            allow_http=args.allow_http,
        )
    except accounts.AccountError as exc:
        raise UserError(str(exc)) from exc
    try:
        credentials.store_password(args.user, found.server_url, password)
        kept = "the password is in the system keyring"
    except credentials.NoKeyring as exc:
        kept = str(exc)
    if args.json:
        print_json(
            {"account": account.name, "address_book": chosen.url, "name": chosen.display_name}
        )
    else:
        print(f"added {account.name}: address book “{chosen.display_name}” ({chosen.url}); {kept}")
        print("run `netdesk sync` to sync now")
    return 0


def _choose(
    args: argparse.Namespace, client: DavClient, found: discovery.Discovery
) -> discovery.FoundCollection:
    books = found.collections
    if args.address_book:
        wanted = args.address_book.strip()
        for book in books:
            if wanted in (book.display_name, book.url) or book.url.rstrip("/").endswith(
                "/" + wanted.strip("/")
            ):
                return book
        if wanted.casefold() == "netdesk":
            return discovery.create_collection(client, found.home_url, "netdesk")
        names = ", ".join(f"“{b.display_name}”" for b in books) or "none"
        raise UserError(f"no address book {wanted!r} on the server (there are: {names})")
    if len(books) == 1:
        return books[0]
    if not books:
        print("no address book on the server: creating “netdesk”", file=sys.stderr)
        return discovery.create_collection(client, found.home_url, "netdesk")
    names = "\n".join(f"  {b.display_name}  {b.url}" for b in books)
    raise UserError(
        f"the server has several address books; choose one with --address-book NAME "
        f"(or --address-book netdesk for a new one):\n{names}"
    )


# -- netdesk sync ------------------------------------------------------------------------


def run_sync(args: argparse.Namespace) -> int:
    if args.dry_run:
        open_for_reading(args)
    else:
        open_for_writing(args)
    try:
        account = accounts.find_account(args.account)
    except accounts.AccountError as exc:
        raise UserError(str(exc)) from exc
    password = _read_password(args, "Password: ") if args.password_stdin else None
    show = None if args.json or not sys.stderr.isatty() else _show_progress
    result = sync_account(
        account,
        password=password,
        dry_run=args.dry_run,
        accept_pairs=args.accept_pairs,
        allow_deletes=args.allow_deletes,
        progress=show,
    )
    if show is not None:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    if args.json:
        print_json(result.as_json())
    else:
        _print_outcome(account.name, result)
    if result.status in (outcome.DONE, outcome.DRY_RUN):
        return 0
    if result.status in (outcome.NEEDS_PAIRING, outcome.BLOCKED):
        return EXIT_WAITS
    return EXIT_UNREACHABLE


def _show_progress(done: int, total: int, text: str) -> None:
    print(f"\r{text[:68]:68}", end="", file=sys.stderr, flush=True)


def _print_outcome(name: str, result: SyncOutcome) -> None:
    print(f"{name}: {result.summary()}")
    for pair in result.pairs:
        print(
            f"  pair  “{pair.server_name}” on the server = “{pair.local_name}” here ({pair.reason})"
        )
    history = result.history
    if result.status == outcome.NEEDS_PAIRING:
        print("nothing was written; if the pairs are right: netdesk sync --accept-pairs")
    if result.status == outcome.BLOCKED:
        written = "the contacts synced; nothing of the history" if history else "nothing"
        print(f"{written} was written; to go on: netdesk sync --allow-deletes")
    skipped = result.skipped + (history.skipped if history else [])
    for problem in skipped:
        print(f"  skipped {problem}")
    if result.all_conflicts:
        print(
            "  the server's value was kept in each conflict; yours wait in Sync Conflicts "
            "(File ▸ Sync)"
        )


# -- netdesk sync status / remove --------------------------------------------------------


def run_status(args: argparse.Namespace) -> int:
    if not open_for_reading_if_there(args):
        found: list[status.SyncStatus] = []
    else:
        found = status.statuses()
    if args.json:
        print_json([s.as_json() for s in found])
        return 0
    if not found:
        print("no sync account is set up (netdesk sync add URL --user NAME)")
    for item in found:
        when = item.last_sync_at.strftime("%Y-%m-%d %H:%M UTC") if item.last_sync_at else "never"
        print(f"{item.account}: {item.server}")
        print(f"  last synced {when}; last sync: {item.last_message or item.last_status}")
        if item.calendar:
            last = item.history_message or item.history_status
            print(f"  history: {item.calendar}; last sync: {last}")
        print(
            f"  {item.pending + item.pending_records} changes waiting here ({item.pending} "
            f"contacts, {item.pending_records} records), {item.conflicts} conflicts to resolve"
        )
        for line in item.local_only:
            print(f"  {line}")
    return 0


def open_for_reading_if_there(args: argparse.Namespace) -> bool:
    from netdesk.cli.common import db_path

    if not db_path(args).exists():
        return False
    open_for_reading(args)
    return True


def run_remove(args: argparse.Namespace) -> int:
    open_for_writing(args)
    try:
        accounts.remove_account(args.name)
    except accounts.AccountError as exc:
        raise UserError(str(exc)) from exc
    print(f"removed {args.name}: its contacts stay here and on the server")
    return 0
