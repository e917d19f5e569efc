"""Turning the raw values a file holds into a clean contact record.

Every parser fills a ``RecordBuilder`` with what it read, field by field, and
calls ``finish``: emails are checked (one that is not valid is left out and
named in a warning, the rest of the contact stays); phone numbers are kept as
written (see ``netdesk.domain.phone_numbers``: a service number is labelled
"service"), read with the country the contact itself shows (its address, its
numbers written with "+"); lists lose their repeats. A record with an email or
a phone but no name is a person too: it is named after the email's local part
or the number and tagged ``REVIEW_TAG``. Only a record with none of a name, an
organisation, an email or a phone becomes a ``RowProblem``.

netdesk has no birthday field: a birthday is kept as a line of the contact's
notes, ``Birthday: 1980-05-17`` (or ``Birthday: --05-17`` without the year),
and the vCard exporter writes it back out as BDAY.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from netdesk.domain import wording
from netdesk.domain.contacts import NETWORKING_STYLES, REVIEW_TAG, ContactDraft, Labelled
from netdesk.domain.importers.records import ImportRecord, RowProblem
from netdesk.domain.phone_numbers import (
    SERVICE_LABEL,
    is_service_number,
    looks_like_phone,
    read_phone,
    region_from_evidence,
    region_of_hint,
)
from netdesk.domain.validation import (
    SINGLE_LINE_FIELDS,
    clean_list,
    email_problem,
    normalize_email,
)

BIRTHDAY_PREFIX = "Birthday: "
BIRTHDAY_LINE = re.compile(r"^Birthday: (\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})$", re.MULTILINE)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
# a time after the date, as LinkedIn wrote it for a while ("1/8/18, 6:14 PM")
_TIME_AFTER = re.compile(r",?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    return year + (1900 if year > 30 else 2000) if year < 100 else year


def parse_date(text: str) -> dt.date | None:
    """A full date in the forms exports use, or None: 2024-03-05, 20240305, 05 Mar 2024,
    9-Sep-22, Mar 3, 2015, 3/5/2024 or 1/8/18 (month first, as Outlook and LinkedIn
    write it in English, unless the first number cannot be a month: 31/12/1990),
    05.03.2024 or 5-3-2024 (day first, as European builds write it); a time after it
    ("1/8/18, 6:14 PM") is passed over."""
    text = _TIME_AFTER.sub("", text.strip()) if ":" in text else text.strip()
    try:
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH_YEAR.match(text):
            month = _MONTHS.get(match[2].casefold())
            return dt.date(_year(match[3]), month, int(match[1])) if month else None
        if match := _MONTH_DAY_YEAR.match(text):
            month = _MONTHS.get(match[1].casefold())
            return dt.date(int(match[3]), month, int(match[2])) if month else None
        if match := _SLASHED.match(text):
            year = _year(match[3])
            first, second = int(match[1]), int(match[2])
            if first > 12:  # written day first (31/12/1990)
                first, second = second, first
            return dt.date(year, first, second)
        if match := _DOTTED.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def birthday_line(text: str) -> str | None:
    """ "Birthday: 1980-05-17" / "Birthday: --05-17" from a BDAY or a CSV birthday, or None."""
    text = text.strip()
    if match := _NO_YEAR.match(text):
        try:
            dt.date(2000, int(match[1]), int(match[2]))  # a leap year: 29 February is fine
        except ValueError:
            return None
        return f"{BIRTHDAY_PREFIX}--{match[1]}-{match[2]}"
    day = parse_date(text)
    return f"{BIRTHDAY_PREFIX}{day.isoformat()}" if day else None


def is_empty_date(text: str) -> bool:
    """Outlook writes "0/0/00" for no date (its Russian build "0.0.00")."""
    return not text.strip() or text.strip() in {"0/0/00", "0/0/0000", "00.00.0000", "0.0.00"}


class RecordBuilder:
    """Collects one contact's values; ``finish`` checks them and returns the record."""

    def __init__(self, line: int, region: str | None) -> None:
        self.line = line
        self.region = region
        self.record = ImportRecord(line, ContactDraft())
        self.draft = self.record.draft
        self._notes: list[str] = []
        self._birthday: str | None = None
        self._countries: list[str] = []

    def warn(self, line: int, message: str) -> None:
        self.record.warn(line, message)

    def email(self, value: str, label: str = "", line: int | None = None) -> None:
        for part in _split_multi(value):
            if message := email_problem(part):
                self.warn(line or self.line, f"{message}; left out")
            else:
                self.draft.emails.append(Labelled(part.strip(), label))

    def phone(self, value: str, label: str = "", line: int | None = None) -> None:
        for part in _split_multi(value):
            number = part.strip()
            if not looks_like_phone(number):
                self.warn(line or self.line, f"“{number}” is not a phone number; left out")
            elif is_service_number(number):
                self.draft.phones.append(Labelled(number, SERVICE_LABEL))
            else:
                self.draft.phones.append(Labelled(number, label))

    def phone_country(self, number: str, hint: str) -> None:
        """The country netdesk's own export says this number was read in."""
        known, region = region_of_hint(hint)
        if known:
            self.record.phone_regions[number.strip()] = region

    def country(self, text: str) -> None:
        """A country the contact's addresses name: the country to read its numbers with."""
        if text.strip():
            self._countries.append(text.strip())

    def url(self, value: str, label: str = "") -> None:
        for part in _split_multi(value):
            self.draft.urls.append(Labelled(part.strip(), label))

    def tags(self, names: list[str]) -> None:
        self.draft.tags.extend(names)

    def note(self, text: str) -> None:
        if text.strip():
            self._notes.append(text.replace("\r\n", "\n").replace("\r", "\n"))

    def birthday(self, text: str, line: int | None = None) -> None:
        if is_empty_date(text):
            return
        found = birthday_line(text)
        if found is None:
            self.warn(line or self.line, f"birthday “{text.strip()}” is not a date; left out")
        else:
            self._birthday = found

    def style(self, value: str, line: int | None = None) -> None:
        value = value.strip()
        if value in NETWORKING_STYLES:
            self.draft.networking_style = value
        else:
            self.warn(line or self.line, f"unknown networking style “{value}”; left out")

    def cadence(self, value: str, line: int | None = None) -> None:
        value = value.strip()
        if not value:
            return
        if value.isdigit() and 1 <= int(value) <= 3650:
            self.draft.cadence_days = int(value)
        else:
            self.warn(
                line or self.line,
                f"keep-in-touch cadence “{value}” is not a number of days (1-3650); left out",
            )

    def met(self, text: str, note: str, line: int | None = None) -> None:
        if not text.strip():
            return
        day = parse_date(text)
        if day is None:
            self.warn(line or self.line, f"“{text.strip()}” is not a date; no meeting recorded")
        elif day > dt.date.today():
            future = f"{wording.day(day)} is in the future; no meeting recorded"
            self.warn(line or self.line, future)
        else:
            self.record.met_on = day
            self.record.met_note = note

    def finish(self) -> ImportRecord | RowProblem:
        draft = self.draft
        for name in SINGLE_LINE_FIELDS:
            setattr(draft, name, getattr(draft, name).strip())
        notes = "\n\n".join(self._notes)
        if self._birthday and self._birthday not in notes.splitlines():
            notes = f"{notes}\n{self._birthday}" if notes else self._birthday
        draft.notes = notes
        if not draft.shown_name() and not self._name_from_contact_details():
            return RowProblem(self.line, "no name, organisation, email or phone; skipped")
        region = region_from_evidence(self._countries, (p.value for p in draft.phones))
        self.record.region = region
        draft.emails = _unique(draft.emails, normalize_email)
        record = self.record
        draft.phones = _unique(
            draft.phones, lambda v: read_phone(v, record.region_of(v, region)).key
        )
        draft.urls = _unique(draft.urls, lambda v: v)
        draft.tags = clean_list(draft.tags)
        draft.offers = clean_list(draft.offers)
        draft.needs = clean_list(draft.needs)
        return self.record

    def _name_from_contact_details(self) -> bool:
        """Name a person with no name after their email's local part or their number."""
        draft = self.draft
        email = next((e.value.strip() for e in draft.emails if e.value.strip()), "")
        phone = next((p.value.strip() for p in draft.phones if p.value.strip()), "")
        if email:
            draft.display_name, source = email.partition("@")[0], "email"
        elif phone:
            draft.display_name, source = phone, "number"
        else:
            return False
        draft.tags.append(REVIEW_TAG)
        self.record.nameless = True
        self.warn(
            self.line,
            f"no name: named “{draft.display_name}” after the {source}, tagged “{REVIEW_TAG}”",
        )
        return True


def _split_multi(value: str) -> list[str]:
    """Google puts several values of one label in one cell, joined by " ::: "."""
    return [part for part in value.split(" ::: ") if part.strip()]


def _unique(items: list[Labelled], key: Callable[[str], str]) -> list[Labelled]:
    seen: set[str] = set()
    kept: list[Labelled] = []
    for item in items:
        k = key(item.value)
        if item.value.strip() and k not in seen:
            seen.add(k)
            kept.append(item)
    return kept
