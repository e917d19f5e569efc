from PySide6.QtGui import QAction, QKeySequence

from netdesk.ui.shortcuts import SHORTCUTS
from tests.ui.driving import open_window

# keys bound inside one list or editor (Del in a table, C for "called" in the
# follow-ups list) may repeat from widget to widget; window-wide keys may not
SCOPED = {"Del", "Return", "Enter", "Esc", "C", "E", "O"}


def key_clashes(window) -> dict[str, list[str]]:
    owners: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                owners.setdefault(key.toString(), set()).add(action.text().replace("&", ""))
    return {
        key: sorted(texts) for key, texts in owners.items() if len(texts) > 1 and key not in SCOPED
    }


def test_the_table_binds_no_key_twice():
    keys = list(SHORTCUTS.values())
    assert len(keys) == len(set(keys))


def test_no_two_actions_in_the_window_share_a_key(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    assert key_clashes(window) == {}
    # and the check sees a clash when there is one
    intruder = QAction("Intruder", window)
    intruder.setShortcut(QKeySequence(SHORTCUTS["referrals.match"]))
    window.addAction(intruder)
    assert "Ctrl+Shift+F" in key_clashes(window)
