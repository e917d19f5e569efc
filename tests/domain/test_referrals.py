"""Recording referrals, moving them along, and taking each step back."""

import datetime as dt

import pytest

from netdesk.domain import interactions, referrals
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import Interaction, Referral
from tests.helpers import make_contact

TODAY = dt.date.today()


def kinds(contact_id):
    return [(r.kind, r.referral_id is not None) for r in interactions.list_interactions(contact_id)]


def trust(contact_id):
    rows = fetch_contact_page(ContactListQuery(), 0, 100)
    return next(r.trust for r in rows if r.id == contact_id)


@pytest.fixture
def people(db):
    return {
        "ana": make_contact("Ana", "Realtor", offers=["Realtor"]),
        "ben": make_contact("Ben", "Buyer", needs=["a realtor"]),
        "jo": make_contact("Jo", "Referrer"),
    }


def test_connecting_two_contacts_adds_interactions_to_both(people):
    ana, ben = people["ana"], people["ben"]
    recorded = referrals.record_referral(
        ReferralDraft("connected", provider_id=ana, recipient_id=ben, need="a realtor", note="x")
    )
    assert recorded.contact_ids == (ana, ben)
    assert kinds(ana) == [("referral_given", True)]
    assert kinds(ben) == [("favour_given", True)]
    assert trust(ana) > 0
    (row,) = referrals.list_referrals()
    assert (row.provider_name, row.recipient_name, row.status) == (
        "Ana Realtor",
        "Ben Buyer",
        "introduced",
    )
    assert row.referred_on == TODAY == row.status_changed_on
    assert row.summary() == "You introduced Ben Buyer to Ana Realtor — a realtor"
    note = interactions.list_interactions(ben)[0].note
    assert note == "Introduced them to Ana Realtor for a realtor"
    assert [r.id for r in referrals.referrals_of_contact(ben)] == [row.id]


def test_a_received_referral_credits_the_referrer(people):
    jo = people["jo"]
    referrals.record_referral(ReferralDraft("received", referrer_id=jo, need="a kitchen"))
    assert kinds(jo) == [("referral_received", True)]
    (row,) = referrals.list_referrals()
    assert row.main_contact_id == jo
    assert row.summary() == "Jo Referrer referred a client to you — a kitchen"


def test_a_suggestion_adds_nothing_until_it_is_introduced(people):
    ana = people["ana"]
    recorded = referrals.record_referral(
        ReferralDraft("given", provider_id=ana, status="suggested")
    )
    assert kinds(ana) == []
    assert referrals.next_statuses("suggested") == ["introduced", "met", "won", "lost"]
    change = referrals.move_status(recorded.referral_id, "introduced")
    assert kinds(ana) == [("referral_given", True)]
    referrals.undo_status_change(change)
    assert kinds(ana) == []


def test_moving_along_to_won_and_undoing_each_step(people):
    ana, ben = people["ana"], people["ben"]
    rid = referrals.record_referral(
        ReferralDraft("connected", provider_id=ana, recipient_id=ben, need="a realtor")
    ).referral_id
    trust_introduced = trust(ana)
    met = referrals.move_status(rid, "met")
    assert [k for k, _ in kinds(ana)] == ["referral_given", "note"]
    assert trust(ana) == pytest.approx(trust_introduced)
    won = referrals.move_status(rid, "won", value=12500)
    row = referrals.get_referral(rid)
    assert (row.status, row.value, row.status_changed_on) == ("won", 12500, TODAY)
    assert [k for k, _ in kinds(ana)] == ["referral_given", "note", "referral_closed"]
    assert "($12,500)" in interactions.list_interactions(ana)[-1].note
    assert trust(ana) > trust_introduced
    assert referrals.next_statuses("won") == []

    referrals.undo_status_change(won)
    row = referrals.get_referral(rid)
    assert (row.status, row.value) == ("met", None)
    assert [k for k, _ in kinds(ana)] == ["referral_given", "note"]
    assert trust(ana) == pytest.approx(trust_introduced)
    referrals.undo_status_change(met)
    assert referrals.get_referral(rid).status == "introduced"
    assert [k for k, _ in kinds(ana)] == ["referral_given"]


def test_jumping_ahead_adds_the_steps_in_between(people):
    rid = referrals.record_referral(ReferralDraft("given", provider_id=people["ana"])).referral_id
    referrals.move_status(rid, "lost")
    assert [k for k, _ in kinds(people["ana"])] == ["referral_given", "note", "note"]


def test_bad_moves_are_refused_and_change_nothing(people):
    rid = referrals.record_referral(
        ReferralDraft("given", provider_id=people["ana"], referred_on=TODAY - dt.timedelta(3))
    ).referral_id
    referrals.move_status(rid, "met")
    with pytest.raises(ValidationError, match="cannot move to introduced"):
        referrals.move_status(rid, "introduced")
    with pytest.raises(ValidationError, match="only a won referral has a value"):
        referrals.move_status(rid, "lost", value=10)
    with pytest.raises(ValidationError, match="cannot be negative"):
        referrals.move_status(rid, "won", value=-1)
    with pytest.raises(ValidationError, match="in the future"):
        referrals.move_status(rid, "won", on=TODAY + dt.timedelta(1))
    with pytest.raises(ValidationError, match="before the referral"):
        referrals.move_status(rid, "won", on=TODAY - dt.timedelta(10))
    with pytest.raises(ValidationError, match="unknown status"):
        referrals.move_status(rid, "maybe")
    assert referrals.get_referral(rid).status == "met"
    assert len(kinds(people["ana"])) == 2


@pytest.mark.parametrize(
    "draft, message",
    [
        (ReferralDraft("connected", provider_id=1), "recipient: connecting two contacts"),
        (ReferralDraft("connected", provider_id=1, recipient_id=1), "referred to themselves"),
        (ReferralDraft("given"), "provider: who is being recommended"),
        (ReferralDraft("received"), "referrer: who sent the referral"),
        (ReferralDraft("received", referrer_id=3, provider_id=1), "provider: a referral I receive"),
        (ReferralDraft("given", provider_id=1, referrer_id=3), "referrer: a referral I make"),
        (ReferralDraft("given", provider_id=99), "provider: that contact no longer exists"),
        (ReferralDraft("sideways", provider_id=1), "unknown direction"),
        (ReferralDraft("given", provider_id=1, status="done"), "unknown status"),
        (ReferralDraft("given", provider_id=1, value=5.0), "only a won referral has a value"),
        (
            ReferralDraft("given", provider_id=1, referred_on=TODAY + dt.timedelta(days=1)),
            "referred on: .* is in the future",
        ),
    ],
)
def test_bad_referrals_are_refused_with_the_field_named(people, draft, message):
    with pytest.raises(ValidationError, match=message):
        referrals.record_referral(draft)
    assert Referral.select().count() == 0
    assert Interaction.select().count() == 0


def test_recording_won_at_once_adds_every_step(people):
    referrals.record_referral(
        ReferralDraft("received", referrer_id=people["jo"], status="won", value=800)
    )
    assert [k for k, _ in kinds(people["jo"])] == ["referral_received", "note", "referral_closed"]


def test_deleting_a_referral_takes_its_interactions_and_redo_keeps_the_id(people):
    ana, ben = people["ana"], people["ben"]
    draft = ReferralDraft("connected", provider_id=ana, recipient_id=ben, need="a realtor")
    rid = referrals.record_referral(draft).referral_id
    referrals.move_status(rid, "won", value=100)
    assert referrals.delete_referral(rid) == (ana, ben)
    assert kinds(ana) == kinds(ben) == []
    assert trust(ana) == 0
    again = referrals.record_referral(draft, referral_id=rid)
    assert again.referral_id == rid
    assert referrals.get_referral(rid).status == "introduced"


def test_find_contact_by_id_or_name(people):
    assert referrals.find_contact(str(people["ana"])) == people["ana"]
    assert referrals.find_contact("  ana realtor ") == people["ana"]
    make_contact("Ana", "Realtor")
    with pytest.raises(LookupError, match="2 contacts are named “Ana Realtor”"):
        referrals.find_contact("Ana Realtor")
    with pytest.raises(LookupError, match="no contact named"):
        referrals.find_contact("Zed")
    with pytest.raises(LookupError, match="no contact with id 999"):
        referrals.find_contact("999")


def test_format_value():
    assert referrals.format_value(4000.0) == "$4,000"
    assert referrals.format_value(99.5) == "$99.50"
    assert referrals.format_value(None) == ""
