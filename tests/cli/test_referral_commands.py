"""``netdesk match``, ``followups`` and ``ledger`` as a person types them."""

import datetime as dt
import json

import pytest

from netdesk.cli import main
from netdesk.domain import demo, referrals
from netdesk.domain.referrals import ReferralDraft
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import FollowUp
from tests.cli.test_cli import netdesk
from tests.helpers import log, make_contact


@pytest.fixture
def small(db_path):
    """A small network in a file, closed again so the command opens it itself."""
    open_workspace(db_path, create=True)
    ids = {
        "ana": make_contact("Ana", "Agent", offers=["Realtor"], city="Waterloo"),
        "ben": make_contact("Ben", "Buyer", offers=["Realtor"], needs=["a realtor"]),
        "cy": make_contact("Cy", "Cadence", cadence_days=30),
    }
    log(ids["ana"], "one_to_one", 3)
    log(ids["cy"], "call", 60)
    referrals.record_referral(
        ReferralDraft("connected", provider_id=ids["ana"], recipient_id=ids["ben"], need="a condo")
    )
    FollowUp.create(contact=ids["ben"], reason="event", due_on=dt.date.today(), note="Say hi")
    close_database()
    return ids


def run(capsys, *args):
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_match_on_the_demo_lists_realtors_first_with_reasons(tmp_path):
    path = tmp_path / "d.sqlite3"
    open_workspace(path, create=True)
    demo.build_demo()
    close_database()
    done = netdesk("match", "realtor", "--db", str(path), "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) >= 3
    for result in results[:3]:
        assert set(result) == {
            "contact_id",
            "name",
            "section",
            "score",
            "reasons",
            "trust",
            "attention",
        }
        assert result["section"] == "provider"
        matched = " ".join(result["reasons"]).casefold()
        assert "realtor" in matched or "realty" in matched or "real estate" in matched
        assert any(r.startswith("trust ") for r in result["reasons"])
    scores = [r["score"] for r in results if r["section"] == "provider"]
    assert scores == sorted(scores, reverse=True)


def test_match_text_and_the_person_with_the_need(small, db_path, capsys):
    status, out, _ = run(capsys, "match", "realtors", "--db", str(db_path))
    assert status == 0
    assert out.splitlines()[0].startswith("  1. Ana Agent")
    assert "       offers: Realtor" in out
    assert "Ben Buyer" in out
    status, out, _ = run(capsys, "match", "realtor", "--for", "ben buyer", "--db", str(db_path))
    assert "Ben Buyer" not in out
    status, out, _ = run(
        capsys, "match", "realtor", "--for", str(small["ana"]), "--json", "--db", str(db_path)
    )
    assert [r["name"] for r in json.loads(out)] == ["Ben Buyer"]
    status, out, _ = run(capsys, "match", "a plumber", "--db", str(db_path))
    assert (status, out) == (0, "nobody in the network matches “a plumber”\n")


def test_match_a_need_starting_with_a_dash_and_a_part_of_a_name(db_path, capsys):
    open_workspace(db_path, create=True)
    adams = make_contact("Alice", "Adams", offers=["-realtor"])
    make_contact("Alice", "Brown", offers=["realtor"])
    make_contact("Noor", "Noted", notes="Her cousin is a realtor.")
    close_database()
    status, out, _ = run(capsys, "match", "--db", str(db_path), "--", "-realtor")
    assert status == 0 and out.splitlines()[0].startswith("  1. Alice")
    # the words of a need need no quotes
    status, out, _ = run(capsys, "match", "a", "realtor", "--for", "ali ad", "--db", str(db_path))
    assert status == 0
    assert "Alice Adams" not in out and out.splitlines()[0].startswith("  1. Alice Brown")
    # someone whose notes alone mention it comes after, under a heading
    lines = out.splitlines()
    heading = lines.index("also mentioned in notes (not offering it):")
    assert lines[heading + 1].startswith("  - Noor Noted")
    status, out, _ = run(
        capsys, "match", "realtor", "--for", "brown", "--json", "--db", str(db_path)
    )
    found = json.loads(out)
    assert [(r["name"], r["section"]) for r in found] == [
        ("Alice Adams", "provider"),
        ("Noor Noted", "notes"),
    ]
    status, _, err = run(capsys, "match", "realtor", "--for", "alice", "--db", str(db_path))
    assert status == 2
    assert f"“alice” could be Alice Adams ({adams}), Alice Brown ({adams + 1})" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["match", "realtor", "--for", "Nobody"], "--for: no contact named “Nobody”"),
        (["match", "   "], "the need is empty"),
    ],
)
def test_match_mistakes_are_one_line(small, db_path, capsys, args, message):
    status, out, err = run(capsys, *args, "--db", str(db_path))
    assert status == 2
    assert err.startswith("netdesk: error: ") and message in err
    assert len(err.splitlines()) == 1


def test_match_limit_must_be_a_number(small, db_path):
    done = netdesk("match", "realtor", "--limit", "lots", "--db", str(db_path))
    assert done.returncode == 2
    assert "“lots” is not a number" in done.stderr


def test_followups(small, db_path, capsys):
    status, out, _ = run(capsys, "followups", "--json", "--db", str(db_path))
    items = json.loads(out)
    assert [(i["name"], i["reason"]) for i in items] == [
        ("Cy Cadence", "cadence_overdue"),
        ("Ben Buyer", "event"),
    ]
    assert items[1]["detail"] == "Say hi" and items[1]["follow_up_id"]
    status, out, _ = run(capsys, "followups", "--db", str(db_path))
    assert "Keep in touch" in out.splitlines()[0]


def test_ledger(small, db_path, capsys):
    status, out, _ = run(capsys, "ledger", "--json", "--db", str(db_path))
    data = json.loads(out)
    assert data["totals"]["connected"] == 1
    (ana, ben) = data["contacts"]
    assert (ana["name"], ana["given"], ana["balance"]) == ("Ana Agent", 1, 1)
    assert ana["summary"] == "You have sent Ana 1 referral, Ana has sent you none"
    assert ben["introductions_for"] == 1
    assert len(data["monthly"]) == 12 and data["monthly"][-1]["given"] == 1
    status, out, _ = run(capsys, "ledger", "--db", str(db_path))
    assert "You have sent Ana 1 referral" in out


def test_reading_commands_need_an_existing_file(tmp_path, capsys):
    for command in ("match", "followups", "ledger"):
        args = [command, "x"] if command == "match" else [command]
        status, _, err = run(capsys, *args, "--db", str(tmp_path / "none.sqlite3"))
        assert status == 2 and "no such database file" in err
