"""The history's sync when things go wrong: a lost race (412), a sync token the server
forgot, an emptied calendar, the server stopping mid-sync, netdesk SIGKILLed. Nothing
lost, nothing twice. Every case against a real Radicale."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from netdesk.domain import interactions, seed
from netdesk.storage.models import Interaction, SyncCollection
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.domain.sync.test_interruptions import kill_when, start_sync
from tests.helpers import integrity
from tests.sync.fixtures import Device, calendar_for, get_card, make_book
from tests.sync.history import build_history, comparable, scores
from tests.sync.servers import PASSWORD, USER

pytestmark = pytest.mark.loopback


def journals_on(calendar: str) -> list[str]:
    """The UID of every object in the calendar (one PROPFIND, one calendar-multiget)."""
    with httpx.Client(auth=(USER, PASSWORD), timeout=60) as client:
        listing = client.request(
            "PROPFIND",
            calendar,
            content='<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/>'
            "</d:prop></d:propfind>",
            headers={"Depth": "1", "Content-Type": "application/xml"},
        )
        hrefs = [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", listing.text) if ".ics" in h]
        uids: list[str] = []
        for start in range(0, len(hrefs), 200):
            body = (
                '<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" '
                'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop>'
                + "".join(f"<d:href>{h}</d:href>" for h in hrefs[start : start + 200])
                + "</c:calendar-multiget>"
            )
            found = client.request("REPORT", calendar, content=body, headers={"Depth": "1"}).text
            uids += re.findall(r"\nUID:([^\r\n]+)", found)
    return uids


class RacingTransport(httpx.HTTPTransport):
    """Just before netdesk writes a journal over its last version, another client edits it."""

    def __init__(self, races: int) -> None:
        super().__init__()
        self.races, self.raced = races, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if (
            request.method == "PUT"
            and url.endswith(".ics")
            and "if-match" in request.headers
            and self.raced < self.races
        ):
            self.raced += 1
            text, _ = get_card(url)
            text = text.replace(
                "END:VJOURNAL", f"COMMENT:edited elsewhere {self.raced}\r\nEND:VJOURNAL"
            )
            text = re.sub(r"\r\nSUMMARY:[^\r]*", "\r\nSUMMARY:Call", text)
            text = re.sub(r"\r\nX-NETDESK-KIND:[^\r]*", "\r\nX-NETDESK-KIND:call", text)
            done = httpx.put(url, content=text.encode(), auth=(USER, PASSWORD), timeout=30)
            assert done.status_code in (201, 204)
        return super().handle_request(request)


def test_a_record_write_that_loses_a_race_is_merged_and_written_again(device):
    laptop = device()
    with laptop.use():
        ana = build_history()["ana"]
        coffee = Interaction.get((Interaction.contact == ana) & (Interaction.kind == "one_to_one"))
    laptop.sync()
    with laptop.use():
        interactions.update_interaction(coffee.id, "one_to_one", coffee.occurred_on, "cannoli")
    result = laptop.sync(transport=RacingTransport(races=1))
    assert result.status == "done" and result.history.retries == 1, result.summary()
    assert result.history.conflicts == 0
    with laptop.use():
        again = Interaction.get_by_id(coffee.id)
        # both edits kept: the note from here, the kind from the other client
        assert (again.note, again.kind) == ("cannoli", "call")
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"


def test_a_forgotten_calendar_sync_token_falls_back_to_comparing_etags(device, radicale):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        build_history()
    laptop.sync()
    desktop.sync()
    with laptop.use():
        note = Interaction.get(Interaction.note == "met his wife at the market")
    with desktop.use():
        mine = Interaction.get(Interaction.note == "met his wife at the market")
        interactions.update_interaction(mine.id, "note", mine.occurred_on, "new note")
    desktop.sync()
    radicale.forget_sync_tokens()
    result = laptop.sync()
    assert result.status == "done" and result.history.updated_here == 1, result.summary()
    with laptop.use():
        assert Interaction.get_by_id(note.id).note == "new note"
        SyncCollection.update(sync_token="http://radicale.org/ns/sync/" + "0" * 32).where(
            SyncCollection.kind == "calendar"
        ).execute()
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"


def test_an_emptied_calendar_stops_the_sync_until_the_person_agrees(device, book):
    laptop = device()
    with laptop.use():
        build_history()
        before = Interaction.select().count()
    laptop.sync()
    calendar = calendar_for(book)
    root = "/".join(book.split("/", 3)[:3])
    listing = httpx.request(
        "PROPFIND", calendar, headers={"Depth": "1"}, auth=(USER, PASSWORD), timeout=30
    )
    for href in re.findall(r"<(?:\w+:)?href>([^<]+\.ics)</", listing.text):
        assert httpx.delete(root + href, auth=(USER, PASSWORD), timeout=30).status_code == 200
    result = laptop.sync()
    assert result.status == "blocked" and result.guard.side == "here", result.message
    with laptop.use():
        assert Interaction.select().count() == before
    assert laptop.sync(allow_deletes=True).history.deleted_here > 0


def seeded_history(device: Device, people: int, records: int) -> None:
    with device.use():
        seed.seed_database(people, records, seed=5)


class StopServerAt(httpx.HTTPTransport):
    """Stops the server as netdesk sends its ``at``-th calendar write."""

    def __init__(self, server, at: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.server, self.at, self.writes = server, at, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and str(request.url).endswith(".ics"):
            self.writes += 1
            if self.writes == self.at:
                self.server.stop()
        return super().handle_request(request)


def same(laptop: Device, desktop: Device) -> None:
    """The same history and scores on both (the full backups, ids and timestamps aside)."""
    seen = []
    for device in (laptop, desktop):
        with device.use():
            seen.append((comparable(), scores()))
    for table, rows in seen[0][0].items():
        assert seen[1][0][table] == rows, table
    assert seen[1][1] == seen[0][1]


def record_state(path: Path) -> tuple[int, int]:
    """(interactions, calendar items not confirmed by the server) in a database."""
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT count(*) FROM interaction").fetchone()[0],
            conn.execute(
                "SELECT count(*) FROM sync_item WHERE record_kind != 'contact' "
                "AND (etag IS NULL OR base IS NULL)"
            ).fetchone()[0],
        )
    finally:
        conn.close()


@pytest.mark.slow
def test_the_server_stopping_mid_history_is_offline_and_the_next_sync_finishes(
    own_radicale, tmp_path
):
    book = make_book(own_radicale)
    laptop = Device(tmp_path / "laptop.sqlite3", book)
    seeded_history(laptop, 20, 120)
    result = laptop.sync(transport=StopServerAt(own_radicale, 40))
    assert result.status == "offline" and result.history.status == "offline", result.message
    own_radicale.start()
    calendar = calendar_for(book)
    assert 30 <= len(journals_on(calendar)) < 120
    result = laptop.sync()
    assert result.status == "done", result.message
    uids = journals_on(calendar)
    assert len(uids) == len(set(uids)) == 120
    assert record_state(laptop.path) == (120, 0)
    desktop = Device(tmp_path / "desktop.sqlite3", book)
    own_radicale.stop()
    assert desktop.sync().status == "offline"
    own_radicale.start()
    assert desktop.sync().history.added_here == 120
    for device in (laptop, desktop):
        with device.use():
            found = (comparable(), scores())
        if device is laptop:
            expected = found
    assert found == expected
    assert (
        laptop.sync().summary()
        == desktop.sync().summary()
        == ("nothing to sync: everything is up to date")
    )


@pytest.mark.slow
def test_netdesk_killed_mid_history_resumes_without_losing_or_doubling_a_record(
    own_radicale, tmp_path
):
    book = make_book(own_radicale)
    calendar = calendar_for(book)
    laptop = Device(tmp_path / "laptop.sqlite3", book)
    seeded_history(laptop, 20, 200)
    folder = own_radicale.storage / "collection-root" / calendar.rstrip("/").split("/", 3)[3]

    def stored() -> int:
        try:
            return sum(1 for p in folder.iterdir() if p.suffix == ".ics")
        except FileNotFoundError:
            return 0

    killed = 0
    for share in (0.2, 0.6):
        if kill_when(start_sync(laptop.path), lambda s=share: stored() >= 200 * s):
            killed += 1
        assert integrity(laptop.path) == "ok"
    assert killed >= 1
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "sync", "--db", str(laptop.path)],
        capture_output=True, text=True, env=run_netdesk_env(loopback=True), cwd=REPO_ROOT,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    uids = journals_on(calendar)
    assert len(uids) == len(set(uids)) == 200
    assert record_state(laptop.path) == (200, 0)
    desktop = Device(tmp_path / "desktop.sqlite3", book)
    kill_when(start_sync(desktop.path), lambda: record_state(desktop.path)[0] >= 60)
    assert integrity(desktop.path) == "ok"
    assert desktop.sync().status == "done"
    assert record_state(desktop.path) == (200, 0)
    same(laptop, desktop)
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"
    assert desktop.sync().summary() == "nothing to sync: everything is up to date"


def test_a_calendar_removed_from_the_server_is_made_again_and_nothing_is_doubled(
    own_radicale, tmp_path
):
    """Someone deletes the netdesk calendar in their phone's settings: every record is still
    here; the next sync makes the calendar again and sends the history; the other computer
    pairs its records with those instead of doubling them."""
    book = make_book(own_radicale)
    laptop = Device(tmp_path / "laptop.sqlite3", book, calendar=None)  # found or made
    desktop = Device(tmp_path / "desktop.sqlite3", book, calendar=None)
    with laptop.use():
        build_history()
    first = laptop.sync()
    calendar = first.history.calendar
    assert calendar.endswith("/ana/netdesk-calendar/")
    desktop.sync()
    removed = httpx.request("DELETE", calendar, auth=(USER, PASSWORD), timeout=30)
    assert removed.status_code in (200, 204)
    result = laptop.sync()
    assert result.status == "done", result.message
    assert "made again" in result.history.message
    assert result.history.uploaded_new == first.history.uploaded_new
    result = desktop.sync()
    assert result.status == "done", result.message
    assert (result.history.added_here, result.history.uploaded_new) == (0, 0)
    uids = journals_on(calendar)
    assert len(uids) == len(set(uids)) == first.history.uploaded_new
    same(laptop, desktop)


def test_a_dry_run_says_what_the_history_would_do_and_writes_nothing(own_radicale, tmp_path):
    book = make_book(own_radicale)
    laptop = Device(tmp_path / "laptop.sqlite3", book, calendar=None)
    with laptop.use():
        build_history()
    uploaded = laptop.sync().history.uploaded_new
    desktop = Device(tmp_path / "desktop.sqlite3", book, calendar=None)
    before = desktop.path.read_bytes()
    result = desktop.sync(dry_run=True)
    assert result.status == "dry_run", result.message
    assert result.planned["records_new_on_server"] == uploaded
    assert desktop.path.read_bytes() == before
    assert desktop.sync().history.added_here + 1 == uploaded  # (the synonyms: updated)
