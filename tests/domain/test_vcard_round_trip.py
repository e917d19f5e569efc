"""Any contact netdesk can hold comes back unchanged from its own vCard export.

(A contact holding the same email, phone or web address twice gets it back once:
the importer drops repeats.)"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import contacts, exporters
from netdesk.domain.contacts import NETWORKING_STYLES, ContactDraft, Labelled
from netdesk.domain.importers import read_import_file
from netdesk.domain.importers.plan import plan_import
from netdesk.storage.models import database

text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=25)
notes = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"), max_size=80)
label = st.one_of(st.sampled_from(["", "home", "work", "mobile", "fax", "work fax"]), text)
emails = st.lists(
    st.builds(
        Labelled,
        st.from_regex(r"[a-z0-9._%+-]{1,10}@[a-z]{1,8}\.[a-z]{2,4}", fullmatch=True),
        label,
    ),
    max_size=3,
    unique_by=lambda item: item.value.lower(),
)
phones = st.lists(
    st.builds(Labelled, st.from_regex(r"\+1 519 555 [0-9]{4}", fullmatch=True), label),
    max_size=3,
    unique_by=lambda item: item.value,
)
urls = st.lists(
    st.builds(
        Labelled, st.from_regex(r"https://[a-z]{1,8}\.ca/[a-z,;:]{0,6}", fullmatch=True), label
    ),
    max_size=3,
    unique_by=lambda item: item.value.rstrip("/"),
)
drafts = st.builds(
    ContactDraft,
    given_name=text,
    family_name=text,
    display_name=text,
    organisation=st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=25),
    title=text,
    city=text,
    notes=notes,
    how_we_met=text,
    networking_style=st.sampled_from(list(NETWORKING_STYLES)),
    cadence_days=st.one_of(st.none(), st.integers(1, 3650)),
    photo=st.one_of(st.none(), st.binary(min_size=1, max_size=300)),
    emails=emails,
    phones=phones,
    urls=urls,
    tags=st.lists(text, max_size=3),
    offers=st.lists(text, max_size=3),
    needs=st.lists(text, max_size=3),
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draft=drafts)
def test_any_contact_survives_its_vcard(db, tmp_path, draft):
    with database.atomic() as transaction:
        cid = contacts.create_contact(draft)
        stored = contacts.load_contact(cid)
        out = tmp_path / "one.vcf"
        exporters.write_vcards(out, [cid])
        transaction.rollback()
    parsed = read_import_file(out, region="CA")
    assert parsed.problems == [] and len(parsed.records) == 1
    (record,) = parsed.records
    assert record.warnings == []
    plan = plan_import([parsed], region="CA")
    (target,) = plan.targets
    back = target.draft
    back.display_name = back.shown_name()
    back.tags = sorted(back.tags, key=str.casefold)
    stored.tags = sorted(stored.tags, key=str.casefold)
    assert back == stored
