"""A SQLite backup is restored as the file it is; its text still ends up under netdesk's rule."""

from netdesk.domain import contacts
from netdesk.domain.contact_picker import ContactPicker
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.restore import SQLITE, restore_file
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import database


def hostile_backup(path):
    """A database with text written straight into it, past every check."""
    open_workspace(path, create=True)
    cid = contacts.create_contact(
        ContactDraft(
            given_name="Ana",
            family_name="Silva",
            emails=[Labelled("ana@example.com", "work")],
            tags=["BNI", "Realtors"],
            offers=["staging"],
        )
    )
    for sql, args in [
        (
            "UPDATE contact SET given_name = ?, display_name = ?, notes = ? WHERE id = ?",
            ("Ana\x1b[31m", "Ana\x1b[31m Silva\u202e", "one\x00\ntwo\x07", cid),
        ),
        ("UPDATE contact_email SET label = 'wo\x1brk'", ()),
        ("UPDATE offer SET text = 'home\u2066 staging'", ()),
        # cleaned, "Realtors\x1b" would be a second "Realtors": left as it is
        ("INSERT INTO tag (name) VALUES ('Realtors\x1b'), ('Chamber\u202e')", ()),
    ]:
        database.execute_sql(sql, args)
    close_database()
    return cid


def test_text_restored_from_a_sqlite_backup_is_cleaned(tmp_path):
    source = tmp_path / "hostile.sqlite3"
    cid = hostile_backup(source)
    target = tmp_path / "restored.sqlite3"
    report = restore_file(source, target)
    assert report.kind == SQLITE
    open_workspace(target)  # restore leaves nothing bound; its caller opens the restored file
    stored = contacts.load_contact(cid)
    assert (stored.given_name, stored.display_name) == ("Ana[31m", "Ana[31m Silva")
    assert stored.notes == "one\ntwo"
    assert stored.emails == [Labelled("ana@example.com", "work")]
    assert stored.offers == ["home staging"]
    tags = [name for (name,) in database.execute_sql("SELECT name FROM tag ORDER BY id")]
    assert tags == ["BNI", "Realtors", "Realtors\x1b", "Chamber"]
    # the search index follows the cleaned name
    assert [s.contact_id for s in ContactPicker().suggest("Ana[31m Silva", limit=3)] == [cid]
    close_database()


def test_text_restored_beside_a_damaged_database_is_cleaned(tmp_path):
    from netdesk.domain.restore import restore_beside

    source = tmp_path / "hostile.sqlite3"
    cid = hostile_backup(source)
    damaged = tmp_path / "netdesk.sqlite3"
    damaged.write_bytes(b"not a database at all")
    restored = restore_beside(source, damaged)
    assert damaged.read_bytes() == b"not a database at all"
    open_workspace(restored)
    stored = contacts.load_contact(cid)
    assert (stored.given_name, stored.notes) == ("Ana[31m", "one\ntwo")
    close_database()
