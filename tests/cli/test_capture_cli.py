"""``netdesk capture``: entries from standard input, each committed before it is confirmed."""

import contextlib
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys

from netdesk.cli.capture import parse_line
from netdesk.domain import capture, events
from netdesk.storage.database import close_database
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import make_contact

PHASE_ONE = 15  # entries sent one at a time, each confirmed before the next
PHASE_TWO = 600  # entries poured in at once; the process is killed partway through


def start_capture(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", "capture", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )


def line_for(number: int) -> str:
    return (
        f"Person{number} Venue\tBusiness {number}\toffer {number}, printing\tleads\tnote {number}\n"
    )


def saved_name(line: str) -> str:
    assert line.startswith("saved "), line
    return line.split(": ", 1)[1].strip()


def test_every_entry_confirmed_before_sigkill_is_there(tmp_path):
    target = tmp_path / "venue.sqlite3"
    process = start_capture("--db", str(target), "--new-event", "Breakfast")
    try:
        assert process.stdout.readline().startswith("capturing at event 1: Breakfast")
        confirmed = []
        for number in range(1, PHASE_ONE + 1):
            process.stdin.write(line_for(number))
            process.stdin.flush()
            confirmed.append(saved_name(process.stdout.readline()))
        process.stdin.write("".join(line_for(PHASE_ONE + n) for n in range(1, PHASE_TWO + 1)))
        process.stdin.flush()
        for _ in range(10):
            confirmed.append(saved_name(process.stdout.readline()))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        # confirmations already written to the pipe before the kill count too
        confirmed.extend(saved_name(line) for line in process.stdout.read().splitlines())
        print(f"confirmed {len(confirmed)} of {PHASE_ONE + PHASE_TWO} before the kill")
    finally:
        if process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout, process.stderr):
            with contextlib.suppress(BrokenPipeError):
                stream.close()
    assert process.returncode == -signal.SIGKILL
    assert len(confirmed) < PHASE_ONE + PHASE_TWO, "the process finished before it was killed"

    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = [name for (name,) in conn.execute("SELECT display_name FROM contact ORDER BY id")]
        # everything confirmed is there; at most one more entry committed but not yet reported
        assert stored[: len(confirmed)] == confirmed
        assert len(stored) - len(confirmed) in (0, 1)
        # and nothing is half-written: each entry is a contact, an attendance and a met
        counts = conn.execute(
            """SELECT (SELECT count(*) FROM contact), (SELECT count(*) FROM attendance),
                      (SELECT count(*) FROM interaction WHERE kind = 'met' AND event_id = 1),
                      (SELECT count(*) FROM contact_search)"""
        ).fetchone()
        assert counts == (len(stored),) * 4
    finally:
        conn.close()


def test_capture_reports_bad_lines_and_keeps_going(db, db_path):
    event = events.create_event(events.EventDraft(name="Mixer", held_on=dt.date.today()))
    make_contact("Someone", "Else")
    close_database()
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "capture", "--db", str(db_path), "--event", str(event)],
        input="Ana Lopez\tAcme\tweb\n\n# a comment\n\tno name\nBen\tB\tx\ty\tz\tnot-an-email\n"
        "Cy\ta\tb\tc\td\te@x.ca\textra\nDee Dee\n",
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )
    assert done.returncode == 2
    assert done.stdout.splitlines()[1:] == ["saved 1: Ana Lopez", "saved 2: Dee Dee"]
    errors = done.stderr.splitlines()
    assert errors[0] == "netdesk: line 4: name: type the person's name"
    assert errors[1].startswith("netdesk: line 5: email: ")
    assert errors[2] == "netdesk: line 6: expected at most 6 tab-separated fields, got 7"
    assert "Traceback" not in done.stderr


def test_capture_into_a_missing_event_is_one_clear_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "capture",
            "--db",
            str(tmp_path / "x.sqlite3"),
            "--event",
            "7",
        ],
        input="",
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "netdesk: error: no event with id 7"


def test_parse_line_fields_in_order():
    entry = capture.CaptureEntry(name="Ana", business="Acme", offers="web, seo")
    assert parse_line("Ana\tAcme\tweb, seo\n") == entry


def test_a_line_that_is_not_utf8_is_skipped_and_the_rest_saved(db, db_path):
    event = events.create_event(events.EventDraft(name="Mixer", held_on=dt.date.today()))
    close_database()
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "capture", "--db", str(db_path), "--event", str(event)],
        input=b"\xef\xbb\xbfAna Lopez\tAcme\n"
        b"Jos\xe9 Bad\tCaf\xe9 Latin-1\n"  # typed in a terminal set to Latin-1
        b"Ren\xc3\xa9e Martin\tPrint\xff\n"
        b"Ben Okafor\tOkafor Legal\n",
        capture_output=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert done.returncode == 2
    assert stdout.splitlines()[1:] == ["saved 1: Ana Lopez", "saved 2: Ben Okafor"]
    assert stderr.splitlines() == [
        "netdesk: line 2: not UTF-8 text (0xe9 at byte 4); line skipped",
        "netdesk: line 3: not UTF-8 text (0xff at byte 20); line skipped",
    ]


def test_control_characters_never_reach_the_database_or_the_terminal(tmp_path):
    target = tmp_path / "venue.sqlite3"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "capture",
            "--db",
            str(target),
            "--new-event",
            "Breakfast\x1b]0;owned\x07",
        ],
        input="Eve \x1b[31mRed\u202e\tShop\x00\tweb\t\tsaw her\x1b[2J\n",
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    first, second = done.stdout.splitlines()
    assert first.startswith("capturing at event 1: Breakfast]0;owned (")
    assert second == "saved 1: Eve [31mRed"
    conn = sqlite3.connect(target)
    try:
        rows = conn.execute(
            "SELECT e.name, c.display_name, c.organisation, i.note FROM event e, contact c "
            "JOIN interaction i ON i.contact_id = c.id"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("Breakfast]0;owned", "Eve [31mRed", "Shop", "saw her[2J")]
