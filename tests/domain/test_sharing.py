"""A contact shared as a vCard: netdesk's own card, in a file any system can name."""

import pytest

from netdesk.domain import contacts, importers, sharing
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.user_errors import NotFound


def test_two_contacts_are_two_cards_read_back_as_the_same_people(db, tmp_path):
    ana = contacts.create_contact(
        ContactDraft(
            given_name="Ana",
            family_name="Bennett",
            emails=[Labelled("ana@example.com", "work")],
            offers=["IT support"],
            needs=["a realtor"],
            notes="a line long enough to be folded " * 4,
        )
    )
    ben = contacts.create_contact(ContactDraft(given_name="Ben", family_name="Reid"))
    text = sharing.vcard_text([ana, ben])
    assert text.count("BEGIN:VCARD\r\n") == 2
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    path = tmp_path / "two.vcf"
    path.write_bytes(text.encode("utf-8"))
    drafts = [r.draft for r in importers.read_import_file(path).records]
    assert drafts == [contacts.load_contact(ana), contacts.load_contact(ben)]


def test_a_contact_that_is_not_there_is_named(db):
    with pytest.raises(NotFound, match="no contact with id 42"):
        sharing.vcard_text([42])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ana Bennett", "Ana Bennett.vcf"),
        ('AC/DC: "Live"?', "AC DC Live.vcf"),
        ("..hidden..", "hidden.vcf"),
        ("\x00\t", "contact.vcf"),
        ("x" * 200, "x" * 80 + ".vcf"),
    ],
)
def test_a_card_file_name_any_file_system_takes(name, expected):
    assert sharing.file_name(name) == expected
