"""Reminders: who is reminded, and when, over a simulated month of checks."""

import datetime as dt

from netdesk.domain import followups, interactions, reminders, settings
from netdesk.storage.models import FollowUp
from tests.helpers import make_contact

START = dt.date.today() - dt.timedelta(days=60)
MONTH = 30
# the window checks every few minutes; three checks a day stand for them
CHECKS_A_DAY = 3


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def test_a_simulated_month_reminds_each_person_once_a_day_while_they_are_due(db):
    lou = make_contact("Lou", "Weekly", cadence_days=7)
    interactions.log_interaction(lou, "one_to_one", day(-5))  # due after day 2
    fay = make_contact("Fay", "Fortnight", cadence_days=14)
    interactions.log_interaction(fay, "call", day(0))  # due after day 14
    sam = make_contact("Sam", "Slides")
    interactions.log_interaction(sam, "met", day(-1))
    FollowUp.create(contact=sam, reason="follow_up", due_on=day(5), note="Send the slides")
    fern = make_contact("Fern", "Fading", cadence_days=365)
    interactions.log_interaction(fern, "call", day(-40))  # fading, not due
    nora = make_contact("Nora", "Nocadence")
    interactions.log_interaction(nora, "met", day(-100))
    names = {lou: "Lou", fay: "Fay", sam: "Sam", fern: "Fern", nora: "Nora"}

    reminded: dict[int, list[str]] = {}
    due_counts: dict[int, int] = {}
    for n in range(MONTH):
        today = day(n)
        for check in range(CHECKS_A_DAY):
            reminder = reminders.check(today)
            reminded.setdefault(n, []).extend(names[p.contact_id] for p in reminder.people)
            due_counts[n] = len(reminder.due)
            if check == 0 and n == 5:
                # Sam's notification is snoozed: off the list until tomorrow
                sam_due = [p for p in reminder.due if p.contact_id == sam]
                reminders.snooze(sam_due, today)
        if n == 6:
            # the slides are sent: the follow-up is done
            (item,) = [i for i in followups.needs_attention(today) if i.contact_id == sam]
            followups.mark_done(item, dt.datetime.combine(today, dt.time(18)))
        if n == 10:
            interactions.log_interaction(lou, "call", today)  # next due after day 17

    expected = {n: [] for n in range(MONTH)}
    for n in (3, 4, 5, 6, 7, 8, 9, 10):
        expected[n].append("Lou")
    for n in range(18, MONTH):
        expected[n].append("Lou")
    for n in range(15, MONTH):
        expected[n].append("Fay")
    expected[5].append("Sam")
    expected[6].append("Sam")
    assert {n: sorted(v) for n, v in reminded.items()} == {
        n: sorted(v) for n, v in expected.items()
    }
    # the tray's count: everyone due at the day's last check
    assert due_counts[5] == 1  # Lou (Sam snoozed until tomorrow)
    assert due_counts[6] == 2  # Lou and Sam
    assert due_counts[12] == 0
    assert due_counts[20] == 2
    # only today's record is kept
    assert settings.get("reminders.notified") == {
        str(lou): day(MONTH - 1).isoformat(),
        str(fay): day(MONTH - 1).isoformat(),
    }


def test_a_person_due_for_two_reasons_is_one_reminder(db):
    ana = make_contact("Ana", "Bennett", cadence_days=30)
    interactions.log_interaction(ana, "call", day(-40))
    FollowUp.create(contact=ana, reason="follow_up", due_on=day(-1), note="Send the quote")
    reminder = reminders.check(day(0))
    (person,) = reminder.people
    assert [i.reason for i in person.items] == [followups.CADENCE, followups.FOLLOW_UP]
    assert reminder.title == "Time to get in touch with Ana Bennett"
    assert reminder.body == (
        "Ana Bennett: Keep in touch every 30 days; last contact 40 days ago (and 1 more)"
    )
    assert reminders.check(day(0)).people == ()


def test_several_people_are_one_notification_naming_the_first_three(db):
    for given in ("Ana", "Ben", "Cleo", "Dev", "Eli"):
        cid = make_contact(given, "Due", cadence_days=10)
        interactions.log_interaction(cid, "call", day(-20))
    reminder = reminders.check(day(0))
    assert reminder.title == "Time to get in touch with 5 people"
    lines = reminder.body.split("\n")
    assert [line.split(":")[0] for line in lines[:3]] == ["Ana Due", "Ben Due", "Cleo Due"]
    assert lines[3] == "and 2 people more in Needs Attention"
    assert reminder.count_text == "5 people to get in touch with"
    assert reminder.summary == (
        "Time to get in touch with 5 people: Ana Due, Ben Due, Cleo Due and 2 more"
    )
    two, _ = reminders.next_reminder(day(0), {}, [p.items[0] for p in reminder.people[:2]])
    assert two.summary == "Time to get in touch with 2 people: Ana Due and Ben Due"


def test_the_rule_itself_needs_no_database():
    item = followups.AttentionItem(7, "Ana", followups.CADENCE, "Keep in touch", day(0))
    fading = followups.AttentionItem(8, "Ben", followups.ATTENTION, "Attention 11", day(0))
    reminder, record = reminders.next_reminder(day(1), {7: day(0), 9: day(0)}, [item, fading])
    assert [p.contact_id for p in reminder.people] == [7]
    assert record == {7: day(1)}
    reminder, record = reminders.next_reminder(day(1), record, [item, fading])
    assert reminder.people == () and [p.contact_id for p in reminder.due] == [7]
    assert reminder.count_text == "1 person to get in touch with"


def test_a_snooze_is_undone(db):
    ana = make_contact("Ana", "Bennett", cadence_days=7)
    interactions.log_interaction(ana, "call", day(-10))
    (person,) = reminders.due_people(day(0))
    changes = reminders.snooze([person], day(0))
    assert reminders.due_people(day(0)) == []
    assert [p.contact_id for p in reminders.due_people(day(1))] == [ana]
    reminders.undo_snooze(changes)
    assert [p.contact_id for p in reminders.due_people(day(0))] == [ana]


def test_a_record_edited_by_hand_starts_afresh(db):
    ana = make_contact("Ana", "Bennett", cadence_days=7)
    interactions.log_interaction(ana, "call", day(-10))
    settings.put("reminders.notified", {"x": "not a day", str(ana): "nope"})
    assert [p.contact_id for p in reminders.check(day(0)).people] == [ana]
    settings.put("reminders.notified", ["a list"])
    assert [p.contact_id for p in reminders.check(day(1)).people] == [ana]
