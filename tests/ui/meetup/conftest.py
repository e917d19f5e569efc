import datetime as dt

import pytest

from netdesk.domain import events
from netdesk.domain.events import EventDraft
from netdesk.ui.main_window import MainWindow


@pytest.fixture
def today_event(db) -> int:
    return events.create_event(
        EventDraft(name="Waterloo Business Breakfast", held_on=dt.date.today(), tags=["WBB"])
    )


@pytest.fixture
def window(db, db_path, qtbot):
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    if window.meetup._capture is not None:
        window.meetup._capture.close()
