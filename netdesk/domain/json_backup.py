"""The full-fidelity JSON backup: every table, every row, restorable completely.

The file is one JSON object: ``{"format": "netdesk-backup", "version": 1,
"schema_version": N, "created_at": ..., "tables": {table: [row, ...]}}``, rows
as column → value, BLOBs as base64 text. ``restore_backup`` loads it into an
empty database in one transaction: all of it, or (on any error) none of it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from peewee import IntegrityError

from netdesk import __version__
from netdesk.domain import score_cache
from netdesk.storage import migrations, search_index
from netdesk.storage.models import ALL_MODELS, Contact, SchemaVersion, database

FORMAT = "netdesk-backup"
FORMAT_VERSION = 1
# parents before children, so foreign keys hold while inserting
TABLES = tuple(m for m in ALL_MODELS if m is not SchemaVersion)
_CHUNK = 500

Progress = Callable[[int, int], None]


class BackupFormatError(ValueError):
    """The file is not a netdesk JSON backup this version can restore."""


def _encode(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def backup_document(progress: Progress | None = None) -> dict:
    tables: dict[str, list[dict]] = {}
    for done, model in enumerate(TABLES, 1):
        table = model._meta.table_name
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        names = [col[0] for col in cursor.description]
        tables[table] = [{n: _encode(v) for n, v in zip(names, row, strict=True)} for row in cursor]
        if progress is not None:
            progress(done, len(TABLES))
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": migrations.current_version(database),
        "netdesk": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }


def write_backup(out_path: Path, progress: Progress | None = None) -> None:
    """Write the open database as a JSON backup (atomically: a complete file or none)."""
    document = backup_document(progress)
    partial = out_path.with_name(f".{out_path.name}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    partial.replace(out_path)


def read_backup(in_path: Path) -> dict:
    try:
        document = json.loads(in_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise BackupFormatError(f"{in_path}: not a netdesk JSON backup (not UTF-8 text)") from exc
    except json.JSONDecodeError as exc:
        raise BackupFormatError(
            f"{in_path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupFormatError(f"{in_path}: not a netdesk JSON backup")
    if document.get("version") != FORMAT_VERSION:
        raise BackupFormatError(
            f"{in_path}: backup format version {document.get('version')!r} is not one this "
            f"netdesk reads ({FORMAT_VERSION})"
        )
    if not isinstance(document.get("tables"), dict):
        raise BackupFormatError(f"{in_path}: the backup has no tables")
    return document


def restore_document(document: dict, progress: Progress | None = None) -> dict[str, int]:
    """Load a backup into the open, empty database in one transaction; returns row counts."""
    if Contact.select().exists():
        raise BackupFormatError("a backup is restored into an empty database")
    counts: dict[str, int] = {}
    known = {m._meta.table_name: m for m in TABLES}
    unknown = set(document["tables"]) - set(known)
    if unknown:
        raise BackupFormatError(
            f"the backup has tables this netdesk does not know: {', '.join(sorted(unknown))}"
        )
    with database.atomic():
        database.execute_sql("DELETE FROM setting")
        for done, (table, model) in enumerate(known.items(), 1):
            rows = document["tables"].get(table, [])
            columns = set(model._meta.columns)
            for number, row in enumerate(rows, 1):
                if not isinstance(row, dict) or not set(row) <= columns:
                    raise BackupFormatError(f"table {table}, row {number}: unexpected columns")
            for start in range(0, len(rows), _CHUNK):
                chunk = [
                    {k: _decode(v) for k, v in r.items()} for r in rows[start : start + _CHUNK]
                ]
                try:
                    model.insert_many(chunk).execute()
                except IntegrityError as exc:
                    raise BackupFormatError(
                        f"table {table}, rows {start + 1}-{start + len(chunk)}: "
                        f"they do not fit the rest of the backup ({exc})"
                    ) from exc
            counts[table] = len(rows)
            if progress is not None:
                progress(done, len(known))
        search_index.reindex_contacts(database)
        score_cache.refresh_all()
    return counts


def restore_backup(in_path: Path, progress: Progress | None = None) -> dict[str, int]:
    return restore_document(read_backup(in_path), progress)
