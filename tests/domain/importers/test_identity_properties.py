"""Properties that hold for any two people: sharing a phone or an organisation's number never
makes them one; and what an import keeps comes back unchanged after export and import."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netdesk.domain import contacts, dedupe, exporters
from netdesk.domain.importers import CREATE, apply_import, plan_import, read_import_file
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact, ContactPhone

SAMPLES = Path(__file__).parent / "samples"

GIVEN = [
    "Ana",
    "Bruno",
    "Chidi",
    "Dmitri",
    "Elif",
    "Fatima",
    "Goran",
    "Hana",
    "Ivo",
    "Jonas",
    "Kaito",
    "Leah",
    "Marek",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
    "Uma",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
]
FAMILY = [
    "Bauer",
    "Cruz",
    "Okafor",
    "Clarke",
    "Novak",
    "Tanaka",
    "Silva",
    "Moreau",
    "Kowalski",
    "Haddad",
    "Lindqvist",
    "Mensah",
    "Rossi",
    "Petrov",
    "Nguyen",
    "Schmidt",
    "Dubois",
    "Costa",
]
# the same number as people write it: with its country code, or as dialled at home
SHARED = st.sampled_from(
    [
        ("+1 519-555-0123", "(519) 555-0123"),
        ("+1 415 555 0132", "415-555-0132"),
        ("+44 20 7946 0018", "+44 (0)20 7946 0018"),
        ("+49 30 901820", "+49 (30) 901820"),
        ("+261 34 39 387 51", "+261 34 39 387 51"),
    ]
)


def test_the_name_pools_hold_no_word_that_starts_another():
    words = [w.casefold() for w in GIVEN + FAMILY]
    assert not [(a, b) for a in words for b in words if a != b and b.startswith(a)]


people = st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY))


def vcard(person: tuple[str, str], org: str, phone: str, label: str, email: str) -> str:
    given, family = person
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{family};{given};;;",
        f"FN:{given} {family}",
        f"ORG:{org}" if org else "",
        f"TEL;TYPE={label}:{phone}",
        f"EMAIL:{email}" if email else "",
        "END:VCARD",
    ]
    return "\r\n".join(line for line in lines if line) + "\r\n"


def outlook_row(person: tuple[str, str], org: str, phone: str, label: str, email: str) -> str:
    given, family = person
    column = "Business Phone" if label == "WORK" else "Mobile Phone"
    cells = {"First Name": given, "Last Name": family, "Company": org, column: phone}
    cells["E-mail Address"] = email
    header = ("First Name", "Last Name", "Company", "Business Phone", "Mobile Phone")
    header += ("E-mail Address",)
    return ",".join(f'"{cells.get(name, "")}"' for name in header) + "\r\n", header


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=people,
    second=people,
    shared=SHARED,
    same_org=st.booleans(),
    as_csv=st.booleans(),
    own_emails=st.booleans(),
    one_already_there=st.booleans(),
)
def test_two_distinct_people_sharing_a_phone_or_company_number_are_never_merged(
    first, second, shared, same_org, as_csv, own_emails, one_already_there
):
    assume(first[0] != second[0])
    org = "Grand River Realty" if same_org else ""
    emails = (
        (f"{first[0].lower()}@one.example.com", f"{second[0].lower()}@two.example.com")
        if own_emails
        else ("", "")
    )
    folder = Path(tempfile.mkdtemp(prefix="netdesk-identity-"))
    labels = ("WORK", "WORK") if same_org else ("CELL", "WORK")
    records = [
        (first, org, shared[0], labels[0], emails[0]),
        (second, org, shared[1], labels[1], emails[1]),
    ]
    if as_csv:
        rows = [outlook_row(*r) for r in records]
        texts = ['"' + '","'.join(rows[0][1]) + '"\r\n' + row for row, _ in rows]
        paths = [folder / f"{n}.csv" for n in range(2)]
    else:
        texts = [vcard(*r) for r in records]
        paths = [folder / f"{n}.vcf" for n in range(2)]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    open_workspace(folder / "netdesk.sqlite3", create=True)
    try:
        if one_already_there:
            apply_import([read_import_file(paths[0])])
            plan = plan_import([read_import_file(paths[1])])
            assert [e.action for e in plan.entries] == [CREATE]
            apply_import([read_import_file(paths[1])])
        else:
            both = folder / ("both.csv" if as_csv else "both.vcf")
            body = texts[0] + (texts[1].split("\r\n", 1)[1] if as_csv else texts[1])
            both.write_text(body, encoding="utf-8")
            plan = apply_import([read_import_file(both)])
            assert [e.action for e in plan.entries] == [CREATE, CREATE]
        assert Contact.select().where(Contact.deleted_at.is_null()).count() == 2
        # and the database-wide dedupe lists them for review at most, never merges them
        candidates = dedupe.find_candidates()
        assert dedupe.strong_groups(candidates) == []
        assert all(not c.strong for c in candidates)
    finally:
        close_database()


def _people() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """Every live contact by name: (its birthday line, its phones with their keys)."""
    found = {}
    for contact in Contact.select().where(Contact.deleted_at.is_null()):
        draft = contacts.load_contact(contact.id)
        birthday = next((ln for ln in draft.notes.splitlines() if ln.startswith("Birthday:")), "")
        phones = [
            (p.number, p.label, p.normalized)
            for p in ContactPhone.select()
            .where(ContactPhone.contact == contact.id)
            .order_by(ContactPhone.position)
        ]
        found[draft.shown_name()] = (birthday, phones)
    return found


def test_year_less_birthdays_service_numbers_and_raw_numbers_survive_a_round_trip(tmp_path):
    first = tmp_path / "first.sqlite3"
    open_workspace(first, create=True)
    try:
        apply_import(
            [
                read_import_file(SAMPLES / name)
                for name in ("apple_birthdays.vcf", "samsung_vcard21.vcf", "phones_by_country.csv")
            ]
        )
        before = _people()
        exporters.write_vcards(tmp_path / "out.vcf")
        exporters.write_csv(tmp_path / "out.csv")
    finally:
        close_database()
    # what the test is about is there to begin with
    assert before["Nora Whitfield"][0] == "Birthday: --03-15"
    assert before["Leah Okafor"][0] == "Birthday: --01-01"
    assert before["Customer care"][1] == [
        ("611", "service", "611"),
        ("#322*91#", "service", "#322*91#"),
    ]
    assert before["Zed Unknown"][1] == [("12345", "service", "12345")]
    assert before["Jovan Petrović"][1] == [("0995552188", "mobile", "0995552188")]
    for exported in ("out.vcf", "out.csv"):
        second = tmp_path / f"second-{exported}.sqlite3"
        open_workspace(second, create=True)
        try:
            apply_import([read_import_file(tmp_path / exported)])
            assert _people() == before, exported
        finally:
            close_database()
