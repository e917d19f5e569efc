"""Running one account's sync from start to end: the password, the client, the faults.

Whatever happens, the outcome comes back as a ``SyncOutcome`` (never an
exception for a fault of the network or the server) and is remembered on the
account's collection for the status bar and ``netdesk sync status``. Being
offline is an ordinary outcome, said quietly.
"""

from __future__ import annotations

import logging
import time

import httpx

from netdesk.domain.sync import outcome
from netdesk.domain.sync.accounts import Account, record_result
from netdesk.domain.sync.card_text import CardError
from netdesk.domain.sync.contact_sync import ContactSync, Progress
from netdesk.domain.sync.credentials import NoKeyring, NoPassword
from netdesk.domain.sync.dav_client import AuthFailed, DavClient, DavError, InsecureUrl, Offline
from netdesk.domain.sync.dav_xml import DavXmlError
from netdesk.domain.sync.outcome import SyncCancelled, SyncOutcome

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
    result.seconds = result.seconds or time.perf_counter() - started
    if not dry_run and account.contacts is not None:
        record_result(
            account.contacts.id,
            {"status": result.status, "message": result.summary(), "conflicts": result.conflicts},
            finished=result.status == outcome.DONE,
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
            return ContactSync(
                account,
                client,
                dry_run=dry_run,
                accept_pairs=accept_pairs,
                allow_deletes=allow_deletes,
                progress=progress,
            ).run()
    except Offline as exc:
        return SyncOutcome(outcome.OFFLINE, f"offline: {exc}; netdesk syncs again later")
    except AuthFailed as exc:
        return SyncOutcome(outcome.AUTH, str(exc))
    except SyncCancelled:
        return SyncOutcome(outcome.CANCELLED, "sync cancelled; the next sync finishes the work")
    except InsecureUrl as exc:
        return SyncOutcome(outcome.FAILED, str(exc))
    except (DavError, DavXmlError, CardError) as exc:
        log.warning("sync failed: %s", type(exc).__name__)
        return SyncOutcome(outcome.FAILED, f"sync failed: {exc}")
