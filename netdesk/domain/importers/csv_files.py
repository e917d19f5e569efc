"""CSV exports: find the header row (LinkedIn puts notes above it), then read rows with lines.

Which export a CSV is comes from its header, never from its file name:
LinkedIn's ``Connections.csv``, Google Contacts (the current header and the
legacy one), Outlook, and netdesk's own CSV. A row's line number is the line
it starts on, counting quoted values that run over several lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# how many lines to look through for the header (LinkedIn's notes come first)
HEADER_SEARCH_LINES = 40
_DELIMITERS = (",", ";", "\t")


def _has(cells: set[str], *names: str) -> bool:
    return all(name in cells for name in names)


def classify_header(cells: list[str]) -> str | None:
    """The format a header row belongs to, or None."""
    names = {cell.strip().strip("\ufeff").casefold() for cell in cells}
    if _has(names, "display name", "given name", "offers", "needs"):
        return "netdesk_csv"
    if _has(names, "first name", "last name", "company", "position", "connected on"):
        return "linkedin"
    if _has(names, "given name", "family name") and (
        "group membership" in names or "organization 1 - name" in names or "name" in names
    ):
        return "google_legacy"
    if _has(names, "first name", "last name") and (
        "organization name" in names or "labels" in names or "file as" in names
    ):
        return "google"
    if _has(names, "first name", "last name") and (
        "e-mail address" in names or "job title" in names or "business phone" in names
    ):
        return "outlook"
    return None


@dataclass(frozen=True)
class CsvLayout:
    format: str
    header_line: int
    delimiter: str
    header: list[str]


def find_header(text: str) -> CsvLayout | None:
    pieces = LINE_BREAK.split(text.lstrip("\ufeff"), HEADER_SEARCH_LINES)
    head = "\n".join(pieces[:HEADER_SEARCH_LINES])
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        last_line = 0
        try:
            for row in reader:
                start = last_line + 1
                last_line = reader.line_num
                found = classify_header(row) if len(row) > 2 else None
                if found:
                    header = [cell.strip().strip("\ufeff") for cell in row]
                    return CsvLayout(found, start, delimiter, header)
        except csv.Error:
            continue
    return None


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    problem: str | None = None

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


def read_rows(text: str, layout: CsvLayout) -> Iterator[CsvRow]:
    """The rows after the header, as column → value, each with the line it starts on."""
    stream = io.StringIO(text.lstrip("\ufeff"), newline="")
    reader = csv.reader(stream, delimiter=layout.delimiter)
    width = len(layout.header)
    last_line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start = last_line + 1
            last_line = reader.line_num
            yield CsvRow(start, {}, f"this row cannot be read as CSV ({exc}); skipped")
            continue
        start = last_line + 1
        last_line = reader.line_num
        if start <= layout.header_line:
            continue
        if not any(cell.strip() for cell in row):
            continue
        problem = None
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problem = (
                f"this row has {len(row)} values but the header names {width} columns; skipped"
            )
        values = dict(zip(layout.header, row, strict=False))
        yield CsvRow(start, values, problem)
