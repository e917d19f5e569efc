"""``netdesk import``, ``export`` and ``dedupe`` as a person runs them."""

import json
from pathlib import Path

from netdesk.cli import main
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact
from tests.cli.test_cli import netdesk

SAMPLES = Path(__file__).parents[1] / "domain" / "importers" / "samples"


def test_import_prints_what_it_did_with_files_and_lines(tmp_path, capsys):
    target = tmp_path / "x.sqlite3"
    code = main(
        [
            "import",
            str(SAMPLES / "Connections.csv"),
            str(SAMPLES / "google_contacts.vcf"),
            "--db",
            str(target),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    # each file its own unit: the second finds Priya as the first wrote her
    assert out.splitlines()[:3] == [
        "Connections.csv: LinkedIn connections, UTF-8, 5 contacts read: 5 created, 0 updated, "
        "0 merged, 1 skipped",
        "google_contacts.vcf: vCard, UTF-8, 2 contacts read: 1 created, 1 updated, 0 merged, "
        "0 skipped",
        "6 created, 1 updated, 0 merged, 1 skipped",
    ]
    assert (
        "  skipped   Connections.csv:9: no name (LinkedIn leaves out members who hide their "
        "details); skipped" in out
    )
    assert "  updated   google_contacts.vcf:1 “Priya Natarajan”: same name at the same" in out
    assert (
        "  warning   Connections.csv line 10: “31 Feb 2024” is not a date; no meeting recorded"
        in out
    )
    open_workspace(target, write=False)
    assert Contact.select().count() == 6
    close_database()


def test_dry_run_writes_nothing_and_json_lists_every_entry(tmp_path, capsys):
    target = tmp_path / "x.sqlite3"
    assert (
        main(
            [
                "import",
                "--dry-run",
                "--json",
                str(SAMPLES / "apple_contacts.vcf"),
                "--db",
                str(target),
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert not target.exists()
    assert report["dry_run"] is True
    assert report["counts"] == {"create": 2, "update": 0, "merge": 0, "skip": 0}
    assert [(e["action"], e["line"], e["name"]) for e in report["entries"]] == [
        ("create", 1, "José María Álvarez"),
        ("create", 41, "Maple Print Shop"),
    ]
    assert report["files"][0]["format"] == "vcard"


def test_an_unreadable_file_is_named_and_the_others_are_imported(tmp_path):
    target = tmp_path / "x.sqlite3"
    bogus = tmp_path / "notes.txt"
    bogus.write_text("just some notes\n")
    done = netdesk(
        "import",
        str(SAMPLES / "apple_contacts.vcf"),
        str(bogus),
        str(SAMPLES / "outlook_ru_cp1251.csv"),
        "--db",
        str(target),
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"netdesk: error: {bogus}: no person found in it: netdesk looked for a vCard (.vcf), or "
        "a CSV with columns of names, emails, phone numbers or organisations: a header row in "
        "English, German, French, Spanish, Italian, Dutch, Portuguese, Polish or Russian (as "
        "Outlook, Thunderbird, Google and LinkedIn write them), or values that look like them"
    )
    assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[:4] == [
        "apple_contacts.vcf: vCard, UTF-8, 2 contacts read: 2 created, 0 updated, 0 merged, "
        "0 skipped",
        "notes.txt: not imported (see the error above)",
        "outlook_ru_cp1251.csv: Outlook CSV, Windows-1251, 3 contacts read: 3 created, "
        "0 updated, 0 merged, 0 skipped",
        "5 created, 0 updated, 0 merged, 0 skipped",
    ]
    open_workspace(target, write=False)
    assert Contact.select().count() == 5
    close_database()
    assert [p.name.split("-")[-2] for p in (tmp_path / "x-backups").iterdir()] == ["import"]
    missing = netdesk("import", str(tmp_path / "gone.vcf"), "--db", str(target))
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("gone.vcf: no such file")


def test_export_then_import_elsewhere_and_dedupe(tmp_path, capsys):
    first = tmp_path / "first.sqlite3"
    assert main(["import", str(SAMPLES / "apple_contacts.vcf"), "--db", str(first)]) == 0
    for fmt, name in (("vcard", "out.vcf"), ("csv", "out.csv"), ("json", "out.json")):
        assert main(["export", "--format", fmt, str(tmp_path / name), "--db", str(first)]) == 0
    out = capsys.readouterr().out
    assert f"exported 2 contacts to {tmp_path / 'out.vcf'}" in out
    assert f"exported a full backup of 2 contacts to {tmp_path / 'out.json'}" in out
    assert json.loads((tmp_path / "out.json").read_text())["format"] == "netdesk-backup"

    second = tmp_path / "second.sqlite3"
    assert main(["import", str(tmp_path / "out.vcf"), "--db", str(second)]) == 0
    # the same people again from the CSV: nothing new
    assert main(["import", str(tmp_path / "out.csv"), "--db", str(second)]) == 0
    assert "0 created, 0 updated, 0 merged, 2 skipped" in capsys.readouterr().out

    # a card with a known email under a name of its own is not merged: it is left for review
    shop = tmp_path / "shop.vcf"
    shop.write_text("BEGIN:VCARD\nFN:Maple Print (orders)\nEMAIL:orders@mapleprint.ca\nEND:VCARD\n")
    assert main(["import", str(shop), "--db", str(second)]) == 0
    assert "but another name: not merged" in capsys.readouterr().out
    assert main(["dedupe", "--dry-run", "--db", str(second)]) == 0
    listed = capsys.readouterr().out
    assert listed.splitlines()[0] == "1 candidate pair; would merge 0 contacts into 0"
    assert "same email orders@mapleprint.ca but different names" in listed
    assert main(["export", str(tmp_path / "x.txt"), "--db", str(second)]) == 2
    assert "say which format" in capsys.readouterr().err


def test_dedupe_merges_shared_emails_and_lists_similar_names(tmp_path, capsys):
    target = tmp_path / "d.sqlite3"
    open_workspace(target, create=True)
    from tests.helpers import make_contact

    a = make_contact("Ana", "Silva", emails=["ana@example.com"])
    b = make_contact("Ana", "Silva-Ortiz", emails=["ANA@example.com"])
    c = make_contact("Jon", "Smith", organisation="Acme Inc.")
    d = make_contact("John", "Smith", organisation="Acme")
    close_database()
    assert main(["dedupe", "--dry-run", "--db", str(target)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2 candidate pairs; would merge 1 contact into 1",
        f"  would merge #{b} “Ana Silva-Ortiz” into #{a} “Ana Silva”",
        f"  to review: #{c} “Jon Smith” and #{d} “John Smith”: similar names (95%) at the "
        "same organisation",
    ]
    assert main(["dedupe", "--json", "--db", str(target)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["merged"] == [{"kept": a, "merged": b}]
    open_workspace(target, write=False)
    assert Contact.select().where(Contact.deleted_at.is_null()).count() == 3
    close_database()
    assert [p.name.split("-")[-2] for p in (tmp_path / "d-backups").iterdir()] == ["dedupe"]


def test_a_dry_run_shows_what_each_csv_column_becomes(tmp_path, capsys):
    code = main(
        [
            "import",
            "--dry-run",
            str(SAMPLES / "phone_list_mac.csv"),
            "--db",
            str(tmp_path / "x.sqlite3"),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.splitlines()[:3] == [
        "phone_list_mac.csv: CSV, UTF-8, 4 contacts read",
        "  column  “First Name” → Given name (by its header)",
        "  column  “Mobile Phone” → Phone (mobile) (guessed from its header)",
    ]
