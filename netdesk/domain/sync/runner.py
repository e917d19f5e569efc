"""Running one account's sync from start to end: the password, the client, the faults.

The contacts first (the address book), then the history (the calendar), which
names them: the history syncs only after the contacts did. Whatever happens,
the outcome comes back as a ``SyncOutcome`` (never an exception for a fault of
the network or the server) and is remembered on each collection for the status
bar and ``netdesk sync status``. Being offline is an ordinary outcome, said
quietly.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from typing import TypeVar

import httpx

from netdesk.domain.sync import outcome
from netdesk.domain.sync.accounts import Account, forget_calendar, record_result, refresh
from netdesk.domain.sync.card_text import CardError
from netdesk.domain.sync.collection_sync import Progress
from netdesk.domain.sync.contact_sync import ContactSync
from netdesk.domain.sync.credentials import NoKeyring, NoPassword
from netdesk.domain.sync.dav_client import AuthFailed, DavClient, DavError, InsecureUrl, Offline
from netdesk.domain.sync.dav_xml import DavXmlError
from netdesk.domain.sync.history_sync import CalendarGone, HistorySync, find_calendar
from netdesk.domain.sync.outcome import HistoryOutcome, SyncCancelled, SyncOutcome
from netdesk.domain.sync.record_ical import RecordError

log = logging.getLogger(__name__)


def sync_account(
    account: Account,
    *,
    password: str | None = None,
    dry_run: bool = False,
    accept_pairs: bool = False,
    allow_deletes: bool = False,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> SyncOutcome:
    started = time.perf_counter()
    result = _run(
        account,
        password,
        dry_run=dry_run,
        accept_pairs=accept_pairs,
        allow_deletes=allow_deletes,
        progress=progress,
        transport=transport,
    )
    result.seconds = time.perf_counter() - started
    if not dry_run and account.contacts is not None:
        contacts_status = result.status if result.history is None else outcome.DONE
        record_result(
            account.contacts.id,
            {
                "status": contacts_status,
                "message": result.summary() if result.history is None else result.message,
                "conflicts": result.conflicts,
            },
            finished=contacts_status == outcome.DONE,
        )
    history = result.history
    calendar = refresh(account).calendar if history is not None and not dry_run else None
    if history is not None and calendar is not None:
        record_result(
            calendar.id,
            {
                "status": history.status,
                "message": history.message,
                "conflicts": history.conflicts,
                "local_only": history.local_only,
            },
            finished=history.status == outcome.DONE,
        )
    if result.status != outcome.DONE:
        log.info("sync of account #%d ended: %s", account.id, result.status)
    return result


def _run(
    account: Account,
    password: str | None,
    *,
    dry_run: bool,
    accept_pairs: bool,
    allow_deletes: bool,
    progress: Progress | None,
    transport: httpx.BaseTransport | None,
) -> SyncOutcome:
    if account.contacts is None:
        return SyncOutcome(outcome.FAILED, f"{account.name} has no address book chosen")
    try:
        secret = password if password is not None else account.password()
    except (NoPassword, NoKeyring) as exc:
        return SyncOutcome(outcome.AUTH, str(exc))
    try:
        with DavClient(
            account.contacts.url,
            account.username,
            secret,
            allow_http=account.allow_http,
            transport=transport,
        ) as client:
            result = ContactSync(
                account,
                client,
                dry_run=dry_run,
                accept_pairs=accept_pairs,
                allow_deletes=allow_deletes,
                progress=progress,
            ).run()
            if result.status in (outcome.DONE, outcome.DRY_RUN):
                history = _history(
                    account,
                    client,
                    secret,
                    dry_run=dry_run,
                    allow_deletes=allow_deletes,
                    progress=progress,
                    transport=transport,
                )
                result.message = (
                    result.summary() if result.status == outcome.DONE else result.message
                )
                result.history = history
                if history.status not in (outcome.DONE, outcome.DRY_RUN):
                    result.status = history.status
                    result.message = f"contacts synced; the history: {history.message}"
                    result.guard = history.guard
                elif history.status == outcome.DRY_RUN and result.status == outcome.DRY_RUN:
                    result.planned.update(history.planned)
                    result.message = (
                        f"{result.message}; {history.message.removeprefix('dry run: ')}"
                    )
            return result
    except (SyncCancelled, DavError, DavXmlError, CardError) as exc:
        return _fault(exc, SyncOutcome, "sync")


# the outcome a stopped sync tells, the contacts' and the history's alike (Offline,
# AuthFailed and InsecureUrl are DavErrors)
Told = TypeVar("Told", SyncOutcome, HistoryOutcome)


def _fault(exc: Exception, told: type[Told], what: str) -> Told:
    """The outcome ``told`` of a sync (``what``) stopped by ``exc``."""
    if isinstance(exc, Offline):
        return told(outcome.OFFLINE, f"offline: {exc}; netdesk syncs again later")
    if isinstance(exc, AuthFailed):
        return told(outcome.AUTH, str(exc))
    if isinstance(exc, SyncCancelled):
        return told(outcome.CANCELLED, "sync cancelled; the next sync finishes the work")
    if isinstance(exc, InsecureUrl):
        return told(outcome.FAILED, str(exc))
    log.warning("%s failed: %s", what, type(exc).__name__)
    return told(outcome.FAILED, f"sync failed: {exc}")


def _history(
    account: Account,
    client: DavClient,
    secret: str,
    *,
    dry_run: bool,
    allow_deletes: bool,
    progress: Progress | None,
    transport: httpx.BaseTransport | None,
) -> HistoryOutcome:
    """The calendar's part, its faults its own: the contacts stay synced whatever happens."""

    def run(found: Account) -> HistoryOutcome:
        return _run_history(
            found,
            client,
            secret,
            transport,
            dry_run=dry_run,
            allow_deletes=allow_deletes,
            progress=progress,
        )

    try:
        if progress is not None:
            progress(0, 0, "Finding the netdesk calendar")
        found = find_calendar(account, client, create=not dry_run)
        try:
            return run(found)
        except CalendarGone as gone:
            # removed on the server: every record stays here, and goes to a calendar made
            # anew (another computer's records already there are paired, not doubled)
            log.info("the calendar is gone from the server: finding or making it again")
            forget_calendar(account.id, keep_address=gone.made_anew)
            found = find_calendar(refresh(account), client, create=not dry_run)
            done = run(found)
            done.message = f"the netdesk calendar had been removed: made again; {done.message}"
            return done
    except (SyncCancelled, DavError, DavXmlError, RecordError) as exc:
        return _fault(exc, HistoryOutcome, "history sync")


def _run_history(
    account: Account,
    client: DavClient,
    secret: str,
    transport: httpx.BaseTransport | None,
    *,
    dry_run: bool,
    allow_deletes: bool,
    progress: Progress | None,
) -> HistoryOutcome:
    calendar_url = account.calendar.url if account.calendar is not None else client.base_url
    if urllib.parse.urlsplit(calendar_url).netloc == urllib.parse.urlsplit(client.base_url).netloc:
        return HistorySync(
            account, client, dry_run=dry_run, allow_deletes=allow_deletes, progress=progress
        ).run()
    # the calendar on a host of its own (caldav.… beside carddav.…)
    with DavClient(
        calendar_url, account.username, secret, allow_http=account.allow_http, transport=transport
    ) as other:
        return HistorySync(
            account, other, dry_run=dry_run, allow_deletes=allow_deletes, progress=progress
        ).run()
