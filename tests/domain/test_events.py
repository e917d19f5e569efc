import datetime as dt

import pytest

from netdesk.domain import events, interactions
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.events import EventDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import Attendance, Contact, Interaction
from tests.helpers import log, make_contact

TODAY = dt.date.today()


def make_event(name="Breakfast", days_ago=0, **fields) -> int:
    return events.create_event(
        EventDraft(name=name, held_on=TODAY - dt.timedelta(days=days_ago), **fields)
    )


def kinds_of(contact_id):
    return [(r.kind, r.occurred_on, r.event_id) for r in interactions.list_interactions(contact_id)]


def test_create_edit_and_list_events(db):
    first = make_event("March breakfast", 30, place="Huether Hotel", tags=["WBB", "breakfast"])
    second = make_event("April breakfast", 2)
    listed = events.list_events()
    assert [e.id for e in listed] == [second, first]
    assert listed[1].tags == ("breakfast", "WBB")
    assert listed[1].place == "Huether Hotel"
    draft = events.load_event(first)
    draft.name = "March breakfast (moved)"
    draft.tags = ["WBB"]
    events.update_event(first, draft)
    row = events.get_event(first)
    assert row.name == "March breakfast (moved)" and row.tags == ("WBB",)
    assert events.latest_event_id() == second


def test_an_event_needs_a_name_and_a_date(db):
    with pytest.raises(ValidationError) as caught:
        events.create_event(EventDraft(name="  ", held_on=None))
    assert {p.field for p in caught.value.problems} == {"name", "held_on"}


def test_check_in_logs_saw_at_event_for_someone_known(db):
    ana = make_contact("Ana", "Lopez")
    log(ana, "call", days_ago=40)
    event = make_event(days_ago=3)
    done = events.check_in(event, ana)
    assert not done.is_new
    assert ("saw_at_event", TODAY - dt.timedelta(days=3), event) in kinds_of(ana)
    assert [a.contact_id for a in events.attendees(event)] == [ana]
    assert Contact.get_by_id(ana).last_interaction_on == TODAY - dt.timedelta(days=3)


def test_check_in_logs_met_for_someone_never_met_before(db):
    ben = make_contact("Ben", "Baker")
    event = make_event()
    done = events.check_in(event, ben)
    assert done.is_new
    assert kinds_of(ben) == [("met", TODAY, event)]
    assert events.get_event(event).new_people == 1


def test_checking_in_twice_is_refused_and_writes_nothing(db):
    ana = make_contact("Ana")
    event = make_event()
    events.check_in(event, ana)
    with pytest.raises(ValidationError, match="Ana is already checked in"):
        events.check_in(event, ana)
    assert Attendance.select().count() == 1
    assert Interaction.select().count() == 1


def test_no_check_in_before_the_event_day(db):
    ana = make_contact("Ana")
    event = events.create_event(EventDraft(name="Gala", held_on=TODAY + dt.timedelta(days=5)))
    with pytest.raises(ValidationError, match="from that day on"):
        events.check_in(event, ana)
    assert Attendance.select().count() == 0


def test_undo_and_redo_of_a_check_in(db):
    ana = make_contact("Ana")
    log(ana, "call", days_ago=10)
    event = make_event()
    done = events.check_in(event, ana, note="talked about spring")
    events.undo_check_in(done)
    assert events.attendees(event) == []
    assert [k for k, _, _ in kinds_of(ana)] == ["call"]
    again = events.redo_check_in(done)
    assert (again.attendance_id, again.interaction_id) == (done.attendance_id, done.interaction_id)
    assert Interaction.get_by_id(done.interaction_id).note == "talked about spring"


def test_add_someone_new_inline_then_undo_removes_them(db):
    event = make_event("Mixer")
    done = events.add_and_check_in(event, ContactDraft(given_name="Zoe", family_name="Quinn"))
    assert done.created_contact and done.is_new
    assert Contact.get_by_id(done.contact_id).how_we_met == "Mixer"
    assert kinds_of(done.contact_id) == [("met", TODAY, event)]
    events.undo_check_in(done)
    assert Contact.get_or_none(Contact.id == done.contact_id) is None
    again = events.redo_check_in(done)
    assert again.contact_id == done.contact_id
    assert [a.name for a in events.attendees(event)] == ["Zoe Quinn"]


def test_moving_the_event_date_moves_its_check_ins(db):
    ana = make_contact("Ana")
    event = make_event(days_ago=1)
    events.check_in(event, ana)
    draft = events.load_event(event)
    draft.held_on = TODAY - dt.timedelta(days=8)
    events.update_event(event, draft)
    assert kinds_of(ana) == [("met", TODAY - dt.timedelta(days=8), event)]
    draft.held_on = TODAY + dt.timedelta(days=8)
    with pytest.raises(ValidationError, match="already checked in"):
        events.update_event(event, draft)
