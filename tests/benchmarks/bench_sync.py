"""CardDAV sync benchmarks, against a real Radicale on 127.0.0.1 (started here).

- ``sync_initial_1000``: the first sync of 1,000 contacts into an empty address
  book (listing, local scan, 1,000 conditional PUTs, the state recorded), against
  bare httpx PUTs of the same 1,000 cards into another empty book of the same
  server in the same run, once before and once after netdesk's sync (the mean of
  the two is the baseline; target ratio 1.5). The upload rate is reported, overall
  and for the first and last hundred cards: Radicale slows as a collection grows.
- ``sync_incremental_1``: one card changed by another client in that 1,000-card
  book, then netdesk's sync (sync-collection, multiget, merge, the local update),
  against a bare sync-collection REPORT from the same token plus one GET of the
  changed card (target ratio 2). Medians of five rounds, each with another card.

- ``sync_history_initial``: the first sync of a contact book of 200 with 5,000
  interactions (the 200 cards, then the 5,000 journals into an empty calendar),
  against bare httpx PUTs of the same 5,200 texts into a fresh book and calendar of
  the same server, measured just before. Records per second
  are reported, overall and for the first and last 500 journals (Radicale slows as a
  collection grows).
- ``sync_history_incremental_1``: one journal changed by another client in that
  calendar, then netdesk's sync (both collections asked what changed, the journal
  fetched and merged, the interaction and the contact's scores updated), against a
  bare sync-collection REPORT on the calendar plus one GET. Medians of five rounds.

The password is handed to the sync directly: a benchmark never touches a keyring.
"""

from __future__ import annotations

import atexit
import os
import statistics
import time
from pathlib import Path

import httpx

from netdesk.domain import seed, settings
from netdesk.domain.importers.drafts import live_contact_ids, load_drafts
from netdesk.domain.sync import accounts, dav_xml
from netdesk.domain.sync.card_fields import draft_fields, new_card, patch_card, read_fields
from netdesk.domain.sync.card_text import parse_card
from netdesk.domain.sync.outcome import SyncOutcome
from netdesk.domain.sync.runner import sync_account
from netdesk.domain.sync.state import new_uid
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.benchmarks.harness import Context, Record
from tests.sync.fixtures import make_book
from tests.sync.servers import PASSWORD, USER, Radicale

CARDS = 1_000
ROUNDS = 5
_state: dict[str, object] = {}


def _server(ctx: Context) -> Radicale:
    server = _state.get("server")
    if not isinstance(server, Radicale):
        server = Radicale(ctx.workdir / "radicale-bench")
        server.start()
        atexit.register(server.stop)
        _state["server"] = server
    return server


def _database(ctx: Context, book: str) -> Path:
    path = ctx.workdir / "sync-bench.sqlite3"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    open_workspace(path, create=True)
    seed.seed_database(CARDS, 0, seed=11)
    accounts.add_account(
        "bench", book, USER, principal_url="", collection_url=book, collection_name="bench"
    )
    return path


def _cards() -> list[str]:
    """The cards netdesk uploads for the open database's contacts."""
    region = settings.phone_region()
    texts = []
    drafts = load_drafts(live_contact_ids())
    for draft in drafts.values():
        card = new_card(new_uid())
        empty = read_fields(card, region)
        texts.append(patch_card(card, empty, draft_fields(draft), region, now=_now()).serialize())
    return texts


def _now():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2026, 12, 1, 9, 0)


def sync_initial_1000(ctx: Context) -> Record:
    server = _server(ctx)
    book = make_book(server, "netdesk-initial")
    path = _database(ctx, book)
    cards = _cards()

    # bare PUTs before and after netdesk's sync, each into a new book: the server's own
    # slowing down over the run (and the machine's load) weighs on both sides alike
    baselines = [_bare_puts(make_book(server, "bare-before"), cards)]

    marks: list[float] = []

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("Sending"):
            marks.append(time.perf_counter())

    started = time.perf_counter()
    result: SyncOutcome = sync_account(
        accounts.find_account(), password=PASSWORD, progress=progress
    )
    value = time.perf_counter() - started
    assert result.status == "done" and result.uploaded_new == CARDS, result.message
    close_database()
    baselines.append(_bare_puts(make_book(server, "bare-after"), cards))
    baseline = statistics.mean(baselines)
    _state["db"], _state["book"] = path, book
    first = 100 / (marks[99] - marks[0]) if len(marks) >= 100 else None
    last = 100 / (marks[-1] - marks[-100]) if len(marks) >= 100 else None
    return Record(
        "sync_initial_1000",
        "the first sync of 1,000 contacts into an empty address book on a local Radicale "
        "(discovery, upload, state kept) / bare httpx PUTs of the same cards, the mean of "
        "one run before and one after",
        value,
        baseline,
        target=1.5,
        extra={
            "cards": CARDS,
            "cards_per_second": round(CARDS / value, 1),
            "baseline_cards_per_second": round(CARDS / baseline, 1),
            "first_100_per_second": round(first, 1) if first else None,
            "last_100_per_second": round(last, 1) if last else None,
            "requests": result.requests,
            "baselines": [round(b, 1) for b in baselines],
        },
    )


def _bare_puts(
    book: str,
    cards: list[str],
    *,
    suffix: str = ".vcf",
    content_type: str = "text/vcard; charset=utf-8",
) -> float:
    started = time.perf_counter()
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as client:
        for number, text in enumerate(cards):
            response = client.put(
                f"{book}{number}{suffix}",
                content=text.encode(),
                headers={"Content-Type": content_type, "If-None-Match": "*"},
            )
            assert response.status_code == 201, response.status_code
    return time.perf_counter() - started


def sync_incremental_1(ctx: Context) -> Record:
    if "db" not in _state:
        sync_initial_1000(ctx)
    path, book = Path(str(_state["db"])), str(_state["book"])
    root = "/".join(book.split("/", 3)[:3])
    open_workspace(path)
    ours: list[float] = []
    bare: list[float] = []
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as client:
        hrefs = sorted(_listing(client, book))
        for round_number in range(ROUNDS):
            token = accounts.find_account().contacts.sync_token  # type: ignore[union-attr]
            href = hrefs[round_number * 37]
            card = parse_card(client.get(root + href).text)
            card.set_single("TITLE", f"Changed elsewhere {round_number}")
            changed = card.serialize()
            assert client.put(root + href, content=changed.encode()).status_code == 204

            started = time.perf_counter()
            report = client.request(
                "REPORT",
                book,
                content=dav_xml.sync_collection_body(token, [dav_xml.GETETAG]),
                headers={"Depth": "0", "Content-Type": "application/xml"},
            )
            assert report.status_code == 207 and href in report.text
            assert client.get(root + href).status_code == 200
            bare.append(time.perf_counter() - started)

            started = time.perf_counter()
            result = sync_account(accounts.find_account(), password=PASSWORD)
            ours.append(time.perf_counter() - started)
            assert result.updated_here == 1 and result.uploaded_changes == 0, result.summary()
    close_database()
    return Record(
        "sync_incremental_1",
        "a sync that brings one card changed on the server into a 1,000-card book (median "
        "of the rounds) / a bare sync-collection REPORT plus one GET of that card",
        statistics.median(ours),
        statistics.median(bare),
        target=2.0,
        extra={"cards": CARDS, "rounds": ROUNDS},
    )


def _listing(client: httpx.Client, book: str, suffix: str = ".vcf") -> list[str]:
    response = client.request(
        "PROPFIND",
        book,
        content=dav_xml.propfind_body([dav_xml.GETETAG]),
        headers={"Depth": "1", "Content-Type": "application/xml"},
    )
    found = dav_xml.parse_multistatus(response.content, book)
    return [r.href for r in found.responses if r.href.endswith(suffix)]


HISTORY_CONTACTS = 200
# (NETDESK_BENCH_HISTORY_RECORDS=1000 for a quick pass: Radicale's cost per PUT grows with
# the calendar, so the full run takes the better part of an hour)
HISTORY_RECORDS = int(os.environ.get("NETDESK_BENCH_HISTORY_RECORDS", "5000"))


def _history_database(ctx: Context, book: str, calendar: str) -> Path:
    from netdesk.domain.sync.dav_client import DavClient
    from netdesk.domain.sync.discovery import supported_components

    path = ctx.workdir / "sync-history-bench.sqlite3"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    open_workspace(path, create=True)
    seed.seed_database(HISTORY_CONTACTS, HISTORY_RECORDS, seed=13)
    account = accounts.add_account(
        "bench", book, USER, principal_url="", collection_url=book, collection_name="bench"
    )
    with DavClient(calendar, USER, PASSWORD) as client:
        held = supported_components(client, calendar)
    accounts.set_calendar(account.id, calendar, "bench", held)
    return path


def _journals() -> list[str]:
    """The journals netdesk uploads for the open database's interactions (their contacts
    named by made-up UIDs: the same size and shape)."""
    from netdesk.domain.sync.record_ical import make_text
    from netdesk.domain.sync.record_local import Names, read_local

    ids = [row[0] for row in database_rows("SELECT id FROM interaction")]
    names = Names(
        contact_uid={cid: new_uid() for (cid,) in database_rows("SELECT id FROM contact")}
    )
    fields = read_local("interaction", ids, names)
    return [make_text("interaction", new_uid(), f, now=_now()) for f in fields.values()]


def database_rows(sql: str) -> list[tuple]:  # type: ignore[type-arg]
    from netdesk.storage.models import database

    return list(database.execute_sql(sql).fetchall())


def sync_history_initial(ctx: Context) -> Record:
    from tests.sync.fixtures import calendar_for, make_calendar

    server = _server(ctx)
    book = make_book(server, "history-book")
    calendar = make_calendar(calendar_for(book))
    path = _history_database(ctx, book, calendar)
    cards = _cards()
    journals = _journals()

    def bare(tag: str) -> float:
        other = make_book(server, f"bare-book-{tag}")
        other_calendar = make_calendar(calendar_for(other))
        return _bare_puts(other, cards) + _bare_puts(
            other_calendar, journals, suffix=".ics", content_type="text/calendar; charset=utf-8"
        )

    # one baseline, before (a second after would double an already long run)
    baselines = [bare("before")]
    marks: list[float] = []

    def progress(done: int, total: int, text: str) -> None:
        if text.startswith("Sending the history"):
            marks.append(time.perf_counter())

    started = time.perf_counter()
    result: SyncOutcome = sync_account(
        accounts.find_account(), password=PASSWORD, progress=progress
    )
    value = time.perf_counter() - started
    history = result.history
    assert result.status == "done" and history is not None, result.message
    assert history.uploaded_new == HISTORY_RECORDS, history.message
    close_database()
    baseline = statistics.mean(baselines)
    total = HISTORY_CONTACTS + HISTORY_RECORDS
    _state["history_db"], _state["history_calendar"] = path, calendar
    first = 500 / (marks[499] - marks[0]) if len(marks) >= 500 else None
    last = 500 / (marks[-1] - marks[-500]) if len(marks) >= 500 else None
    return Record(
        "sync_history_initial",
        f"the first sync of {HISTORY_CONTACTS} contacts with {HISTORY_RECORDS:,} interactions "
        "into an empty address book and calendar on a local Radicale (the cards, then the "
        "journals, state kept) / bare httpx PUTs of the same cards and journals into a new "
        "book and calendar, measured just before",
        value,
        baseline,
        extra={
            "contacts": HISTORY_CONTACTS,
            "records": HISTORY_RECORDS,
            "records_per_second": round(total / value, 1),
            "baseline_records_per_second": round(total / baseline, 1),
            "first_500_journals_per_second": round(first, 1) if first else None,
            "last_500_journals_per_second": round(last, 1) if last else None,
            "history_seconds": round(history.seconds, 1),
            "requests": result.requests + history.requests,
            "baselines": [round(b, 1) for b in baselines],
        },
    )


def sync_history_incremental_1(ctx: Context) -> Record:
    if "history_db" not in _state:
        sync_history_initial(ctx)
    path, calendar = Path(str(_state["history_db"])), str(_state["history_calendar"])
    root = "/".join(calendar.split("/", 3)[:3])
    open_workspace(path)
    ours: list[float] = []
    bare: list[float] = []
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as client:
        hrefs = sorted(_listing(client, calendar, ".ics"))
        for round_number in range(ROUNDS):
            found = accounts.find_account().calendar
            assert found is not None
            href = hrefs[round_number * 97]
            text = client.get(root + href).text
            text = text.replace("DESCRIPTION:", f"DESCRIPTION:changed elsewhere {round_number} ", 1)
            if "DESCRIPTION:" not in text:
                text = text.replace(
                    "END:VJOURNAL", f"DESCRIPTION:changed elsewhere {round_number}\r\nEND:VJOURNAL"
                )
            assert client.put(root + href, content=text.encode()).status_code == 204

            started = time.perf_counter()
            report = client.request(
                "REPORT",
                calendar,
                content=dav_xml.sync_collection_body(found.sync_token, [dav_xml.GETETAG]),
                headers={"Depth": "0", "Content-Type": "application/xml"},
            )
            assert report.status_code == 207 and href in report.text
            assert client.get(root + href).status_code == 200
            bare.append(time.perf_counter() - started)

            started = time.perf_counter()
            result = sync_account(accounts.find_account(), password=PASSWORD)
            ours.append(time.perf_counter() - started)
            history = result.history
            assert history is not None and history.updated_here == 1, result.summary()
            assert history.uploaded_changes == 0, result.summary()
    close_database()
    return Record(
        "sync_history_incremental_1",
        f"a sync that brings one journal changed on the server into a {HISTORY_RECORDS:,}-record "
        "calendar (both collections asked, the journal merged, the scores updated; median of "
        "the rounds) / a bare sync-collection REPORT on the calendar plus one GET",
        statistics.median(ours),
        statistics.median(bare),
        extra={"records": HISTORY_RECORDS, "rounds": ROUNDS},
    )


BENCHMARKS = {
    "sync_initial_1000": sync_initial_1000,
    "sync_incremental_1": sync_incremental_1,
    "sync_history_initial": sync_history_initial,
    "sync_history_incremental_1": sync_history_incremental_1,
}
