"""``--view``: the window opens on a named view, for people and for screenshots."""

import subprocess
import sys

from tests.conftest import REPO_ROOT, run_netdesk_env


def netdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "netdesk", *args],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=120,
    )


def test_screenshot_of_the_event_view_of_the_latest_demo_breakfast(tmp_path):
    from PySide6.QtGui import QImage

    database = str(tmp_path / "d.sqlite3")
    shots = {}
    for view in ("contacts", "events"):
        shots[view] = tmp_path / f"{view}.png"
        done = netdesk(
            "--demo", "--db", database, "--view", view, "--screenshot", str(shots[view])
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    events, contacts = QImage(str(shots["events"])), QImage(str(shots["contacts"]))
    assert events.width() >= 1000 and events.height() >= 600
    assert events.size() == contacts.size()
    # the right half shows something else than the contact list's picture
    x0, width = events.width() // 2, events.width() // 2
    differing = sum(
        events.pixel(x, y) != contacts.pixel(x, y)
        for x in range(x0, x0 + width, 5)
        for y in range(60, events.height() - 60, 5)
    )
    assert differing > 1000


def test_an_unknown_view_is_one_clear_line(tmp_path):
    done = netdesk(
        "--db", str(tmp_path / "x.sqlite3"), "--view", "nope",
        "--screenshot", str(tmp_path / "x.png"),
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "netdesk: error: unknown view 'nope' (choose from attention, contacts, events, "
        "followups, for-contact, ledger, match)"
    )
    assert not (tmp_path / "x.png").exists()


def test_a_need_on_the_command_line_fills_the_match_panel(tmp_path):
    import json

    picture = tmp_path / "match.png"
    target = tmp_path / "d.sqlite3"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "--demo",
            "--db",
            str(target),
            "--need",
            "a realtor in Waterloo",
            "--screenshot",
            str(picture),
        ],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:4] == b"\x89PNG"
    # the panel shows what `netdesk match` finds for the same need
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "match",
            "a realtor in Waterloo",
            "--db",
            str(target),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert listed.returncode == 0 and json.loads(listed.stdout)
