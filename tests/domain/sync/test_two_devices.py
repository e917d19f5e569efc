"""Two netdesk databases (two computers) syncing through one real Radicale."""

from __future__ import annotations

import pytest

from netdesk.domain import contacts
from netdesk.domain.contacts import Labelled
from netdesk.domain.sync import conflicts
from netdesk.storage.models import Contact, Interaction
from tests.helpers import log, make_contact
from tests.sync.cards import JPEG
from tests.sync.fixtures import list_cards
from tests.sync.helpers import by_name, draft_of, edit, everyone

pytestmark = pytest.mark.loopback


@pytest.fixture
def book(any_book):
    """Each test runs against Radicale and against Xandikos."""
    return any_book


@pytest.fixture
def pair(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ana = make_contact(
            "Ana",
            "Lopez",
            emails=["ana@casa.ca"],
            phones=["+1 519 555 0100"],
            organisation="Casa Realty",
            title="Broker",
            offers=["Realtor"],
            tags=["breakfast"],
        )
        make_contact("Omar", "Haddad", organisation="Haddad Web", introduced_by_id=ana)
        make_contact("Lena", "Brown", emails=["lena@example.org"])
    assert laptop.sync().status == "done"
    assert desktop.sync().status == "done"
    return laptop, desktop


def same_everywhere(*devices) -> dict:
    seen = []
    for device in devices:
        with device.use():
            seen.append(everyone())
    assert all(found == seen[0] for found in seen[1:])
    return seen[0]


def test_every_field_edited_on_one_device_appears_on_the_other(pair):
    laptop, desktop = pair
    with laptop.use():
        edit(
            "Ana Lopez",
            title="Managing Broker",
            nickname="Anita",
            department="Residential",
            city="Waterloo",
            notes="Loves open houses.\nTwo kids.\nBirthday: 1980-05-17",
            how_we_met="chamber breakfast",
            networking_style="referral_partner",
            cadence_days=21,
            photo=JPEG,
            emails=[Labelled("ana@casa.ca", "work"), Labelled("ana.l@gmail.com", "home")],
            phones=[Labelled("+1 519 555 0100", "mobile")],
            urls=[Labelled("https://casa.ca", "")],
            tags=["breakfast", "VIP"],
            offers=["Realtor", "Home staging"],
            needs=["a photographer"],
        )
    assert laptop.sync().uploaded_changes == 1
    result = desktop.sync()
    assert result.updated_here == 1, result.summary()
    found = same_everywhere(laptop, desktop)
    ana, introducer = found["Ana Lopez"]
    assert ana.photo == JPEG and ana.cadence_days == 21 and ana.needs == ["a photographer"]
    assert (ana.nickname, ana.organisation, ana.department) == (
        "Anita",
        "Casa Realty",
        "Residential",
    )
    assert found["Omar Haddad"][1] == "Ana Lopez"
    assert (
        laptop.sync().summary()
        == desktop.sync().summary()
        == ("nothing to sync: everything is up to date")
    )


def test_concurrent_edits_to_different_fields_both_survive(pair):
    laptop, desktop = pair
    with laptop.use():
        edit("Ana Lopez", title="Managing Broker", needs=["a stager"])
    with desktop.use():
        edit("Ana Lopez", city="Kitchener", emails=[Labelled("ana@casa.ca"), Labelled("a@b.ca")])
    assert laptop.sync().status == "done"
    result = desktop.sync()
    assert result.conflicts == 0 and result.updated_here == 1 and result.uploaded_changes == 1
    assert laptop.sync().updated_here == 1
    ana = same_everywhere(laptop, desktop)["Ana Lopez"][0]
    assert (ana.title, ana.city, ana.needs) == ("Managing Broker", "Kitchener", ["a stager"])
    assert {e.value for e in ana.emails} == {"ana@casa.ca", "a@b.ca"}


def test_the_same_field_edited_on_both_gives_one_conflict_and_loses_nothing(pair):
    laptop, desktop = pair
    with laptop.use():
        edit("Ana Lopez", title="Managing Broker")
    with desktop.use():
        edit("Ana Lopez", title="Owner")
    laptop.sync()
    result = desktop.sync()
    assert result.conflicts == 1
    with desktop.use():
        (conflict,) = conflicts.open_conflicts()
        assert (conflict.field, conflict.local_value, conflict.server_value) == (
            "title",
            "Owner",
            "Managing Broker",
        )
        assert conflict.contact_name == "Ana Lopez"
        assert draft_of("Ana Lopez").title == "Managing Broker"  # the server's, for now
        conflicts.resolve(conflict.id, conflicts.USE_LOCAL)
        assert draft_of("Ana Lopez").title == "Owner"
        assert conflicts.open_conflicts() == []
    assert desktop.sync().uploaded_changes == 1
    laptop.sync()
    assert same_everywhere(laptop, desktop)["Ana Lopez"][0].title == "Owner"
    assert desktop.sync().conflicts == 0


def test_a_contact_deleted_on_one_device_is_archived_on_the_other_with_its_timeline(pair):
    laptop, desktop = pair
    with desktop.use():
        lena = by_name("Lena Brown")
        coffee = log(lena, "one_to_one", 3, "coffee at Vincenzo's")
    with laptop.use():
        contacts.trash_contact(by_name("Lena Brown"))
    assert laptop.sync().deleted_on_server == 1
    result = desktop.sync()
    assert result.archived_here == [lena]
    with desktop.use():
        archived = Contact.get_by_id(lena)
        assert archived.deleted_at is not None
        assert Interaction.get_by_id(coffee).note == "coffee at Vincenzo's"
        contacts.restore_contact(lena)  # undo: she comes back, and goes up again
    assert desktop.sync().uploaded_new == 1
    assert laptop.sync().added_here == 1
    assert "Lena Brown" in same_everywhere(laptop, desktop)


def test_an_edit_beats_a_delete_whichever_syncs_first(pair):
    laptop, desktop = pair
    # deleted here after it was edited there: the edit comes back
    with desktop.use():
        edit("Omar Haddad", title="Founder")
    desktop.sync()
    with laptop.use():
        contacts.trash_contact(by_name("Omar Haddad"))
    result = laptop.sync()
    assert result.restored_here == 1 and result.deleted_on_server == 0
    with laptop.use():
        assert draft_of("Omar Haddad").title == "Founder"
    # deleted there first, edited here: the edited contact goes up again
    with laptop.use():
        contacts.trash_contact(by_name("Lena Brown"))
    laptop.sync()
    with desktop.use():
        edit("Lena Brown", city="Guelph")
    result = desktop.sync()
    assert result.archived_here == [] and result.uploaded_new == 1
    laptop.sync()
    found = same_everywhere(laptop, desktop)
    assert found["Lena Brown"][0].city == "Guelph" and found["Omar Haddad"][0].title == "Founder"


def test_emails_phones_and_tags_added_on_both_sides_are_joined(pair):
    laptop, desktop = pair
    with laptop.use():
        edit("Lena Brown", tags=["printing"], phones=[Labelled("+1 519 555 0111", "work")])
    with desktop.use():
        edit("Lena Brown", tags=["golf"], emails=[Labelled("lena@example.org"), Labelled("l@b.ca")])
    laptop.sync()
    desktop.sync()
    laptop.sync()
    lena = same_everywhere(laptop, desktop)["Lena Brown"][0]
    assert sorted(lena.tags) == ["golf", "printing"]
    assert len(lena.emails) == 2 and lena.phones[0].label == "work"


def test_nickname_and_department_merge_per_field_and_clash_as_one_conflict(pair, book):
    laptop, desktop = pair
    with laptop.use():
        edit("Ana Lopez", nickname="Anita", department="Residential")
    with desktop.use():
        edit("Ana Lopez", department="Commercial", title="Owner")
    assert laptop.sync().uploaded_changes == 1
    result = desktop.sync()
    assert result.conflicts == 1 and result.uploaded_changes == 1, result.summary()
    with desktop.use():
        (conflict,) = conflicts.open_conflicts()
        assert (conflict.field, conflict.local_value, conflict.server_value) == (
            "department",
            "Commercial",
            "Residential",
        )
        assert conflict.field_name == "department"
        conflicts.resolve(conflict.id, conflicts.USE_LOCAL)
    assert desktop.sync().uploaded_changes == 1
    assert laptop.sync().updated_here == 1
    ana = same_everywhere(laptop, desktop)["Ana Lopez"][0]
    assert (ana.nickname, ana.department, ana.title) == ("Anita", "Commercial", "Owner")
    (card,) = [text for text in list_cards(book).values() if "Ana" in text]
    assert "NICKNAME:Anita\r\n" in card and "ORG:Casa Realty;Commercial\r\n" in card
    with laptop.use():
        edit("Ana Lopez", nickname="", department="")  # these two alone: still marked changed
    assert laptop.sync().uploaded_changes == 1
    assert desktop.sync().updated_here == 1
    ana = same_everywhere(laptop, desktop)["Ana Lopez"][0]
    assert (ana.nickname, ana.department, ana.organisation) == ("", "", "Casa Realty")
