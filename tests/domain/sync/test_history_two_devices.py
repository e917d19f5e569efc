"""The whole relationship on two computers: the history (interactions, events and
attendance, referrals, follow-ups, the synonym table) through one real calendar server."""

from __future__ import annotations

import datetime as dt

import pytest

from netdesk.domain import contacts, events, interactions, referrals
from netdesk.domain.sync import conflicts
from netdesk.storage.models import Attendance, Contact, Interaction, Referral
from tests.helpers import log
from tests.sync.helpers import by_name
from tests.sync.history import TODAY, build_history, comparable, scores

pytestmark = pytest.mark.loopback


@pytest.fixture
def book(any_book):
    """Against Radicale and against Xandikos."""
    return any_book


def same_history(*devices) -> dict[str, list[str]]:
    seen = []
    for device in devices:
        with device.use():
            seen.append((comparable(), scores()))
    for other in seen[1:]:
        for table in seen[0][0]:
            assert other[0][table] == seen[0][0][table], table
        assert other[1] == seen[0][1]
    return seen[0][0]


def quiet(*devices) -> None:
    for device in devices:
        result = device.sync()
        assert result.summary() == "nothing to sync: everything is up to date", result.summary()


def test_the_whole_history_reaches_the_second_computer_with_the_same_scores(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        build_history()
    result = laptop.sync()
    assert result.status == "done", result.message
    history = result.history
    assert history is not None and history.skipped == []
    # 8 journals + 3 check-ins (+ the referral steps), 1 event, 3 referrals, 2 follow-ups, synonyms
    with laptop.use():
        records = Interaction.select().count() + 1 + Referral.select().count() + 2 + 1
    assert history.uploaded_new == records
    result = desktop.sync()
    assert result.status == "done", result.message
    # (the synonym table was there already: the built-in one, now replaced)
    assert (result.history.added_here, result.history.updated_here) == (records - 1, 1)
    assert result.history.waiting == 0
    found = same_history(laptop, desktop)
    assert len(found["interaction"]) == records - 7
    assert any("Priya Shah" in row and '"is_new": 1' in row for row in found["attendance"])
    assert any('"status": "won"' in row and "2500" in row for row in found["referral"])
    assert any("aerial photos" in row for row in found["setting"])
    quiet(laptop, desktop)


def test_edits_on_each_side_meet_and_scores_follow(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ids = build_history()
    laptop.sync()
    desktop.sync()
    with laptop.use():
        log(ids["ana"], "referral_received", 1, "sent me a client")
        events.update_event(
            ids["breakfast"],
            events.EventDraft("Chamber breakfast", TODAY - dt.timedelta(days=3), "Walper Hotel",
                              "monthly, upstairs room", ["breakfast", "chamber", "vip"]),
        )  # fmt: skip
    with desktop.use():
        ana = by_name("Ana Lopez")
        coffee = Interaction.get(
            (Interaction.contact == ana) & (Interaction.kind == "one_to_one")
        ).id
        interactions.update_interaction(
            coffee, "one_to_one", TODAY - dt.timedelta(days=40), "coffee and cannoli"
        )
        breakfast = events.event_held_on(TODAY - dt.timedelta(days=3))
        events.check_in(breakfast, by_name("Mai Nguyen"))
        referral = Referral.get(Referral.need == "a realtor").id
        referrals.move_status(referral, "won", value=900.0)
    assert laptop.sync().history.uploaded_changes == 1
    result = desktop.sync()
    assert result.history.conflicts == 0, result.summary()
    assert laptop.sync().history.updated_here >= 3
    found = same_history(laptop, desktop)
    assert any("coffee and cannoli" in row for row in found["interaction"])
    assert any("Mai Nguyen" in row for row in found["attendance"])
    assert any("upstairs room" in row for row in found["event"])
    quiet(laptop, desktop)


def test_the_same_property_edited_on_both_is_one_conflict_and_loses_nothing(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ana = build_history()["ana"]
        coffee = Interaction.get(
            (Interaction.contact == ana) & (Interaction.kind == "one_to_one")
        ).id
    laptop.sync()
    desktop.sync()
    with laptop.use():
        interactions.update_interaction(coffee, "one_to_one", TODAY - dt.timedelta(40), "latte")
    with desktop.use():
        mine = Interaction.get(Interaction.note.startswith("coffee at")).id
        interactions.update_interaction(mine, "one_to_one", TODAY - dt.timedelta(40), "espresso")
    laptop.sync()
    result = desktop.sync()
    assert result.history.conflicts == 1 and result.all_conflicts == 1
    with desktop.use():
        (conflict,) = conflicts.open_conflicts()
        assert (conflict.local_value, conflict.server_value) == ("espresso", "latte")
        assert "Ana Lopez" in conflict.contact_name and conflict.field_name == "Note"
        assert Interaction.get_by_id(mine).note == "latte"
        conflicts.resolve(conflict.id, conflicts.USE_LOCAL)
        assert Interaction.get_by_id(mine).note == "espresso"
    assert desktop.sync().history.uploaded_changes == 1
    laptop.sync()
    same_history(laptop, desktop)


def test_a_deleted_contact_s_records_are_archived_never_dropped(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ids = build_history()
    laptop.sync()
    desktop.sync()
    with laptop.use():
        contacts.trash_contact(ids["zed"])
    result = laptop.sync()
    assert result.deleted_on_server == 1 and result.history.deleted_on_server == 0
    result = desktop.sync()
    assert len(result.archived_here) == 1
    with desktop.use():
        zed = by_name("Zed Quinn")
        assert Contact.get_by_id(zed).deleted_at is not None
        assert Interaction.get(Interaction.contact == zed).note == "met his wife at the market"
        assert Referral.get(Referral.referrer == zed).need == "bookkeeping"
    # deleted for good on the laptop (an undone capture, say): the server keeps its records
    with laptop.use():
        Contact.delete().where(Contact.id == ids["zed"]).execute()
    result = laptop.sync()
    assert result.history.archived >= 1 and result.history.deleted_on_server == 0
    assert desktop.sync().history.deleted_here == 0
    with desktop.use():
        assert Interaction.get(Interaction.contact == by_name("Zed Quinn")).kind == "note"


def test_deletions_travel_and_an_edit_beats_a_delete(device):
    laptop, desktop = device("laptop"), device("desktop")
    with laptop.use():
        ids = build_history()
    laptop.sync()
    desktop.sync()
    with laptop.use():
        note = Interaction.get(Interaction.kind == "note").id
        interactions.delete_interaction(note)
        referrals.delete_referral(ids["given"])
        events.undo_check_in(
            events.CheckIn(ids["breakfast"], ids["ana"],
                           Attendance.get(Attendance.contact == ids["ana"]).id,
                           Interaction.get((Interaction.contact == ids["ana"])
                                           & (Interaction.kind == "saw_at_event")).id, False)
        )  # fmt: skip
    with desktop.use():
        call = Interaction.get(Interaction.kind == "call").id
        interactions.update_interaction(call, "call", TODAY - dt.timedelta(30), "long call")
    with laptop.use():
        interactions.delete_interaction(
            Interaction.get(Interaction.kind == "call").id
        )  # deleted here, edited there
    blocked = laptop.sync()  # a quarter of a small history: the guard asks first
    assert blocked.status == "blocked" and blocked.guard.noun == "records", blocked.message
    assert laptop.sync(allow_deletes=True).history.deleted_on_server >= 5
    assert desktop.sync().status == "blocked"
    result = desktop.sync(allow_deletes=True)
    assert result.history.deleted_here >= 4, result.summary()
    laptop.sync()
    found = same_history(laptop, desktop)
    assert any("long call" in row for row in found["interaction"])
    assert not any("a realtor" in row for row in found["referral"])
    assert not any("Ana Lopez" in row for row in found["attendance"])
    quiet(laptop, desktop)
