"""One rule for text on every path that writes a contact: the editor, capture, import
(vCard and CSV) and restore. Whatever a field is given, nothing stored holds a control
character or a bidi override, nothing is longer than its limit, and what the rule allows
comes back exactly as it was given."""

import csv
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import capture, contacts, events, exporters, json_backup
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import read_import_file
from netdesk.domain.importers.apply import write_plan
from netdesk.domain.importers.netdesk_csv import HEADER, row_values
from netdesk.domain.importers.plan import plan_import
from netdesk.domain.validation import (
    FIELD_LIMITS,
    STORED_TEXT,
    ValidationError,
    clean_draft,
    clean_line,
    clean_text,
    has_controls,
    is_clean,
    printable,
)
from netdesk.storage.models import database

CONTROLS = (
    [chr(c) for c in range(0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u2028", "\u2029"]
)
SURROGATES = ["\ud800", "\udfff"]
NOT_IN_A_LINE = set(CONTROLS + SURROGATES)
NOT_IN_NOTES = NOT_IN_A_LINE - {"\t", "\n"}
ORDINARY = st.characters(exclude_categories=("Cs", "Cc"))


def texts(with_surrogates: bool = True):
    hostile = CONTROLS + (SURROGATES if with_surrogates else [])
    piece = st.one_of(ORDINARY, st.sampled_from(hostile), st.sampled_from(list("aé漢 ,;:\\\"'")))
    short = st.text(piece, max_size=30)
    long_ = st.builds(lambda n, t: "x" * n + t, st.integers(195, 2100), short)
    return st.one_of(short, short, short, long_)


# each single-line field of a contact: how to put a value in a draft, how to read it back
FIELDS = {
    "given_name": (lambda v: {"given_name": v}, lambda d: d.given_name),
    "family_name": (lambda v: {"family_name": v}, lambda d: d.family_name),
    "display_name": (lambda v: {"display_name": v}, lambda d: d.display_name),
    "organisation": (lambda v: {"organisation": v}, lambda d: d.organisation),
    "title": (lambda v: {"title": v}, lambda d: d.title),
    "city": (lambda v: {"city": v}, lambda d: d.city),
    "how_we_met": (lambda v: {"how_we_met": v}, lambda d: d.how_we_met),
    "tags": (lambda v: {"tags": [v]}, lambda d: d.tags[0] if d.tags else ""),
    "offers": (lambda v: {"offers": [v]}, lambda d: d.offers[0] if d.offers else ""),
    "needs": (lambda v: {"needs": [v]}, lambda d: d.needs[0] if d.needs else ""),
    "urls": (
        lambda v: {"urls": [Labelled(v, "")]},
        lambda d: d.urls[0].value if d.urls else "",
    ),
    "labels": (
        lambda v: {"emails": [Labelled("ana@example.com", v)]},
        lambda d: d.emails[0].label if d.emails else "",
    ),
}


def draft_with(field: str, value: str) -> ContactDraft:
    base = {"given_name": "Base", "organisation": "Base Org"}
    base.update(FIELDS[field][0](value))
    return ContactDraft(**base)


def allowed(field: str, value: str) -> bool:
    """A value the rule keeps exactly as given."""
    limit = FIELD_LIMITS["display_name" if field == "name" else field]
    return (
        bool(value) and not has_controls(value) and value == value.strip() and (len(value) <= limit)
    )


def assert_stored_text_is_clean() -> None:
    for (table, column), (kind, limit) in STORED_TEXT.items():
        for (value,) in database.execute_sql(f'SELECT "{column}" FROM "{table}"'):
            forbidden = NOT_IN_A_LINE if kind == "line" else NOT_IN_NOTES
            assert not forbidden & set(value), (table, column, value)
            if limit:
                assert len(value) <= FIELD_LIMITS[limit], (table, column)


def stored_contact() -> ContactDraft:
    (cid,) = database.execute_sql("SELECT max(id) FROM contact").fetchone()
    return contacts.load_contact(cid)


EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(field: str, value: str, write, refused=ValidationError) -> None:
    """Write ``value`` into ``field`` by ``write``, in a transaction rolled back after."""
    with database.atomic() as transaction:
        try:
            write()
        except refused as exc:
            # refused only for a value past its limit, saying how long it is
            assert "characters" in str(exc), exc
            assert not allowed(field, value)
            transaction.rollback()
            return
        assert_stored_text_is_clean()
        if allowed(field, value):
            assert FIELDS[field][1](stored_contact()) == value
        transaction.rollback()


@EXAMPLES
@given(field=st.sampled_from(sorted(FIELDS)), value=texts())
def test_editor_create_and_update(db, field, value):
    check(field, value, lambda: contacts.create_contact(draft_with(field, value)))
    base = contacts.create_contact(ContactDraft(given_name="Base"))
    check(field, value, lambda: contacts.update_contact(base, draft_with(field, value)))


CAPTURE_FIELDS = {
    "name": lambda d: d.shown_name(),
    "business": lambda d: d.organisation,
    "offers": lambda d: d.offers[0] if d.offers else "",
    "needs": lambda d: d.needs[0] if d.needs else "",
}


@EXAMPLES
@given(field=st.sampled_from([*CAPTURE_FIELDS, "note"]), value=texts())
def test_capture(db, field, value):
    event = events.create_event(events.EventDraft(name="Mixer", held_on=dt.date.today()))
    entry = capture.CaptureEntry(**{"name": "Base Person", field: value})
    with database.atomic() as transaction:
        try:
            done = capture.capture(event, entry)
        except ValidationError as exc:
            assert "characters" in str(exc) or field == "name", exc
            transaction.rollback()
            return
        assert_stored_text_is_clean()
        single = " ".join(value.split())
        if field == "note":
            (note,) = database.execute_sql(
                "SELECT note FROM interaction WHERE id = ?", (done.interaction_id,)
            ).fetchone()
            if allowed("note", value) and single == value:
                assert note == value
        elif allowed("name" if field == "name" else "organisation", value) and (
            single == value and "," not in value and ";" not in value
        ):
            assert CAPTURE_FIELDS[field](contacts.load_contact(done.contact_id)) == value
        transaction.rollback()


def _vcard(path, draft: ContactDraft) -> None:
    lines = exporters.vcard_lines(1, draft)
    path.write_text("".join(exporters.fold(line) + "\r\n" for line in lines), newline="")


def _csv(path, draft: ContactDraft) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(row_values(draft))


@EXAMPLES
@given(
    field=st.sampled_from(sorted(set(FIELDS) - {"display_name"})),
    value=texts(with_surrogates=False),  # a file in UTF-8 cannot hold a lone surrogate
    writer=st.sampled_from([_vcard, _csv]),
)
def test_import(db, tmp_path, field, value, writer):
    source = tmp_path / "contacts.file"
    writer(source, draft_with(field, value))
    parsed = read_import_file(source, region="CA")

    def write():
        write_plan(plan_import([parsed], region="CA"))

    check(field, value, write)


@EXAMPLES
@given(field=st.sampled_from(sorted(FIELDS)), value=texts())
def test_restore(db, field, value):
    with database.atomic() as transaction:
        contacts.create_contact(draft_with(field, "placeholder"))
        document = json_backup.backup_document()
        transaction.rollback()
    table, column = {
        "tags": ("tag", "name"),
        "offers": ("offer", "text"),
        "needs": ("need", "text"),
        "urls": ("contact_url", "url"),
        "labels": ("contact_email", "label"),
    }.get(field, ("contact", field))
    (row,) = [r for r in document["tables"][table] if column in r and r[column] == "placeholder"]
    row[column] = value

    check(
        field,
        value,
        lambda: json_backup.restore_document(document),
        refused=json_backup.BackupFormatError,
    )


# -- the rule itself, by example ---------------------------------------------------------


@pytest.mark.parametrize(
    ("given_text", "kept"),
    [
        ("Ana \x1b[31mRed\x1b[0m", "Ana [31mRed[0m"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        ("Null\x00Byte", "NullByte"),
        ("two\nlines\r\nhere\ttab", "two lines here tab"),
        ("C1\x9bcontrol\x85next", "C1control next"),
        ("José 山田 ليلى", "José 山田 ليلى"),
    ],
)
def test_clean_line(given_text, kept):
    assert clean_line(given_text) == kept


def test_notes_keep_line_breaks_and_tabs_only():
    assert clean_text("a\r\nb\rc\n\td\x1b[2J\x00\u202e") == "a\nb\nc\n\td[2J"


def test_printable_escapes_what_a_terminal_would_act_on():
    assert printable("Ana \x1b]0;pwned\x07 \u202eOK\n") == "Ana \\u001b]0;pwned\\u0007 \\u202eOK\n"
    assert printable("José\tLópez") == "José\tLópez"


def test_editor_names_the_field_and_limit_it_refuses(db):
    with pytest.raises(ValidationError) as caught:
        contacts.create_contact(ContactDraft(given_name="A" * 100_000))
    assert str(caught.value) == (
        "given name: is 100,000 characters long; netdesk keeps at most 200"
    )
    local = "a" * 65
    with pytest.raises(ValidationError, match="at most 64 characters before the “@”"):
        contacts.create_contact(ContactDraft(given_name="A", emails=[Labelled(f"{local}@x.ca")]))
    long_domain = "a@" + "b" * 5000 + ".com"
    with pytest.raises(ValidationError, match="at most 254 characters; this one has 5,006"):
        contacts.create_contact(ContactDraft(given_name="A", emails=[Labelled(long_domain)]))
    cid = contacts.create_contact(
        ContactDraft(given_name="Ana\x00\u202e", emails=[Labelled("a@x.ca\u202e")])
    )
    stored = contacts.load_contact(cid)
    assert (stored.given_name, stored.emails[0].value) == ("Ana", "a@x.ca")


def test_notes_of_only_blank_lines_are_no_notes(db):
    cid = contacts.create_contact(ContactDraft(organisation="Acme", notes="\n \n\t"))
    assert contacts.load_contact(cid).notes == ""
    kept = contacts.create_contact(ContactDraft(organisation="Acme", notes="\nhello\n"))
    assert contacts.load_contact(kept).notes == "\nhello\n"


_SOME_TEXT = st.text(alphabet=st.sampled_from(list("ab \t\r\n\x00\x7f\u202e\u2028é")), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    single=st.lists(_SOME_TEXT, min_size=2, max_size=2),
    labelled=st.lists(st.tuples(_SOME_TEXT, _SOME_TEXT), max_size=2),
    listed=st.lists(_SOME_TEXT, max_size=2),
    notes=_SOME_TEXT,
)
def test_a_draft_judged_clean_is_one_cleaning_leaves_as_it_is(single, labelled, listed, notes):
    draft = ContactDraft(
        given_name=single[0],
        organisation=single[1],
        emails=[Labelled(v, label) for v, label in labelled],
        tags=listed,
        notes=notes,
    )
    assert is_clean(draft) == (clean_draft(draft) == draft)
