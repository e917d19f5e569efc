import datetime as dt

import pytest

from netdesk.domain import interactions
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.domain.validation import ValidationError
from tests.helpers import log, make_contact


def scores(cid):
    row = next(r for r in fetch_contact_page(ContactListQuery(), 0, 100) if r.id == cid)
    return row.attention, row.trust


def test_logging_updates_the_cached_scores(db):
    cid = make_contact("Ana")
    assert scores(cid) == (0, 0)
    log(cid, "one_to_one", 0)
    attention, trust = scores(cid)
    assert attention == pytest.approx(39.346934028736655)
    assert trust == pytest.approx(13.92920235749422)


def test_edit_and_delete_update_the_scores_and_can_be_undone(db):
    cid = make_contact("Ana")
    iid = log(cid, "one_to_one", 0, "coffee")
    interactions.update_interaction(iid, "promise_broken", dt.date.today(), "no-show")
    assert scores(cid)[1] == 0
    removed = interactions.delete_interaction(iid)
    assert scores(cid) == (0, 0)
    interactions.restore_interaction(removed)
    assert [r.note for r in interactions.list_interactions(cid)] == ["no-show"]
    assert scores(cid)[0] > 0


def test_future_dates_and_unknown_kinds_are_refused(db):
    cid = make_contact("Ana")
    with pytest.raises(ValidationError, match="in the future"):
        interactions.log_interaction(cid, "call", dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="unknown interaction kind"):
        interactions.log_interaction(cid, "telepathy", dt.date.today())
    assert interactions.list_interactions(cid) == []


def test_timeline_is_in_date_order_and_curves_end_today(db):
    cid = make_contact("Ana")
    log(cid, "call", 3)
    log(cid, "met", 10)
    log(cid, "one_to_one", 3)
    rows = interactions.list_interactions(cid)
    assert [r.kind for r in rows] == ["met", "call", "one_to_one"]
    curve = interactions.curves_for(rows)
    assert curve[0].on == dt.date.today() - dt.timedelta(days=10)
    assert curve[-1].on == dt.date.today()
    assert curve[-1].attention == pytest.approx(scores(cid)[0])
