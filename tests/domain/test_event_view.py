import datetime as dt

from netdesk.domain import event_view, events
from netdesk.domain.events import EventDraft
from tests.helpers import make_contact


def test_introductions_pair_needs_with_offers_among_attendees_only(db):
    event = events.create_event(EventDraft(name="Breakfast", held_on=dt.date.today()))
    ana = make_contact("Ana", needs=["a bookkeeper", "realtors"], offers=["bookkeeping"])
    ben = make_contact("Ben", offers=["bookkeeping", "payroll"], title="Bookkeeper")
    cy = make_contact("Cy", offers=["Realtor", "home staging"], title="Realtor")
    make_contact("Dee", offers=["bookkeeping"])  # not at the event
    for person in (ana, ben, cy):
        events.check_in(event, person)
    summary = event_view.event_summary(event)
    assert [a.name for a in summary.attendees] == ["Ana", "Ben", "Cy"]
    assert len(summary.new_people) == 3
    pairs = [(i.seeker_name, i.need, i.provider_name) for i in summary.introductions]
    assert pairs == [("Ana", "a bookkeeper", "Ben"), ("Ana", "realtors", "Cy")]
    assert summary.introductions[0].because == "bookkeeping, Bookkeeper"
    assert summary.introductions[1].because == "Realtor"  # said once, not per column


def test_a_need_of_only_small_words_matches_nobody():
    assert event_view.need_query("someone for my clients") is None
    assert event_view.need_query("a web developer") == '{offers title} : ("web" OR "developer")'
