"""Exporting contacts: vCard 4.0, netdesk CSV, and the full JSON backup.

The vCard export carries everything netdesk keeps about a contact, so that
importing it gives the same contacts back: names, organisation, title, city
(ADR locality), nickname, department (ORG's unit), notes, emails, phones and
web addresses with their labels
(a TYPE when the label is one vCard knows, else an Apple-style
``itemN.X-ABLabel``), tags (CATEGORIES), the photo (a ``data:`` URI), and in
X-NETDESK-* properties the offers, needs, how we met, networking style,
cadence and who introduced them (by UID). A "Birthday:" line of the notes is
also written as BDAY. Interactions, referrals and events are in the JSON
backup only.

Every file is written beside its target and moved into place when complete.
"""

from __future__ import annotations

import base64
import csv
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from netdesk.domain import json_backup
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers.cleaning import BIRTHDAY_LINE
from netdesk.domain.importers.drafts import live_contact_ids, load_drafts, phone_keys
from netdesk.domain.importers.netdesk_csv import HEADER, row_values
from netdesk.domain.phone_numbers import country_hint
from netdesk.storage import private_files

Progress = Callable[[int, int, str], None]
# (contact id, draft, its numbers' phone keys) triples, written one batch at a time
Batch = list[tuple[int, ContactDraft, dict[str, str]]]
BatchWriter = Callable[[Batch], None]
FORMATS = {"vcard": "vCard 4.0 (.vcf)", "csv": "CSV (.csv)", "json": "JSON backup (.json)"}
SUFFIXES = {"vcard": ".vcf", "csv": ".csv", "json": ".json"}
_BATCH = 500
_FOLD_OCTETS = 75
_UID_NAMESPACE = uuid.UUID("6f1e5c3a-2d8b-4c1e-9a57-0d3c4b2a1e90")

# label → vCard TYPE values, per property; any other label goes to X-ABLabel
_TYPES = {
    "EMAIL": {"home": "home", "work": "work"},
    "TEL": {
        "home": "home",
        "work": "work",
        "mobile": "cell",
        "fax": "fax",
        "home fax": "home,fax",
        "work fax": "work,fax",
        "pager": "pager",
    },
    "URL": {"home": "home", "work": "work"},
}


def contact_uid(contact_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, str(contact_id))}"


def escape_text(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= _FOLD_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _image_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


def _birthday(notes: str) -> str | None:
    match = BIRTHDAY_LINE.search(notes)
    if not match:
        return None
    value = match.group(1)
    # vCard 4.0 dates: 19800517, or --0517 without the year
    return "--" + value[2:].replace("-", "") if value.startswith("--") else value.replace("-", "")


def _labelled(
    name: str, items: list[Labelled], groups: Iterator[int], keys: dict[str, str] | None = None
) -> list[str]:
    lines = []
    for item in items:
        label = item.label
        value = escape_text(item.value.strip())
        hint = country_hint(item.value, keys.get(item.value, "")) if keys is not None else None
        params = f";X-NETDESK-COUNTRY={hint}" if hint else ""
        if not label:
            lines.append(f"{name}{params}:{value}")
        elif label in _TYPES[name]:
            lines.append(f"{name};TYPE={_TYPES[name][label]}{params}:{value}")
        else:
            group = f"item{next(groups)}"
            lines.append(f"{group}.{name}{params}:{value}")
            lines.append(f"{group}.X-ABLABEL:{escape_text(label)}")
    return lines


def vcard_lines(
    contact_id: int, draft: ContactDraft, phone_keys: dict[str, str] | None = None
) -> list[str]:
    """The content lines of one contact's vCard 4.0, unfolded; ``phone_keys`` (number → the
    key stored for it) adds each number's country where it is written without one."""
    esc = escape_text
    groups = iter(range(1, 10_000))
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:{contact_uid(contact_id)}",
        f"FN:{esc(draft.shown_name())}",
        f"N:{esc(draft.family_name)};{esc(draft.given_name)};;;",
    ]
    if draft.nickname:
        lines.append(f"NICKNAME:{esc(draft.nickname)}")
    if draft.organisation or draft.department:
        unit = f";{esc(draft.department)}" if draft.department else ""
        lines.append(f"ORG:{esc(draft.organisation)}{unit}")
    if draft.title:
        lines.append(f"TITLE:{esc(draft.title)}")
    lines += _labelled("EMAIL", draft.emails, groups)
    lines += _labelled("TEL", draft.phones, groups, phone_keys or {})
    lines += _labelled("URL", draft.urls, groups)
    if draft.city:
        lines.append(f"ADR:;;;{esc(draft.city)};;;")
    if draft.notes:
        lines.append(f"NOTE:{esc(draft.notes)}")
        if bday := _birthday(draft.notes):
            lines.append(f"BDAY:{bday}")
    if draft.tags:
        lines.append("CATEGORIES:" + ",".join(esc(tag) for tag in draft.tags))
    if draft.photo:
        data = base64.b64encode(draft.photo).decode("ascii")
        lines.append(f"PHOTO:data:{_image_type(draft.photo)};base64,{data}")
    lines += [f"X-NETDESK-OFFER:{esc(text)}" for text in draft.offers]
    lines += [f"X-NETDESK-NEED:{esc(text)}" for text in draft.needs]
    if draft.how_we_met:
        lines.append(f"X-NETDESK-HOW-WE-MET:{esc(draft.how_we_met)}")
    if draft.networking_style:
        lines.append(f"X-NETDESK-STYLE:{draft.networking_style}")
    if draft.cadence_days is not None:
        lines.append(f"X-NETDESK-CADENCE:{draft.cadence_days}")
    if draft.introduced_by_id is not None:
        lines.append(f"X-NETDESK-INTRODUCED-BY:{contact_uid(draft.introduced_by_id)}")
    lines.append("END:VCARD")
    return lines


def _batches(
    contact_ids: list[int],
) -> Iterator[list[tuple[int, ContactDraft, dict[str, str]]]]:
    """(id, draft, phone keys) in the order given, a batch at a time; ids no longer there
    are left out."""
    for start in range(0, len(contact_ids), _BATCH):
        chunk = contact_ids[start : start + _BATCH]
        drafts = load_drafts(chunk)
        keys = phone_keys(chunk)
        yield [(cid, drafts[cid], keys.get(cid, {})) for cid in chunk if cid in drafts]


def write_vcards(
    out_path: Path, contact_ids: list[int] | None = None, progress: Progress | None = None
) -> int:
    """Write these contacts (every live one when None) as vCard 4.0; returns how many."""

    def cards(handle: IO[Any]) -> BatchWriter:
        def write(batch: Batch) -> None:
            for cid, draft, keys in batch:
                handle.write("".join(fold(line) + "\r\n" for line in vcard_lines(cid, draft, keys)))

        return write

    return _write_contacts(out_path, contact_ids, "utf-8", cards, progress)


def write_csv(
    out_path: Path, contact_ids: list[int] | None = None, progress: Progress | None = None
) -> int:
    """Write these contacts as netdesk CSV (UTF-8 with a BOM, so spreadsheets read accents)."""

    def rows(handle: IO[Any]) -> BatchWriter:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        return lambda batch: writer.writerows(row_values(draft, keys) for _, draft, keys in batch)

    return _write_contacts(out_path, contact_ids, "utf-8-sig", rows, progress)


def _write_contacts(
    out_path: Path,
    contact_ids: list[int] | None,
    encoding: str,
    open_writer: Callable[[IO[Any]], BatchWriter],
    progress: Progress | None,
) -> int:
    """Write contacts batch by batch into an owner-only temporary file that replaces
    ``out_path`` when complete (a failed or cancelled export leaves no half file; see
    ``netdesk.storage.private_files``); returns how many."""
    ids = live_contact_ids() if contact_ids is None else list(contact_ids)
    with private_files.writing(out_path, "w", encoding=encoding, newline="") as handle:
        write_batch = open_writer(handle)
        done = 0
        for batch in _batches(ids):
            write_batch(batch)
            done += _BATCH
            if progress is not None:
                shown = min(done, len(ids))
                progress(shown, len(ids), f"Exported {shown:,} of {len(ids):,} contacts")
    return len(ids)


def write_json(out_path: Path, progress: Progress | None = None) -> int:
    """The full JSON backup (every table), which ``netdesk restore`` brings back."""
    json_backup.write_backup(
        out_path, None if progress is None else lambda d, t: progress(d, t, "Writing the backup")
    )
    return len(live_contact_ids())


def export(fmt: str, out_path: Path, progress: Progress | None = None) -> int:
    if fmt == "vcard":
        return write_vcards(out_path, progress=progress)
    if fmt == "csv":
        return write_csv(out_path, progress=progress)
    if fmt == "json":
        return write_json(out_path, progress)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
