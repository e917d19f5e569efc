"""Every user action is one transaction: a write failing part way leaves nothing of it.

One test per transaction in ``netdesk/domain`` (the seed and the demo aside): the
action runs with its first write failing, then its second, and so on
(``tests/write_faults.py``), and after each failure the database must be exactly
as it was. Taking any of these transactions away makes its test fail
(``tests/tools/transaction_mutation.py`` checks that). An action that writes a
single statement needs no transaction of its own; the last tests hold those to
their one write.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netdesk.domain import (
    capture,
    contacts,
    dedupe,
    event_followups,
    events,
    followups,
    interactions,
    json_backup,
    referrals,
    score_cache,
    stored_text,
)
from netdesk.domain.capture import CaptureEntry
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.domain.events import EventDraft
from netdesk.domain.importers import apply_import, read_import_file
from netdesk.domain.matching import synonyms
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact, FollowUp, Interaction, database
from tests.helpers import log, make_contact
from tests.write_faults import assert_all_or_nothing, failing_write

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
SAMPLES = Path(__file__).parent / "importers" / "samples"


@pytest.fixture
def ana(db) -> int:
    cid = make_contact("Ana", "Lima", offers=["home staging"], tags=["BNI"], cadence_days=30)
    log(cid, "call", days_ago=10)
    return cid


@pytest.fixture
def ben(db) -> int:
    return make_contact("Ben", "Okafor", emails=["ben@example.com"])


@pytest.fixture
def event(db) -> int:
    return events.create_event(EventDraft(name="Breakfast", held_on=YESTERDAY, tags=["BNI"]))


# -- contacts -------------------------------------------------------------------------


def test_creating_a_contact(db):
    draft = ContactDraft(
        given_name="Cy",
        family_name="Dune",
        emails=[Labelled("cy@example.com")],
        offers=["bookkeeping"],
        tags=["Chamber"],
    )
    cid = assert_all_or_nothing(lambda: contacts.create_contact(draft))
    assert contacts.load_contact(cid).offers == ["bookkeeping"]


def test_editing_a_contact(ana):
    draft = contacts.load_contact(ana)
    draft.offers = ["home staging", "interior design"]
    draft.tags = ["BNI", "Chamber"]
    assert_all_or_nothing(lambda: contacts.update_contact(ana, draft))
    assert contacts.load_contact(ana).tags == ["BNI", "Chamber"]


def test_deleting_a_contact(ana):
    assert_all_or_nothing(lambda: contacts.trash_contact(ana))
    assert Contact.get_by_id(ana).deleted_at is not None


def test_bringing_a_deleted_contact_back(ana):
    contacts.trash_contact(ana)
    assert_all_or_nothing(lambda: contacts.restore_contact(ana))
    assert Contact.get_by_id(ana).deleted_at is None


# -- interactions -----------------------------------------------------------------------


def test_logging_an_interaction(ana):
    iid = assert_all_or_nothing(lambda: interactions.log_interaction(ana, "one_to_one", TODAY))
    assert interactions.get_interaction(iid).kind == "one_to_one"


def test_editing_an_interaction(ana):
    (logged,) = interactions.list_interactions(ana)
    assert_all_or_nothing(
        lambda: interactions.update_interaction(logged.id, "one_to_one", TODAY, "lunch")
    )
    assert interactions.get_interaction(logged.id).note == "lunch"


def test_deleting_an_interaction(ana):
    (logged,) = interactions.list_interactions(ana)
    assert_all_or_nothing(lambda: interactions.delete_interaction(logged.id))
    assert interactions.list_interactions(ana) == []


# -- referrals ---------------------------------------------------------------------------


def referral(provider: int, recipient: int) -> ReferralDraft:
    return ReferralDraft("connected", provider_id=provider, recipient_id=recipient, need="staging")


def test_recording_a_referral(ana, ben):
    done = assert_all_or_nothing(lambda: referrals.record_referral(referral(ana, ben)))
    assert referrals.get_referral(done.referral_id).status == "introduced"


def test_deleting_a_referral(ana, ben):
    done = referrals.record_referral(referral(ana, ben))
    assert_all_or_nothing(lambda: referrals.delete_referral(done.referral_id))
    assert referrals.referrals_of_contact(ana) == []


def test_moving_a_referral_along(ana, ben):
    done = referrals.record_referral(referral(ana, ben))
    assert_all_or_nothing(lambda: referrals.move_status(done.referral_id, "won", value=900.0))
    assert referrals.get_referral(done.referral_id).status == "won"


def test_taking_a_status_move_back(ana, ben):
    done = referrals.record_referral(referral(ana, ben))
    change = referrals.move_status(done.referral_id, "won", value=900.0)
    assert_all_or_nothing(lambda: referrals.undo_status_change(change))
    assert referrals.get_referral(done.referral_id).status == "introduced"


# -- events and check-ins ------------------------------------------------------------------


def test_creating_an_event(db):
    draft = EventDraft(name="Mixer", held_on=TODAY, tags=["BNI", "Chamber"])
    event_id = assert_all_or_nothing(lambda: events.create_event(draft))
    assert events.get_event(event_id).tags == ("BNI", "Chamber")


def test_moving_an_event_moves_its_check_ins(event, ana):
    events.check_in(event, ana)
    draft = events.load_event(event)
    draft.held_on = YESTERDAY - dt.timedelta(days=1)
    assert_all_or_nothing(lambda: events.update_event(event, draft))
    assert [i.occurred_on for i in interactions.list_interactions(ana)][-1] == draft.held_on


def test_checking_someone_in(event, ana):
    assert_all_or_nothing(lambda: events.check_in(event, ana))
    assert events.is_checked_in(event, ana)


def test_adding_someone_new_at_an_event(event):
    draft = ContactDraft(given_name="Dee", family_name="Park")
    done = assert_all_or_nothing(lambda: events.add_and_check_in(event, draft))
    assert events.is_checked_in(event, done.contact_id)


def test_taking_a_check_in_back(event, ana):
    done = events.check_in(event, ana)
    assert_all_or_nothing(lambda: events.undo_check_in(done))
    assert not events.is_checked_in(event, ana)


# -- quick capture ------------------------------------------------------------------------


def test_capturing_onto_a_known_contact(event, ana):
    entry = CaptureEntry(offers="interior design", note="wants a bookkeeper")
    done = assert_all_or_nothing(lambda: capture.capture(event, entry, attach_to=ana))
    assert "interior design" in contacts.load_contact(done.contact_id).offers


def test_capturing_at_a_new_event(db):
    draft = EventDraft(name="Mixer", held_on=TODAY)
    entry = CaptureEntry(name="Eve Moreau", business="Moreau Law", note="met at the door")
    done = assert_all_or_nothing(lambda: capture.capture_at_new_event(draft, entry))
    assert events.get_event(done.event_id).attendees == 1


def test_correcting_a_captured_entry(event):
    captured = capture.capture(event, CaptureEntry(name="Eve Moreau", note="met at the door"))
    entry = CaptureEntry(name="Eve Moreau", offers="family law", note="met at the coffee urn")
    assert_all_or_nothing(lambda: capture.correct(captured, entry))
    assert contacts.load_contact(captured.contact_id).offers == ["family law"]


def test_moving_a_captured_entry_onto_a_known_contact(event, ana):
    captured = capture.capture(event, CaptureEntry(name="Anna Lima", note="staging"))
    entry = CaptureEntry(note="staging")
    moved = assert_all_or_nothing(lambda: capture.reassign(captured, entry, attach_to=ana))
    assert moved.contact_id == ana


def test_discarding_a_captured_entry(event, ana):
    captured = capture.capture(event, CaptureEntry(offers="interior design"), attach_to=ana)
    assert_all_or_nothing(lambda: capture.discard(captured))
    assert contacts.load_contact(ana).offers == ["home staging"]


# -- follow-ups ----------------------------------------------------------------------------


@pytest.fixture
def reminder(ana) -> followups.AttentionItem:
    FollowUp.create(contact=ana, reason="follow_up", due_on=YESTERDAY, note="send the quote")
    (item,) = followups.open_follow_ups(TODAY)
    return item


def test_logging_an_interaction_for_a_reminder(reminder):
    logged = assert_all_or_nothing(lambda: followups.log_for_item(reminder, "call"))
    assert logged.done is not None


def test_taking_an_interaction_for_a_reminder_back(reminder):
    logged = followups.log_for_item(reminder, "call")
    assert_all_or_nothing(lambda: followups.undo_log_for_item(logged))
    assert followups.open_follow_ups(TODAY) == [reminder]


@pytest.fixture
def after_the_event(event, ana) -> event_followups.AttentionItem:
    events.check_in(event, ana)
    FollowUp.create(contact=ana, reason="event", event=event, due_on=YESTERDAY)
    (item,) = event_followups.pending(event_id=event)
    return item


def test_following_up_after_an_event(after_the_event):
    done = assert_all_or_nothing(lambda: event_followups.log_followup(after_the_event, "call"))
    assert done.reopened


def test_taking_a_follow_up_after_an_event_back(after_the_event):
    done = event_followups.log_followup(after_the_event, "call")
    assert_all_or_nothing(lambda: event_followups.undo(done))
    assert event_followups.pending(event_id=after_the_event.event_id) == [after_the_event]


# -- duplicates -----------------------------------------------------------------------------


@pytest.fixture
def twins(ana, event, ben) -> list[int]:
    others = [make_contact("Ana", "Lima", emails=[f"ana{n}@example.com"]) for n in (1, 2)]
    for other in others:
        log(other, "one_to_one", days_ago=3)
        events.check_in(event, other)
    referrals.record_referral(referral(others[0], ben))
    return [ana, *others]


def test_merging_two_contacts(twins):
    keep, other, _ = twins
    assert_all_or_nothing(lambda: dedupe.merge_contacts(keep, other))
    assert Interaction.select().where(Interaction.contact == other).count() == 0


def test_taking_a_merge_back(twins):
    keep, other, _ = twins
    record = dedupe.merge_contacts(keep, other)
    assert_all_or_nothing(lambda: dedupe.undo_merge(record))
    assert Contact.get_by_id(other).deleted_at is None


def test_merging_groups_of_duplicates(twins):
    records = assert_all_or_nothing(lambda: dedupe.merge_groups([twins]))
    assert len(records) == 2


# -- whole-database work ---------------------------------------------------------------------


def test_recomputing_every_score(ana, ben):
    log(ben, "one_to_one", days_ago=100)
    Contact.update(attention_norm=0.0, trust_norm=0.0).execute()
    assert_all_or_nothing(score_cache.refresh_all)
    assert Contact.get_by_id(ben).trust_norm > 0


def test_cleaning_stored_text(ana, ben):
    database.execute_sql("UPDATE contact SET notes = 'one\x1b[31m' WHERE id = ?", (ana,))
    database.execute_sql("UPDATE contact SET notes = 'two\x07' WHERE id = ?", (ben,))
    assert assert_all_or_nothing(stored_text.clean_stored_text) == 2


def test_restoring_a_json_backup(ana, ben, tmp_path):
    document = json_backup.backup_document()
    close_database()
    open_workspace(tmp_path / "empty.sqlite3", create=True)
    counts = assert_all_or_nothing(lambda: json_backup.restore_document(document))
    assert counts["contact"] == 2


def test_importing_files(ana):
    files = [read_import_file(SAMPLES / "apple_contacts.vcf", region="CA")]
    plan = assert_all_or_nothing(lambda: apply_import(files, region="CA"))
    created = plan.counts()["create"]
    assert created > 0 and Contact.select().count() == 1 + created


# -- one statement, no transaction needed ----------------------------------------------------


def writes_of(action) -> list[str]:
    with failing_write(None) as counter:
        action()
    return counter.writes


def test_marking_an_item_done_or_snoozing_it_is_one_write(reminder, ana):
    assert len(writes_of(lambda: followups.mark_done(reminder))) == 1
    (overdue,) = followups.cadence_overdue(TODAY + dt.timedelta(days=60))
    change = followups.snooze(overdue, TODAY + dt.timedelta(days=7))
    assert len(writes_of(lambda: followups.undo_change(change))) == 1
    assert len(writes_of(lambda: followups.snooze(reminder, TODAY + dt.timedelta(days=7)))) == 1


def test_dismissing_someone_after_an_event_is_one_write(after_the_event, event, ben):
    assert len(writes_of(lambda: event_followups.dismiss(after_the_event))) == 1
    events.check_in(event, ben)
    (item,) = event_followups.pending(event_id=event)
    assert len(writes_of(lambda: event_followups.dismiss(item))) == 1


def test_saving_the_synonym_table_is_one_write(db):
    rules = [synonyms.SynonymRule(("realtor",), ("real estate agent",))]
    assert len(writes_of(lambda: synonyms.save_synonym_rules(rules))) == 1
    assert synonyms.synonym_rules() == rules
