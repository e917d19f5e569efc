"""Exports: vCard 4.0 that round-trips through netdesk's importer and parses with vobject,
spreadsheet CSV, and the full JSON backup."""

import pytest
import vobject

from netdesk.domain import contacts, demo, exporters, json_backup
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.importers import CREATE, apply_import, read_import_file
from netdesk.domain.importers.drafts import live_contact_ids, load_drafts
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3


def rich_contacts() -> dict[str, int]:
    jose = contacts.create_contact(
        ContactDraft(
            given_name="José María",
            family_name="Álvarez",
            organisation="Grand River Realty; Residential, Inc.",
            title="Broker",
            city="Kitchener",
            notes="Line one, with a comma; a semicolon\\ a backslash\n\nand a blank line.\n"
            "Birthday: 1979-11-03",
            how_we_met="Waterloo Business Breakfast, March",
            networking_style="referral_partner",
            cadence_days=30,
            photo=PNG,
            emails=[
                Labelled("jose@grandriverrealty.ca", "work"),
                Labelled("jose.alvarez@gmail.com", "home"),
                Labelled("jalvarez@kwreferralclub.org", "Referral club"),
            ],
            phones=[
                Labelled("(519) 555-0142", "mobile"),
                Labelled("+44 20 7946 0958", "work fax"),
                Labelled("519-555-0100", "Main line"),
                Labelled("519 555 0101", ""),
            ],
            urls=[
                Labelled("https://grandriverrealty.ca", "homepage"),
                Labelled("https://www.linkedin.com/in/josealvarez", "LinkedIn"),
                Labelled("https://example.com/jose.jpg", "photo"),
            ],
            tags=["Realtors", "Waterloo Business Breakfast, KW"],
            offers=["Realtor", "first-time buyers; condos"],
            needs=["a home stager", "a photographer for listings"],
        )
    )
    hanako = contacts.create_contact(
        ContactDraft(
            given_name="花子",
            family_name="山田",
            organisation="株式会社サンプル",
            notes="ウェブサイトのデザインを担当。次回は四月の交流会で会う予定。名刺交換済み。"
            "とても親切な方です。\nBirthday: --05-17",
            introduced_by_id=jose,
            networking_style="soft_sell",
        )
    )
    shop = contacts.create_contact(
        ContactDraft(organisation="Maple Print Shop", phones=[Labelled("(519) 555-0123", "main")])
    )
    return {"jose": jose, "hanako": hanako, "shop": shop}


def drafts_by_name() -> dict[str, ContactDraft]:
    drafts = load_drafts(live_contact_ids())
    names = {cid: d.shown_name() for cid, d in drafts.items()}
    result = {}
    for draft in drafts.values():
        # who introduced them, by name: ids differ between databases
        draft.introduced_by_id = names.get(draft.introduced_by_id)
        result[draft.shown_name()] = draft
    return result


def test_vcard_export_round_trips_through_the_importer_unchanged(db, tmp_path):
    demo.build_demo()
    rich_contacts()
    original = drafts_by_name()
    out = tmp_path / "contacts.vcf"
    assert exporters.write_vcards(out) == len(original)
    close_database()

    open_workspace(tmp_path / "other.sqlite3", create=True)
    parsed = read_import_file(out, region="CA")
    assert parsed.problems == []
    assert [r.warnings for r in parsed.records if r.warnings] == []
    plan = apply_import([parsed])
    assert plan.counts()[CREATE] == len(original)
    assert drafts_by_name() == original


def test_vcard_export_parses_with_vobject_and_folds_at_75_octets(db, tmp_path):
    rich_contacts()
    out = tmp_path / "contacts.vcf"
    exporters.write_vcards(out)
    raw = out.read_bytes()
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never folded inside a character
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    assert [c.fn.value for c in cards] == ["José María Álvarez", "Maple Print Shop", "花子 山田"]
    jose = cards[0]
    assert jose.version.value == "4.0"
    assert [e.value for e in jose.contents["email"]] == [
        "jose@grandriverrealty.ca",
        "jose.alvarez@gmail.com",
        "jalvarez@kwreferralclub.org",
    ]
    assert jose.contents["email"][0].params["TYPE"] == ["work"]
    assert jose.contents["x-ablabel"][0].value == "Referral club"
    assert jose.n.value.family == "Álvarez"
    assert jose.bday.value == "19791103"
    assert jose.categories.value == ["Realtors", "Waterloo Business Breakfast, KW"]
    assert cards[2].bday.value == "--0517"


def test_csv_export_round_trips_everything_but_the_photo_and_introductions(db, tmp_path):
    rich_contacts()
    original = drafts_by_name()
    out = tmp_path / "contacts.csv"
    exporters.write_csv(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfDisplay Name,Given Name")
    close_database()
    open_workspace(tmp_path / "other.sqlite3", create=True)
    parsed = read_import_file(out, region="CA")
    assert parsed.format == "netdesk_csv"
    apply_import([parsed])
    for name, draft in original.items():
        draft.photo = None
        draft.introduced_by_id = None
        assert drafts_by_name()[name] == draft


def test_json_export_restores_every_table(db, tmp_path):
    demo.build_demo()
    original = json_backup.backup_document()["tables"]
    out = tmp_path / "backup.json"
    exporters.export("json", out)
    close_database()
    open_workspace(tmp_path / "restored.sqlite3", create=True)
    json_backup.restore_backup(out)
    restored = json_backup.backup_document()["tables"]
    assert restored == original
    for table in ("interaction", "referral", "event", "attendance"):
        assert restored[table]


def test_an_export_never_leaves_half_a_file(db, tmp_path):
    rich_contacts()
    out = tmp_path / "contacts.vcf"
    out.write_text("the previous export")

    def stop(done, total, text=""):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        exporters.write_vcards(out, progress=stop)
    assert out.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
