"""Reading one file: its bytes, its encoding, its format, then its records."""

from __future__ import annotations

from pathlib import Path

from netdesk.domain import settings
from netdesk.domain.importers import csv_files, vcard
from netdesk.domain.importers.csv_formats import READERS
from netdesk.domain.importers.records import (
    ImportFileError,
    ParsedFile,
    Progress,
    RowProblem,
)
from netdesk.domain.importers.text_decoding import decode_bytes

KNOWN_FORMATS = (
    "a vCard (.vcf), LinkedIn's Connections.csv, a Google Contacts CSV, an Outlook CSV "
    "or a netdesk CSV"
)
_VCARD_SEARCH_LINES = 50


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "no such file") from None
    except IsADirectoryError:
        raise ImportFileError(path, "it is a folder, not a file") from None
    except PermissionError:
        raise ImportFileError(path, "the file cannot be read (permission denied)") from None
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None


def looks_like_vcard(text: str) -> bool:
    seen = 0
    for line in csv_files.LINE_BREAK.split(text.lstrip("\ufeff"), _VCARD_SEARCH_LINES * 4):
        word = line.strip()
        if not word:
            continue
        if word.upper() == "BEGIN:VCARD":
            return True
        seen += 1
        if seen >= _VCARD_SEARCH_LINES:
            break
    return False


def read_import_file(
    path: Path | str, region: str | None = None, progress: Progress | None = None
) -> ParsedFile:
    """Read a file into records and problems; raise ``ImportFileError`` if it is unusable."""
    path = Path(path)
    region = region or settings.get("phone.default_region")
    data = read_bytes(path)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError(path, "the file is empty")
    decoded = decode_bytes(data)
    text = decoded.text
    if looks_like_vcard(text):
        parsed = vcard.read_vcards(path, text, decoded.encoding, region, progress)
    else:
        layout = csv_files.find_header(text)
        if layout is None:
            raise ImportFileError(
                path, f"not something netdesk can import (expected {KNOWN_FORMATS})"
            )
        parsed = _read_csv(path, text, decoded.encoding, layout, region, progress)
    if decoded.problem is not None:
        parsed.problems.insert(0, decoded.problem)
    return parsed


def _read_csv(
    path: Path,
    text: str,
    encoding: str,
    layout: csv_files.CsvLayout,
    region: str,
    progress: Progress | None,
) -> ParsedFile:
    parsed = ParsedFile(path, layout.format, encoding)
    read_row = READERS[layout.format](layout)
    total_lines = text.count("\n") + 1
    for count, row in enumerate(csv_files.read_rows(text, layout), 1):
        if row.problem:
            parsed.problems.append(RowProblem(row.line, row.problem))
        else:
            result = read_row(row, region)
            if isinstance(result, RowProblem):
                parsed.problems.append(result)
            else:
                parsed.records.append(result)
        if progress is not None and count % 500 == 0:
            progress(row.line, total_lines, f"Reading {path.name}: line {row.line:,}")
    return parsed
