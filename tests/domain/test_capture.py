import datetime as dt

import pytest

from netdesk.domain import capture, contacts, events, interactions
from netdesk.domain.capture import CaptureEntry
from netdesk.domain.events import EventDraft
from netdesk.domain.validation import ValidationError
from netdesk.storage.models import Attendance, Contact, Event, Interaction
from tests.helpers import log, make_contact

TODAY = dt.date.today()


@pytest.fixture
def event(db):
    return events.create_event(EventDraft(name="Breakfast", held_on=TODAY, tags=["WBB"]))


def test_an_entry_becomes_a_contact_met_at_the_event(event):
    done = capture.capture(
        event,
        CaptureEntry(
            name="Priya  Raman",
            business="Raman Bakery",
            offers="wedding cakes, catering",
            needs="a bookkeeper; a web developer",
            note="met at the coffee urn",
            email="priya@ramanbakery.ca",
        ),
    )
    assert done.created and done.name == "Priya Raman"
    draft = contacts.load_contact(done.contact_id)
    assert (draft.given_name, draft.family_name, draft.organisation) == (
        "Priya",
        "Raman",
        "Raman Bakery",
    )
    assert draft.offers == ["wedding cakes", "catering"]
    assert draft.needs == ["a bookkeeper", "a web developer"]
    assert [e.value for e in draft.emails] == ["priya@ramanbakery.ca"]
    assert draft.tags == ["WBB"] and draft.how_we_met == "Breakfast"
    (met,) = interactions.list_interactions(done.contact_id)
    assert (met.kind, met.event_id, met.note) == ("met", event, "met at the coffee urn")
    assert events.attendees(event)[0].is_new


def test_bad_entries_are_refused_and_nothing_is_written(event):
    with pytest.raises(ValidationError) as caught:
        capture.capture(event, CaptureEntry(name="", email="not-an-email"))
    assert {p.field for p in caught.value.problems} == {"name", "email"}
    assert Contact.select().count() == 0 and Attendance.select().count() == 0


def test_attaching_adds_only_what_is_new_and_checks_them_in(event):
    known = make_contact(
        "Jonathan", "Smith", organisation="Smith Realty", offers=["Realtor"], emails=["j@s.ca"]
    )
    log(known, "call", days_ago=30)
    done = capture.capture(
        event,
        CaptureEntry(
            name="Jon Smith",
            business="Other Co",
            offers="realtor, home staging",
            needs="a stager",
            note="moving offices",
            email="J@S.ca",
        ),
        attach_to=known,
    )
    assert done.attached and done.contact_id == known
    draft = contacts.load_contact(known)
    assert draft.shown_name() == "Jonathan Smith"  # the name on file stays
    assert draft.organisation == "Smith Realty"
    assert draft.offers == ["Realtor", "home staging"]
    assert draft.needs == ["a stager"]
    assert [e.value for e in draft.emails] == ["j@s.ca"]
    assert done.added.offers == ("home staging",) and done.added.email == ""
    kinds = [(r.kind, r.note) for r in interactions.list_interactions(known)]
    assert ("saw_at_event", "moving offices") in kinds
    assert Contact.select().count() == 1


def test_attaching_someone_already_checked_in_keeps_one_attendance(event):
    known = make_contact("Ana", "Lopez")
    events.check_in(event, known)
    done = capture.capture(event, CaptureEntry(note="wants an intro"), attach_to=known)
    assert done.attendance_id is None
    assert Attendance.select().count() == 1
    assert Interaction.get_by_id(done.interaction_id).kind == "note"


def test_correcting_a_new_entry_replaces_what_it_wrote(event):
    done = capture.capture(
        event, CaptureEntry(name="Tom Beker", business="Beker Co", offers="plumbing", note="x")
    )
    fixed = capture.correct(
        done, CaptureEntry(name="Tom Becker", business="Becker Plumbing", offers="plumbing, gas")
    )
    assert fixed.contact_id == done.contact_id
    draft = contacts.load_contact(done.contact_id)
    assert draft.shown_name() == "Tom Becker"
    assert draft.organisation == "Becker Plumbing"
    assert draft.offers == ["plumbing", "gas"]
    assert Interaction.get_by_id(done.interaction_id).note == ""
    assert Contact.select().count() == 1


def test_correcting_an_attached_entry_keeps_what_the_contact_had(event):
    known = make_contact("Ana", "Lopez", offers=["bookkeeping"])
    done = capture.capture(event, CaptureEntry(offers="payroll"), attach_to=known)
    capture.correct(done, CaptureEntry(offers="taxes"))
    assert contacts.load_contact(known).offers == ["bookkeeping", "taxes"]


def test_reassign_moves_an_entry_onto_an_existing_contact(event):
    known = make_contact("Jonathan", "Smith")
    done = capture.capture(event, CaptureEntry(name="Jonathon Smith", offers="Realtor"))
    moved = capture.reassign(done, CaptureEntry(name="Jonathon Smith", offers="Realtor"), known)
    assert moved.contact_id == known
    assert Contact.get_or_none(Contact.id == done.contact_id) is None
    assert contacts.load_contact(known).offers == ["Realtor"]
    assert [a.contact_id for a in events.attendees(event)] == [known]


def test_discard_takes_an_entry_back(event):
    known = make_contact("Ana", "Lopez", offers=["bookkeeping"])
    log(known, "call", days_ago=3)
    new = capture.capture(event, CaptureEntry(name="Zoe Quinn"))
    attached = capture.capture(event, CaptureEntry(offers="payroll"), attach_to=known)
    capture.discard(new)
    capture.discard(attached)
    assert Contact.get_or_none(Contact.id == new.contact_id) is None
    assert contacts.load_contact(known).offers == ["bookkeeping"]
    assert events.attendees(event) == []
    assert [r.kind for r in interactions.list_interactions(known)] == ["call"]


def test_capture_at_a_new_event_creates_it_in_the_same_transaction(db):
    with pytest.raises(ValidationError):
        capture.capture_at_new_event(EventDraft(name="Mixer", held_on=TODAY), CaptureEntry(name=""))
    assert Event.select().count() == 0
    done = capture.capture_at_new_event(
        EventDraft(name="Mixer", held_on=TODAY), CaptureEntry(name="Zoe Quinn")
    )
    assert events.get_event(done.event_id).attendees == 1


def test_duplicate_hint_by_email_and_by_a_name_with_a_typo(db):
    jon = make_contact("Jonathan", "Smith", organisation="Smith Realty", emails=["jon@sr.ca"])
    make_contact("Jonas", "Brother")
    hint = capture.duplicate_hint("", "JON@sr.ca ")
    assert hint is not None and (hint.contact_id, hint.reason) == (jon, "same email")
    hint = capture.duplicate_hint("Jonathon Smith")
    assert hint is not None and (hint.contact_id, hint.reason) == (jon, "similar name")
    assert capture.duplicate_hint("Jonathan Sm").contact_id == jon  # still typing
    assert capture.duplicate_hint("Jon") is None  # too little to go on
    assert capture.duplicate_hint("Jonathan") is None  # a first name is many people
    assert capture.duplicate_hint("Jonathon Smith", exclude={jon}) is None


def test_split_helpers():
    assert capture.split_list(" web, SEO ;print,, ") == ["web", "SEO", "print"]
    assert capture.split_name("Ana María López") == ("Ana María", "López")
    assert capture.split_name("Cher") == ("Cher", "")
