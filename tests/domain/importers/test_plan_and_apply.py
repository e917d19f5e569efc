"""The preview says what will happen; applying does exactly that, all or nothing."""

import datetime as dt
from pathlib import Path

import pytest

from netdesk.domain import contacts, interactions, json_backup
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import (
    CREATE,
    MERGE,
    SKIP,
    UPDATE,
    apply_import,
    plan_import,
    read_import_file,
)
from netdesk.domain.importers.plan import (
    NAME_KEYS,
    KeyScope,
    drop_name_keys,
    key_scope,
    prepare_name_keys,
)
from netdesk.storage import backups
from netdesk.storage.models import Contact
from tests.helpers import make_contact

SAMPLES = Path(__file__).parent / "samples"


def read(*names: str):
    return [read_import_file(SAMPLES / name, region="CA") for name in names]


def tables() -> dict:
    return json_backup.backup_document()["tables"]


def by_name() -> dict[str, ContactDraft]:
    ids = [c.id for c in Contact.select(Contact.id).where(Contact.deleted_at.is_null())]
    drafts = [contacts.load_contact(i) for i in ids]
    return {d.shown_name(): d for d in drafts}


def test_the_preview_names_every_action_and_writes_nothing(db):
    existing = make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    before = tables()
    plan = plan_import(read("google_contacts.vcf", "Connections.csv"), region="CA")
    assert tables() == before
    rows = [(e.action, e.where, e.name) for e in plan.entries]
    assert rows == [
        (UPDATE, "google_contacts.vcf:1", "Priya Natarajan"),
        (CREATE, "google_contacts.vcf:19", "Daniel O'Brien"),
        (MERGE, "Connections.csv:5", "Priya Natarajan"),
        (CREATE, "Connections.csv:6", "Sarah Thompson, CPA"),
        (CREATE, "Connections.csv:7", "Zoë Łukasik 🌿"),
        (CREATE, "Connections.csv:8", "李 伟"),
        (SKIP, "Connections.csv:9", ""),
        (CREATE, "Connections.csv:10", "Marcus Reid"),
    ]
    update, merged, skipped = plan.entries[0], plan.entries[2], plan.entries[6]
    assert update.contact_id == existing
    assert update.reason.startswith(
        "same email priya@brightledger.ca as “Priya Natarajan” in netdesk: fills organisation "
        "“Bright Ledger Bookkeeping”, fills title “Owner”, fills city “Waterloo”, adds to the "
        "notes, adds email priya.n@gmail.com, adds phone +1 226-555-0178"
    )
    assert update.reason.endswith("adds a first meeting on 2024-03-05")
    assert skipped.reason.startswith("no name (LinkedIn leaves out")
    assert merged.reason == (
        "same name at the same organisation as “Priya Natarajan”; combined into one contact"
    )
    assert merged.contact_id == existing
    assert plan.counts() == {CREATE: 5, UPDATE: 1, MERGE: 1, SKIP: 1}
    assert plan.summary() == "5 to create, 1 to update, 1 to merge, 1 skipped"


def test_applying_writes_the_preview_in_one_go_after_a_backup(db, db_path):
    existing = make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    plan = apply_import(read("google_contacts.vcf", "Connections.csv"), region="CA")
    assert plan.counts() == {CREATE: 5, UPDATE: 1, MERGE: 1, SKIP: 1}
    assert Contact.select().count() == 6
    taken = backups.list_backups(db_path)
    assert [b.reason for b in taken] == ["import"]

    people = by_name()
    priya = people["Priya Natarajan"]
    assert priya.organisation == "Bright Ledger Bookkeeping" and priya.title == "Owner"
    assert [e.value for e in priya.emails] == ["priya@brightledger.ca", "priya.n@gmail.com"]
    assert [u.label for u in priya.urls] == ["Business site", "photo", "LinkedIn"]
    assert priya.tags == ["KW Referral Club"]
    met = interactions.list_interactions(existing)
    assert [(i.kind, i.occurred_on, i.note) for i in met] == [
        ("met", dt.date(2024, 3, 5), "Connected on LinkedIn")
    ]
    assert Contact.get_by_id(existing).last_interaction_on == dt.date(2024, 3, 5)
    sarah_id = next(e.contact_id for e in plan.entries if e.name == "Sarah Thompson, CPA")
    assert people["Sarah Thompson, CPA"].organisation == "Thompson & Associates, LLP"
    assert [(i.kind, i.occurred_on) for i in interactions.list_interactions(sarah_id)] == [
        ("met", dt.date(2023, 1, 17))
    ]
    # Marcus's date was impossible: he is imported without a meeting
    marcus_id = next(e.contact_id for e in plan.entries if e.name == "Marcus Reid")
    assert interactions.list_interactions(marcus_id) == []
    # the search index knows the new contacts
    found = db.execute_sql(
        "SELECT c.id FROM contact c WHERE c.search_position IN "
        "(SELECT rowid FROM contact_search WHERE contact_search MATCH ?)",
        ('"Thompson"*',),
    ).fetchall()
    assert found == [(sarah_id,)]


def test_importing_the_same_files_again_changes_nothing(db):
    files = read("apple_contacts.vcf", "Connections.csv", "outlook_contacts.csv")
    apply_import(files, region="CA")
    before = tables()
    plan = apply_import(read("apple_contacts.vcf", "Connections.csv", "outlook_contacts.csv"))
    assert {e.action for e in plan.entries} == {SKIP}
    assert [e.reason for e in plan.entries if not e.reason.endswith("; nothing new")] == [
        "no name (LinkedIn leaves out members who hide their details); skipped"
    ]
    after = tables()
    assert after == before


def test_an_update_fills_blanks_and_never_overwrites(db):
    cid = make_contact(
        "Jürgen",
        "Müller",
        emails=["juergen@example.de"],
        organisation="Müller & Söhne",
        notes="Keep it short.",
    )
    plan = apply_import(read("android_phone.vcf"), region="CA")
    entry = plan.entries[0]
    assert entry.action == UPDATE and entry.contact_id == cid
    assert entry.warnings == [
        "line 1: keeps organisation “Müller & Söhne” (the file says “Bäckerei Müller”)"
    ]
    d = contacts.load_contact(cid)
    assert d.organisation == "Müller & Söhne"
    assert d.notes.startswith("Keep it short.\n\nLiefert Brötchen")
    assert d.photo is not None
    assert [p.value for p in d.phones] == ["+49 170 1234567", "+49 89 12345678"]


def test_records_of_one_import_that_are_one_person_become_one_contact(db):
    plan = apply_import(read("google_contacts.vcf", "google_contacts_legacy.csv"), region="CA")
    dan = [e for e in plan.entries if e.name == "Daniel O'Brien"]
    assert [e.action for e in dan] == [CREATE, MERGE]
    assert dan[1].reason == (
        "same email dan@obrieninsurance.ca as google_contacts.vcf line 19 (“Daniel O'Brien”); "
        "combined into one contact"
    )
    d = by_name()["Daniel O'Brien"]
    assert d.city == "Cambridge" and d.notes == "Insures half the chamber."
    assert d.urls == [Labelled("https://obrieninsurance.ca", "work")]


def test_a_similar_name_at_the_same_organisation_is_flagged(db):
    make_contact("Priyah", "Natarajan", organisation="Bright Ledger Bookkeeping Inc.")
    plan = plan_import(read("Connections.csv"), region="CA")
    priya = next(e for e in plan.entries if e.name == "Priya Natarajan")
    assert priya.action == CREATE
    assert priya.warnings == [
        "line 5: looks like “Priyah Natarajan” (similar name, 97%, at the same organisation): "
        "check Duplicates after importing"
    ]


def test_a_contact_met_before_gets_no_second_first_meeting(db):
    cid = make_contact("Priya", "Natarajan", organisation="Bright Ledger Bookkeeping")
    interactions.log_interaction(cid, "met", dt.date(2019, 5, 1))
    plan = apply_import(read("Connections.csv"), region="CA")
    priya = next(e for e in plan.entries if e.name == "Priya Natarajan")
    assert priya.action == UPDATE
    assert [i.occurred_on for i in interactions.list_interactions(cid)] == [dt.date(2019, 5, 1)]


def many_vcards(path: Path, count: int) -> Path:
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{n};Test;;;\r\nFN:Test Person{n}\r\n"
            f"EMAIL:person{n}@example.com\r\nCATEGORIES:Imported\r\nEND:VCARD\r\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )
    return path


def test_cancel_at_any_point_leaves_the_database_exactly_as_it_was(db, tmp_path):
    make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    files = read("google_contacts.vcf", "Connections.csv")
    files.append(read_import_file(many_vcards(tmp_path / "many.vcf", 1200), region="CA"))
    before = tables()

    class Cancelled(Exception):
        pass

    stop_at = 0
    while True:
        stop_at += 1
        calls = []

        def progress(done, total, text="", calls=calls, stop_at=stop_at):
            calls.append(text)
            if len(calls) == stop_at:
                raise Cancelled()

        try:
            apply_import(files, region="CA", progress=progress)
        except Cancelled:
            assert tables() == before, f"cancelled at step {stop_at}: {calls[-1]}"
        else:
            break
    # backup, comparing, writing in steps of 100 contacts, search index: all tried
    assert stop_at > 14
    assert Contact.select().count() == 1 + 1200 + 5


def test_an_error_while_writing_rolls_everything_back(db, monkeypatch):
    before = tables()
    from netdesk.domain.importers import apply

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.search_index, "reindex_contacts", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        apply_import(read("apple_contacts.vcf"), region="CA")
    assert tables() == before


def test_who_introduced_whom_is_kept_within_one_file(db, tmp_path):
    source = tmp_path / "intro.vcf"
    source.write_text(
        "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:b\nFN:Ben Stone\n"
        "X-NETDESK-INTRODUCED-BY:urn:uuid:a\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:a\nFN:Ana Silva\nEND:VCARD\n"
    )
    plan = apply_import([read_import_file(source, region="CA")], region="CA")
    ben, ana = (e.contact_id for e in plan.entries)
    assert Contact.get_by_id(ben).introduced_by_id == ana


def test_no_backup_means_no_import(db, monkeypatch):
    from netdesk.storage.errors import StorageError

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "rolling_backup", no_space)
    with pytest.raises(StorageError, match="no backup could be taken, so nothing was imported"):
        apply_import(read("apple_contacts.vcf"), region="CA")
    assert Contact.select().count() == 0


def test_only_contacts_a_record_can_match_by_name_are_keyed(db, tmp_path):
    """The preview keys the names of the contacts at the records' organisations (and at
    none, for a record with only a name), not everyone's: what it finds is the same."""
    make_contact("Ana", "Silva", organisation="Grand River Realty Inc.")
    make_contact("Ben", "Stone")
    make_contact("Cara", "Lima", organisation="Other Works")
    source = tmp_path / "cards.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Silva\r\nN:Silva;Ana;;;\r\n"
        "ORG:grand river realty\r\nTITLE:Broker\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Silvia\r\nN:Silvia;Anna;;;\r\n"
        "ORG:Grand River Realty\r\nEMAIL:anna@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Stone\r\nN:Stone;Ben;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    files = [read_import_file(source, region="CA")]
    scope = key_scope(files)
    assert scope == KeyScope(frozenset({"grand river realty"}), orgless=True)
    prepare_name_keys(scope)
    try:
        keyed = db.execute_sql(f"SELECT DISTINCT name FROM temp.{NAME_KEYS}").fetchall()
    finally:
        drop_name_keys()
    assert sorted(keyed) == [("ana silva",), ("ben stone",)]
    plan = plan_import(files, region="CA")
    assert [(e.name, e.action) for e in plan.entries] == [
        ("Ana Silva", UPDATE),
        ("Anna Silvia", CREATE),
        ("Ben Stone", SKIP),
    ]
    assert "same name at the same organisation" in plan.entries[0].reason
    assert "looks like “Ana Silva”" in plan.entries[1].warnings[0]
    assert "same name, no organisation" not in plan.entries[2].reason  # (nothing new)
    assert "already in netdesk" in plan.entries[2].reason
