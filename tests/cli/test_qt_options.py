"""Qt's own options reach Qt (``netdesk --demo -platform xcb``), and a screenshot is quiet."""

import subprocess
import sys

import pytest

from netdesk.cli.qt_options import split_qt_options
from tests.conftest import REPO_ROOT, run_netdesk_env


@pytest.mark.parametrize(
    "argv, ours, qt",
    [
        (["--demo", "-platform", "xcb"], ["--demo"], ["-platform", "xcb"]),
        (["-style=Fusion", "--db", "x"], ["--db", "x"], ["-style=Fusion"]),
        (["--platform", "wayland", "-reverse"], [], ["--platform", "wayland", "-reverse"]),
        (
            ["--view", "events", "-qwindowgeometry", "800x600"],
            ["--view", "events"],
            ["-qwindowgeometry", "800x600"],
        ),
        (["--need", "--", "-platform"], ["--need", "--", "-platform"], []),
    ],
)
def test_qt_options_are_told_from_netdesks(argv, ours, qt):
    assert split_qt_options(argv) == (ours, qt)


def test_the_window_takes_qt_options_and_a_screenshot_says_nothing_needless(tmp_path):
    from netdesk.domain.workspace import open_workspace
    from netdesk.storage.database import close_database
    from tests.helpers import make_contact

    target = tmp_path / "n.sqlite3"
    open_workspace(target, create=True)
    make_contact("Ana")
    close_database()
    picture = tmp_path / "n.png"
    # the environment names a platform that does not exist: only -platform can save it
    env = run_netdesk_env(QT_QPA_PLATFORM="no-such-platform")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "--db",
            str(target),
            "-platform",
            "offscreen",
            "--screenshot",
            str(picture),
            "-style",
            "Fusion",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:4] == b"\x89PNG"
    assert "propagateSizeHints" not in done.stderr
    assert "invalid choice" not in done.stderr
