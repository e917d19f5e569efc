"""CSV exports shaped like LinkedIn's, Google's and Outlook's, read field by field."""

import datetime as dt
from pathlib import Path

import pytest

from netdesk.domain.contacts import Labelled
from netdesk.domain.importers import ImportFileError, read_import_file
from netdesk.domain.importers.cleaning import birthday_line, parse_date

SAMPLES = Path(__file__).parent / "samples"


def read(name: str):
    return read_import_file(SAMPLES / name, region="CA")


def test_linkedin_connections_with_notes_before_the_header():
    parsed = read("Connections.csv")
    assert parsed.format == "linkedin"
    priya, sarah, zoe, wei, marcus = parsed.records
    assert priya.line == 5
    d = priya.draft
    assert (d.given_name, d.family_name, d.organisation, d.title) == (
        "Priya",
        "Natarajan",
        "Bright Ledger Bookkeeping",
        "Owner",
    )
    assert d.emails == []
    assert d.urls == [Labelled("https://www.linkedin.com/in/priyanatarajan", "LinkedIn")]
    assert priya.met_on == dt.date(2024, 3, 5)
    assert priya.met_note == "Connected on LinkedIn"
    assert sarah.draft.family_name == "Thompson, CPA"
    assert sarah.draft.organisation == "Thompson & Associates, LLP"
    assert sarah.draft.emails == [Labelled("sarah@thompsoncpa.ca", "")]
    assert sarah.met_on == dt.date(2023, 1, 17)
    assert zoe.draft.shown_name() == "Zoë Łukasik 🌿"
    assert wei.draft.shown_name() == "李 伟"
    assert marcus.met_on is None
    assert marcus.warnings == ["line 10: “31 Feb 2024” is not a date; no meeting recorded"]
    assert [str(p) for p in parsed.problems] == [
        "line 9: no name (LinkedIn leaves out members who hide their details); skipped"
    ]


def test_google_contacts_csv_current_header():
    parsed = read("google_contacts.csv")
    assert parsed.format == "google"
    priya, helene, phone_only, tom = parsed.records
    d = priya.draft
    assert priya.line == 2
    assert (d.given_name, d.family_name, d.organisation, d.title, d.city) == (
        "Priya",
        "Natarajan",
        "Bright Ledger Bookkeeping",
        "Owner",
        "Waterloo",
    )
    # " ::: " joins two addresses of one label in one cell
    assert d.emails == [
        Labelled("priya@brightledger.ca", "work"),
        Labelled("priya.n@gmail.com", "home"),
        Labelled("priya.natarajan@outlook.com", "home"),
    ]
    assert d.phones == [Labelled("+1 226-555-0178", "mobile"), Labelled("(519) 555-0110", "work")]
    assert d.urls == [
        Labelled("https://brightledger.ca", "Business site"),
        Labelled("https://lh3.googleusercontent.com/contacts/AG6tpzGq0x7Q2nVb8cYk", "photo"),
    ]
    assert d.tags == ["KW Referral Club", "Starred"]
    assert d.notes == "Bookkeeper for small shops.\nLooking for a web designer.\nBirthday: --06-21"
    # the first row's quoted values run over four lines
    assert helene.line == 6
    assert helene.draft.shown_name() == "Hélène Côté"
    assert helene.draft.notes == "Birthday: 1988-02-29"
    assert tom.line == 8
    assert tom.draft.emails == []
    assert tom.warnings == [
        "line 8: “tom(at)beckerplumbing.ca” is not an email address (expected "
        "name@example.com); left out",
        "line 8: birthday “1975-13-40” is not a date; left out",
    ]
    # a row with a number and no name is a person, named after the number, to review
    assert phone_only.line == 7
    assert phone_only.draft.shown_name() == "+1 519-555-0111"
    assert phone_only.draft.tags == ["to review"]
    assert parsed.problems == []


def test_google_contacts_csv_legacy_header_in_utf16():
    parsed = read("google_contacts_legacy.csv")
    assert (parsed.format, parsed.encoding) == ("google_legacy", "UTF-16")
    dan, soren = parsed.records
    d = dan.draft
    assert (d.display_name, d.given_name, d.family_name) == ("Daniel O'Brien", "Daniel", "O'Brien")
    assert (d.organisation, d.title, d.city) == ("O'Brien Insurance Inc.", "Agent", "Cambridge")
    assert d.emails == [Labelled("dan@obrieninsurance.ca", "work")]
    assert d.phones == [Labelled("519-555-0167", "mobile")]
    assert d.urls == [Labelled("https://obrieninsurance.ca", "work")]
    assert d.tags == ["Chamber of Commerce"]
    assert d.notes == "Insures half the chamber."
    assert soren.draft.shown_name() == "Søren Kierkegaard-Hansen"
    assert soren.draft.notes == "Birthday: 1981-07-09"
    assert soren.draft.urls == [
        Labelled("https://lh3.googleusercontent.com/-abc123/photo.jpg", "photo")
    ]


def test_outlook_csv_in_windows_1252():
    parsed = read("outlook_contacts.csv")
    assert (parsed.format, parsed.encoding) == ("outlook", "Windows-1252")
    amelie, robert = parsed.records
    d = amelie.draft
    assert (d.given_name, d.family_name, d.organisation, d.title, d.city) == (
        "Amélie",
        "Lefèvre",
        "Café Crème",
        "Propriétaire",
        "Kitchener",
    )
    assert d.emails == [Labelled("amelie@cafecreme.ca", "")]
    assert d.phones == [
        Labelled("(519) 555-0156", "mobile"),
        Labelled("(519) 555-0155", "work"),
        Labelled("(519) 555-0157", "work fax"),
    ]
    assert d.urls == [Labelled("http://cafecreme.ca", "")]
    assert d.tags == ["Waterloo Business Breakfast", "Suppliers"]
    assert d.notes == (
        "Caters our breakfasts.\nAsk about the spring menu – and the €5 coffee card.\n"
        "Birthday: 1984-03-14"
    )
    # the notes ran over two lines: the next row starts on line 4
    assert robert.line == 4
    assert robert.draft.given_name == "Robert J."
    assert robert.draft.city == "Guelph"
    assert robert.draft.emails == [
        Labelled("rob@nguyenweb.ca", ""),
        Labelled("robert.nguyen@gmail.com", ""),
    ]
    assert robert.draft.phones == [Labelled("519-555-0172", "home")]
    # "0/0/00" means no birthday; 31/12/1990 is read day first
    assert robert.draft.notes == "Birthday: 1990-12-31"


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("cp1252", b"")],
)
def test_accents_survive_every_encoding(tmp_path, encoding, bom):
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Amélie,Lefèvre,,,Café Crème,Propriétaire,01 Apr 2024\r\n"
    )
    path = tmp_path / "Connections.csv"
    path.write_bytes(bom + text.encode(encoding))
    (record,) = read_import_file(path, region="CA").records
    assert record.draft.shown_name() == "Amélie Lefèvre"
    assert record.draft.organisation == "Café Crème"


def test_a_file_netdesk_cannot_import_is_named(tmp_path):
    other = tmp_path / "numbers.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ImportFileError, match="numbers.csv: no person found in it: netdesk looked"):
        read_import_file(other, region="CA")
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(ImportFileError, match="the file is empty"):
        read_import_file(empty, region="CA")
    with pytest.raises(ImportFileError, match="no such file"):
        read_import_file(tmp_path / "missing.vcf", region="CA")
    with pytest.raises(ImportFileError, match="it is a folder"):
        read_import_file(tmp_path, region="CA")


def test_a_row_with_more_values_than_the_header_is_skipped_with_its_line(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Silva,,,Acme,CEO,01 Apr 2024\n"
        "Ben,Stone,,,Acme,CFO,01 Apr 2024,extra,values\n"
        "Cy,Moss,,,Acme,CTO,01 Apr 2024\n"
    )
    parsed = read_import_file(path, region="CA")
    assert [r.draft.given_name for r in parsed.records] == ["Ana", "Cy"]
    assert [str(p) for p in parsed.problems] == [
        "line 3: this row has 9 values but the header names 7 columns; skipped"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05 Mar 2024", dt.date(2024, 3, 5)),
        ("5 March 2024", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("20240305", dt.date(2024, 3, 5)),
        ("2024-03-05T00:00:00Z", dt.date(2024, 3, 5)),
        ("3/5/2024", dt.date(2024, 3, 5)),
        ("31/12/1990", dt.date(1990, 12, 31)),
        ("05.03.2024", dt.date(2024, 3, 5)),
        ("31 Feb 2024", None),
        ("yesterday", None),
    ],
)
def test_dates_in_the_forms_exports_write(text, expected):
    assert parse_date(text) == expected


def test_birthdays_without_a_year():
    assert birthday_line("--0517") == "Birthday: --05-17"
    assert birthday_line("--02-29") == "Birthday: --02-29"
    assert birthday_line("--02-30") is None
