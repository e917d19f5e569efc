"""The givers-gain ledger on a small network: counts, values, balances, months."""

import datetime as dt

import pytest

from netdesk.domain import ledger, referrals
from netdesk.domain.referrals import ReferralDraft
from tests.helpers import make_contact

TODAY = dt.date.today()


def give(provider, *, days_ago=0, status="introduced", value=None, recipient=None):
    direction = "connected" if recipient else "given"
    return referrals.record_referral(
        ReferralDraft(
            direction,
            provider_id=provider,
            recipient_id=recipient,
            referred_on=TODAY - dt.timedelta(days=days_ago),
            status=status,
            value=value,
        )
    ).referral_id


def receive(referrer, *, days_ago=0, status="introduced", value=None):
    return referrals.record_referral(
        ReferralDraft(
            "received",
            referrer_id=referrer,
            referred_on=TODAY - dt.timedelta(days=days_ago),
            status=status,
            value=value,
        )
    ).referral_id


@pytest.fixture
def network(db):
    jo = make_contact("Jo", "Giver")
    sam = make_contact("Sam", "Sender")
    lee = make_contact("Lee", "Even")
    ben = make_contact("Ben", "Buyer")
    give(jo, days_ago=40, status="won", value=2500)
    give(jo, days_ago=10, status="lost")
    give(jo, recipient=ben)
    receive(sam, days_ago=5, status="won", value=12000)
    give(lee)
    receive(lee, status="met")
    return {"jo": jo, "sam": sam, "lee": lee, "ben": ben}


def test_per_contact_rows_and_balances(network):
    rows = {row.name: row for row in ledger.ledger_rows()}
    jo = rows["Jo Giver"]
    assert (jo.given, jo.given_won, jo.given_lost, jo.given_open) == (3, 1, 1, 1)
    assert (jo.given_value, jo.received, jo.balance) == (2500.0, 0, 3)
    assert ledger.balance_text(jo) == (
        "You have sent Jo 3 referrals, Jo has sent you none ($2,500 won through you)"
    )
    sam = rows["Sam Sender"]
    assert (sam.received, sam.received_won, sam.received_value, sam.balance) == (1, 1, 12000.0, -1)
    assert ledger.balance_text(sam) == (
        "You have sent Sam none, Sam has sent you 1 referral ($12,000 won through Sam): "
        "you owe Sam a thank-you and a referral"
    )
    assert ledger.balance_text(rows["Lee Even"]).endswith(": you are even")
    assert rows["Ben Buyer"].introductions_for == 1
    assert ledger.balance_text(rows["Ben Buyer"]) == (
        "You have introduced Ben to 1 contact; no business either way yet"
    )
    # largest imbalance first
    assert ledger.ledger_rows()[0].name == "Jo Giver"


def test_one_contact_and_nobody(network):
    assert ledger.contact_ledger(network["jo"]).given == 3
    newcomer = make_contact("New")
    assert ledger.contact_ledger(newcomer) is None


def test_network_totals(network):
    totals = ledger.totals()
    assert (totals.given, totals.connected, totals.received, totals.total) == (3, 1, 2, 6)
    assert totals.by_status == {"suggested": 0, "introduced": 2, "met": 1, "won": 2, "lost": 1}
    assert totals.open == 3
    assert (totals.given_value, totals.received_value) == (2500.0, 12000.0)


def test_totals_follow_a_status_change(network):
    rid = give(network["lee"])
    before = ledger.totals()
    change = referrals.move_status(rid, "won", value=700)
    after = ledger.totals()
    assert after.given_value == before.given_value + 700
    assert after.by_status["won"] == before.by_status["won"] + 1
    referrals.undo_status_change(change)
    assert ledger.totals() == before


def test_given_and_received_per_month(db):
    jo = make_contact("Jo")
    today = dt.date(2026, 3, 15)
    for day in (dt.date(2026, 3, 1), dt.date(2026, 3, 14), dt.date(2026, 1, 31)):
        referrals.record_referral(
            ReferralDraft("given", provider_id=jo, referred_on=day), today=today
        )
    referrals.record_referral(
        ReferralDraft("received", referrer_id=jo, referred_on=dt.date(2026, 2, 2)), today=today
    )
    referrals.record_referral(
        ReferralDraft("received", referrer_id=jo, referred_on=dt.date(2025, 1, 2)), today=today
    )
    months = ledger.monthly(3, today=today)
    assert [(m.month.isoformat(), m.given, m.received) for m in months] == [
        ("2026-01-01", 1, 0),
        ("2026-02-01", 0, 1),
        ("2026-03-01", 2, 0),
    ]
    assert len(ledger.monthly(today=today)) == 12
    assert ledger.monthly(12, today=today)[0].month == dt.date(2025, 4, 1)
