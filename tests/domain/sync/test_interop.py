"""Cards written by other clients: netdesk reads them, edits them, and keeps what it
does not know exactly where it was."""

from __future__ import annotations

import pytest

from netdesk.domain.contacts import Labelled
from netdesk.domain.sync.card_text import parse_card
from tests.sync.cards import DAVX5, GOOGLE, IOS, JPEG, PNG, VCARD4, stripped
from tests.sync.fixtures import get_card, list_cards, put_card
from tests.sync.helpers import draft_of, edit

pytestmark = pytest.mark.loopback


@pytest.fixture
def book(any_book):
    """Each test runs against Radicale and against Xandikos."""
    return any_book


def lines(text: str) -> set[tuple[str, str, str]]:
    """(group, name, value) of every line of a card, however the server rewrote it."""
    return {
        (line.group.casefold(), line.name, line.value.replace("\\,", ","))
        for line in parse_card(text).lines
        if line.name not in ("REV", "VERSION", "PRODID")
    }


def only_card(book: str) -> str:
    (text,) = list_cards(book).values()
    return text


def test_an_ios_card_is_read_and_an_edit_leaves_the_rest_of_it_untouched(device, book):
    put_card(book, "ios.vcf", IOS)
    before = lines(only_card(book))
    laptop = device()
    assert laptop.sync().added_here == 1
    with laptop.use():
        mai = draft_of("Mai Nguyen")
        assert (mai.organisation, mai.title, mai.city) == ("Bright Books", "Bookkeeper", "Waterloo")
        assert (mai.department, mai.nickname) == ("Accounts", "")
        assert [(e.value, e.label) for e in mai.emails] == [
            ("mai@brightbooks.ca", "other"),
            ("mai.work@brightbooks.ca", "work"),
        ]
        assert [(p.value, p.label) for p in mai.phones] == [
            ("+1 519 555 0142", "Assistant"),
            ("+1 519 555 0143", "mobile"),
        ]
        assert mai.photo == JPEG
        assert "Birthday: --05-17" in mai.notes and "wants more clients" in mai.notes
        edit("Mai Nguyen", title="Senior Bookkeeper", offers=["bookkeeping"])
    assert laptop.sync().uploaded_changes == 1
    after = lines(only_card(book))
    changed_before = {line for line in before if line[1] == "TITLE"}
    assert before - changed_before <= after  # every other line, groups and photo included
    assert ("", "TITLE", "Senior Bookkeeper") in after
    assert ("", "X-NETDESK-OFFER", "bookkeeping") in after


@pytest.mark.parametrize("text,name", [(DAVX5, "Omar Haddad"), (GOOGLE, "Lena Brown")])
def test_davx5_and_google_cards_keep_their_own_properties(device, book, text, name):
    put_card(book, "card.vcf", text)
    laptop = device()
    laptop.sync()
    with laptop.use():
        found = draft_of(name)
        edit(name, needs=["more clients"])
    assert laptop.sync().uploaded_changes == 1
    after = only_card(book)
    if text is GOOGLE:
        assert found.tags == ["Printing"]  # myContacts is Google's, not a tag
        assert [(p.value, p.label) for p in found.phones] == [("+1 519 555 0188", "studio")]
        assert "myContacts" in after and "X-ANDROID-CUSTOM" in after
    else:
        assert sorted(found.tags) == ["Breakfast", "Clients"] and found.nickname == "O"
        assert "NICKNAME:O" in after and "X-PHONETIC-FIRST-NAME:Omar" in after
    assert "X-NETDESK-NEED:more clients" in after


def test_netdesk_fields_stripped_by_another_client_are_put_back(device, book):
    laptop = device()
    with laptop.use():
        from tests.helpers import make_contact

        make_contact("Ana", "Lopez", offers=["Realtor"], how_we_met="mixer", cadence_days=30)
    laptop.sync()
    ((href, text),) = list_cards(book).items()
    # a client that knows nothing of X-NETDESK-* changes the title and drops the rest
    put_card(book, href.rsplit("/", 1)[1], stripped(text, TITLE="Broker"))
    assert "X-NETDESK" not in only_card(book)
    result = laptop.sync()
    assert result.updated_here == 1 and result.uploaded_changes == 1
    with laptop.use():
        ana = draft_of("Ana Lopez")
    assert (ana.title, ana.offers, ana.how_we_met, ana.cadence_days) == (
        "Broker",
        ["Realtor"],
        "mixer",
        30,
    )
    assert "X-NETDESK-OFFER:Realtor" in only_card(book)


def test_a_vcard_4_card_is_read_and_written_back_as_3_0_keeping_its_properties(device, book):
    put_card(book, "v4.vcf", VCARD4)
    radicale = "/contacts/" not in book  # (Xandikos keeps address books in /USER/contacts/)
    # Radicale cuts a vCard 4.0 data: URI photo at its comma when it stores the card:
    # why netdesk sends vCard 3.0 (PHOTO;ENCODING=b), which it keeps whole
    assert radicale == ("PHOTO:data:image/png\\;base64\r\n" in only_card(book))
    laptop = device()
    laptop.sync()
    with laptop.use():
        priya = draft_of("Priya Natarajan")
        assert [p.value for p in priya.phones] == ["+1-519-555-0199"]
        assert priya.photo == (None if radicale else PNG)  # what Radicale left is no photo
        edit(
            "Priya Natarajan",
            phones=[*priya.phones, Labelled("+1 519 555 0123", "work")],
            photo=PNG,
        )
    laptop.sync()
    after = only_card(book)
    assert "VERSION:3.0" in after and after.count("PHOTO") == 1
    # a photo netdesk wrote goes up as vCard 3.0 does it; one it did not change stays
    photo = "PHOTO;ENCODING=b;TYPE=PNG:" if radicale else "PHOTO:data:image/png;base64,"
    assert photo in after
    assert "GENDER:F" in after and "KIND:individual" in after and "ANNIVERSARY" in after
    assert "TEL;TYPE=WORK:+1 519 555 0123" in after
    second = device("desktop")
    second.sync()
    with second.use():
        again = draft_of("Priya Natarajan")
        assert [p.value for p in again.phones] == ["+1-519-555-0199", "+1 519 555 0123"]
        assert again.photo == PNG


def test_radicale_rewrites_cards_so_etags_not_bytes_decide(device, book):
    laptop = device()
    with laptop.use():
        from tests.helpers import make_contact

        make_contact("Ana", "Lopez", notes="a, b; c")
    laptop.sync()
    ((href, text),) = list_cards(book).items()
    root = book.split("/", 3)[:3]
    _, etag = get_card("/".join(root) + href)
    assert etag
    # nothing changed on either side: no write, however the stored bytes look
    result = laptop.sync()
    assert result.uploaded_changes == 0 and result.updated_here == 0
