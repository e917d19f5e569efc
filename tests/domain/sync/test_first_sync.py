from __future__ import annotations

import pytest

from netdesk.domain import contacts
from netdesk.domain.importers.drafts import live_contact_ids
from tests.helpers import make_contact
from tests.sync.fixtures import list_cards

pytestmark = pytest.mark.loopback


@pytest.fixture
def book(any_book):
    """Each test runs against Radicale and against Xandikos."""
    return any_book


def test_a_contact_goes_to_the_server_and_to_the_second_device(device, book):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ana = make_contact(
            "Ana",
            "Lopez",
            emails=["ana@casa.ca"],
            phones=["+1 519 555 0100"],
            organisation="Casa Realty",
            offers=["Realtor"],
            needs=["a bookkeeper"],
            tags=["breakfast club"],
            how_we_met="spring mixer",
            cadence_days=30,
            networking_style="referral_partner",
        )
    first = laptop.sync()
    assert first.status == "done", first.message
    assert first.uploaded_new == 1
    cards = list_cards(book)
    assert len(cards) == 1
    text = next(iter(cards.values()))
    assert "X-NETDESK-OFFER:Realtor" in text and "VERSION:3.0" in text

    second = desktop.sync()
    assert second.status == "done", second.message
    assert second.added_here == 1
    with desktop.use():
        (cid,) = live_contact_ids()
        draft = contacts.load_contact(cid)
    with laptop.use():
        original = contacts.load_contact(ana)
    assert draft == original
    again = laptop.sync()
    assert again.summary() == "nothing to sync: everything is up to date"
