"""The diagnostic log: private, rotated, and free of anything about the people in it."""

import json
import logging
import stat

import pytest

from netdesk import logging_setup
from netdesk.cli import main
from netdesk.domain import contacts, interactions, json_backup, stats
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database

SECRETS = (
    "Zebulon",
    "Quixote",
    "zeb.quixote@secret.example",
    "secret.example",
    "555-0199",
    "5550199",
    "SECRET-NOTE-7731",
    "kidney-shaped pool",
    "harpsichord",
    "Windmill",
)


def log_text(folder):
    return "\n".join(p.read_text() for p in sorted(folder.glob("netdesk.log*")))


@pytest.fixture
def personal_db(tmp_path):
    path = tmp_path / "mine.sqlite3"
    open_workspace(path, create=True)
    person = contacts.create_contact(
        ContactDraft(
            given_name="Zebulon",
            family_name="Quixote",
            organisation="Quixote Windmill Works",
            emails=[Labelled("zeb.quixote@secret.example")],
            phones=[Labelled("+1 519 555-0199")],
            notes="SECRET-NOTE-7731",
            offers=["harpsichord tuning"],
            needs=["a kidney-shaped pool"],
        )
    )
    import datetime as dt

    interactions.log_interaction(person, "one_to_one", dt.date(2026, 11, 1), "SECRET-NOTE-7731")
    json_backup.write_backup(tmp_path / "mine.json")
    close_database()
    return path


def test_a_representative_run_logs_counts_and_ids_but_nothing_personal(
    tmp_path, personal_db, private_data_dir, capsys, monkeypatch
):
    logging.getLogger("peewee").setLevel(logging.DEBUG)  # its query log shows parameters
    monkeypatch.setattr(logging.getLogger("peewee"), "level", logging.DEBUG)
    copy, restored = tmp_path / "copy.sqlite3", tmp_path / "restored.sqlite3"
    assert main(["stats", "--db", str(personal_db)]) == 0
    assert main(["backup", str(copy), "--db", str(personal_db)]) == 0
    assert main(["restore", str(copy), "--db", str(restored)]) == 0
    assert main(["restore", str(tmp_path / "mine.json"), "--db", str(restored)]) == 0
    assert main(["seed", "--contacts", "3", "--db", str(personal_db)]) == 2
    # a hostile backup whose bad value is a person's name
    bad = json.loads((tmp_path / "mine.json").read_text())
    bad["tables"]["interaction"][0]["occurred_on"] = "Zebulon Quixote's birthday"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    assert main(["restore", str(tmp_path / "bad.json"), "--db", str(restored)]) == 2
    # a bug whose message quotes a person
    monkeypatch.setattr(stats, "counts", lambda: {}["Zebulon Quixote"])
    with pytest.raises(KeyError):
        main(["stats", "--db", str(personal_db)])
    close_database()
    capsys.readouterr()

    folder = private_data_dir / "logs"
    text = log_text(folder)
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    # …and yet it says what happened: commands, files, counts, error classes
    for expected in (
        "stats started",
        "backup finished with status 0",
        "restored copy.sqlite3 into restored.sqlite3",
        "restored a JSON backup: ",
        "backup (prerestore) of restored.sqlite3 taken",
        "seed refused: UserError",
        "restore refused: UserError",
        "stats crashed: KeyError at test_logging.py",
    ):
        assert expected in text, expected
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "netdesk.log").stat().st_mode) == 0o600


def test_the_log_rotates_and_every_file_is_private(private_data_dir, monkeypatch):
    logger = logging.getLogger("netdesk.storage")
    target = logging_setup.setup_logging()
    handler = next(
        h
        for h in logging_setup.log.handlers
        if isinstance(h, logging_setup.PrivateRotatingFileHandler)
    )
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for n in range(400):
        logger.info("backup %d taken: %d bytes", n, n * 1000)
    files = sorted(target.parent.glob("netdesk.log*"))
    assert len(files) == logging_setup.BACKUP_COUNT + 1
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert "backup 399 taken" in target.read_text()
    assert logging_setup.setup_logging() == target  # set up once: no second handler
    assert (
        sum(
            isinstance(h, logging_setup.PrivateRotatingFileHandler)
            for h in logging_setup.log.handlers
        )
        == 1
    )


def test_a_path_with_a_newline_stays_on_one_log_record(private_data_dir, tmp_path):
    odd = tmp_path / "odd\n2026-01-01 00:00:00,000 1 INFO netdesk: forged\x1b[31m.sqlite3"
    assert main(["seed", "--contacts", "2", "--db", str(odd)]) == 0
    lines = log_text(private_data_dir / "logs").splitlines()
    assert lines and all(" netdesk" in line.split(": ", 1)[0] for line in lines), lines
    assert not any(line.startswith("2026-01-01") for line in lines)
    opened = [line for line in lines if "opened odd" in line]
    assert opened and "odd\\x0a2026-01-01" in opened[0] and "\\x1b[31m" in opened[0]
    assert "\x1b" not in log_text(private_data_dir / "logs")
