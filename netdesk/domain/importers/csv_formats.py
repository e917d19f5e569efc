"""One mapping per CSV export: which column becomes which contact field.

- LinkedIn ``Connections.csv``: First Name, Last Name, URL (the profile),
  Email Address (often empty: members choose whether to share it), Company,
  Position, Connected On ("05 Mar 2024") → a *met* interaction on that day.
- Google Contacts, current header: First/Middle/Last Name, Organization
  Name/Title, Birthday, Notes, Photo (a URL), Labels, and numbered
  "E-mail 1 - Label"/"E-mail 1 - Value", "Phone 1 - …", "Address 1 - City",
  "Website 1 - …" groups; several values of one label share a cell, joined by
  " ::: ".
- Google Contacts, legacy header: Name, Given/Additional/Family Name, Group
  Membership, "E-mail 1 - Type", "Organization 1 - Name"/"- Title"…
- Outlook: First/Middle/Last Name, Company, Job Title ("Title" is Mr./Ms.),
  E-mail Address, E-mail 2 Address…, one column per kind of phone, Web Page,
  Business/Home City, Birthday ("0/0/00" when none), Notes, Categories (";").
- netdesk's own CSV (see ``netdesk_csv``).
- Any other CSV (Outlook in any language, Thunderbird, a spreadsheet, a file
  with no header): read column by column as ``columns`` recognised them or as
  the person mapped them in the preview (``column_reader``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from netdesk.domain.importers import columns as col
from netdesk.domain.importers.cleaning import RecordBuilder
from netdesk.domain.importers.csv_files import CsvLayout, CsvRow
from netdesk.domain.importers.netdesk_csv import read_netdesk_row
from netdesk.domain.importers.records import ImportRecord, RowProblem, canonical_label
from netdesk.domain.importers.vcard import STARRED_TAG, SYSTEM_GROUPS

RowReader = Callable[[CsvRow, str | None], ImportRecord | RowProblem]

LINKEDIN_MET_NOTE = "Connected on LinkedIn"


def _numbered(header: list[str], pattern: str) -> list[int]:
    found = sorted(
        {int(m.group(1)) for name in header if (m := re.fullmatch(pattern, name, re.IGNORECASE))}
    )
    return found


def _tags(cell: str, separator: str) -> list[str]:
    tags = []
    for part in cell.split(separator):
        name = part.strip().lstrip("*").strip()
        if name.casefold() == "starred":
            tags.append(STARRED_TAG)
        elif name and name.casefold() not in SYSTEM_GROUPS:
            tags.append(name)
    return tags


def linkedin_reader(layout: CsvLayout) -> RowReader:
    def read(row: CsvRow, region: str | None) -> ImportRecord | RowProblem:
        builder = RecordBuilder(row.line, region)
        draft = builder.draft
        draft.given_name = row.get("First Name")
        draft.family_name = row.get("Last Name")
        if not (draft.given_name or draft.family_name):
            return RowProblem(
                row.line, "no name (LinkedIn leaves out members who hide their details); skipped"
            )
        draft.organisation = row.get("Company")
        draft.title = row.get("Position")
        if row.get("URL"):
            builder.url(row.get("URL"), "LinkedIn")
        if row.get("Email Address"):
            builder.email(row.get("Email Address"))
        builder.met(row.get("Connected On"), LINKEDIN_MET_NOTE)
        return builder.finish()

    return read


def google_reader(layout: CsvLayout) -> RowReader:
    legacy = layout.format == "google_legacy"
    kind = "Type" if legacy else "Label"
    emails = _numbered(layout.header, r"E-mail (\d+) - Value")
    phones = _numbered(layout.header, r"Phone (\d+) - Value")
    sites = _numbered(layout.header, r"Website (\d+) - Value")
    addresses = _numbered(layout.header, r"Address (\d+) - City")
    orgs = _numbered(layout.header, r"Organization (\d+) - Name")

    def read(row: CsvRow, region: str | None) -> ImportRecord | RowProblem:
        builder = RecordBuilder(row.line, region)
        draft = builder.draft
        if legacy:
            draft.display_name = row.get("Name")
            given, middle = row.get("Given Name"), row.get("Additional Name")
            draft.family_name = row.get("Family Name")
            for n in orgs:
                draft.organisation = draft.organisation or row.get(f"Organization {n} - Name")
                draft.title = draft.title or row.get(f"Organization {n} - Title")
                draft.department = draft.department or row.get(f"Organization {n} - Department")
            builder.tags(_tags(row.get("Group Membership"), ":::"))
        else:
            given, middle = row.get("First Name"), row.get("Middle Name")
            draft.family_name = row.get("Last Name")
            draft.organisation = row.get("Organization Name")
            draft.title = row.get("Organization Title")
            draft.department = row.get("Organization Department")
            builder.tags(_tags(row.get("Labels"), ":::"))
        draft.given_name = " ".join(p for p in (given, middle) if p)
        draft.nickname = row.get("Nickname")
        for n in emails:
            builder.email(
                row.get(f"E-mail {n} - Value"), canonical_label(row.get(f"E-mail {n} - {kind}"))
            )
        for n in phones:
            builder.phone(
                row.get(f"Phone {n} - Value"), canonical_label(row.get(f"Phone {n} - {kind}"))
            )
        for n in sites:
            builder.url(
                row.get(f"Website {n} - Value"), canonical_label(row.get(f"Website {n} - {kind}"))
            )
        for n in addresses:
            draft.city = draft.city or row.get(f"Address {n} - City")
            builder.country(row.get(f"Address {n} - Country"))
        if row.get("Photo"):
            builder.url(row.get("Photo"), "photo")
        builder.note(row.get("Notes"))
        builder.birthday(row.get("Birthday"))
        return builder.finish()

    return read


_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_OUTLOOK_PHONES = (
    ("Mobile Phone", "mobile"),
    ("Business Phone", "work"),
    ("Business Phone 2", "work"),
    ("Home Phone", "home"),
    ("Home Phone 2", "home"),
    ("Primary Phone", ""),
    ("Company Main Phone", "main"),
    ("Other Phone", "other"),
    ("Car Phone", "car"),
    ("Assistant's Phone", "assistant"),
    ("Business Fax", "work fax"),
    ("Home Fax", "home fax"),
    ("Other Fax", "fax"),
    ("Pager", "pager"),
)


def outlook_reader(layout: CsvLayout) -> RowReader:
    def read(row: CsvRow, region: str | None) -> ImportRecord | RowProblem:
        builder = RecordBuilder(row.line, region)
        draft = builder.draft
        draft.given_name = " ".join(p for p in (row.get("First Name"), row.get("Middle Name")) if p)
        draft.family_name = row.get("Last Name")
        draft.organisation = row.get("Company")
        draft.title = row.get("Job Title")
        draft.department = row.get("Department")
        for column in _OUTLOOK_EMAILS:
            if row.get(column):
                builder.email(row.get(column))
        for column, label in _OUTLOOK_PHONES:
            if row.get(column):
                builder.phone(row.get(column), label)
        if row.get("Web Page"):
            builder.url(row.get("Web Page"))
        draft.city = row.get("Business City") or row.get("Home City") or row.get("Other City")
        builder.note(row.get("Notes"))
        builder.birthday(row.get("Birthday"))
        builder.tags(_tags(row.get("Categories"), ";"))
        return builder.finish()

    return read


# fields of one value: the first column that holds one gives it (Outlook's business city
# comes before its home city)
_FIRST_VALUE_FIELDS = {
    col.FAMILY: "family_name",
    col.DISPLAY: "display_name",
    col.NICKNAME: "nickname",
    col.ORGANISATION: "organisation",
    col.DEPARTMENT: "department",
    col.TITLE: "title",
    col.CITY: "city",
}


def column_reader(layout: CsvLayout) -> RowReader:
    """A row read column by column, as ``layout.columns`` says (by header, by the values,
    or as a person mapped them in the preview)."""
    columns = layout.columns
    assert columns is not None
    roles = list(columns.roles)

    def read(row: CsvRow, region: str | None) -> ImportRecord | RowProblem:
        builder = RecordBuilder(row.line, region)
        draft = builder.draft
        given: list[str] = []
        birth = {col.BIRTH_YEAR: "", col.BIRTH_MONTH: "", col.BIRTH_DAY: ""}
        for role, raw in zip(roles, row.cells, strict=False):
            value = raw.strip()
            if not value or role.field in (col.IGNORE, col.PREFIX):
                continue
            name = role.field
            if name in (col.GIVEN, col.MIDDLE):
                given.append(value)
            elif name in _FIRST_VALUE_FIELDS:
                attribute = _FIRST_VALUE_FIELDS[name]
                setattr(draft, attribute, getattr(draft, attribute) or value)
            elif name == col.EMAIL:
                builder.email(value, role.label)
            elif name == col.PHONE:
                builder.phone(value, role.label)
            elif name == col.URL:
                builder.url(value, role.label)
            elif name == col.COUNTRY:
                builder.country(value)
            elif name == col.NOTES:
                builder.note(value)
            elif name == col.TAGS:
                builder.tags(_tags(value, ":::" if ":::" in value else ";"))
            elif name == col.BIRTHDAY:
                builder.birthday(value)
            elif name in birth:
                birth[name] = value
            elif name == col.CONNECTED_ON:
                builder.met(value, LINKEDIN_MET_NOTE)
        draft.given_name = " ".join(given)
        # a person's own numbers first, as address books list them
        draft.phones.sort(key=lambda p: _PHONE_ORDER.get(p.label, len(_PHONE_ORDER)))
        if birth[col.BIRTH_MONTH] and birth[col.BIRTH_DAY]:
            month, day = birth[col.BIRTH_MONTH].zfill(2), birth[col.BIRTH_DAY].zfill(2)
            year = birth[col.BIRTH_YEAR]
            builder.birthday(f"{year}-{month}-{day}" if year else f"--{month}{day}")
        return builder.finish()

    return read


_PHONE_ORDER = {
    label: n
    for n, label in enumerate(("mobile", "work", "home", "main", "", "other", "pager", "work fax"))
}


def reader_for(layout: CsvLayout) -> RowReader:
    """How each row of a CSV of this layout is read."""
    if layout.columns is not None:
        return column_reader(layout)
    return READERS[layout.format](layout)


def netdesk_reader(layout: CsvLayout) -> RowReader:
    def read(row: CsvRow, region: str | None) -> ImportRecord | RowProblem:
        return read_netdesk_row(row, RecordBuilder(row.line, region))

    return read


READERS: dict[str, Callable[[CsvLayout], RowReader]] = {
    "linkedin": linkedin_reader,
    "google": google_reader,
    "google_legacy": google_reader,
    "outlook": outlook_reader,
    "netdesk_csv": netdesk_reader,
}
