"""Meetings from Google Calendar, Outlook and Thunderbird exports, as netdesk logs them."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from netdesk.domain import calendar_import as ci
from netdesk.domain import interactions
from netdesk.domain.importers import CREATE, SKIP, ImportFileError
from tests.helpers import make_contact, table_rows

SAMPLES = Path(__file__).parent / "samples"
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
NOW = dt.datetime(2025, 6, 30, 16, 0, tzinfo=dt.UTC)
D = dt.date


def read(name: str, zone=TORONTO, now=NOW) -> ci.ParsedCalendar:
    return ci.read_calendar_file(SAMPLES / name, now=now, zone=zone)


@pytest.fixture
def people(db):
    return {
        "ana": make_contact("Ana", "Bennett", emails=["ana@example.com"]),
        "ben": make_contact("Ben", "Reid", emails=["Ben.Reid@ReidRealty.example"]),
        "cleo": make_contact("Cleo", "Long", emails=["cleo@cleoco.example"]),
        "dan": make_contact("Dan", "Okafor", organisation="Okafor Design"),
        "sam": make_contact("Sam", "Lee"),
        "sam2": make_contact("Sam", "Lee", organisation="Lee Plumbing"),
    }


def logged(contact_id):
    return [(i.occurred_on, i.kind, i.note) for i in interactions.list_interactions(contact_id)]


def test_google_calendar_export(people):
    parsed = read("google.ics")
    assert parsed.producer == "-//Google Inc//Google Calendar 70.9054//EN"
    plan = ci.plan_calendar([parsed])
    by_title = {e.name: e for e in plan.entries if e.name}
    # a weekly call, one week left out (EXDATE) and one moved to the Wednesday
    assert [n for n in by_title if "mastermind" in n] == [
        "2025-02-04 Referral partners mastermind",
        "2025-02-12 Referral partners mastermind",
        "2025-02-25 Referral partners mastermind",
    ]
    assert by_title["2025-02-04 Referral partners mastermind"].reason == (
        "call (3 people): Ana Bennett and Ben Reid"
    )
    assert by_title["2025-03-04 Coffee with Ana"].reason == "one-to-one: Ana Bennett"
    # all day; Ben declined and the room is not a person: six people were there
    assert by_title["2025-03-12 Waterloo Business Breakfast"].reason == (
        "saw at an event (6 people): Ana Bennett and Cleo Long"
    )
    # 03:00 UTC on the 20th is the evening of the 19th in Toronto
    assert by_title["2025-03-19 Drinks after the pitch night"].reason == "one-to-one: Cleo Long"
    assert by_title["2025-03-14 Dentist"].action == SKIP
    skipped = [e.reason for e in plan.entries if e.action == SKIP and not e.name]
    assert skipped == [
        "“Lunch with Ben” on 2025-03-06 was cancelled",
        "“Coffee far ahead” (2099-01-05) is not between 2023-07-01 and today: netdesk imports "
        "the meetings of the last two years that have taken place",
    ]
    assert [e.line for e in plan.entries if e.action == SKIP and not e.name] == [84, 133]

    written = ci.apply_calendar_import([parsed], backup=False)
    assert written.counts() == {CREATE: 6, SKIP: 3}
    assert logged(people["ana"]) == [
        (D(2025, 2, 4), "call", "Referral partners mastermind"),
        (D(2025, 2, 12), "call", "Referral partners mastermind"),
        (D(2025, 2, 25), "call", "Referral partners mastermind"),
        (D(2025, 3, 4), "one_to_one", "Coffee with Ana"),
        (D(2025, 3, 12), "saw_at_event", "Waterloo Business Breakfast"),
    ]
    assert [i[0] for i in logged(people["ben"])] == [D(2025, 2, 4), D(2025, 2, 12), D(2025, 2, 25)]
    assert logged(people["cleo"]) == [
        (D(2025, 3, 12), "saw_at_event", "Waterloo Business Breakfast"),
        (D(2025, 3, 19), "one_to_one", "Drinks after the pitch night"),
    ]


def test_outlook_export_with_windows_zone_names_and_upper_case_addresses(people):
    plan = ci.plan_calendar([read("outlook.ics")])
    by_title = {e.name: e for e in plan.entries}
    # the organiser's and the attendee's addresses, in any case
    assert by_title["2025-01-07 Maple Tech referral"].reason == (
        "call (3 people): Ben Reid and Ana Bennett"
    )
    # no attendees: the title names a contact, the only one with that name
    assert by_title["2025-01-21 Lunch with Dan Okafor"].reason == "one-to-one: Dan Okafor"
    assert by_title["2025-01-15 Coffee with Sam Lee"].action == SKIP
    assert by_title["2025-01-15 Coffee with Sam Lee"].reason == (
        "2 contacts are named “Sam Lee”: log it by hand"
    )
    # monthly on the first Tuesday, across the change to summer time
    assert [n for n in by_title if "Check-in" in n] == [
        "2025-02-04 Check-in with Cleo",
        "2025-03-04 Check-in with Cleo",
        "2025-04-01 Check-in with Cleo",
    ]
    assert by_title["2025-04-01 Check-in with Cleo"].reason == "call: Cleo Long"
    assert by_title["2025-04-01 Ana's open house"].reason == "one-to-one: Ana Bennett"


def test_thunderbird_export_in_another_zone_and_a_bounded_window(people):
    plan = ci.plan_calendar([read("thunderbird.ics")])
    by_title = {e.name: e for e in plan.entries}
    # 03:00 in Berlin is 21:00 the day before in Toronto; MAILTO: in capitals
    assert by_title["2025-05-05 Frühstück mit Ana"].reason == "one-to-one: Ana Bennett"
    berlin = ci.plan_calendar([read("thunderbird.ics", zone=zoneinfo.ZoneInfo("Europe/Berlin"))])
    assert "2025-05-06 Frühstück mit Ana" in {e.name for e in berlin.entries}
    # three all-day occurrences of a conference
    conference = [e for e in plan.entries if "conference" in e.name]
    assert [e.name[:10] for e in conference] == ["2025-05-12", "2025-05-13", "2025-05-14"]
    assert conference[0].reason == "saw at an event (5 people): Cleo Long"
    # weekly since 2014, read only within the window (two years back, up to now)
    walks = [e for e in plan.entries if "walk" in e.name]
    assert walks[0].name == "2023-07-03 Weekly walk with Ben"
    assert walks[-1].name == "2025-06-30 Weekly walk with Ben"
    assert len(walks) == 105
    assert any(
        e.reason == "“Call with Ben (cancelled)” on 2025-04-16 was cancelled" for e in plan.entries
    )


def test_importing_twice_changes_nothing(people, db_path):
    files = [read(name) for name in ("google.ics", "outlook.ics", "thunderbird.ics")]
    first = ci.apply_calendar_import(files, backup=False)
    assert len(first.interactions) == 126
    before = table_rows(db_path, without=("created_at", "updated_at"))
    again = ci.plan_calendar([read(name) for name in ("google.ics", "outlook.ics")])
    assert not again.writes_anything
    assert {e.reason for e in again.entries if e.name and e.action == SKIP} >= {
        "already in netdesk"
    }
    second = ci.apply_calendar_import(files, backup=False)
    assert second.interactions == []
    assert table_rows(db_path, without=("created_at", "updated_at")) == before


def test_all_or_nothing(people, db_path, monkeypatch):
    from netdesk.domain import score_cache

    def broken(ids, today=None):
        raise RuntimeError("disk gone")

    before = table_rows(db_path)
    monkeypatch.setattr(score_cache, "refresh_contacts", broken)
    with pytest.raises(RuntimeError):
        ci.apply_calendar_import([read("google.ics")], backup=False)
    assert table_rows(db_path) == before


def test_a_file_that_is_not_a_calendar_is_refused_with_the_reason(tmp_path, db):
    vcard = tmp_path / "people.ics"
    vcard.write_text("BEGIN:VCARD\nFN:Ana\nEND:VCARD\n")
    with pytest.raises(ImportFileError, match="not a calendar file"):
        ci.read_calendar_file(vcard)
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\nEND:VEVENT\n")
    with pytest.raises(ImportFileError, match="broken.ics"):
        ci.read_calendar_file(broken)
