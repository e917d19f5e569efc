"""One "not found" for everything looked up by id, and one answer to "is this a bug?"."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError, OperationalError

from netdesk.domain import contacts, events, interactions, referrals
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.events import EventDraft
from netdesk.domain.followups import AttentionItem, mark_done
from netdesk.domain.matching.people import find_person
from netdesk.domain.user_errors import DiskFull, DomainError, NotFound, user_problem
from netdesk.domain.validation import ValidationError

TODAY = dt.date.today()
GONE = 999


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda: contacts.load_contact(GONE), "no contact with id 999"),
        (lambda: contacts.update_contact(GONE, ContactDraft(given_name="Ana")), "no contact"),
        (lambda: events.load_event(GONE), "no event with id 999"),
        (lambda: events.get_event(GONE), "no event with id 999"),
        (lambda: events.update_event(GONE, EventDraft("Mixer", TODAY)), "no event with id 999"),
        (lambda: interactions.get_interaction(GONE), "no interaction with id 999"),
        (lambda: interactions.update_interaction(GONE, "call", TODAY, ""), "no interaction"),
        (lambda: interactions.delete_interaction(GONE), "no interaction with id 999"),
        (lambda: referrals.get_referral(GONE), "no referral with id 999"),
        (lambda: referrals.move_status(GONE, "met"), "no referral with id 999"),
        (lambda: referrals.find_contact(str(GONE)), "no contact with id 999"),
        (lambda: find_person("Zed"), "no contact named “Zed”"),
        (
            lambda: mark_done(AttentionItem(1, "Ana", "follow_up", "", TODAY, follow_up_id=GONE)),
            "no follow-up with id 999",
        ),
    ],
)
def test_whatever_is_looked_up_and_missing_is_not_found(db, lookup, message):
    with pytest.raises(NotFound, match=message) as caught:
        lookup()
    assert isinstance(caught.value, LookupError)  # what callers of old caught still works
    assert user_problem(caught.value) is caught.value


def test_refusals_and_storage_problems_are_for_a_person_bugs_are_not(db, db_path):
    refused = ValidationError([])
    assert isinstance(refused, DomainError) and user_problem(refused) is refused
    full = user_problem(sqlite3.OperationalError("database or disk is full"))
    assert isinstance(full, DiskFull) and full.path == Path(db_path)
    assert isinstance(user_problem(OperationalError("database or disk is full")), DiskFull)
    missing = FileNotFoundError(2, "No such file or directory", "/tmp/out/export.csv")
    assert user_problem(missing) is missing  # the environment, naming its file
    for bug in (
        KeyError("given_name"),
        OperationalError("no such column: contact.nickname"),
        IntegrityError("UNIQUE constraint failed: tag.name"),
        TypeError("'NoneType' object is not subscriptable"),
    ):
        assert user_problem(bug) is None, bug
