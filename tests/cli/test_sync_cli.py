"""``netdesk sync`` as a person types it, against the real Radicale."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from netdesk.cli import main
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import make_contact
from tests.sync.fixtures import list_cards, make_book
from tests.sync.servers import PASSWORD, USER, free_port

pytestmark = pytest.mark.loopback


def netdesk(*args: str, stdin: str = "", monkeypatch=None) -> tuple[int, str, str]:
    """Run the command in this process (the server is on loopback)."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_add_discovers_the_book_then_sync_and_status_report(radicale, tmp_path, monkeypatch):
    book = make_book(radicale, "contacts")
    db = str(tmp_path / "mine.sqlite3")
    open_workspace(db, create=True)
    make_contact("Ana", "Lopez", emails=["ana@casa.ca"])
    close_database()
    code, out, err = netdesk(
        "sync", "add", radicale.root, "--user", USER, "--password-stdin",
        "--address-book", "contacts", "--db", db,
        stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    assert f"added {USER}@127.0.0.1: address book" in out and "system keyring" in out

    code, out, err = netdesk("sync", "--dry-run", "--json", "--db", db, monkeypatch=monkeypatch)
    assert code == 0, err
    assert json.loads(out)["planned"]["new_here"] == 1
    assert list_cards(book) == {}

    code, out, err = netdesk("sync", "--db", db, monkeypatch=monkeypatch)
    assert code == 0, err
    assert out.strip() == f"{USER}@127.0.0.1: 1 uploaded"
    assert len(list_cards(book)) == 1

    code, out, err = netdesk("sync", "status", "--json", "--db", db, monkeypatch=monkeypatch)
    (found,) = json.loads(out)
    assert (found["last_status"], found["pending"], found["conflicts"]) == ("done", 0, 0)
    assert PASSWORD.encode() not in (tmp_path / "mine.sqlite3").read_bytes()


def test_several_books_must_be_chosen_and_netdesk_can_be_created(radicale, tmp_path, monkeypatch):
    db = str(tmp_path / "mine.sqlite3")
    # the session's server holds many books of this user: name none, and netdesk asks
    make_book(radicale)
    code, out, err = netdesk(
        "sync", "add", radicale.root, "--user", USER, "--password-stdin", "--db", db,
        stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 2 and "several address books" in err
    code, out, err = netdesk(
        "sync", "add", radicale.root, "--user", USER, "--password-stdin", "--db", db,
        "--address-book", "netdesk", stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    assert "“netdesk”" in out


def test_a_wrong_password_and_an_unreachable_server_are_one_quiet_line(
    radicale, tmp_path, monkeypatch
):
    db = str(tmp_path / "mine.sqlite3")
    code, _, err = netdesk(
        "sync", "add", radicale.root, "--user", USER, "--password-stdin", "--db", db,
        stdin="not-it\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 2 and "refused the user name or password" in err and "not-it" not in err
    closed = f"http://127.0.0.1:{free_port()}/"
    code, _, err = netdesk(
        "sync", "add", closed, "--user", USER, "--password-stdin", "--db", db,
        stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 2 and err.strip() == "netdesk: error: cannot reach 127.0.0.1"


def test_plain_http_to_another_computer_is_refused_before_any_connection(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "sync", "add", "http://dav.example.org/",
         "--user", "ana", "--password-stdin", "--db", str(tmp_path / "x.sqlite3")],
        input="pw\n", capture_output=True, text=True, env=run_netdesk_env(), cwd=REPO_ROOT,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "plain HTTP would send your password unencrypted" in done.stderr


def test_sync_without_an_account_says_how_to_add_one(tmp_path, monkeypatch):
    code, _, err = netdesk("sync", "--db", str(tmp_path / "x.sqlite3"), monkeypatch=monkeypatch)
    assert code == 2 and "netdesk sync add URL --user NAME" in err


def test_sync_covers_the_history_through_a_netdesk_calendar_found_or_made(
    own_radicale, tmp_path, monkeypatch
):
    """A server of the test's own: its calendar home holds no "netdesk" calendar yet."""
    from netdesk.domain import interactions
    from tests.sync.history import build_history

    make_book(own_radicale, "contacts")
    db = str(tmp_path / "mine.sqlite3")
    open_workspace(db, create=True)
    build_history()
    records = interactions.Interaction.select().count() + 1 + 3 + 2 + 1
    close_database()
    code, out, err = netdesk(
        "sync", "add", own_radicale.root, "--user", USER, "--password-stdin", "--db", db,
        stdin=PASSWORD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = netdesk("sync", "status", "--json", "--db", db, monkeypatch=monkeypatch)
    (found,) = json.loads(out)
    assert (found["calendar"], found["pending_records"]) == ("", records)
    code, out, err = netdesk("sync", "--dry-run", "--json", "--db", db, monkeypatch=monkeypatch)
    assert code == 0, err
    planned = json.loads(out)["planned"]
    assert (planned["calendar_to_create"], planned["records_new_here"]) == (1, records - 1)
    code, out, err = netdesk("sync", "--json", "--db", db, monkeypatch=monkeypatch)
    assert code == 0, err
    result = json.loads(out)
    assert result["history"]["uploaded_new"] == records
    assert result["history"]["calendar"] == f"{own_radicale.root}{USER}/netdesk-calendar/"
    assert f"{records} records uploaded" in result["summary"]
    code, out, err = netdesk("sync", "status", "--db", db, monkeypatch=monkeypatch)
    assert (
        f"history: {own_radicale.root}{USER}/netdesk-calendar/; last sync: {records} records" in out
    )
    assert "0 changes waiting here (0 contacts, 0 records)" in out
    code, out, err = netdesk("sync", "--db", db, monkeypatch=monkeypatch)
    assert out.strip() == f"{USER}@127.0.0.1: nothing to sync: everything is up to date"
