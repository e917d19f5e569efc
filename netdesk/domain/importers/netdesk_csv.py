"""netdesk's own CSV: one row per contact, one column per field, made for spreadsheets.

Lists (emails, phones, web addresses, tags, offers, needs) hold one item per
line within their cell; a labelled item reads "label: value". The photo and
who introduced whom are not in the CSV (the vCard and the JSON backup carry
them).

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (or a tab or
a carriage return before one) as a formula: ``=HYPERLINK(…)`` in a name
would be a link to anywhere, ``=cmd|…`` a command. As OWASP recommends for
CSV injection, such a cell is written with a single quote in front
(``neutralise``); so that a cell that really starts with quotes and then one
of those characters comes back too, a quote is added before those as well.
Reading netdesk's own CSV (known by its header) takes exactly one quote off
again (``restore``), so a round trip gives back every value, "+1 555 0100"
included. Other programs' CSV files are read as they are.
"""

from __future__ import annotations

import re
from dataclasses import replace

from netdesk.domain.contacts import NETWORKING_STYLES, ContactDraft, Labelled
from netdesk.domain.importers.cleaning import RecordBuilder
from netdesk.domain.importers.csv_files import CsvRow
from netdesk.domain.importers.records import ImportRecord, RowProblem
from netdesk.domain.phone_numbers import country_hint

HEADER = (
    "Display Name",
    "Given Name",
    "Family Name",
    "Organisation",
    "Department",
    "Title",
    "Nickname",
    "City",
    "Emails",
    "Phones",
    "Phone Countries",
    "Web Addresses",
    "Tags",
    "Offers",
    "Needs",
    "How We Met",
    "Networking Style",
    "Keep In Touch Days",
    "Notes",
)
# what a spreadsheet reads as the start of a formula, after any quotes
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_STYLE_BY_NAME = {label.casefold(): key for key, label in NETWORKING_STYLES.items() if key}
_STYLE_BY_NAME.update({key: key for key in NETWORKING_STYLES if key})


def labelled_cell(items: list[Labelled]) -> str:
    return "\n".join(f"{item.label}: {item.value}" if item.label else item.value for item in items)


def parse_labelled_cell(cell: str) -> list[tuple[str, str]]:
    items = []
    for line in cell.splitlines():
        label, sep, value = line.partition(": ")
        items.append((label.strip(), value.strip()) if sep else ("", line.strip()))
    return [item for item in items if item[1]]


def neutralise(cell: str) -> str:
    """A cell as netdesk writes it: a single quote before anything a spreadsheet would run."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """A cell of netdesk's own CSV as it was before ``neutralise``."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def row_values(draft: ContactDraft, phone_keys: dict[str, str] | None = None) -> list[str]:
    """One contact's cells, neutralised for spreadsheets; ``phone_keys`` (number → its
    stored key) gives each number's country, so that it reads back the same."""
    return [neutralise(cell) for cell in _cells(draft, phone_keys or {})]


def _cells(draft: ContactDraft, phone_keys: dict[str, str]) -> list[str]:
    hints = [country_hint(p.value, phone_keys.get(p.value, "")) or "" for p in draft.phones]
    return [
        draft.shown_name(),
        draft.given_name,
        draft.family_name,
        draft.organisation,
        draft.department,
        draft.title,
        draft.nickname,
        draft.city,
        labelled_cell(draft.emails),
        labelled_cell(draft.phones),
        "\n".join(hints) if any(hints) else "",
        labelled_cell(draft.urls),
        "\n".join(draft.tags),
        "\n".join(draft.offers),
        "\n".join(draft.needs),
        draft.how_we_met,
        NETWORKING_STYLES.get(draft.networking_style, "") if draft.networking_style else "",
        "" if draft.cadence_days is None else str(draft.cadence_days),
        draft.notes,
    ]


def read_netdesk_row(row: CsvRow, builder: RecordBuilder) -> ImportRecord | RowProblem:
    row = replace(row, values={name: restore(cell) for name, cell in row.values.items()})
    draft = builder.draft
    draft.display_name = row.get("Display Name")
    draft.given_name = row.get("Given Name")
    draft.family_name = row.get("Family Name")
    draft.organisation = row.get("Organisation")
    draft.title = row.get("Title")
    draft.department = row.get("Department")
    draft.nickname = row.get("Nickname")
    draft.city = row.get("City")
    for label, value in parse_labelled_cell(row.values.get("Emails") or ""):
        builder.email(value, label)
    hints = (row.values.get("Phone Countries") or "").splitlines()
    for n, (label, value) in enumerate(parse_labelled_cell(row.values.get("Phones") or "")):
        builder.phone(value, label)
        if n < len(hints) and hints[n].strip():
            builder.phone_country(value, hints[n])
    for label, value in parse_labelled_cell(row.values.get("Web Addresses") or ""):
        builder.url(value, label)
    builder.tags((row.values.get("Tags") or "").splitlines())
    draft.offers.extend((row.values.get("Offers") or "").splitlines())
    draft.needs.extend((row.values.get("Needs") or "").splitlines())
    draft.how_we_met = row.get("How We Met")
    style = row.get("Networking Style")
    if style:
        builder.style(_STYLE_BY_NAME.get(style.casefold(), style))
    builder.cadence(row.get("Keep In Touch Days"))
    notes = row.values.get("Notes") or ""
    builder.note(notes.replace("\r\n", "\n"))
    return builder.finish()
