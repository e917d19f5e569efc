"""What a sync remembers per card, and how it learns that a contact changed here."""

from __future__ import annotations

from netdesk.domain import contacts, score_cache
from netdesk.domain.contacts import Labelled
from netdesk.domain.sync import accounts
from netdesk.domain.sync.state import UidIndex, create_item, load_items, scan_local, update_item
from netdesk.storage.models import database
from tests.helpers import log, make_contact


def synced(contact_id: int) -> None:
    """As if the contact had just been synced: its card recorded with its digest."""
    account = accounts.find_account()
    items = load_items(account.contacts.id)
    item = next((i for i in items.values() if i.local_id == contact_id), None)
    if item is None:
        href = f"/b/{contact_id}.vcf"
        item = create_item(account.contacts.id, href, f"u{contact_id}", contact_id)
    scan = scan_local({**items, item.href: item}, UidIndex([item]), "CA")
    update_item(item, etag='"1"', base="BEGIN:VCARD\r\nEND:VCARD\r\n")
    update_item(item, local_hash=_digest(contact_id, scan))


def _digest(contact_id, scan):
    from netdesk.domain.sync.card_fields import fields_hash

    return fields_hash(scan.fields[contact_id], "CA")


def changed() -> set[int]:
    account = accounts.find_account()
    items = load_items(account.contacts.id)
    return scan_local(items, UidIndex(items.values()), "CA").dirty


def marked() -> set[int]:
    rows = database.execute_sql("SELECT local_id FROM sync_item WHERE local_changed = 1")
    return {row[0] for row in rows}


def test_any_change_to_a_synced_field_marks_the_contact_and_nothing_else_does(db):
    accounts.add_account(
        "home", "http://127.0.0.1/", "ana", principal_url="", collection_url="http://127.0.0.1/b/",
        collection_name="b",
    )  # fmt: skip
    ana, omar = make_contact("Ana", "Lopez"), make_contact("Omar", "Haddad")
    synced(ana)
    synced(omar)
    assert marked() == set() and changed() == set()
    # the score cache, a logged interaction, the search order: not synced fields
    log(ana, "one_to_one", 2)
    score_cache.refresh_contacts([ana, omar])
    assert marked() == set()
    # an email added (a child row), a title changed, a tag: each marks its contact
    draft = contacts.load_contact(ana)
    draft.emails.append(Labelled("ana@casa.ca"))
    contacts.update_contact(ana, draft)
    assert marked() == {ana} and changed() == {ana}
    database.execute_sql("UPDATE contact SET title = 'Owner' WHERE id = ?", (omar,))
    assert changed() == {ana, omar}
    # a change undone is marked, but compares equal: nothing to send
    database.execute_sql("UPDATE contact SET title = '' WHERE id = ?", (omar,))
    assert marked() == {ana, omar} and changed() == {ana}
