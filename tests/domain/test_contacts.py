import pytest

from netdesk.domain import contacts
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import Contact, ContactPhone


def test_a_full_contact_round_trips(db):
    introducer = contacts.create_contact(ContactDraft(given_name="Sam"))
    draft = ContactDraft(
        given_name="José",
        family_name="Álvarez",
        organisation="Casa Realty",
        title="Broker",
        city="Waterloo",
        notes="likes early meetings",
        how_we_met="breakfast",
        introduced_by_id=introducer,
        networking_style="referral_partner",
        cadence_days=30,
        emails=[Labelled("jose@casa.ca", "work"), Labelled("jose@gmail.com", "home")],
        phones=[Labelled("519-555-0123", "mobile")],
        urls=[Labelled("https://casa.ca")],
        tags=["BNI Waterloo", "client"],
        offers=["Realtor", "home staging"],
        needs=["a mortgage broker"],
    )
    cid = contacts.create_contact(draft)
    loaded = contacts.load_contact(cid)
    assert loaded.display_name == "José Álvarez"
    loaded.display_name = ""
    assert loaded == draft
    assert ContactPhone.get(ContactPhone.contact == cid).normalized == "+15195550123"
    assert Contact.get_by_id(cid).sort_key == "jose alvarez"


def test_every_problem_is_named_and_nothing_is_saved(db):
    draft = ContactDraft(
        given_name="Ana",
        emails=[Labelled("ana@example.com"), Labelled("ana-at-example")],
        phones=[Labelled("call me")],
        cadence_days=0,
    )
    with pytest.raises(ValidationError) as caught:
        contacts.create_contact(draft)
    problems = {(p.field, p.index) for p in caught.value.problems}
    assert problems == {("emails", 1), ("phones", 0), ("cadence_days", None)}
    assert "emails #2: “ana-at-example” is not an email address" in str(caught.value)
    assert Contact.select().count() == 0


def test_a_contact_needs_a_name_or_an_organisation(db):
    with pytest.raises(ValidationError, match="needs a name"):
        contacts.create_contact(ContactDraft())
    cid = contacts.create_contact(ContactDraft(organisation="Maple Print"))
    assert contacts.contact_name(cid) == "Maple Print"


def test_an_update_refused_by_its_checks_changes_nothing(db):
    cid = contacts.create_contact(ContactDraft(given_name="Ana", offers=["payroll"]))
    draft = contacts.load_contact(cid)
    draft.offers = ["bookkeeping"]
    draft.emails = [Labelled("broken@")]
    with pytest.raises(ValidationError):
        contacts.update_contact(cid, draft)
    assert contacts.load_contact(cid).offers == ["payroll"]


def test_tags_and_lists_are_trimmed_and_deduplicated(db):
    cid = contacts.create_contact(
        ContactDraft(
            given_name="Ana", tags=[" client ", "Client", ""], offers=["payroll", " payroll", ""]
        )
    )
    loaded = contacts.load_contact(cid)
    assert loaded.tags == ["client"]
    assert loaded.offers == ["payroll"]
    assert contacts.all_tags() == ["client"]


def test_a_contact_cannot_introduce_itself(db):
    cid = contacts.create_contact(ContactDraft(given_name="Ana"))
    draft = contacts.load_contact(cid)
    draft.introduced_by_id = cid
    with pytest.raises(ValidationError, match="cannot introduce itself"):
        contacts.update_contact(cid, draft)
