from netdesk.domain import contacts
from netdesk.domain.contact_list import ContactListQuery, count_contacts, fetch_contact_page
from netdesk.storage.search_index import prefix_query
from tests.helpers import make_contact


def names(text: str) -> list[str]:
    return [row.name for row in fetch_contact_page(ContactListQuery(text=text), 0, 50)]


def test_accent_free_spelling_finds_accented_names(db):
    make_contact("José", "Álvarez")
    make_contact("Zoë", "Sørensen")
    assert names("jose") == ["José Álvarez"]
    assert names("alvarez") == ["José Álvarez"]
    assert names("zoe") == ["Zoë Sørensen"]
    assert names("JOSÉ") == ["José Álvarez"]


def test_every_word_is_a_prefix(db):
    make_contact("Jonathan", "Smith", organisation="Smithfield Print")
    make_contact("Joanna", "Baker")
    assert names("jo") == ["Joanna Baker", "Jonathan Smith"]
    assert names("jon smi") == ["Jonathan Smith"]
    assert names("j") == ["Joanna Baker", "Jonathan Smith"]


def test_searches_every_indexed_field(db):
    make_contact(
        "Ana",
        "Lee",
        organisation="Grand River Realty",
        title="Broker",
        city="Guelph",
        offers=["mobile websites"],
        needs=["a bookkeeper"],
        tags=["BNI Waterloo"],
        notes="sails on weekends",
        how_we_met="chamber mixer",
    )
    for text in ("grand", "broker", "guelph", "mobile", "bookkeeper", "bni", "sails", "mixer"):
        assert names(text) == ["Ana Lee"], text


def test_the_index_follows_edits_trash_and_restore(db):
    cid = make_contact("Ana", "Lee", offers=["bookkeeping"])
    draft = contacts.load_contact(cid)
    draft.offers = ["payroll"]
    contacts.update_contact(cid, draft)
    assert names("bookkeeping") == []
    assert names("payroll") == ["Ana Lee"]
    contacts.trash_contact(cid)
    assert names("payroll") == []
    contacts.restore_contact(cid)
    assert names("payroll") == ["Ana Lee"]


def test_query_syntax_typed_by_a_person_is_taken_literally(db):
    make_contact("Ana", "Lee", notes="AND OR NOT")
    for text in ('"', "ana*", "NOT", "(", "-", "ana OR", "lee:", "^ana"):
        count_contacts(ContactListQuery(text=text))  # never raises
    assert prefix_query("  ") is None
    assert prefix_query('ana "lee') == '"ana"* "lee"*'


def provider_rows(contact_id: int) -> dict[str, str]:
    from netdesk.storage import search_index
    from netdesk.storage.models import database

    slots = search_index.PROVIDER_SLOTS
    rows = database.execute_sql(
        f"SELECT rowid, text FROM {search_index.PROVIDER_TABLE} WHERE rowid BETWEEN ? AND ?",
        (contact_id * slots, contact_id * slots + slots - 1),
    ).fetchall()
    return {search_index.PROVIDER_FIELDS[rowid % slots]: text for rowid, text in rows}


def test_the_provider_index_holds_what_a_contact_provides_field_by_field(db):
    cid = make_contact(
        "Ana",
        "Lee",
        title="Broker",
        offers=["Realtor", "home staging"],
        tags=["BNI", "Chamber"],
        needs=["a bookkeeper"],
        city="Guelph",
        notes="sails",
    )
    # no organisation: no row; name, needs, city and notes are not there at all
    assert provider_rows(cid) == {
        "offers": "Realtor | home staging",
        "title": "Broker",
        "tags": "BNI | Chamber",
    }
    draft = contacts.load_contact(cid)
    draft.offers = ["bookkeeping"]
    draft.title = ""
    draft.organisation = "Lee Books"
    contacts.update_contact(cid, draft)
    assert provider_rows(cid) == {
        "offers": "bookkeeping",
        "organisation": "Lee Books",
        "tags": "BNI | Chamber",
    }
    contacts.trash_contact(cid)
    assert provider_rows(cid) == {}
