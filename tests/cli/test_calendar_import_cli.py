"""``netdesk import calendar.ics``: meetings logged, the skipped ones named, twice is once."""

import datetime as dt
import json

from netdesk.cli import main
from netdesk.domain import interactions
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.helpers import make_contact


def calendar(tmp_path, day: dt.date):
    stamp = day.strftime("%Y%m%d")
    path = tmp_path / "export.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
        f"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{stamp}\r\nUID:a@google.com\r\n"
        "SUMMARY:Coffee with Ana\r\nATTENDEE;CN=Ana:mailto:ANA@example.com\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{stamp}\r\nUID:b@google.com\r\nSTATUS:CANCELLED\r\n"
        "SUMMARY:Lunch\r\nATTENDEE:mailto:ana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return path


def test_import_a_calendar_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "x.sqlite3"
    open_workspace(target, create=True)
    ana = make_contact("Ana", "Bennett", emails=["ana@example.com"])
    close_database()
    day = dt.date.today() - dt.timedelta(days=3)
    ics = calendar(tmp_path, day)

    assert main(["import", str(ics), "--db", str(target), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "export.ics: calendar (-//Google Inc//Google Calendar 70.9054//EN), 1 meeting read",
        "1 meeting to log (1 interaction), 1 skipped",
    ]
    assert out[2] == f"  skipped   export.ics:10: “Lunch” on {day.isoformat()} was cancelled"

    assert main(["import", str(ics), "--db", str(target)]) == 0
    assert "1 meeting logged (1 interaction), 1 skipped" in capsys.readouterr().out
    assert main(["import", str(ics), "--db", str(target), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["interactions"] == 0
    assert {
        "action": "skip",
        "file": "export.ics",
        "line": 4,
        "name": f"{day} Coffee with Ana",
        "reason": "already in netdesk",
    } in again["entries"]
    open_workspace(target)
    try:
        assert [(i.occurred_on, i.kind) for i in interactions.list_interactions(ana)] == [
            (day, "one_to_one")
        ]
    finally:
        close_database()
