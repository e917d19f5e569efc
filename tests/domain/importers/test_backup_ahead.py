"""The import's backup, copied while the preview is shown, is kept only while it is the
database as it is."""

from pathlib import Path

import pytest

from netdesk.domain import importers
from netdesk.domain.importers import apply_import, plan_import, read_import_file
from netdesk.storage import backups
from netdesk.storage.models import Contact
from tests.helpers import make_contact

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(autouse=True)
def _nothing_left_pending():
    yield
    importers.discard_backup_ahead(wait=True)


def _preview(db_path: Path):
    importers.start_backup_ahead(db_path)
    files = [read_import_file(SAMPLES / "apple_contacts.vcf", region="CA")]
    plan_import(files, region="CA")
    return files


def _contacts_in(backup: Path) -> int | None:
    return backups.describe_backup(backup).contacts


def _scratch(db_path: Path) -> list[Path]:
    folder = backups.backups_dir(db_path)
    return [p for p in folder.iterdir() if p.name.startswith(".")] if folder.is_dir() else []


def test_the_copy_made_during_the_preview_is_the_imports_backup(db, db_path, monkeypatch):
    make_contact("Ana", "Silva")
    files = _preview(db_path)

    def no_second_backup(*args, **kwargs):
        raise AssertionError("the copy made ahead should have been kept")

    monkeypatch.setattr(backups, "rolling_backup", no_second_backup)
    apply_import(files, db_path=db_path, region="CA")
    taken = backups.list_backups(db_path)
    assert [b.reason for b in taken] == ["import"]
    assert _contacts_in(taken[0].path) == 1  # the database just before the import
    assert Contact.select().count() > 1
    assert _scratch(db_path) == []


def test_a_write_after_the_preview_began_means_a_fresh_backup(db, db_path):
    make_contact("Ana", "Silva")
    files = _preview(db_path)
    make_contact("Ben", "Stone")  # (saved while the preview was open)
    apply_import(files, db_path=db_path, region="CA")
    taken = backups.list_backups(db_path)
    assert [b.reason for b in taken] == ["import"]
    assert _contacts_in(taken[0].path) == 2  # Ben is in it: taken afresh
    assert _scratch(db_path) == []


def test_a_preview_closed_without_importing_leaves_no_backup(db, db_path):
    make_contact("Ana", "Silva")
    _preview(db_path)
    importers.discard_backup_ahead(wait=True)
    assert backups.list_backups(db_path) == []
    assert _scratch(db_path) == []


def test_a_copy_that_failed_is_taken_again_when_importing(db, db_path, monkeypatch):
    make_contact("Ana", "Silva")
    real = backups.copy_for_backup
    calls = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "copy_for_backup", fails_once)
    files = _preview(db_path)
    apply_import(files, db_path=db_path, region="CA")
    assert len(calls) == 2
    assert [b.reason for b in backups.list_backups(db_path)] == ["import"]
