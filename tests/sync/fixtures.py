"""The sync tests' servers and devices (fixtures for tests/domain/sync, tests/cli and
tests/ui/sync, which import them in their conftest).

One Radicale per test session (started once, from Python, on a free 127.0.0.1
port with htpasswd authentication and a temporary storage folder), each test
with address books of its own; tests that stop the server start their own.
A ``Device`` is one netdesk database, as on one computer: two of them syncing
through one server are two devices.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from netdesk.domain.sync import accounts, credentials
from netdesk.domain.sync.outcome import SyncOutcome
from netdesk.domain.sync.runner import sync_account
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.sync.servers import PASSWORD, USER, DavServer, Radicale, Xandikos

_books = itertools.count(1)


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A Radicale of the test's own (one it may stop and start again)."""
    server = Radicale(tmp_path / "radicale")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xandikos]:
    server = Xandikos(tmp_path_factory.mktemp("xandikos"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def any_book(request: pytest.FixtureRequest) -> str:
    """A new address book on each server in turn: Radicale, then Xandikos."""
    return make_book(request.getfixturevalue(request.param))


def make_book(server: DavServer, name: str | None = None) -> str:
    """A new, empty address book on ``server``; its URL."""
    url = f"{server.root}{server.home}{name or f'book-{next(_books)}'}/"
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>'
        "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
        "<d:displayname>Test book</d:displayname></d:prop></d:set></d:mkcol>"
    )
    response = httpx.request("MKCOL", url, content=body, auth=(USER, PASSWORD), timeout=30)
    assert response.status_code == 201, response.text
    return url


@pytest.fixture
def book(radicale: Radicale) -> str:
    return make_book(radicale)


def calendar_for(book_url: str) -> str:
    """The calendar beside a test's address book (Radicale: ``/ana/book-3-cal/``; Xandikos,
    whose calendars live apart: ``/ana/calendars/book-3/``): each test's history has a
    calendar of its own, as its contacts have a book of their own."""
    if "/contacts/" in book_url:
        return book_url.replace("/contacts/", "/calendars/")
    return book_url.rstrip("/") + "-cal/"


def make_calendar(url: str, components: tuple[str, ...] = ("VEVENT", "VTODO", "VJOURNAL")) -> str:
    """A calendar at ``url`` holding ``components`` (already there: left as it is)."""
    comps = "".join(f'<c:comp name="{c}"/>' for c in components)
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
        "<d:resourcetype><d:collection/><c:calendar/></d:resourcetype>"
        "<d:displayname>Test calendar</d:displayname>"
        f"<c:supported-calendar-component-set>{comps}</c:supported-calendar-component-set>"
        "</d:prop></d:set></d:mkcol>"
    )
    response = httpx.request("MKCOL", url, content=body, auth=(USER, PASSWORD), timeout=30)
    assert response.status_code in (201, 405), response.text
    return url


class Device:
    """One netdesk database with a sync account on the test server: its address book, and
    (``calendar``, by default one beside the book) its calendar."""

    def __init__(
        self,
        path: Path,
        book_url: str,
        name: str = "home",
        *,
        calendar: str | None = "beside the book",
    ) -> None:
        self.path = path
        self.book_url = book_url
        self.calendar_url = calendar_for(book_url) if calendar == "beside the book" else calendar
        with self.use():
            credentials.store_password(USER, book_url, PASSWORD)
            account = accounts.add_account(
                name,
                book_url,
                USER,
                principal_url="",
                collection_url=book_url,
                collection_name="Test book",
            )
            if self.calendar_url is not None:
                from netdesk.domain.sync.dav_client import DavClient
                from netdesk.domain.sync.discovery import supported_components

                make_calendar(self.calendar_url)
                with DavClient(self.calendar_url, USER, PASSWORD) as client:
                    held = supported_components(client, self.calendar_url)
                accounts.set_calendar(account.id, self.calendar_url, "Test calendar", held)

    @contextlib.contextmanager
    def use(self) -> Iterator[None]:
        open_workspace(self.path, create=True)
        try:
            yield
        finally:
            close_database()

    def sync(self, **options: object) -> SyncOutcome:
        with self.use():
            return sync_account(accounts.find_account(), **options)  # type: ignore[arg-type]


@pytest.fixture
def device(tmp_path: Path, book: str):
    def make(name: str = "laptop", book_url: str | None = None) -> Device:
        return Device(tmp_path / f"{name}.sqlite3", book_url or book)

    return make


def put_card(book_url: str, name: str, text: str) -> str:
    """Write a card as another client would; its ETag."""
    response = httpx.put(
        book_url + name,
        content=text.encode(),
        headers={"Content-Type": "text/vcard; charset=utf-8"},
        auth=(USER, PASSWORD),
        timeout=30,
    )
    assert response.status_code in (201, 204), response.text
    return response.headers.get("etag", "")


def get_card(url: str) -> tuple[str, str]:
    response = httpx.get(url, auth=(USER, PASSWORD), timeout=30)
    assert response.status_code == 200, response.text
    return response.text, response.headers.get("etag", "")


def list_cards(book_url: str) -> dict[str, str]:
    """href → text of every card in the book (one PROPFIND, one addressbook-multiget)."""
    import re

    headers = {"Content-Type": "application/xml"}
    with httpx.Client(auth=(USER, PASSWORD), timeout=30) as client:
        listing = client.request(
            "PROPFIND",
            book_url,
            content=(
                '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/>'
                "</d:prop></d:propfind>"
            ),
            headers={**headers, "Depth": "1"},
        )
        assert listing.status_code == 207
        hrefs = [
            h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", listing.text) if h.endswith(".vcf")
        ]
        if not hrefs:
            return {}
        body = (
            '<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><c:address-data/></d:prop>'
            + "".join(f"<d:href>{h}</d:href>" for h in hrefs)
            + "</c:addressbook-multiget>"
        )
        found = client.request("REPORT", book_url, content=body, headers={**headers, "Depth": "1"})
        assert found.status_code == 207
    from netdesk.domain.sync import dav_xml

    answer = dav_xml.parse_multistatus(found.content, book_url)
    # (XML reads the card's CRLF line ends as LF: put them back, as a GET would give them)
    return {
        r.href: "\r\n".join((r.text(dav_xml.ADDRESS_DATA) or "").splitlines()) + "\r\n"
        for r in answer.responses
    }
