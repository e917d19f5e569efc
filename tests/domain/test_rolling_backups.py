"""The rolling backups netdesk takes on its own: how many are kept, and no backup, no
large write."""

from __future__ import annotations

import pytest

from netdesk import cli
from netdesk.domain import rolling_backups, settings
from netdesk.domain.user_errors import StorageError
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact
from tests.helpers import make_contact


@pytest.mark.parametrize(
    ("stored", "kept"),
    [(3, 3), (1, 1), (None, 10), (0, 10), (-2, 10), ("5", 10), (2.5, 10), (True, 10)],
)
def test_the_number_of_backups_kept_is_a_whole_number_of_at_least_one(db, stored, kept):
    settings.put("backup.keep", stored)
    assert settings.backups_to_keep() == kept


def test_each_backup_netdesk_takes_keeps_the_setting_s_number(db, db_path):
    settings.put("backup.keep", 2)
    for n in range(4):
        make_contact(f"Person{n}")
        rolling_backups.back_up_or_refuse(db_path, reason="import", refused="imported")
    assert len(backups.list_backups(db_path)) == 2


@pytest.fixture
def no_space(monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "rolling_backup", full)


def test_no_backup_means_no_write(db, db_path, no_space):
    with pytest.raises(StorageError, match="no backup could be taken, so nothing was merged"):
        rolling_backups.back_up_or_refuse(db_path, reason="dedupe", refused="merged")


def test_dedupe_merges_nothing_without_a_backup(db, db_path, no_space, capsys):
    for _ in range(2):
        make_contact("Ana", "Lima", emails=["ana@example.com"])
    close_database()
    assert cli.main(["dedupe", "--db", str(db_path)]) == 2
    assert "no backup could be taken, so nothing was merged" in capsys.readouterr().err
    open_workspace(db_path)
    assert Contact.select().where(Contact.deleted_at.is_null()).count() == 2
