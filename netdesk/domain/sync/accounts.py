"""Sync accounts as netdesk keeps them: which server, which user, which collection.

The password is not here (``credentials``). Removing an account removes what
netdesk knew about the server (hrefs, ETags, conflicts); every contact stays.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from netdesk.domain.sync import credentials
from netdesk.storage.models import (
    SyncAccount,
    SyncCollection,
    SyncConflict,
    SyncItem,
    database,
    utcnow,
)

# the kinds of collection an account has (sync_collection.kind)
CONTACTS = "contacts"
CALENDAR = "calendar"


class AccountError(ValueError):
    """No such account, or the name is ambiguous or taken."""


@dataclass(frozen=True)
class Collection:
    id: int
    kind: str
    url: str
    display_name: str
    sync_token: str | None
    ctag: str | None
    last_sync_at: dt.datetime | None
    last_result: dict[str, Any]
    components: frozenset[str] = frozenset()  # what a calendar holds (VEVENT, VTODO…)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    server_url: str
    username: str
    principal_url: str
    allow_http: bool
    contacts: Collection | None
    calendar: Collection | None = None  # found (or made) at its first sync

    def password(self) -> str:
        return credentials.load_password(self.username, self.server_url)


def _collection(row: SyncCollection) -> Collection:
    try:
        result = json.loads(row.last_result) if row.last_result else {}
    except ValueError:
        result = {}
    return Collection(
        row.id,
        row.kind,
        row.url,
        row.display_name,
        row.sync_token,
        row.ctag,
        row.last_sync_at,
        result if isinstance(result, dict) else {},
        frozenset(name for name in (row.components or "").split(",") if name),
    )


def _account(row: SyncAccount) -> Account:
    found = {
        collection.kind: _collection(collection)
        for collection in SyncCollection.select().where(SyncCollection.account == row.id)
    }
    return Account(
        row.id,
        row.name,
        row.server_url,
        row.username,
        row.principal_url,
        bool(row.allow_http),
        found.get(CONTACTS),
        found.get(CALENDAR),
    )


def list_accounts() -> list[Account]:
    if not database.table_exists("sync_account"):
        return []
    return [_account(row) for row in SyncAccount.select().order_by(SyncAccount.name)]


def has_accounts() -> bool:
    return bool(SyncAccount.select().exists())


def find_account(name: str | None = None) -> Account:
    """The account called ``name``; without a name, the only account there is."""
    accounts = list_accounts()
    if name is not None:
        for account in accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in accounts) or "none"
        raise AccountError(f"no sync account called {name!r} (accounts: {known})")
    if not accounts:
        raise AccountError("no sync account is set up (netdesk sync add URL --user NAME)")
    if len(accounts) > 1:
        raise AccountError(
            "several sync accounts: name one with --account ("
            + ", ".join(a.name for a in accounts)
            + ")"
        )
    return accounts[0]


def add_account(
    name: str,
    server_url: str,
    username: str,
    *,
    principal_url: str,
    collection_url: str,
    collection_name: str,
    allow_http: bool = False,
) -> Account:
    with database.atomic():
        if SyncAccount.select().where(SyncAccount.name == name).exists():
            raise AccountError(f"a sync account called {name!r} exists already")
        row = SyncAccount.create(
            name=name,
            server_url=server_url,
            username=username,
            principal_url=principal_url,
            allow_http=int(allow_http),
        )
        SyncCollection.create(
            account=row.id,
            kind="contacts",
            url=collection_url,
            display_name=collection_name,
        )
    return _account(row)


def remove_account(name: str) -> None:
    account = find_account(name)
    with database.atomic():
        SyncAccount.delete().where(SyncAccount.id == account.id).execute()
    others = [
        a
        for a in list_accounts()
        if (a.username, a.server_url) == (account.username, account.server_url)
    ]
    if not others:
        credentials.forget_password(account.username, account.server_url)


def refresh(account: Account) -> Account:
    return _account(SyncAccount.get_by_id(account.id))


def record_result(collection_id: int, result: dict[str, Any], *, finished: bool) -> None:
    values: dict[str, Any] = {"last_result": json.dumps(result)}
    if finished:
        values["last_sync_at"] = utcnow()
    SyncCollection.update(values).where(SyncCollection.id == collection_id).execute()


def set_calendar(account_id: int, url: str, name: str, components: set[str]) -> None:
    """Remember the account's calendar (found or made by its first calendar sync)."""
    with database.atomic():
        SyncCollection.delete().where(
            (SyncCollection.account == account_id) & (SyncCollection.kind == CALENDAR)
        ).execute()
        SyncCollection.create(
            account=account_id,
            kind=CALENDAR,
            url=url,
            display_name=name,
            components=",".join(sorted(components)),
        )


def forget_calendar(account_id: int, *, keep_address: bool = False) -> None:
    """Forget the account's calendar and what netdesk knew of it (every record stays);
    ``keep_address``: the calendar is still there, made anew: only what was in it is
    forgotten."""
    where = (SyncCollection.account == account_id) & (SyncCollection.kind == CALENDAR)
    with database.atomic():
        if not keep_address:
            SyncCollection.delete().where(where).execute()
            return
        for row in SyncCollection.select(SyncCollection.id).where(where):
            SyncItem.delete().where(SyncItem.collection == row.id).execute()
            SyncConflict.delete().where(SyncConflict.collection == row.id).execute()
        SyncCollection.update(sync_token=None, ctag=None).where(where).execute()


def save_position(collection_id: int, *, sync_token: str | None, ctag: str | None) -> None:
    SyncCollection.update(sync_token=sync_token, ctag=ctag).where(
        SyncCollection.id == collection_id
    ).execute()
