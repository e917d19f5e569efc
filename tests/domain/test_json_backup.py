import json

import pytest

from netdesk.domain import demo, json_backup
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database


def dump_all(db) -> dict:
    return {t: rows for t, rows in json_backup.backup_document()["tables"].items()}


def test_backup_then_restore_gives_back_every_row(db, tmp_path):
    demo.build_demo()
    from netdesk.storage.models import Contact

    Contact.update(photo=b"\x89PNG\x00\xff").where(Contact.id == 3).execute()
    original = dump_all(db)
    out = tmp_path / "backup.json"
    json_backup.write_backup(out)
    close_database()
    open_workspace(tmp_path / "restored.sqlite3", create=True)
    counts = json_backup.restore_backup(out)
    assert counts["contact"] == len(original["contact"])
    restored = dump_all(db)
    assert restored == original


def test_a_bad_file_is_named_and_nothing_is_written(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "netdesk-backup", "version": 1, "tables": {"contact": [{"id": 1, '
        '"display_name": "Ana"}], "offer": [{"id": 1, "contact_id": 99, '
        '"text": "x", "position": 0}]}}'
    )
    with pytest.raises(json_backup.BackupFormatError, match="table offer, rows 1-1"):
        json_backup.restore_backup(bad)
    from netdesk.storage.models import Contact

    assert Contact.select().count() == 0
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "format": \n')
    with pytest.raises(json_backup.BackupFormatError, match="line 3"):
        json_backup.restore_backup(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(json_backup.BackupFormatError, match="not a netdesk JSON backup"):
        json_backup.restore_backup(other)
