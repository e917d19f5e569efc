"""What goes wrong in real life: races, forgotten tokens, an emptied book, a first sync
into a full one. Every case against the real Radicale; no server is mocked."""

from __future__ import annotations

import re

import httpx
import pytest

from netdesk.domain import contacts
from netdesk.domain.sync import accounts
from netdesk.storage.models import Contact, SyncCollection
from tests.helpers import make_contact
from tests.sync.cards import DAVX5, IOS
from tests.sync.fixtures import get_card, list_cards, put_card
from tests.sync.helpers import by_name, draft_of, edit
from tests.sync.servers import PASSWORD, USER

pytestmark = pytest.mark.loopback


class RacingTransport(httpx.HTTPTransport):
    """Just before netdesk's conditional write, another client changes the same card."""

    def __init__(self, races: int) -> None:
        super().__init__()
        self.races = races
        self.raced = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and "if-match" in request.headers and self.raced < self.races:
            self.raced += 1
            url = str(request.url)
            text, _ = get_card(url)
            text = re.sub(r"\r\nNOTE:[^\r]*", "", text)
            text = text.replace("END:VCARD", f"NOTE:edited elsewhere {self.raced}\r\nEND:VCARD")
            done = httpx.put(url, content=text.encode(), auth=(USER, PASSWORD), timeout=30)
            assert done.status_code in (201, 204)
        return super().handle_request(request)


def test_a_write_that_loses_a_race_is_merged_and_written_again(device, book):
    laptop = device()
    with laptop.use():
        make_contact("Ana", "Lopez", title="Broker")
    laptop.sync()
    with laptop.use():
        edit("Ana Lopez", title="Managing Broker")
    result = laptop.sync(transport=RacingTransport(races=1))
    assert result.status == "done" and result.retries == 1 and result.conflicts == 0
    (text,) = list_cards(book).values()
    assert "TITLE:Managing Broker" in text and "NOTE:edited elsewhere 1" in text
    with laptop.use():
        assert draft_of("Ana Lopez").notes == "edited elsewhere 1"


def test_a_write_that_always_loses_stops_trying_and_loses_nothing(device, book):
    laptop = device()
    with laptop.use():
        make_contact("Ana", "Lopez", title="Broker")
    laptop.sync()
    with laptop.use():
        edit("Ana Lopez", title="Managing Broker")
    result = laptop.sync(transport=RacingTransport(races=100))
    assert result.retries == 4 and len(result.skipped) == 1
    with laptop.use():
        assert draft_of("Ana Lopez").title == "Managing Broker"
    assert laptop.sync().uploaded_changes == 1
    (text,) = list_cards(book).values()
    assert "TITLE:Managing Broker" in text and "NOTE:edited elsewhere" in text


@pytest.mark.parametrize("how", ["forgotten by the server", "not the server's"])
def test_a_sync_token_the_server_refuses_falls_back_to_comparing_etags(device, radicale, how):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        make_contact("Ana", "Lopez")
        make_contact("Omar", "Haddad")
    laptop.sync()
    desktop.sync()
    with desktop.use():
        edit("Ana Lopez", city="Waterloo")
        contacts.trash_contact(by_name("Omar Haddad"))
    desktop.sync()
    if how == "forgotten by the server":
        radicale.forget_sync_tokens()
    else:
        with laptop.use():
            SyncCollection.update(sync_token="http://radicale.org/ns/sync/" + "0" * 32).execute()
    result = laptop.sync()
    assert result.status == "done", result.message
    assert result.updated_here == 1 and len(result.archived_here) == 1
    with laptop.use():
        assert draft_of("Ana Lopez").city == "Waterloo"
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"


def _delete_all(book: str) -> None:
    root = "/".join(book.split("/", 3)[:3])
    for href in list_cards(book):
        assert httpx.delete(root + href, auth=(USER, PASSWORD), timeout=30).status_code == 200


def test_an_emptied_address_book_stops_the_sync_until_the_person_agrees(device, book):
    laptop = device()
    with laptop.use():
        for n in range(5):
            make_contact(f"Person{n}", "Test")
    laptop.sync()
    _delete_all(book)
    result = laptop.sync()
    assert result.status == "blocked"
    assert (result.guard.side, result.guard.losing, result.guard.total) == ("here", 5, 5)
    with laptop.use():
        assert Contact.select().where(Contact.deleted_at.is_null()).count() == 5
    result = laptop.sync(allow_deletes=True)
    assert result.status == "done" and len(result.archived_here) == 5


def test_deleting_most_contacts_here_asks_before_deleting_them_on_the_server(device, book):
    laptop = device()
    with laptop.use():
        ids = [make_contact(f"Person{n}", "Test") for n in range(10)]
    laptop.sync()
    with laptop.use():
        for cid in ids[:4]:
            contacts.trash_contact(cid)
    result = laptop.sync()
    assert result.status == "blocked" and result.guard.side == "server"
    assert len(list_cards(book)) == 10
    assert laptop.sync(allow_deletes=True).deleted_on_server == 4
    assert len(list_cards(book)) == 6


def test_the_first_sync_into_a_full_book_shows_the_pairs_before_writing(device, book):
    put_card(book, "ios.vcf", IOS)
    put_card(book, "davx5.vcf", DAVX5)
    server_before = list_cards(book)
    laptop = device()
    with laptop.use():
        make_contact("Mai", "Nguyen", emails=["MAI@brightbooks.ca"], offers=["bookkeeping"])
        make_contact("Zed", "Local")
    result = laptop.sync()
    assert result.status == "needs_pairing"
    ((pair),) = result.pairs
    assert (pair.server_name, pair.local_name, pair.reason) == (
        "Mai Nguyen",
        "Mai Nguyen",
        "same email mai@brightbooks.ca",
    )
    assert list_cards(book) == server_before
    with laptop.use():
        assert Contact.select().count() == 2
    result = laptop.sync(accept_pairs=True)
    assert result.status == "done", result.message
    assert (result.added_here, result.uploaded_new, result.uploaded_changes) == (1, 1, 1)
    with laptop.use():
        assert Contact.select().count() == 3
        mai = draft_of("Mai Nguyen")
        assert (mai.title, mai.offers) == ("Bookkeeper", ["bookkeeping"])
        assert len(mai.emails) == 2
    assert len(list_cards(book)) == 3
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"


def test_the_password_is_never_in_the_database_or_the_log(device, tmp_path, private_data_dir):
    laptop = device()
    with laptop.use():
        make_contact("Ana", "Lopez")
    laptop.sync()
    from netdesk.logging_setup import setup_logging

    with laptop.use():
        setup_logging()
        account = accounts.find_account()
    import keyring

    keyring.set_password("netdesk-sync", f"{USER}@{book_host(laptop.book_url)}", "wrong")
    assert laptop.sync().status == "auth"
    assert PASSWORD.encode() not in laptop.path.read_bytes()
    for log in private_data_dir.rglob("*.log*"):
        assert PASSWORD not in log.read_text() and "wrong" not in log.read_text()
    assert account.username == USER


def book_host(url: str) -> str:
    return url.split("/")[2]


class NoSyncCollection(httpx.HTTPTransport):
    """The same server, as one without RFC 6578 would answer a sync-collection REPORT."""

    def __init__(self) -> None:
        super().__init__()
        self.refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "REPORT" and b"sync-collection" in request.read():
            self.refused += 1
            return httpx.Response(501, request=request)
        return super().handle_request(request)


def test_a_server_without_sync_collection_is_synced_by_ctag_and_etags(device, book):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        make_contact("Ana", "Lopez")
        make_contact("Omar", "Haddad")
    old = NoSyncCollection()
    # (refused twice: the address book's and the calendar's)
    assert laptop.sync(transport=old).uploaded_new == 2 and old.refused == 2
    assert desktop.sync(transport=NoSyncCollection()).added_here == 2
    with desktop.use():
        edit("Ana Lopez", title="Broker")
        contacts.trash_contact(by_name("Omar Haddad"))
    desktop.sync(transport=NoSyncCollection())
    result = laptop.sync(transport=NoSyncCollection())
    assert result.updated_here == 1 and len(result.archived_here) == 1, result.summary()
    # nothing changed since: the ctag says so, and no card is listed or fetched
    quiet = NoSyncCollection()
    result = laptop.sync(transport=quiet)
    assert result.summary() == "nothing to sync: everything is up to date"
    # the refused REPORT, and the ctag, for the address book and for the calendar
    assert result.requests == 2 and result.history.requests == 2
