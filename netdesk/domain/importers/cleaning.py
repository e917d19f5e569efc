"""Turning the raw values a file holds into a clean contact record.

Every parser fills a ``RecordBuilder`` with what it read, field by field, and
calls ``finish``: emails and phone numbers are checked (one that is not valid
is left out and named in a warning, the rest of the contact stays), lists lose
their repeats, and a record with neither a name nor an organisation becomes a
``RowProblem``.

netdesk has no birthday field: a birthday is kept as a line of the contact's
notes, ``Birthday: 1980-05-17`` (or ``Birthday: --05-17`` without the year),
and the vCard exporter writes it back out as BDAY.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import phonenumbers

from netdesk.domain.contacts import NETWORKING_STYLES, ContactDraft, Labelled
from netdesk.domain.importers.records import ImportRecord, RowProblem
from netdesk.domain.validation import email_problem, normalize_email

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
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@functools.lru_cache(maxsize=65536)
# (an import reads a number, plans with it twice, then writes it: parsed once)
@functools.lru_cache(maxsize=1 << 16)
def phone_key(number: str, region: str) -> tuple[str, str | None]:
    """(E.164 form, None) for a readable number, else (digits only, the problem)."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", number), f"“{number}” is not a phone number"
    if not phonenumbers.is_possible_number(parsed):
        return (
            re.sub(r"\D", "", number),
            f"“{number}” is not a possible phone number (wrong number of digits?)",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None


def parse_date(text: str) -> dt.date | None:
    """A full date in the forms exports use, or None: 2024-03-05, 20240305, 05 Mar 2024,
    3/5/2024 (month first, as Outlook writes it in English, unless the first number
    cannot be a month: 31/12/1990), 05.03.2024."""
    text = text.strip()
    try:
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH_YEAR.match(text):
            month = _MONTHS.get(match[2].casefold())
            return dt.date(int(match[3]), month, int(match[1])) if month else None
        if match := _SLASHED.match(text):
            year = int(match[3])
            year += (1900 if year > 30 else 2000) if year < 100 else 0
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
    """Outlook writes "0/0/00" for no date."""
    return not text.strip() or text.strip() in {"0/0/00", "0/0/0000", "00.00.0000"}


def clean_list(items: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for item in items:
        text = item.strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept


class RecordBuilder:
    """Collects one contact's values; ``finish`` checks them and returns the record."""

    def __init__(self, line: int, region: str) -> None:
        self.line = line
        self.region = region
        self.record = ImportRecord(line, ContactDraft())
        self.draft = self.record.draft
        self._notes: list[str] = []
        self._birthday: str | None = None

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
            _, problem = phone_key(part.strip(), self.region)
            if problem:
                self.warn(line or self.line, f"{problem}; left out")
            else:
                self.draft.phones.append(Labelled(part.strip(), label))

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
            self.warn(line or self.line, f"{day.isoformat()} is in the future; no meeting recorded")
        else:
            self.record.met_on = day
            self.record.met_note = note

    def finish(self) -> ImportRecord | RowProblem:
        draft = self.draft
        for name in ("given_name", "family_name", "display_name", "organisation", "title", "city"):
            setattr(draft, name, getattr(draft, name).strip())
        draft.how_we_met = draft.how_we_met.strip()
        notes = "\n\n".join(self._notes)
        if self._birthday and self._birthday not in notes.splitlines():
            notes = f"{notes}\n{self._birthday}" if notes else self._birthday
        draft.notes = notes
        if not draft.shown_name():
            had = [e.value for e in draft.emails] + [p.value for p in draft.phones]
            detail = f" (it has {had[0]})" if had else ""
            return RowProblem(self.line, f"no name or organisation{detail}; skipped")
        draft.emails = _unique(draft.emails, lambda v: normalize_email(v))
        draft.phones = _unique(draft.phones, lambda v: phone_key(v, self.region)[0])
        draft.urls = _unique(draft.urls, lambda v: v)
        draft.tags = clean_list(draft.tags)
        draft.offers = clean_list(draft.offers)
        draft.needs = clean_list(draft.needs)
        return self.record


def _split_multi(value: str) -> list[str]:
    """Google puts several values of one label in one cell, joined by " ::: "."""
    return [part for part in value.split(" ::: ") if part.strip()]


def _unique(items: list[Labelled], key) -> list[Labelled]:
    seen: set[str] = set()
    kept = []
    for item in items:
        k = key(item.value)
        if item.value.strip() and k not in seen:
            seen.add(k)
            kept.append(item)
    return kept
