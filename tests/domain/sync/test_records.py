"""netdesk's records as iCalendar objects, and their three-way merge (no server)."""

from __future__ import annotations

import datetime as dt

import pytest

from netdesk.domain.sync.record_ical import RecordError, make_text, parse_record, patch
from netdesk.domain.sync.record_kinds import local_only
from netdesk.domain.sync.record_merge import merge_record

NOW = dt.datetime(2026, 3, 1, 9, 30)

SAMPLES = {
    "interaction": {
        "contact": "card-ana",
        "kind": "one_to_one",
        "day": "2026-02-27",
        "note": "coffee; cannoli, and\nthe open houses — ça va",
        "event": "ev-1",
        "referral": "",
    },
    "event": {
        "name": "Chamber breakfast",
        "day": "2026-02-20",
        "place": "Walper Hotel, upstairs",
        "notes": "monthly",
        "tags": ["breakfast", "chamber, west"],
        "attendance": [["card-ana", False, "2026-02-20 08:05:00"], ["card-new", True, ""]],
    },
    "referral": {
        "direction": "connected",
        "provider": "card-omar",
        "recipient": "card-lena",
        "referrer": "",
        "need": "a new website",
        "note": "she wants it by May",
        "day": "2026-01-10",
        "status": ["won", "2026-02-01", 2500.5],
    },
    "follow_up": {
        "contact": "card-lena",
        "reason": "cadence_overdue",
        "due": "2026-02-25",
        "event": "",
        "referral": "ref-1",
        "note": "Keep in touch every 7 days",
        "done_at": "2026-02-26 17:04:00",
        "snoozed_until": "2026-03-05",
    },
    "synonyms": {"rules": ["drone, aerial photos = video", "plumber, plumbing = drain cleaning"]},
}


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_kind_of_record_reads_back_as_it_was_written(kind):
    text = make_text(kind, f"uid-{kind}", SAMPLES[kind], now=NOW, names={"card-ana": "Ana"})
    record = parse_record(text)
    assert (record.kind, record.uid) == (kind, f"uid-{kind}")
    assert record.fields == SAMPLES[kind]
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_what_other_apps_read_in_each_record():
    journal = make_text("interaction", "j1", SAMPLES["interaction"], now=NOW)
    assert "BEGIN:VJOURNAL" in journal and "DTSTART;VALUE=DATE:20260227" in journal
    assert "SUMMARY:One-to-one (coffee\\, lunch)" in journal
    assert "RELATED-TO:card-ana" in journal and "CATEGORIES:netdesk" in journal
    event = make_text("event", "e1", SAMPLES["event"], now=NOW, names={"card-ana": "Ana Lopez"})
    unfolded = event.replace("\r\n ", "")
    assert (
        "DTEND;VALUE=DATE:20260221" in unfolded and "LOCATION:Walper Hotel\\, upstairs" in unfolded
    )
    assert 'CN="Ana Lopez"' in unfolded and ":urn:uuid:card-ana" in unfolded
    assert "mailto:" not in unfolded  # no server sends anyone an invitation
    todo = make_text("referral", "r1", SAMPLES["referral"], now=NOW)
    assert "STATUS:COMPLETED" in todo and "SUMMARY:a new website" in todo
    follow = make_text("follow_up", "f1", SAMPLES["follow_up"], now=NOW)
    assert "DUE;VALUE=DATE:20260225" in follow and "COMPLETED:20260226T170400Z" in follow


@pytest.mark.parametrize(
    ("status", "todo"),
    [
        ("suggested", "NEEDS-ACTION"),
        ("introduced", "IN-PROCESS"),
        ("met", "IN-PROCESS"),
        ("won", "COMPLETED"),
        ("lost", "CANCELLED"),
    ],
)
def test_a_referral_s_status_as_a_task_app_reads_and_sets_it(status, todo):
    fields = {**SAMPLES["referral"], "status": [status, "2026-02-01", None]}
    text = make_text("referral", "r1", fields, now=NOW)
    assert f"STATUS:{todo}\r\n" in text
    assert parse_record(text).fields["status"][0] == status
    cancelled = text.replace(f"STATUS:{todo}", "STATUS:CANCELLED")
    assert parse_record(cancelled).fields["status"][0] == "lost"


def test_patching_keeps_what_other_apps_added():
    text = make_text("event", "e1", SAMPLES["event"], now=NOW)
    theirs = text.replace(
        "END:VEVENT",
        "ATTENDEE;CN=Guest:mailto:guest@example.org\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
        "TRIGGER:-PT15M\r\nDESCRIPTION:soon\r\nEND:VALARM\r\nX-APPLE-TRAVEL-ADVISORY:1\r\n"
        "END:VEVENT",
    )
    record = parse_record(theirs)
    assert record.fields == SAMPLES["event"]  # another app's attendee is not netdesk's
    changed = {**record.fields, "place": "Tannery", "attendance": [["card-ana", False, ""]]}
    out = patch(record, changed, now=NOW)
    for kept in ("mailto:guest@example.org", "BEGIN:VALARM", "X-APPLE-TRAVEL-ADVISORY:1"):
        assert kept in out.replace("\r\n ", "")
    assert "LOCATION:Tannery" in out and "card-new" not in out
    assert parse_record(out).fields["attendance"] == [["card-ana", False, ""]]


def test_text_that_is_not_a_record_says_why():
    with pytest.raises(RecordError, match="not an iCalendar"):
        parse_record("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n")
    with pytest.raises(RecordError, match="no UID"):
        parse_record("BEGIN:VCALENDAR\r\nBEGIN:VJOURNAL\r\nSUMMARY:x\r\nEND:VJOURNAL\r\n"
                     "END:VCALENDAR\r\n")  # fmt: skip
    todo = (
        "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:milk\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    assert parse_record(todo).kind is None  # someone's shopping list: not netdesk's


def test_merge_per_property_with_the_plain_answers_taken():
    base = SAMPLES["referral"] | {"status": ["introduced", "2026-01-10", None]}
    here = base | {"note": "call her first", "status": ["met", "2026-01-20", None]}
    there = base | {"need": "a web shop", "status": ["won", "2026-02-01", 900.0]}
    merged = merge_record("referral", base, here, there)
    assert merged.conflicts == []
    assert merged.fields["note"] == "call her first" and merged.fields["need"] == "a web shop"
    assert merged.fields["status"] == ["won", "2026-02-01", 900.0]  # further along wins
    lost = merge_record("referral", base, base | {"status": ["lost", "", None]}, there)
    assert [c.field for c in lost.conflicts] == ["status"]
    f = SAMPLES["follow_up"] | {"done_at": "", "snoozed_until": ""}
    done = merge_record(
        "follow_up",
        f,
        f | {"done_at": "2026-03-01 10:00:00"},
        f | {"done_at": "2026-03-02 08:00:00", "snoozed_until": "2026-03-09"},
    )
    assert done.conflicts == []
    assert (done.fields["done_at"], done.fields["snoozed_until"]) == (
        "2026-03-02 08:00:00",
        "2026-03-09",
    )
    e = SAMPLES["event"]
    joined = merge_record(
        "event",
        e,
        e | {"tags": ["breakfast", "chamber, west", "vip"], "notes": "here"},
        e | {"tags": ["chamber, west"], "notes": "there",
             "attendance": [*e["attendance"], ["card-zed", False, ""]]},
    )  # fmt: skip
    assert joined.fields["tags"] == ["chamber, west", "vip"]
    assert [a[0] for a in joined.fields["attendance"]] == ["card-ana", "card-new", "card-zed"]
    assert [(c.field, c.local, c.server) for c in joined.conflicts] == [("notes", "here", "there")]


def test_a_calendar_s_components_say_what_stays_here():
    assert local_only({"VEVENT", "VTODO", "VJOURNAL"}) == []
    only_events = local_only({"VEVENT"})
    assert len(only_events) == 4 and all("stay on this computer" in line for line in only_events)
    assert "(VJOURNAL)" in only_events[1] and "(VTODO)" in only_events[0]
