"""Checks on what a person typed, each failure naming the field and the problem."""

from __future__ import annotations

import re
from dataclasses import dataclass

# the largest photo netdesk keeps (a contact's photo is a face, not a print);
# imports leave out larger ones and say so. netdesk stores photos as they come:
# scaling them needs an image library, which the domain does not load.
MAX_PHOTO_BYTES = 1_000_000

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


@dataclass(frozen=True)
class Problem:
    field: str  # e.g. "emails", "phones", "given_name"
    index: int | None  # position within a list field, else None
    message: str

    def __str__(self) -> str:
        where = self.field if self.index is None else f"{self.field} #{self.index + 1}"
        return f"{where}: {self.message}"


class ValidationError(ValueError):
    """One or more fields are not acceptable; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def email_problem(address: str) -> str | None:
    if not _EMAIL.match(address.strip()):
        return f"“{address}” is not an email address (expected name@example.com)"
    return None


def normalize_email(address: str) -> str:
    return address.strip().lower()


def phone_problem(number: str, region: str) -> str | None:
    import phonenumbers  # a large library: loaded the first time a phone is checked

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return f"“{number}” is not a phone number"
    if not phonenumbers.is_possible_number(parsed):
        return f"“{number}” is not a possible phone number (wrong number of digits?)"
    return None


def normalize_phone(number: str, region: str) -> str:
    """E.164 ("+15195550123") when the number can be read, else its digits."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return re.sub(r"\D", "", number)
