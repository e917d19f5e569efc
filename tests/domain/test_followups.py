"""Who needs attention: each source, the order, and done / snooze that last."""

import datetime as dt

import pytest

from netdesk.domain import followups, interactions, referrals, settings
from netdesk.domain.followups import AttentionItem
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import FollowUp
from tests.helpers import log, make_contact

TODAY = dt.date.today()


def days(n):
    return TODAY - dt.timedelta(days=n)


def reasons(today=TODAY):
    return [(i.contact_name, i.reason) for i in followups.needs_attention(today)]


def test_cadence_overdue(db):
    late = make_contact("Lou", "Late", cadence_days=30)
    log(late, "one_to_one", 45)
    fresh = make_contact("Fay", "Fresh", cadence_days=30)
    log(fresh, "one_to_one", 5)
    make_contact("No", "Cadence")
    (item,) = followups.cadence_overdue(TODAY)
    assert (item.contact_id, item.since) == (late, days(15))
    assert item.detail == "Keep in touch every 30 days; last contact 45 days ago"
    assert item.label == "Keep in touch"


def test_attention_below_the_threshold(db):
    fading = make_contact("Fern", "Fading", cadence_days=90)
    log(fading, "call", 40)  # attention 3 * 0.5**(40/30) = 1.19 -> 11
    steady = make_contact("Stu", "Steady", cadence_days=90)
    log(steady, "one_to_one", 2)
    (item,) = followups.attention_low(TODAY)
    assert item.contact_id == fading
    assert item.detail == "Attention 11, below 20"
    # the day it fell under 20: 3 * 0.5**(d/30) < 2.23  ->  d > 12.8, so day 13 after the call
    assert item.since == days(40) + dt.timedelta(days=13)
    settings.put("followups.attention_threshold", 10.0)
    assert followups.attention_low(TODAY) == []


def test_an_overdue_cadence_is_not_also_listed_as_fading(db):
    late = make_contact("Lou", "Late", cadence_days=30)
    log(late, "call", 100)
    assert reasons() == [("Lou Late", followups.CADENCE)]


def test_referrals_waiting_on_an_update(db):
    ana = make_contact("Ana", "Agent")
    old = referrals.record_referral(
        ReferralDraft("given", provider_id=ana, need="a condo", referred_on=days(20))
    ).referral_id
    referrals.record_referral(ReferralDraft("given", provider_id=ana, referred_on=days(3)))
    closed = referrals.record_referral(
        ReferralDraft("given", provider_id=ana, referred_on=days(40))
    ).referral_id
    referrals.move_status(closed, "lost", on=days(30))
    (item,) = followups.referrals_waiting(TODAY)
    assert (item.contact_id, item.referral_id, item.since) == (ana, old, days(6))
    assert item.detail == (
        "You referred a client to Ana Agent — a condo: introduced 20 days ago, what happened since?"
    )
    referrals.move_status(old, "met")
    assert followups.referrals_waiting(TODAY) == []


def test_open_follow_up_rows(db):
    cid = make_contact("Eve", "Event")
    due = FollowUp.create(contact=cid, reason="event", due_on=days(2), note="Send the slides")
    FollowUp.create(contact=cid, reason="event", due_on=days(-3), note="later")
    FollowUp.create(contact=cid, reason="event", due_on=days(9), note="done", done_at=days(1))
    FollowUp.create(contact=cid, reason="reminder", due_on=days(9), snoozed_until=days(-1))
    (item,) = followups.open_follow_ups(TODAY)
    assert (item.follow_up_id, item.detail, item.label) == (
        due.id,
        "Send the slides",
        "After the event",
    )


def test_everything_together_oldest_first(db):
    a = make_contact("Al", cadence_days=10)
    log(a, "call", 12)  # due 2 days ago
    b = make_contact("Bo")
    FollowUp.create(contact=b, reason="event", due_on=days(5))
    c = make_contact("Cy")
    referrals.record_referral(ReferralDraft("received", referrer_id=c, referred_on=days(30)))
    assert reasons() == [
        ("Cy", followups.REFERRAL),
        ("Bo", "event"),
        ("Al", followups.CADENCE),
    ]


def test_more_sources_can_join(db, monkeypatch):
    cid = make_contact("Mo")

    def after_the_event(today):
        return [AttentionItem(cid, "Mo", "post_event", "Met at the breakfast", days(1), event_id=7)]

    monkeypatch.setattr(followups, "SOURCES", [*followups.SOURCES, after_the_event])
    (item,) = followups.needs_attention()
    assert (item.label, item.event_id) == ("Post event", 7)


def test_done_on_a_cadence_counts_as_a_touch(db):
    late = make_contact("Lou", cadence_days=30)
    log(late, "call", 45)
    (item,) = followups.needs_attention()
    change = followups.mark_done(item)
    assert followups.needs_attention() == []
    # a cadence later it is due again
    assert reasons(TODAY + dt.timedelta(days=31)) == [("Lou", followups.CADENCE)]
    followups.undo_change(change)
    assert followups.needs_attention() == [item]


def test_done_on_a_fading_contact_lasts_until_it_fades_again(db):
    fading = make_contact("Fern", cadence_days=90)
    log(fading, "call", 40)
    (item,) = followups.needs_attention()
    followups.mark_done(item)
    assert followups.needs_attention() == []
    interactions.log_interaction(fading, "one_to_one", TODAY)
    assert followups.needs_attention() == []
    # 60 days on, attention has fallen under the threshold again: a new item
    (again,) = followups.needs_attention(TODAY + dt.timedelta(days=60))
    assert again.since > TODAY


def test_snooze_hides_until_the_day_then_returns(db):
    cid = make_contact("Eve")
    row = FollowUp.create(contact=cid, reason="event", due_on=days(2), note="call back")
    late = make_contact("Lou", cadence_days=30)
    log(late, "call", 45)
    items = followups.needs_attention()
    assert len(items) == 2
    changes = [followups.snooze(item, TODAY + dt.timedelta(days=7)) for item in items]
    assert followups.needs_attention() == []
    assert len(followups.needs_attention(TODAY + dt.timedelta(days=7))) == 2
    assert FollowUp.get_by_id(row.id).snoozed_until == TODAY + dt.timedelta(days=7)
    for change in changes:
        followups.undo_change(change)
    assert followups.needs_attention() == items
    assert FollowUp.select().count() == 1
    with pytest.raises(ValidationError, match="later day"):
        followups.snooze(items[0], TODAY)


def test_done_on_a_follow_up_row_and_its_undo(db):
    cid = make_contact("Eve")
    row = FollowUp.create(contact=cid, reason="event", due_on=days(2))
    (item,) = followups.needs_attention()
    change = followups.mark_done(item)
    assert FollowUp.get_by_id(row.id).done_at is not None
    assert followups.needs_attention() == []
    followups.undo_change(change)
    assert FollowUp.get_by_id(row.id).done_at is None


def test_logging_from_an_item_is_one_step_and_undoes_as_one(db):
    cid = make_contact("Eve", cadence_days=30)
    log(cid, "call", 50)
    row = FollowUp.create(contact=cid, reason="event", due_on=days(2))
    items = followups.needs_attention()
    assert [i.reason for i in items] == [followups.CADENCE, "event"]
    logged = followups.log_for_item(items[1], "one_to_one", note="coffee")
    assert followups.needs_attention() == []  # the coffee also keeps the cadence
    assert FollowUp.get_by_id(row.id).done_at is not None
    assert interactions.list_interactions(cid)[-1].note == "coffee"
    followups.undo_log_for_item(logged)
    assert followups.needs_attention() == items
    assert [r.kind for r in interactions.list_interactions(cid)] == ["call"]


def test_people_met_at_an_event_appear_once_with_the_event_reason(db):
    from netdesk.domain import events
    from netdesk.storage.models import Event

    ana = make_contact("Ana")
    event = Event.create(name="Breakfast", held_on=days(6))
    events.check_in(event.id, ana)
    FollowUp.create(contact=ana, reason="event", event=event, due_on=days(3))
    listed = [(i.contact_name, i.reason, i.event_id) for i in followups.needs_attention(TODAY)]
    assert listed.count(("Ana", "event", event.id)) == 1
    log(ana, "call", 1)
    assert [i for i in followups.needs_attention(TODAY) if i.reason == "event"] == []
