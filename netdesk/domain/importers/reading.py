"""Reading one file: its bytes, its encoding, its format, then its records.

A CSV of more than ``STREAM_BYTES`` is not read into records at once: the
``ParsedFile`` it gives streams its rows each time it is used
(``ParsedFile.batches``), so that a million rows never sit in memory together
(``apply_import`` plans and writes them a batch at a time).

The country a file's numbers are read in when a record shows none of its own
is the one most of its records show (``ParsedFile.region``).
"""

from __future__ import annotations

import bisect
import codecs
import io
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from netdesk.domain import cycle_collector, validation
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import csv_files, vcard
from netdesk.domain.importers.columns import ColumnMap
from netdesk.domain.importers.csv_formats import reader_for
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
    "a vCard (.vcf), or a CSV with columns of names, emails, phone numbers or organisations: "
    "a header row in English, German, French, Spanish, Italian, Dutch, Portuguese, Polish or "
    "Russian (as Outlook, Thunderbird, Google and LinkedIn write them), or values that look "
    "like them"
)
# a CSV larger than this streams its rows instead of holding them all
STREAM_BYTES = 5_000_000
# records read to learn which country most of a streamed file's numbers are in
_REGION_SAMPLE = 5000
_SAMPLE_ROWS = 5
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
    path: Path | str,
    region: str | None = None,
    progress: Progress | None = None,
    *,
    columns: ColumnMap | None = None,
    stream: bool = False,
) -> ParsedFile:
    """Read a file into records and problems; raise ``ImportFileError`` if it is unusable.

    ``columns`` reads a CSV's columns as a person mapped them (the preview) instead of
    as recognised. ``stream`` lets a large CSV stream its rows (see the module's doc).
    ``region`` is passed to the record builders; the country numbers are read in comes
    from the records and the file (``ParsedFile.region``).
    """
    path = Path(path)
    data = read_bytes(path)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError(path, "the file is empty")
    head = data[:200_000].decode("utf-8", errors="ignore")
    if stream and len(data) > STREAM_BYTES and not looks_like_vcard(head) and _is_utf8(data):
        return _streamed_csv(path, data, region, columns)
    decoded = decode_bytes(data)
    text = decoded.text
    with cycle_collector.paused():  # (thousands of records, no cycles)
        if looks_like_vcard(text):
            parsed = vcard.read_vcards(path, text, decoded.encoding, region, progress)
        else:
            layout = _layout(path, text, columns)
            parsed = _read_csv(path, text, decoded.encoding, layout, region, progress)
        _clean_records(parsed)
    if decoded.problems:
        _note_decoding(parsed, decoded.problems)
    parsed.region = _most_shown_region(parsed.records)
    return parsed


def _layout(path: Path, text: str, columns: ColumnMap | None) -> csv_files.CsvLayout:
    layout = csv_files.find_header(text)
    if columns is not None:
        if layout is None or layout.columns is None:
            delimiter = layout.delimiter if layout is not None else ","
            line = layout.header_line if layout is not None else 0
            return csv_files.CsvLayout("csv", line, delimiter, list(columns.names), columns)
        return csv_files.CsvLayout(
            layout.format, layout.header_line, layout.delimiter, layout.header, columns
        )
    if layout is None:
        raise ImportFileError(path, f"no person found in it: netdesk looked for {KNOWN_FORMATS}")
    return layout


def _most_shown_region(records: list[ImportRecord]) -> str | None:
    votes = Counter(r.region for r in records if r.region)
    return votes.most_common(1)[0][0] if votes else None


def _is_utf8(data: bytes) -> bool:
    """Whether the whole file is UTF-8, checked a megabyte at a time (nothing kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1_000_000):
            decoder.decode(data[start : start + 1_000_000])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _streamed_csv(
    path: Path, data: bytes, region: str | None, columns: ColumnMap | None
) -> ParsedFile:
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    layout = _layout(path, body[:1_000_000].decode("utf-8", errors="ignore"), columns)
    read_row = reader_for(layout)

    def items() -> Iterator[ImportRecord | RowProblem]:
        lines = io.TextIOWrapper(io.BytesIO(body), encoding="utf-8", newline="")
        for row in csv_files.read_rows(lines, layout):
            if row.problem:
                yield RowProblem(row.line, row.problem)
                continue
            result = read_row(row, region)
            if isinstance(result, RowProblem):
                yield result
                continue
            problem = _clean_record(result)
            yield result if problem is None else problem

    parsed = ParsedFile(path, layout.format, "UTF-8", columns=layout.columns, stream=items)
    lines = io.TextIOWrapper(io.BytesIO(body[:1_000_000]), encoding="utf-8", errors="ignore")
    for _, row in zip(range(_SAMPLE_ROWS), csv_files.read_rows(lines, layout), strict=False):
        parsed.sample_rows.append(row.cells)
    sample: list[ImportRecord] = []
    for item in items():
        if isinstance(item, ImportRecord):
            sample.append(item)
            if len(sample) >= _REGION_SAMPLE:
                break
    parsed.region = _most_shown_region(sample)
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
    """Every record through the one rule for text (``_clean_record``)."""
    kept = []
    for record in parsed.records:
        problem = _clean_record(record)
        if problem is None:
            kept.append(record)
        else:
            parsed.problems.append(problem)
    parsed.records = kept


def _clean_record(record: ImportRecord) -> RowProblem | None:
    """The record through the one rule for text (``validation.clean_draft``): control
    characters are removed, and a value longer than netdesk keeps is left out; each named.
    A problem when nothing is left to name the person by."""
    if validation.is_clean(record.draft):
        draft = record.draft
    else:
        draft = validation.clean_draft(record.draft)
        changed = validation.cleaned_fields(record.draft, draft)
        if changed:
            fields = ", ".join(name.replace("_", " ") for name in changed)
            record.warn(record.line, f"control characters removed from {fields}")
    _leave_out_long_values(record, draft)
    record.draft = draft
    if draft.shown_name():
        return None
    return RowProblem(record.line, "no name or organisation left to keep; skipped")


def _too_long(draft: ContactDraft) -> bool:
    """Whether any value of the draft is longer than netdesk keeps (most are not)."""
    limits = validation.FIELD_LIMITS
    no_limit = sys.maxsize
    label_limit = limits.get("labels", no_limit)
    for name in validation.SINGLE_LINE_FIELDS + ("notes",):
        if len(getattr(draft, name)) > limits.get(name, no_limit):
            return True
    for name in validation.LABELLED_FIELDS:
        limit = limits.get(name, no_limit)
        for item in getattr(draft, name):
            if len(item.value) > limit or len(item.label) > label_limit:
                return True
    for name in validation.LIST_FIELDS:
        limit = limits.get(name, no_limit)
        if any(len(text) > limit for text in getattr(draft, name)):
            return True
    return False


def _leave_out_long_values(record: ImportRecord, draft: ContactDraft) -> None:
    if not _too_long(draft):
        return
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
    region: str | None,
    progress: Progress | None,
) -> ParsedFile:
    parsed = ParsedFile(path, layout.format, encoding, columns=layout.columns)
    read_row = reader_for(layout)
    total_lines = text.count("\n") + 1
    for count, row in enumerate(csv_files.read_rows(text, layout), 1):
        if count <= _SAMPLE_ROWS:
            parsed.sample_rows.append(row.cells)
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
