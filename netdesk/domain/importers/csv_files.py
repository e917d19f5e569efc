"""CSV exports: find the header row (LinkedIn puts notes above it), then read rows with lines.

Which export a CSV is comes from its header, never from its file name:
LinkedIn's ``Connections.csv``, Google Contacts (the current header and the
legacy one) and netdesk's own CSV by their exact columns; any other header
(Outlook's in each of its languages, Thunderbird's, a spreadsheet's) column
by column (``columns.map_header``); a file with no header at all by the
values of its first rows (``columns.map_by_content``). The delimiter is
whichever of ",", ";" and tab gives a header (Thunderbird and Excel write
";" where the list separator is one). Lines may end in CR LF, LF or a lone
CR (classic Mac programs). A row's line number is the line it starts on,
counting quoted values that run over several lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from netdesk.domain.importers.columns import ColumnMap, map_by_content, map_header, plain

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# how many lines to look through for the header (LinkedIn's notes come first)
HEADER_SEARCH_LINES = 40
# how many rows of a file with no header are judged by their values
CONTENT_SAMPLE_ROWS = 50
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
    return None


@dataclass(frozen=True)
class CsvLayout:
    format: str
    header_line: int  # 0: the file has no header row
    delimiter: str
    header: list[str]
    # how each column is read, for every format but the exporters known by their header
    columns: ColumnMap | None = field(default=None, compare=False)


def _outlook_or_thunderbird(names: set[str]) -> str:
    if "primary email" in names or "mobile number" in names:
        return "thunderbird"
    outlook_words = {
        "e-mail address",
        "job title",
        "business phone",
        "e-mail-adresse",
        "adresse de messagerie",
        "direccion de correo electronico",
        "indirizzo posta elettronica",
        "e-mailadres",
        "endereco de email",
        "adres e-mail",
        "адрес эл. почты",
    }
    return "outlook" if names & outlook_words else "csv"


def _head_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    pieces = LINE_BREAK.split(text.lstrip("\ufeff"), HEADER_SEARCH_LINES + CONTENT_SAMPLE_ROWS)
    head = "\n".join(pieces[: HEADER_SEARCH_LINES + CONTENT_SAMPLE_ROWS])
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    last_line = 0
    try:
        for row in reader:
            rows.append((last_line + 1, row))
            last_line = reader.line_num
    except csv.Error:
        pass
    return rows


def _delimiters(text: str) -> list[str]:
    """The delimiters to try, the likeliest first (the most used in the first line)."""
    first = next((line for line in LINE_BREAK.split(text[:10_000]) if line.strip()), "")
    return sorted(_DELIMITERS, key=lambda d: -first.count(d))


def find_header(text: str) -> CsvLayout | None:
    """How to read a CSV, from its first lines; None when no column holds people."""
    delimiters = _delimiters(text)
    sampled: dict[str, list[tuple[int, list[str]]]] = {}
    for delimiter in delimiters:
        rows = sampled[delimiter] = _head_rows(text, delimiter)
        for start, row in rows[:HEADER_SEARCH_LINES]:
            found = classify_header(row) if len(row) > 2 else None
            header = [cell.strip().strip("\ufeff") for cell in row]
            if found:
                return CsvLayout(found, start, delimiter, header)
            columns = map_header(row)
            if columns is not None:
                kind = _outlook_or_thunderbird({plain(cell) for cell in row})
                return CsvLayout(kind, start, delimiter, header, columns)
    for delimiter in delimiters:
        filled = [row for _, row in sampled[delimiter] if any(cell.strip() for cell in row)]
        if not filled or max(len(row) for row in filled) < 2 and delimiter != delimiters[-1]:
            continue
        columns = map_by_content(filled[:CONTENT_SAMPLE_ROWS])
        if columns is not None:
            linkedin = len(columns.roles) == 7 and columns.roles[2].label == "LinkedIn"
            kind = "linkedin" if linkedin else "csv"
            return CsvLayout(kind, 0, delimiter, list(columns.names), columns)
    return None


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    problem: str | None = None
    cells: list[str] = field(default_factory=list)

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


def read_rows(text: str | Iterable[str], layout: CsvLayout) -> Iterator[CsvRow]:
    """The rows after the header, as column → value, each with the line it starts on.

    ``text`` is the whole text, or its lines as they are read (a large file)."""
    lines = io.StringIO(text.lstrip("\ufeff"), newline="") if isinstance(text, str) else text
    reader = csv.reader(lines, delimiter=layout.delimiter)
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
        values = dict(zip(layout.header, row, strict=False)) if layout.columns is None else {}
        yield CsvRow(start, values, problem, row)
