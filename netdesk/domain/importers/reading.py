"""Reading one file: its bytes, its encoding, its format, then its records."""

from __future__ import annotations

import bisect
import os
import stat
from pathlib import Path

from netdesk.domain import settings, validation
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import csv_files, vcard
from netdesk.domain.importers.csv_formats import READERS
from netdesk.domain.importers.records import (
    ImportFileError,
    ImportRecord,
    ParsedFile,
    Progress,
    RowProblem,
)
from netdesk.domain.importers.text_decoding import decode_bytes
from netdesk.storage.private_files import kind_of

KNOWN_FORMATS = (
    "a vCard (.vcf), LinkedIn's Connections.csv, a Google Contacts CSV, an Outlook CSV "
    "or a netdesk CSV"
)
_VCARD_SEARCH_LINES = 50
# the most one import file may hold: its bytes, its text and its records are in memory at once
MAX_FILE_BYTES = 200_000_000


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``ImportFileError`` otherwise.

    A device (``/dev/zero``), a FIFO or a socket is refused before it is
    opened, and again on the open descriptor (opened without blocking: a FIFO
    with no writer would wait for one), so what is checked is what is read.
    At most ``limit + 1`` bytes are ever read, whatever size the file claims.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        # before opening: opening a device can act on it (a tape rewinds)
        _refuse_unless_regular(path, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ImportFileError(path, "no such file") from None
    except IsADirectoryError:
        raise ImportFileError(path, "it is a folder, not a file") from None
    except PermissionError:
        raise ImportFileError(path, "the file cannot be read (permission denied)") from None
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
    try:
        # and after: what was opened may have been swapped in since
        _refuse_unless_regular(path, os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise ImportFileError(
            path,
            f"the file is larger than {limit // 1_000_000:,} MB, more than netdesk reads from "
            "one file (split it into smaller files)",
        )
    return data


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ImportFileError(path, "it is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise ImportFileError(
            path, f"{kind_of(mode)}, not a regular file; netdesk imports files only"
        )


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
    _clean_records(parsed)
    if decoded.problems:
        _note_decoding(parsed, decoded.problems)
    return parsed


def _note_decoding(parsed: ParsedFile, problems: tuple[RowProblem, ...]) -> None:
    """A line read in another encoding is a warning on the card or row it is part of
    (the preview shows it with that contact); one outside any is a problem of the file."""
    starts = sorted(
        [(r.line, index) for index, r in enumerate(parsed.records)]
        + [(p.line, None) for p in parsed.problems]
    )
    lines = [line for line, _ in starts]
    of_file = []
    for problem in problems:
        at = bisect.bisect_right(lines, problem.line) - 1
        index = starts[at][1] if at >= 0 else None
        if index is None:
            of_file.append(problem)
        else:
            parsed.records[index].warn(problem.line, problem.reason)
    parsed.problems[:0] = of_file


def _clean_records(parsed: ParsedFile) -> None:
    """Every record through the one rule for text (``validation.clean_draft``): control
    characters are removed, and a value longer than netdesk keeps is left out; each named."""
    kept = []
    for record in parsed.records:
        draft = validation.clean_draft(record.draft)
        changed = validation.cleaned_fields(record.draft, draft)
        if changed:
            fields = ", ".join(name.replace("_", " ") for name in changed)
            record.warn(record.line, f"control characters removed from {fields}")
        _leave_out_long_values(record, draft)
        record.draft = draft
        if draft.shown_name():
            kept.append(record)
        else:
            parsed.problems.append(
                RowProblem(record.line, "no name or organisation left to keep; skipped")
            )
    parsed.records = kept


def _leave_out_long_values(record: ImportRecord, draft: ContactDraft) -> None:
    for name in validation.SINGLE_LINE_FIELDS + ("notes",):
        if message := validation.length_problem(name, getattr(draft, name)):
            record.warn(record.line, f"the {name.replace('_', ' ')} {message}; left out")
            setattr(draft, name, "")
    for name in validation.LABELLED_FIELDS:
        kept = []
        for item in getattr(draft, name):
            if message := validation.length_problem(name, item.value):
                record.warn(record.line, f"a value of {name} {message}; left out")
                continue
            if message := validation.length_problem("labels", item.label):
                record.warn(record.line, f"the label “{item.label[:20]}…” {message}; left out")
                item = Labelled(item.value, "")
            kept.append(item)
        setattr(draft, name, kept)
    for name in validation.LIST_FIELDS:
        kept_texts = []
        for text in getattr(draft, name):
            if message := validation.length_problem(name, text):
                record.warn(record.line, f"a value of {name} {message}; left out")
            else:
                kept_texts.append(text)
        setattr(draft, name, kept_texts)


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
