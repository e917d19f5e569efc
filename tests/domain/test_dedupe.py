"""Finding duplicates by blocking keys, merging without losing anything, and undoing it."""

import datetime as dt
import random

import pytest

from netdesk.domain import contacts, dedupe, interactions, json_backup
from netdesk.domain.contacts import Labelled
from netdesk.domain.sample_names import FAMILY_NAMES, GIVEN_NAMES
from netdesk.storage.models import Attendance, Contact, Event, FollowUp, Interaction, Referral
from tests.helpers import log, make_contact


def pairs(candidates):
    return {(c.first_id, c.second_id): c.reasons for c in candidates}


def test_candidates_by_email_phone_and_similar_name_at_the_same_organisation(db):
    ana = make_contact("Ana", "Silva", emails=["Ana@Example.com"])
    ana2 = make_contact("Ana", "S.", emails=["ana@example.com "])
    ben = make_contact("Ben", "Stone", phones=["(519) 555-0123"])
    ben2 = make_contact("Benjamin", "Stone", phones=["+1 519-555-0123"])
    jon = make_contact("Jon", "Smith", organisation="Acme Inc.")
    john = make_contact("John", "Smith", organisation="ACME")
    make_contact("John", "Smith", organisation="Other Co")  # same name, other organisation
    make_contact("Mary", "Chen", organisation="Acme")
    make_contact("Mark", "Chen", organisation="Acme")  # 89%: below the bar
    found = pairs(dedupe.find_candidates())
    assert found == {
        (ana, ana2): ["same email ana@example.com"],
        (ben, ben2): ["same phone +15195550123"],
        (jon, john): ["similar names (95%) at the same organisation"],
    }
    strong = [c for c in dedupe.find_candidates() if c.strong]
    assert [(c.first_id, c.second_id) for c in strong] == [(ana, ana2), (ben, ben2)]


def test_trashed_contacts_and_shared_office_addresses_are_not_candidates(db):
    ana = make_contact("Ana", emails=["ana@example.com"])
    gone = make_contact("Ana", "Again", emails=["ana@example.com"])
    contacts.trash_contact(gone)
    for n in range(dedupe.MAX_SHARED + 1):
        make_contact(f"Staff{n}", emails=["info@bigco.com"])
    assert dedupe.find_candidates() == []
    assert ana


def test_names_are_compared_only_within_their_blocks(db, monkeypatch):
    compared = []
    real = dedupe.fuzz.token_sort_ratio

    class Counting:
        @staticmethod
        def token_sort_ratio(a, b, **kwargs):
            compared.append((a, b))
            return real(a, b, **kwargs)

    monkeypatch.setattr(dedupe, "fuzz", Counting)
    rng = random.Random(5)
    db.execute_sql("BEGIN")
    for org in range(10):
        for _ in range(80):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            db.execute_sql(
                "INSERT INTO contact (given_name, family_name, display_name, sort_key, "
                "organisation, title, city, notes, how_we_met, networking_style, created_at, "
                "updated_at) VALUES (?, ?, ?, '', ?, '', '', '', '', '', '', '')",
                (given, family, f"{given} {family}", f"Org {org}"),
            )
    db.execute_sql("COMMIT")
    dedupe.find_candidates()
    within_org_pairs = 10 * (80 * 79 // 2)
    assert 0 < len(compared) < within_org_pairs / 10


def test_strong_pairs_group_transitively():
    c = dedupe.Candidate
    groups = dedupe.strong_groups(
        [c(1, 2, "", "", "", strong=True), c(2, 5, "", "", "", strong=True), c(3, 4, "", "", "")]
    )
    assert groups == [[1, 2, 5]]


def snapshot() -> dict:
    """Every table, less what a rewrite of the kept contact renumbers or re-stamps."""
    tables = json_backup.backup_document()["tables"]
    for name in ("contact_email", "contact_phone", "contact_url", "offer", "need"):
        tables[name] = sorted(
            ({k: v for k, v in row.items() if k != "id"} for row in tables[name]),
            key=lambda r: sorted(r.items()),
        )
    for row in tables["contact"]:
        row.pop("updated_at")
    return tables


@pytest.fixture
def pair(db):
    """Two records of one person, each with a history, plus people around them."""
    today = dt.date.today()
    keep = make_contact(
        "Priya",
        "Natarajan",
        emails=["priya@brightledger.ca"],
        organisation="Bright Ledger",
        tags=["BNI"],
        offers=["bookkeeping"],
        notes="Met at BNI.",
    )
    other = make_contact(
        "Priya",
        "Natarajan",
        emails=["priya.n@gmail.com"],
        phones=["226-555-0178"],
        title="Owner",
        tags=["Chamber"],
        needs=["a web designer"],
        notes="Prefers texts.",
    )
    friend = make_contact("Dan", "O'Brien", introduced_by_id=other)
    contacts.update_contact(keep, contacts.load_contact(keep))
    draft = contacts.load_contact(keep)
    draft.introduced_by_id = other
    contacts.update_contact(keep, draft)
    log(keep, "one_to_one", 40)
    log(other, "met", 400)
    log(other, "favour_received", 10)
    both = Event.create(name="Breakfast", held_on=today - dt.timedelta(days=30))
    only_other = Event.create(name="Mixer", held_on=today - dt.timedelta(days=60))
    Attendance.create(event=both, contact=keep, is_new=0)
    Attendance.create(event=both, contact=other, is_new=1)
    Attendance.create(event=only_other, contact=other, is_new=0)
    Referral.create(direction="given", provider=other, recipient=friend, referred_on=today)
    Referral.create(direction="connected", provider=friend, recipient=other, referred_on=today)
    Referral.create(direction="received", referrer=other, referred_on=today)
    FollowUp.create(contact=other, reason="send the proposal", due_on=today)
    return keep, other, friend


def test_a_merge_keeps_everything_of_both_and_undo_puts_it_all_back(pair):
    keep, other, friend = pair
    before = snapshot()
    history = len(interactions.list_interactions(keep)) + len(interactions.list_interactions(other))
    record = dedupe.merge_contacts(keep, other, {"notes": "both"})

    merged = contacts.load_contact(keep)
    assert merged.title == "Owner"  # keep had none
    assert [e.value for e in merged.emails] == ["priya@brightledger.ca", "priya.n@gmail.com"]
    assert [p.value for p in merged.phones] == ["226-555-0178"]
    assert merged.tags == ["BNI", "Chamber"]
    assert merged.offers == ["bookkeeping"] and merged.needs == ["a web designer"]
    assert merged.notes == "Met at BNI.\n\nPrefers texts."
    assert merged.introduced_by_id is None  # it was the other record of the same person
    assert len(interactions.list_interactions(keep)) == history
    assert Interaction.select().where(Interaction.contact == other).count() == 0
    assert Referral.select().where(Referral.provider == other).count() == 0
    assert Referral.select().where(Referral.provider == keep).count() == 1
    assert Referral.select().where(Referral.recipient == keep).count() == 1
    assert Referral.select().where(Referral.referrer == keep).count() == 1
    assert FollowUp.get().contact_id == keep
    attended = {
        (a.event.name, a.is_new) for a in Attendance.select().where(Attendance.contact == keep)
    }
    assert attended == {("Breakfast", 1), ("Mixer", 0)}
    assert Contact.get_by_id(friend).introduced_by_id == keep
    assert Contact.get_by_id(other).deleted_at is not None
    assert Contact.get_by_id(keep).last_interaction_on == dt.date.today() - dt.timedelta(days=10)
    assert dedupe.find_candidates() == []

    dedupe.undo_merge(record)
    assert snapshot() == before

    again = dedupe.merge_contacts(keep, other, {"title": "other", "notes": "keep"})
    assert contacts.load_contact(keep).notes == "Met at BNI."
    dedupe.undo_merge(again)
    assert snapshot() == before


def test_merging_picks_each_field_from_either_contact(db):
    a = make_contact("Ana", "Silva", organisation="Acme", city="Waterloo")
    b = make_contact("Anna", "Silva", organisation="Acme Inc.", city="Guelph", title="CEO")
    keep, other = contacts.load_contact(a), contacts.load_contact(b)
    assert dedupe.differing_fields(keep, other) == [
        "display_name",
        "given_name",
        "organisation",
        "city",
    ]
    merged = dedupe.merged_draft(keep, other, {"given_name": "other", "city": "other"})
    assert (merged.given_name, merged.organisation, merged.city, merged.title) == (
        "Anna",
        "Acme",
        "Guelph",
        "CEO",
    )


def test_a_merge_that_cannot_be_done_changes_nothing(db):
    a = make_contact("Ana")
    b = make_contact("Ben")
    contacts.trash_contact(b)
    with pytest.raises(dedupe.MergeError, match="no longer exists"):
        dedupe.merge_contacts(a, b)
    with pytest.raises(dedupe.MergeError, match="itself"):
        dedupe.merge_contacts(a, a)
    assert Contact.get_by_id(a).deleted_at is None


def test_merge_groups_merges_into_the_oldest(db):  # all or nothing: test_all_or_nothing
    ids = [make_contact(name, emails=["ana@example.com"]) for name in ("Ana Silva", "Ana S", "ana")]
    groups = dedupe.strong_groups(dedupe.find_candidates())
    assert groups == [ids]
    records = dedupe.merge_groups(groups)
    assert [(r.keep_id, r.other_id) for r in records] == [(ids[0], ids[1]), (ids[0], ids[2])]
    assert Contact.select().where(Contact.deleted_at.is_null()).count() == 1
    assert contacts.load_contact(ids[0]).emails == [Labelled("ana@example.com", "")]
