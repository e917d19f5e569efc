"""The calendar as other apps write it: jtx Board's journals, a task app completing a
referral, a server whose calendar holds no journals or tasks, records naming a contact
netdesk does not know yet, and a second computer restored from the same backup."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from netdesk.domain import interactions, json_backup
from netdesk.storage.models import Event, Interaction, Referral, SyncItem
from tests.helpers import make_contact
from tests.sync.fixtures import Device, calendar_for, get_card, make_calendar, put_card
from tests.sync.helpers import by_name
from tests.sync.history import build_history, comparable
from tests.sync.servers import PASSWORD, USER

pytestmark = pytest.mark.loopback


def card_uid(name: str) -> str:
    return SyncItem.get(
        (SyncItem.record_kind == "contact") & (SyncItem.local_id == by_name(name))
    ).uid


def jtx_journal(uid: str, contact_uid: str, summary: str, day: str, description: str) -> str:
    """A journal entry as jtx Board (ical4android) writes it: its PRODID, an all-day
    DTSTART, SEQUENCE, CREATED, LAST-MODIFIED, CLASS, STATUS:FINAL, a parent link."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:+//IDN techbee.at//ical4android",
        "BEGIN:VJOURNAL",
        "DTSTAMP:20260301T092425Z",
        f"UID:{uid}",
        "SEQUENCE:0",
        "CREATED:20260301T092400Z",
        "LAST-MODIFIED:20260301T092425Z",
        f"SUMMARY:{summary}",
        f"DESCRIPTION:{description}",
        "CLASS:PUBLIC",
        "STATUS:FINAL",
        "CATEGORIES:netdesk",
        f"RELATED-TO;RELTYPE=PARENT:{contact_uid}",
        f"DTSTART;VALUE=DATE:{day}" if len(day) == 8 else f"DTSTART:{day}",
        "COMMENT:added on the phone",
        "END:VJOURNAL",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def put_object(calendar: str, name: str, text: str) -> None:
    response = httpx.put(
        calendar + name,
        content=text.encode(),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
        auth=(USER, PASSWORD),
        timeout=30,
    )
    assert response.status_code in (201, 204), response.text


def test_a_journal_written_by_jtx_board_appears_on_the_contact_s_timeline(device, book):
    laptop = device()
    with laptop.use():
        make_contact("Ana", "Lopez")
    laptop.sync()
    with laptop.use():
        ana_uid = card_uid("Ana Lopez")
    calendar = calendar_for(book)
    put_object(
        calendar,
        "jtx-1.ics",
        jtx_journal("1772357065000-5c1f6b1e@at.techbee.jtx", ana_uid, "Call", "20260301",
                    "Talked about the spring open houses\\, and her new office"),
    )  # fmt: skip
    put_object(
        calendar,
        "jtx-2.ics",
        jtx_journal("1772357065001-7d2e@at.techbee.jtx", ana_uid, "Lunch at the market",
                    "20260305T000000Z", "She paid"),
    )  # fmt: skip
    result = laptop.sync()
    assert result.history.added_here == 2 and result.history.skipped == []
    with laptop.use():
        ana = by_name("Ana Lopez")
        call, lunch = interactions.list_interactions(ana)
        assert (call.kind, call.occurred_on, call.note) == (
            "call",
            dt.date(2026, 3, 1),
            "Talked about the spring open houses, and her new office",
        )
        assert (lunch.kind, lunch.occurred_on, lunch.note) == (
            "note",
            dt.date(2026, 3, 5),
            "She paid",
        )
        # scores follow the synced history
        assert Interaction.select().count() == 2
        interactions.update_interaction(call.id, "call", call.occurred_on, "Open houses")
    assert laptop.sync().history.uploaded_changes == 1
    text, _ = get_card(calendar + "jtx-1.ics")
    for kept in ("PRODID:+//IDN techbee.at//ical4android", "STATUS:FINAL", "CLASS:PUBLIC",
                 "COMMENT:added on the phone", f"RELATED-TO;RELTYPE=PARENT:{ana_uid}",
                 "DESCRIPTION:Open houses"):  # fmt: skip
        assert kept in text, kept


def test_a_task_app_completing_a_referral_wins_it(device, book):
    laptop = device()
    with laptop.use():
        build_history()
    laptop.sync()
    with laptop.use():
        item = SyncItem.get(
            (SyncItem.record_kind == "referral")
            & (SyncItem.local_id == Referral.get(Referral.need == "a realtor").id)
        )
    root = "/".join(book.split("/", 3)[:3])
    text, _ = get_card(root + item.href)
    assert "STATUS:IN-PROCESS" in text and "X-NETDESK-STATUS:met" in text
    done = text.replace("STATUS:IN-PROCESS", "STATUS:COMPLETED\r\nCOMPLETED:20260310T120000Z")
    put_object(root, item.href, done)
    assert laptop.sync().history.updated_here == 1
    with laptop.use():
        assert Referral.get(Referral.need == "a realtor").status == "won"


def test_a_calendar_without_journals_or_tasks_keeps_those_here_and_says_so(device, book):
    calendar = make_calendar(calendar_for(book).rstrip("/") + "-events/", ("VEVENT",))
    laptop = Device(device().path.with_name("events-only.sqlite3"), book, calendar=calendar)
    with laptop.use():
        build_history()
    result = laptop.sync()
    assert result.status == "done", result.message
    assert result.history.uploaded_new == 1  # the breakfast, with its attendance
    local = " ".join(result.history.local_only)
    assert "interactions (the timeline) stay on this computer" in local
    assert "journals (VJOURNAL)" in local and "tasks (VTODO)" in local
    assert "events" not in local
    assert "stay on this computer" in result.summary()
    desktop = Device(laptop.path.with_name("desktop.sqlite3"), book, calendar=calendar)
    result = desktop.sync()
    assert result.history.added_here == 1
    with desktop.use():
        event = Event.get()
        assert event.name == "Chamber breakfast" and event.attendance.count() == 3
        assert Interaction.select().count() == 0 and Referral.select().count() == 0


def test_a_record_naming_an_unknown_contact_waits_until_the_contact_arrives(device, book):
    laptop = device()
    laptop.sync()
    calendar = calendar_for(book)
    put_object(
        calendar,
        "early.ics",
        jtx_journal("early-1@example", "card-of-someone-new", "Call", "20260301", "first call"),
    )
    result = laptop.sync()
    assert result.history.waiting == 1 and result.history.added_here == 0
    with laptop.use():
        assert Interaction.select().count() == 0
    assert laptop.sync().summary() == "nothing to sync: everything is up to date"
    put_card(
        book,
        "new.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-of-someone-new\r\nFN:Nia Obi\r\nN:Obi;Nia;;;\r\n"
        "END:VCARD\r\n",
    )
    result = laptop.sync()
    assert result.added_here == 1 and result.history.added_here == 1
    with laptop.use():
        (call,) = interactions.list_interactions(by_name("Nia Obi"))
        assert call.note == "first call"


def test_a_second_computer_restored_from_the_same_backup_pairs_every_record(device, book):
    laptop = device("laptop")
    with laptop.use():
        build_history()
        document = json_backup.backup_document()
    for table in ("sync_account", "sync_collection", "sync_item", "sync_conflict"):
        document["tables"].pop(table)
    desktop = device("desktop")
    with desktop.use():
        json_backup.restore_document(json.loads(json.dumps(document)))
    first = laptop.sync()
    assert first.status == "done"
    assert desktop.sync().status == "needs_pairing"
    result = desktop.sync(accept_pairs=True)
    assert result.status == "done", result.message
    assert result.history.added_here == 0 and result.history.uploaded_new == 0
    laptop_rows, desktop_rows = [], []
    for device_, rows in ((laptop, laptop_rows), (desktop, desktop_rows)):
        with device_.use():
            rows.append(comparable())
            assert SyncItem.select().where(SyncItem.record_kind != "contact").count() == (
                first.history.uploaded_new
            )
    assert laptop_rows == desktop_rows
