"""Reading netdesk's fields out of a card and patching them back in, line by line."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.sync.card_fields import (
    draft_fields,
    fields_hash,
    fields_into_draft,
    new_card,
    patch_card,
    read_fields,
    split_birthday,
)
from netdesk.domain.sync.card_text import parse_card
from tests.sync.cards import GOOGLE, IOS, JPEG

NOW = dt.datetime(2026, 12, 1, 9, 30)


def test_a_contact_written_into_a_new_card_reads_back_the_same(db):
    draft = ContactDraft(
        given_name="José",
        family_name="Álvarez",
        nickname="Pepe, el grande",
        organisation="Casa; Realty",
        department="Sales; east",
        title="Broker, owner",
        city="Waterloo",
        notes="Line one\nline two, with a comma\nBirthday: --05-17",
        emails=[Labelled("jose@casa.ca", "work"), Labelled("j@x.ca", "Assistant")],
        phones=[Labelled("+1 519 555 0100", "mobile"), Labelled("+1 519 555 0101", "main")],
        urls=[Labelled("https://casa.ca", "")],
        tags=["breakfast, club", "VIP"],
        offers=["Realtor"],
        needs=["a stager"],
        how_we_met="mixer",
        networking_style="soft_sell",
        cadence_days=14,
        photo=JPEG,
    )
    fields = draft_fields(draft, "uid-of-introducer")
    card = new_card("u-1")
    empty = read_fields(card, "CA")
    text = patch_card(card, empty, fields, "CA", now=NOW).serialize()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17" in text
    assert "PHOTO;ENCODING=b;TYPE=JPEG:" in text
    assert "item2.TEL:+1 519 555 0101\r\nitem2.X-ABLABEL:main" in text
    assert "NICKNAME:Pepe\\, el grande\r\n" in text
    assert "ORG:Casa\\; Realty;Sales\\; east\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    again = read_fields(parse_card(text), "CA")
    assert again == fields
    back = fields_into_draft(again, ContactDraft())
    back.introduced_by_id = None
    assert back.notes == draft.notes and back.photo == JPEG and back.tags == draft.tags
    assert (back.nickname, back.department) == ("Pepe, el grande", "Sales; east")


def test_patching_one_field_leaves_every_other_line_as_it_was(db):
    card = parse_card(IOS)
    before = [line.text() for line in card.lines]
    old = read_fields(card, "CA")
    new = dict(old, title="Senior Bookkeeper", phones=[*old["phones"], ["+1 519 555 0999", ""]])
    text = patch_card(card, old, new, "CA", now=NOW).serialize()
    after = [line.text() for line in parse_card(text).lines]
    kept = [line for line in before if not line.startswith(("TITLE", "REV"))]
    assert [line for line in after if line in kept] == kept
    assert "TITLE:Senior Bookkeeper" in after and "TEL:+1 519 555 0999" in after
    assert (
        after.index("TEL:+1 519 555 0999")
        == after.index("TEL;type=CELL;type=VOICE;type=pref:+1 519 555 0143") + 1
    )


def test_removing_a_labelled_email_takes_its_label_line_and_keeps_the_others(db):
    card = parse_card(IOS)
    old = read_fields(card, "CA")
    new = dict(old, emails=[e for e in old["emails"] if e[0] != "mai@brightbooks.ca"])
    text = patch_card(card, old, new, "CA", now=NOW).serialize()
    assert "item1." not in text  # the group went with its email
    assert "item2.TEL:+1 519 555 0142" in text and "item2.X-ABLabel:Assistant" in text


def test_google_system_groups_stay_on_the_card_but_are_no_tags(db):
    card = parse_card(GOOGLE)
    old = read_fields(card, "CA")
    assert old["tags"] == ["Printing"]
    text = patch_card(card, old, dict(old, tags=["Printing", "Golf"]), "CA", now=NOW).serialize()
    assert "CATEGORIES:Printing,Golf,myContacts" in text


def test_org_units_and_address_parts_netdesk_does_not_keep_survive_an_edit(db):
    card = parse_card(IOS)
    old = read_fields(card, "CA")
    new = dict(old, organisation="Bright Books Inc.", city="Kitchener")
    text = patch_card(card, old, new, "CA", now=NOW).serialize()
    assert "ORG:Bright Books Inc.;Accounts" in text
    assert "item3.ADR;type=HOME;type=pref:;;12 King St;Kitchener;ON;N2J 1A1;Canada" in text


def test_nickname_and_department_are_one_part_each_of_nickname_and_org(db):
    card = parse_card(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jim Beam\r\nNICKNAME:Jimbo,Jimmy\r\n"
        "ORG:Beam Ltd;Sales;East\r\nEND:VCARD\r\n"
    )
    old = read_fields(card, "CA")
    assert (old["nickname"], old["organisation"], old["department"]) == (
        "Jimbo",
        "Beam Ltd",
        "Sales",
    )
    text = patch_card(card, old, dict(old, nickname="J.B.", department="Sales & Marketing"), "CA",
                      now=NOW).serialize()  # fmt: skip
    assert "NICKNAME:J.B.,Jimmy\r\n" in text and "ORG:Beam Ltd;Sales & Marketing;East\r\n" in text
    card = parse_card(text)
    old = read_fields(card, "CA")
    text = patch_card(card, old, dict(old, nickname="", department=""), "CA", now=NOW).serialize()
    assert "NICKNAME:Jimmy\r\n" in text and "ORG:Beam Ltd;;East\r\n" in text


def test_a_department_comes_and_goes_as_org_s_second_part(db):
    card = parse_card("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n")
    old = read_fields(card, "CA")
    text = patch_card(card, old, dict(old, department="Finance"), "CA", now=NOW).serialize()
    assert "ORG:;Finance\r\n" in text
    card = parse_card(text)
    old = read_fields(card, "CA")
    assert (old["organisation"], old["department"]) == ("", "Finance")
    text = patch_card(card, old, dict(old, organisation="Duna Audit"), "CA", now=NOW).serialize()
    assert "ORG:Duna Audit;Finance\r\n" in text
    card = parse_card(text)
    old = read_fields(card, "CA")
    text = patch_card(card, old, dict(old, department=""), "CA", now=NOW).serialize()
    assert "ORG:Duna Audit\r\n" in text
    card = parse_card(text)
    old = read_fields(card, "CA")
    text = patch_card(card, old, dict(old, organisation="", nickname="Gitta"), "CA", now=NOW)
    assert "ORG" not in text.serialize() and "NICKNAME:Gitta\r\n" in text.serialize()


def test_a_contact_without_nickname_or_department_keeps_the_digest_it_had(db):
    fields = draft_fields(ContactDraft(given_name="Ana", organisation="Casa"))
    # the digest as netdesk made it before the two fields came (sync_item.local_hash)
    before = {k: v for k, v in fields.items() if k not in ("nickname", "department")}
    digest = hashlib.sha256(json.dumps(before, sort_keys=True).encode("utf-8")).hexdigest()
    assert fields_hash(fields, "CA") == digest
    assert fields_hash(dict(fields, nickname="Annie"), "CA") != fields_hash(fields, "CA")


def test_invalid_emails_on_a_card_are_not_shown_and_never_removed(db):
    card = parse_card(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEMAIL:not-an-email\r\nEMAIL:x@y.ca\r\nEND:VCARD\r\n"
    )
    old = read_fields(card, "CA")
    assert old["emails"] == [["x@y.ca", ""]]
    text = patch_card(card, old, dict(old, emails=[]), "CA", now=NOW).serialize()
    assert "EMAIL:not-an-email" in text and "x@y.ca" not in text


def test_the_birthday_line_of_the_notes_is_the_card_s_bday():
    assert split_birthday("Hello\nBirthday: 1980-05-17\nBye") == ("Hello\nBye", "1980-05-17")
    assert split_birthday("no birthday") == ("no birthday", "")
