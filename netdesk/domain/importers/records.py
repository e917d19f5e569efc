"""What every parser produces: contact records with where they came from, and problems.

A parser turns a file into ``ImportRecord``s (one per card or row, each with
the line it starts on) and ``RowProblem``s (a card or row it could not use,
with the line and the reason). A problem with one field (an email that is not
an email, a photo that will not decode) leaves the record in and is noted on
it as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.domain.contacts import ContactDraft
from netdesk.domain.importers.columns import ColumnMap
from netdesk.domain.user_errors import DomainError

# progress(done, total, text); it may raise to stop the work (Cancel)
Progress = Callable[[int, int, str], None]


class ImportFileError(DomainError, ValueError):
    """The whole file cannot be imported (unreadable, empty, not a known format)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class ImportRecord:
    """One contact as a file describes it."""

    line: int
    draft: ContactDraft
    # a "met" interaction to add on this day (LinkedIn's Connected On)
    met_on: dt.date | None = None
    met_note: str = ""
    # the card's UID and the UID of the contact who introduced them (netdesk's own vCards)
    uid: str = ""
    introduced_by_uid: str = ""
    warnings: list[str] = field(default_factory=list)
    # the country its numbers are read with, as the record itself shows it (None: not shown)
    region: str | None = None
    # no name in the file: named after an email or a number (and tagged for review)
    nameless: bool = False
    # numbers (as written) to read in a country of their own (None: kept as written),
    # as netdesk's own exports say
    phone_regions: dict[str, str | None] = field(default_factory=dict)

    def region_of(self, number: str, region: str | None) -> str | None:
        """The country to read this number of the record in (``region`` unless it says)."""
        return self.phone_regions.get(number.strip(), region)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"line {line}: {message}")


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ParsedFile:
    path: Path
    format: str  # a key of FORMAT_NAMES
    encoding: str
    records: list[ImportRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # the country most of its records show (read_import_file sets it)
    region: str | None = None
    # how each column of a CSV was read (None for a vCard and the exporters known by name)
    columns: ColumnMap | None = None
    # the first rows of a CSV, cell by cell (the preview shows an example of each column)
    sample_rows: list[list[str]] = field(default_factory=list)

    # a file read as it is used (a large CSV): yields its records and problems in order
    stream: Callable[[], Iterator[ImportRecord | RowProblem]] | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def materialise(self) -> None:
        """Read a streamed file's records into ``records`` and ``problems`` (a preview)."""
        if self.stream is None:
            return
        for item in self.stream():
            if isinstance(item, RowProblem):
                self.problems.append(item)
            else:
                self.records.append(item)
        self.stream = None

    def batches(self, size: int) -> Iterator[tuple[list[ImportRecord], list[RowProblem]]]:
        """The records and problems, a batch at a time (all at once unless streamed)."""
        if self.stream is None:
            yield self.records, self.problems
            return
        records: list[ImportRecord] = []
        problems: list[RowProblem] = []
        for item in self.stream():
            if isinstance(item, RowProblem):
                problems.append(item)
            else:
                records.append(item)
            if len(records) >= size:
                yield records, problems
                records, problems = [], []
        if records or problems:
            yield records, problems


FORMAT_NAMES = {
    "vcard": "vCard",
    "linkedin": "LinkedIn connections",
    "google": "Google Contacts CSV",
    "google_legacy": "Google Contacts CSV (legacy)",
    "outlook": "Outlook CSV",
    "thunderbird": "Thunderbird CSV",
    "csv": "CSV",
    "netdesk_csv": "netdesk CSV",
}

# Labels as netdesk keeps them, from the words address books use.
_LABEL_WORDS = {
    "home": "home",
    "work": "work",
    "business": "work",
    "office": "work",
    "cell": "mobile",
    "mobile": "mobile",
    "iphone": "mobile",
    "fax": "fax",
    "homefax": "home fax",
    "workfax": "work fax",
    "businessfax": "work fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
    "homepage": "homepage",
    "blog": "blog",
    "profile": "profile",
}


def canonical_label(text: str) -> str:
    """ "Mobile" → "mobile", "* Work" → "work"; a label of one's own stays as written."""
    cleaned = text.strip().lstrip("*").strip()
    key = cleaned.casefold().replace(" ", "").replace("-", "").replace("_", "")
    return _LABEL_WORDS.get(key, cleaned)
