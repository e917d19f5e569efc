import datetime as dt

import pytest

from netdesk.domain import event_followups, events, interactions
from netdesk.domain.event_followups import AttentionItem
from netdesk.domain.events import EventDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import FollowUp
from tests.helpers import log, make_contact

TODAY = dt.date.today()


def event_on(days_ago: int, name: str) -> int:
    return events.create_event(EventDraft(name=name, held_on=TODAY - dt.timedelta(days=days_ago)))


@pytest.fixture
def room(db):
    """Two events; some people followed up since, some not."""
    march, april = event_on(40, "March breakfast"), event_on(10, "April breakfast")
    people = {name: make_contact(name) for name in ("Ana", "Ben", "Cy", "Dee", "Eve")}
    events.check_in(march, people["Ana"])  # met in March, nothing since
    events.check_in(march, people["Ben"])  # met in March, called since
    log(people["Ben"], "call", days_ago=20)
    events.check_in(march, people["Cy"])  # met in March, seen again in April
    events.check_in(april, people["Cy"])
    events.check_in(april, people["Dee"])  # seen in April, emailed before it only
    log(people["Dee"], "message", days_ago=12)
    # Eve never came to an event
    return {"march": march, "april": april, **people}


def test_the_list_holds_exactly_those_without_a_later_interaction(room):
    items = event_followups.pending()
    assert [(i.contact_name, i.event_id) for i in items] == [
        ("Ana", room["march"]),  # oldest first
        ("Cy", room["april"]),
        ("Dee", room["april"]),
    ]
    ana = items[0]
    assert ana == AttentionItem(
        contact_id=room["Ana"],
        contact_name="Ana",
        reason="event",
        detail="Met at March breakfast",
        since=TODAY - dt.timedelta(days=40),
        event_id=room["march"],
    )
    assert items[1].detail == "Saw at April breakfast"


def test_a_window_and_an_event_filter(room):
    assert [i.contact_name for i in event_followups.pending(window_days=20)] == ["Cy", "Dee"]
    assert [i.contact_name for i in event_followups.pending(event_id=room["march"])] == ["Ana"]


def test_logging_the_follow_up_takes_them_off_and_undo_puts_them_back(room):
    ana = event_followups.pending()[0]
    open_row = FollowUp.create(
        contact=ana.contact_id, reason="event", event=ana.event_id, due_on=TODAY
    )
    assert event_followups.pending()[0].follow_up_id == open_row.id
    done = event_followups.log_followup(ana, "email")
    assert "Ana" not in [i.contact_name for i in event_followups.pending()]
    last = interactions.list_interactions(ana.contact_id)[-1]
    assert (last.kind, last.note, last.occurred_on) == (
        "message",
        "Emailed after March breakfast",
        TODAY,
    )
    assert FollowUp.get_by_id(open_row.id).done_at is not None
    event_followups.undo(done)
    assert event_followups.pending()[0].contact_name == "Ana"
    assert FollowUp.get_by_id(open_row.id).done_at is None


def test_dismiss_and_undo(room):
    ana = event_followups.pending()[0]
    done = event_followups.dismiss(ana)
    assert "Ana" not in [i.contact_name for i in event_followups.pending()]
    assert interactions.list_interactions(ana.contact_id)[-1].kind == "met"  # nothing logged
    event_followups.undo(done)
    assert "Ana" in [i.contact_name for i in event_followups.pending()]
    assert FollowUp.select().count() == 0


def test_an_interaction_the_same_evening_counts(room):
    ana_id = room["Ana"]
    later = event_on(0, "Mixer")
    events.check_in(later, ana_id)
    assert event_followups.pending(event_id=later)[0].contact_name == "Ana"
    log(ana_id, "message", days_ago=0)
    assert event_followups.pending(event_id=later) == []


def test_unknown_action_is_refused(room):
    with pytest.raises(ValidationError, match="unknown follow-up"):
        event_followups.log_followup(event_followups.pending()[0], "carrier pigeon")
