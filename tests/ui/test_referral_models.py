"""The referral panes' table models and the ledger chart."""

import datetime as dt

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from netdesk.domain import followups, ledger, matching, referrals
from netdesk.domain.ledger import MonthCount
from netdesk.domain.referrals import ReferralDraft
from netdesk.storage.models import FollowUp
from netdesk.ui.referrals.ledger_chart import LedgerChart
from netdesk.ui.referrals.models import (
    REFERRAL_ID_ROLE,
    SORT_ROLE,
    AttentionModel,
    LedgerPeopleModel,
    LedgerReferralsModel,
    MatchResultsModel,
)
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE, SCORE_ROLE
from tests.helpers import log, make_contact

TODAY = dt.date.today()


def small_network():
    ana = make_contact("Ana", "Agent", offers=["Realtor"], title="Broker")
    log(ana, "one_to_one", 4)
    bob = make_contact("Bob", "Broker", offers=["Realtor"], cadence_days=10)
    log(bob, "call", 30)
    cleo = make_contact("Cleo", "Client")
    rid = referrals.record_referral(
        ReferralDraft("connected", provider_id=ana, recipient_id=cleo, need="a condo")
    ).referral_id
    referrals.move_status(rid, "won", value=2500)
    referrals.record_referral(
        ReferralDraft("received", referrer_id=bob, referred_on=TODAY - dt.timedelta(30))
    )
    FollowUp.create(contact=cleo, reason="event", due_on=TODAY, note="Say thanks")
    return ana, bob, cleo


MODELS = {
    "match": (MatchResultsModel, lambda: matching.match_need("realtor")),
    "ledger people": (LedgerPeopleModel, ledger.ledger_rows),
    "ledger referrals": (LedgerReferralsModel, referrals.list_referrals),
    "attention": (AttentionModel, followups.needs_attention),
}


@pytest.mark.parametrize("name", MODELS)
def test_the_models_pass_the_model_tester(db, qtmodeltester, name):
    small_network()
    model_class, fetch = MODELS[name]
    model = model_class()
    qtmodeltester.check(model, force_py=True)  # follows every change from here on
    items = fetch()
    assert items
    model.set_rows(items)
    assert model.rowCount() == len(items)
    model.set_rows([])
    assert model.rowCount() == 0


@pytest.mark.parametrize("name", MODELS)
def test_sorted_models_pass_the_model_tester(db, qtmodeltester, name):
    small_network()
    model_class, fetch = MODELS[name]
    model = model_class()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    qtmodeltester.check(proxy, force_py=True)
    model.set_rows(fetch())
    for column in range(model.columnCount()):
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
    model.set_rows(fetch()[:1])


def test_match_rows_show_rank_contact_reasons_and_scores(db):
    ana, bob, _ = small_network()
    model = MatchResultsModel()
    model.set_rows(matching.match_need("realtor"))
    assert [model.index(r, model.RANK).data() for r in range(2)] == ["1", "2"]
    assert model.index(0, model.CONTACT).data() == "Ana Agent\nBroker"
    why = model.index(0, model.WHY).data().splitlines()
    assert why == ["offers: Realtor", "referred once before: 1 won ($2,500)"]
    assert model.index(0, model.CONTACT).data(CONTACT_ID_ROLE) == ana
    assert model.index(0, model.TRUST).data(SCORE_ROLE) > 0
    assert model.index(0, model.WHY).data(SCORE_ROLE) is None
    assert "trust" in model.index(0, model.CONTACT).data(Qt.ItemDataRole.ToolTipRole)


def test_ledger_rows_sort_by_numbers(db):
    ana, bob, _ = small_network()
    people = LedgerPeopleModel()
    people.set_rows(ledger.ledger_rows())
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(people)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(people.BALANCE, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, people.CONTACT).data() for r in range(proxy.rowCount())] == [
        "Ana Agent",
        "Cleo Client",
        "Bob Broker",
    ]
    assert [proxy.index(0, c).data() for c in range(people.columnCount())] == [
        "Ana Agent",
        "1",
        "1",
        "0",
        "+1",
        "$2,500",
    ]
    assert proxy.index(2, people.BALANCE).data() == "-1"
    assert "you owe Bob a thank-you" in proxy.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    refs = LedgerReferralsModel()
    refs.set_rows(referrals.list_referrals())
    assert refs.index(0, refs.STATUS).data() == "Won"
    assert refs.index(0, refs.VALUE).data() == "$2,500"
    assert refs.index(0, refs.REFERRAL).data(REFERRAL_ID_ROLE) == refs.row_at(0).id
    assert refs.index(0, 0).data(ROW_ROLE).status == "won"


def test_attention_rows(db):
    small_network()
    model = AttentionModel(today=TODAY)
    model.set_rows(followups.needs_attention())
    texts = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    # the reason names the kind; what it is about (often naming people) is its tooltip
    assert texts[0] == ["Bob Broker", "Keep in touch", "2 weeks ago"]
    assert texts[-1] == ["Cleo Client", "After the event", "today"]
    tip = model.index(0, AttentionModel.REASON).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Keep in touch every 10 days; last contact 30 days ago")


def test_the_chart_shows_given_and_received_per_month(qtbot):
    chart = LedgerChart()
    qtbot.addWidget(chart)
    months = [
        MonthCount(dt.date(2026, 1, 1), 2, 0),
        MonthCount(dt.date(2026, 2, 1), 0, 7),
        MonthCount(dt.date(2026, 3, 1), 1, 1),
    ]
    chart.set_months(months)
    assert chart.values() == [("Jan", 2, 0), ("Feb", 0, 7), ("Mar", 1, 1)]
    assert chart.counts.max() >= 7
    chart.set_months(months[:1])
    assert chart.values() == [("Jan", 2, 0)]
