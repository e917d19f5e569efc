"""What the window leaves for after its first paint: the chart, and the welcome pane."""

from netdesk.ui import app
from netdesk.ui.integrity import IntegrityCheck
from netdesk.ui.main_window import MainWindow
from tests.helpers import log, make_contact
from tests.ui.driving import open_window


def shown_before_details(db_path, qtbot) -> MainWindow:
    """The window shown and painted, its first contact not yet loaded."""
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.repaint()
    return window


def test_the_chart_is_made_with_the_first_contact_shown_in_its_place(db, db_path, qtbot):
    contact = make_contact("Ana")
    log(contact, "call", 3)
    window = shown_before_details(db_path, qtbot)
    detail = window.detail
    assert detail._chart is None
    place = detail.splitter.widget(1)
    before = place.geometry()

    detail.load_pending()
    assert detail.splitter.widget(1) is detail.chart
    assert detail.chart.geometry() == before
    assert detail.chart.marker_count() == 1
    assert detail.splitter.sizes()[1] == before.height()
    # and it grows with the window as its place did: chart and timeline share the room
    # (in proportion to their heights), the header keeps its own
    header, chart, timeline = detail.splitter.sizes()
    window.resize(window.width(), window.height() + 120)
    qtbot.waitUntil(lambda: detail.splitter.sizes()[2] != timeline)
    grown = detail.splitter.sizes()
    assert grown[0] == header
    assert grown[1] > chart and grown[2] > timeline
    assert abs(grown[1] / grown[2] - chart / timeline) < 0.02


def test_an_empty_selection_shows_the_empty_chart(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.contact_list.search.setText("nobody is called this")
    window.detail.load_pending()
    assert window.detail.chart.marker_count() == 0
    assert window.detail.chart.isVisible()


def test_a_database_with_contacts_makes_no_welcome_pane(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    assert window._welcome is None
    assert window.center.count() == 1


def test_the_integrity_check_starts_once_the_window_is_painted(db, db_path, qtbot):
    make_contact("Ana")
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    app.start_integrity_check(window, db_path, lambda chosen: None)
    qtbot.wait(50)  # turns of the event loop, the window not shown yet
    assert not window.integrity.started()
    with qtbot.waitSignal(window.integrity.finished, timeout=5000) as done:
        window.show()
    assert done.args == [""]


def test_a_write_before_the_check_started_runs_it_first(db, db_path, qtbot):
    make_contact("Ana")
    check = IntegrityCheck(db_path)
    assert not check.started()
    assert check.wait()
    assert check.started() and check.problem == ""
