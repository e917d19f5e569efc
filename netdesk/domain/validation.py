"""Checks on what a person typed, each failure naming the field and the problem.

One rule for text, used by every path that writes a contact (the editor,
capture, import, restore) and by everything the command line prints:

- A single-line field (names, organisation, title, city, how we met, emails,
  phones, web addresses, labels, tags, offers, needs) keeps no control
  character: C0 and C1 controls (NUL and ESC among them), DEL, the bidi
  embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, which
  can make "moc.evil" read as "live.com"), and lone surrogates are dropped;
  a tab or line break becomes a space. ``clean_line`` does that.
- Notes keep tabs and line breaks (as "\\n") and lose the rest: ``clean_text``.
- Each field has a length limit (``FIELD_LIMITS``): an email is at most 254
  characters with at most 64 before the "@" (RFC 5321), a name 200.
- ``printable`` makes any text safe for a terminal: what a field could never
  hold is shown as an escape ("\\u001b") instead of acting on the terminal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from netdesk.domain.user_errors import DomainError

if TYPE_CHECKING:
    from netdesk.domain.contacts import ContactDraft

# the largest photo netdesk keeps (a contact's photo is a face, not a print);
# imports leave out larger ones and say so. netdesk stores photos as they come:
# scaling them needs an image library, which the domain does not load.
MAX_PHOTO_BYTES = 1_000_000

EMAIL_MAX = 254  # RFC 5321: a path is at most 256 octets, with its two angle brackets
EMAIL_LOCAL_MAX = 64  # RFC 5321 section 4.5.3.1.1
NAME_MAX = 200
# the longest value each field keeps, in characters
FIELD_LIMITS: dict[str, int] = {
    "given_name": NAME_MAX,
    "family_name": NAME_MAX,
    "display_name": NAME_MAX,
    "organisation": NAME_MAX,
    "title": NAME_MAX,
    "city": NAME_MAX,
    "nickname": NAME_MAX,
    "department": NAME_MAX,
    "how_we_met": 500,
    "emails": EMAIL_MAX,
    "phones": 64,
    "urls": 2048,
    "labels": 100,
    "tags": 100,
    "offers": NAME_MAX,
    "needs": NAME_MAX,
    "notes": 100_000,
    "note": 1000,  # the one line of note of a capture entry
}
SINGLE_LINE_FIELDS = (
    "given_name",
    "family_name",
    "display_name",
    "organisation",
    "title",
    "city",
    "nickname",
    "department",
    "how_we_met",
)
LIST_FIELDS = ("tags", "offers", "needs")
LABELLED_FIELDS = ("emails", "phones", "urls")

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
# a break of some kind: a space in a single-line field
_BREAKS = re.compile("[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")
_LINE_DROPS = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{_BIDI}{_SURROGATES}]")
_TEXT_DROPS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}\u2028\u2029]")
# what a terminal must never be sent raw (a line break and a tab are fine)
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}\u2028\u2029]")
# any character ``clean_line`` would change
_NOT_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}\u2028\u2029]")


def clean_line(text: str) -> str:
    """A single-line field's value as netdesk keeps it: no controls, no line breaks."""
    if not _NOT_SINGLE_LINE.search(text):
        return text
    return _LINE_DROPS.sub("", _BREAKS.sub(" ", text))


def clean_text(text: str) -> str:
    """Notes as netdesk keeps them: line breaks as "\\n", tabs, no other controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TEXT_DROPS.sub("", text)


def has_controls(text: str) -> bool:
    """Whether ``clean_line`` would change this text."""
    return _NOT_SINGLE_LINE.search(text) is not None


def printable(text: str) -> str:
    """Text safe to print on a terminal: controls and bidi overrides shown as escapes."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def length_problem(field: str, text: str) -> str | None:
    limit = FIELD_LIMITS.get(field)
    if limit is not None and len(text) > limit:
        return f"is {len(text):,} characters long; netdesk keeps at most {limit:,}"
    return None


def clean_draft(draft: ContactDraft) -> ContactDraft:
    """The draft with every field cleaned by the one rule (the draft itself is not changed)."""
    from netdesk.domain.contacts import Labelled

    def items(values: list[Labelled]) -> list[Labelled]:
        return [
            Labelled(clean_line(item.value).strip(), clean_line(item.label).strip())
            for item in values
        ]

    cleaned: dict[str, Any] = {
        **{name: clean_line(getattr(draft, name)).strip() for name in SINGLE_LINE_FIELDS},
        **{name: items(getattr(draft, name)) for name in LABELLED_FIELDS},
        **{name: [clean_line(t).strip() for t in getattr(draft, name)] for name in LIST_FIELDS},
        "notes": _kept_notes(clean_text(draft.notes)),
    }
    return replace(draft, **cleaned)


def is_clean(draft: ContactDraft) -> bool:
    """Whether ``clean_draft`` would give the draft back as it is (no control character
    to remove, no space to trim): most drafts, checked faster than cleaned."""

    def line_ok(text: str) -> bool:
        return text == text.strip() and not _NOT_SINGLE_LINE.search(text)

    notes = draft.notes
    if notes and ("\r" in notes or _TEXT_DROPS.search(notes) or not notes.strip()):
        return False
    return (
        all(line_ok(getattr(draft, name)) for name in SINGLE_LINE_FIELDS)
        and all(
            line_ok(item.value) and line_ok(item.label)
            for name in LABELLED_FIELDS
            for item in getattr(draft, name)
        )
        and all(line_ok(text) for name in LIST_FIELDS for text in getattr(draft, name))
    )


def _kept_notes(notes: str) -> str:
    # notes of nothing but spaces and line breaks are no notes (and no export writes them)
    return notes if notes.strip() else ""


def cleaned_fields(before: ContactDraft, after: ContactDraft) -> list[str]:
    """The fields ``clean_draft`` changed beyond trimming spaces, by name."""
    changed = []
    for name in SINGLE_LINE_FIELDS + LABELLED_FIELDS + LIST_FIELDS + ("notes",):
        old, new = getattr(before, name), getattr(after, name)
        if name in LABELLED_FIELDS:
            old = [(i.value.strip(), i.label.strip()) for i in old]
            new = [(i.value, i.label) for i in new]
        elif name in LIST_FIELDS:
            old = [t.strip() for t in old]
        elif name != "notes":
            old = old.strip()
        else:
            old = _kept_notes(old.replace("\r\n", "\n").replace("\r", "\n"))
        if old != new:
            changed.append(name)
    return changed


def draft_length_problems(draft: ContactDraft) -> list[Problem]:
    """Every field of the draft longer than netdesk keeps."""
    problems = []
    for name in SINGLE_LINE_FIELDS + ("notes",):
        if message := length_problem(name, getattr(draft, name)):
            problems.append(Problem(name, None, message))
    for name in LABELLED_FIELDS:
        for index, item in enumerate(getattr(draft, name)):
            # an email's own check says more (see email_problem)
            if name != "emails" and (message := length_problem(name, item.value)):
                problems.append(Problem(name, index, message))
            if message := length_problem("labels", item.label):
                problems.append(Problem(name, index, f"its label {message}"))
    for name in LIST_FIELDS:
        for index, text in enumerate(getattr(draft, name)):
            if message := length_problem(name, text):
                problems.append(Problem(name, index, message))
    return problems


_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


@dataclass(frozen=True)
class Problem:
    field: str  # e.g. "emails", "phones", "given_name"
    index: int | None  # position within a list field, else None
    message: str

    def __str__(self) -> str:
        words = _FIELD_WORDS.get(self.field, self.field.replace("_", " "))
        where = words if self.index is None else f"{words} #{self.index + 1}"
        return f"{where}: {self.message}"


# what a field is called where a person reads its problem, when not its name in words
_FIELD_WORDS = {
    "occurred_on": "date",
    "held_on": "date",
    "on": "date",
    "introduced_by_id": "introduced by",
    "cadence_days": "keep in touch every",
}


class ValidationError(DomainError, ValueError):
    """One or more fields are not acceptable; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def email_problem(raw: str) -> str | None:
    address = raw.strip()
    if not _EMAIL.match(address) or has_controls(address):
        return f"“{printable(raw)}” is not an email address (expected name@example.com)"
    if len(address) > EMAIL_MAX:
        return f"an email address is at most {EMAIL_MAX} characters; this one has {len(address):,}"
    if len(address.partition("@")[0]) > EMAIL_LOCAL_MAX:
        return (
            f"an email address has at most {EMAIL_LOCAL_MAX} characters before the “@”; "
            f"“{address[:20]}…” has {len(address.partition('@')[0]):,}"
        )
    return None


def fold(text: str) -> str:
    """``text`` without case or accents ("Zoë" -> "zoe"): how names sort and compare,
    and how the search index sees words."""
    if text.isascii():  # no accents to take off: most names, and the fast way
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_list(items: list[str]) -> list[str]:
    """Offers, needs or tags as kept: each stripped, blanks dropped, and of those that
    differ only in case the first."""
    seen: set[str] = set()
    kept = []
    for item in items:
        text = item.strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept


def normalize_email(address: str) -> str:
    return address.strip().lower()


def phone_problem(number: str, region: str | None) -> str | None:
    """Why ``number`` cannot be kept as a phone number (not two digits, or words), else None.

    A number not valid for any country netdesk can tell is kept as written
    (see ``netdesk.domain.phone_numbers``), never refused.
    """
    from netdesk.domain.phone_numbers import looks_like_phone

    if not looks_like_phone(number):
        return f"“{printable(number)}” is not a phone number"
    return None


def normalize_phone(number: str, region: str | None) -> str:
    """E.164 ("+15195550123") for a number valid in ``region``, else what it is written as
    (a service code "*777#", or the digits alone): never an invented country code."""
    from netdesk.domain.phone_numbers import phone_key

    return phone_key(number, region)


# text columns as stored, with the rule each follows ("line" or "text") and the
# field whose length limit it takes (None: cleaned, not limited: a display name
# is the given and family names together, a sort key follows its name)
STORED_TEXT: dict[tuple[str, str], tuple[str, str | None]] = {
    **{("contact", name): ("line", name) for name in SINGLE_LINE_FIELDS if name != "display_name"},
    ("contact", "display_name"): ("line", None),
    ("contact", "sort_key"): ("line", None),
    ("contact", "notes"): ("text", "notes"),
    ("contact_email", "address"): ("line", "emails"),
    ("contact_email", "normalized"): ("line", None),
    ("contact_email", "label"): ("line", "labels"),
    ("contact_phone", "number"): ("line", "phones"),
    ("contact_phone", "normalized"): ("line", None),
    ("contact_phone", "label"): ("line", "labels"),
    ("contact_url", "url"): ("line", "urls"),
    ("contact_url", "label"): ("line", "labels"),
    ("tag", "name"): ("line", "tags"),
    ("offer", "text"): ("line", "offers"),
    ("need", "text"): ("line", "needs"),
    ("event", "name"): ("line", None),
    ("event", "place"): ("line", None),
    ("event", "notes"): ("text", None),
    ("interaction", "note"): ("text", None),
}


def stored_text(table: str, column: str, value: object) -> tuple[object, str | None]:
    """A stored value (from a backup being restored) cleaned by the rule of its column,
    and why it cannot be kept (too long), or None."""
    rule = STORED_TEXT.get((table, column))
    if rule is None or not isinstance(value, str):
        return value, None
    kind, limit = rule
    cleaned = clean_line(value) if kind == "line" else clean_text(value)
    return cleaned, length_problem(limit, cleaned) if limit else None
