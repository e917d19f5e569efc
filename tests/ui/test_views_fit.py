"""Each view shows what it is for, whole: the contact beside the match results, today's
event, who needs attention at one click, charts that say what their dots are."""

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolTip

from netdesk.domain import events, ledger
from netdesk.domain.events import EventDraft
from tests.helpers import log, make_contact
from tests.ui.driving import open_window, shown_name
from tests.ui.layout_checks import placeholder_fits

Key = Qt.Key
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LONG_WEB = "https://www.an-organisation-with-a-very-long-name.example.com/people/ana-bennett"


def test_the_contact_stays_readable_beside_the_match_results(db, db_path, qtbot):
    ana = make_contact(
        "Ana",
        "Bennett",
        organisation="Maple Tech Support and Network Consulting of the Waterloo Region",
        offers=["IT support"],
    )
    from netdesk.domain import contacts
    from netdesk.domain.contacts import Labelled

    draft = contacts.load_contact(ana)
    contacts.update_contact(ana, replace(draft, urls=[Labelled(LONG_WEB, "website")]))
    for days in (90, 40, 3):
        log(ana, "one_to_one", days_ago=days, note="a long note about coffee at Vincenzo's")
    window = open_window(db_path, qtbot)
    window.resize(1100, 760)
    qtbot.keyClick(window.contact_list.view, Key.Key_F, CTRL_SHIFT)  # Match a Need
    qtbot.keyClicks(window.referral_feature.match.need, "it support")
    window.referral_feature.match.run_match()
    QGuiApplication.processEvents()
    detail = window.detail
    assert detail.width() >= window.pane_minimums()[1]
    # the header never scrolls sideways: a long value ends in "…", whole in its tooltip
    header = detail.splitter.widget(0)
    assert header.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    web = next(v for v in detail.facts.values() if v.accessibleName() == "Web")
    assert web.is_elided() and web.toolTip() == f"{LONG_WEB} (website)"
    assert web.shown_lines()[0].endswith("…")
    # the timeline keeps its note column in view
    timeline = detail.timeline.view
    note = timeline.model().columnCount() - 1
    header_view = timeline.horizontalHeader()
    assert header_view.sectionViewportPosition(note) + 40 < timeline.viewport().width()
    # the chart's dates are whole and none repeats
    labels = detail.chart.axis_labels()
    assert len(labels) == len(set(labels)) >= 2
    assert not any("…" in label for label in labels)


def test_events_open_on_todays_event_in_view_with_whole_rows(db, db_path, qtbot):
    today = dt.date.today()
    for offset in range(-12, 9):  # older events, and some planned after today
        day = today + dt.timedelta(days=7 * offset)
        name = "Today's breakfast" if offset == 0 else f"Breakfast {offset:+d}"
        events.create_event(EventDraft(name=name, held_on=day))
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.meetup.events_pane.list.selectRow(15)  # an older one chosen before
    qtbot.keyClick(window.contact_list.view, Key.Key_V, CTRL_SHIFT)  # Events
    pane = window.meetup.events_pane
    QGuiApplication.processEvents()
    current = pane.current_event_id()
    assert events.get_event(current).name == "Today's breakfast"
    view = pane.list
    rect = view.visualRect(view.currentIndex())
    assert view.viewport().rect().contains(rect)
    # whole rows, as many as fit LIST_ROWS
    row = view.verticalHeader().defaultSectionSize()
    assert view.viewport().height() >= 6 * row
    assert view.viewport().height() < 7 * row


def test_one_click_in_needs_attention_shows_the_person(db, db_path, qtbot):
    ana = make_contact("Ana", "Bennett", cadence_days=14)
    ben = make_contact("Ben", "Reid", cadence_days=7)
    log(ana, "call", days_ago=60)
    log(ben, "call", days_ago=30)
    window = open_window(db_path, qtbot)
    window.contact_list.select_contact(ana)
    qtbot.keyClick(window.contact_list.view, Key.Key_A, CTRL_SHIFT)  # Needs attention
    pane = window.referral_feature.attention
    qtbot.waitUntil(lambda: pane.proxy.rowCount() == 2)
    row = next(r for r in range(2) if pane.proxy.index(r, 0).data() == "Ben Reid")
    rect = pane.view.visualRect(pane.proxy.index(row, 1))
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown_name(window) == "Ben Reid"
    # the reason does not say the name again (the first column does)
    for r in range(2):
        assert pane.proxy.index(r, 0).data() not in pane.proxy.index(r, 1).data()
    # its three buttons in one row, evenly spaced
    buttons = [pane.buttons.itemAt(i).widget() for i in range(pane.buttons.count())]
    assert len({b.y() for b in buttons}) == 1
    gaps = {b.x() - (a.x() + a.width()) for a, b in zip(buttons, buttons[1:], strict=False)}
    assert len(gaps) == 1


def test_a_change_made_elsewhere_leaves_the_list_and_its_search_where_they_are(db, db_path, qtbot):
    """With needs attention open, deleting (or editing) a contact the person searched for
    neither moves the list to the first person needing attention nor clears the search."""
    ana = make_contact("Ana", "Bennett", cadence_days=14)
    log(ana, "call", days_ago=60)  # needs attention: the pane's first item
    make_contact("Ben", "Reid")
    make_contact("Bea", "Reid")
    make_contact("Bo", "Reid")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_A, CTRL_SHIFT)  # Needs attention
    pane = window.referral_feature.attention
    qtbot.waitUntil(lambda: pane.proxy.rowCount() == 1)
    assert shown_name(window) == "Ana Bennett"  # opened: its first person is shown
    search = window.contact_list.search
    search.setFocus()
    qtbot.keyClicks(search, "reid")
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() == 3)
    window.contact_list.view.setFocus()
    qtbot.keyClick(window.contact_list.view, Key.Key_Down)
    assert shown_name(window) == "Ben Reid"
    qtbot.keyClick(window.contact_list.view, Key.Key_Delete)
    qtbot.waitUntil(lambda: window.contact_list.model.rowCount() == 2)
    assert search.text() == "reid"
    assert shown_name(window) in ("Bo Reid", "Bea Reid")
    assert pane.current_item().contact_name == "Ana Bennett"


def test_hovering_a_dot_names_the_interaction_and_a_click_selects_it(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "met", days_ago=120, note="at the chamber mixer")
    coffee = log(ana, "one_to_one", days_ago=60, note="coffee at Vincenzo's")
    log(ana, "call", days_ago=5)
    window = open_window(db_path, qtbot)
    chart = window.detail.chart
    QGuiApplication.processEvents()
    index = next(
        i
        for i in range(chart.marker_count())
        if chart.tooltip_at(chart.marker_series.at(i)).endswith("coffee at Vincenzo's")
    )
    where = chart.marker_position(index)
    qtbot.mouseMove(chart.viewport(), where + QPoint(2, 1))
    qtbot.waitUntil(lambda: "coffee at Vincenzo's" in QToolTip.text())
    assert QToolTip.isVisible()
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.detail.timeline.current_entry().id == coffee


def test_one_interaction_gives_a_week_of_distinct_days_and_a_step(db, db_path, qtbot):
    ana = make_contact("Ana")
    make_contact("Ben")
    log(ana, "one_to_one", days_ago=1)
    window = open_window(db_path, qtbot)
    chart = window.detail.chart
    labels = chart.axis_labels()
    assert len(labels) == len(set(labels)) >= 2
    span = chart.axis_x.min().daysTo(chart.axis_x.max())
    assert span >= 7
    # the curve steps up at the interaction: two points on its day, low then high
    marker = chart.marker_series.at(0)
    on_the_day = [p for p in chart.attention_series.points() if p.x() == marker.x()]
    assert len(on_the_day) == 2 and on_the_day[0].y() < on_the_day[1].y() == marker.y()
    # a contact with no history shows this week, not the last contact's range
    qtbot.keyClick(window.contact_list.view, Key.Key_Down)
    assert shown_name(window) == "Ben"
    last = chart.axis_x.max().date().toPython()
    assert abs((last - dt.date.today()).days) <= 1
    assert chart.axis_x.min().daysTo(chart.axis_x.max()) >= 7


def test_the_ledger_chart_says_the_year_and_has_room(db, db_path, qtbot):
    from netdesk.domain import referrals
    from netdesk.domain.referrals import ReferralDraft

    ana, ben = make_contact("Ana"), make_contact("Ben")
    referrals.record_referral(
        ReferralDraft("given", provider_id=ben, recipient_id=ana, referred_on=dt.date.today())
    )
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_L, CTRL_SHIFT)
    chart = window.referral_feature.ledger.chart
    qtbot.waitUntil(lambda: bool(chart.values()))
    assert str(dt.date.today().year) in chart.months.titleText()
    assert chart.height() >= 200
    months = ledger.monthly()
    assert len(chart.values()) == len(months)
    assert "given" in chart.accessibleDescription()


def test_the_search_box_reads_whole_at_150_percent(db, db_path, qtbot):
    make_contact("Ana")
    screen = next(s for s in QGuiApplication.screens() if s.name() == "x1.5")
    window = open_window(db_path, qtbot)
    window.setScreen(screen)
    window.move(screen.availableGeometry().topLeft())
    reset = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(window.contact_list.view, Key.Key_R, reset)  # the layout for this screen
    QGuiApplication.processEvents()
    assert window.devicePixelRatio() == 1.5
    assert placeholder_fits(window.contact_list.search)


def _shown_columns(view):
    header = view.horizontalHeader()
    return [c for c in range(header.count()) if not header.isSectionHidden(c)]


def test_the_contact_list_fits_its_width_instead_of_scrolling_sideways(db, db_path, qtbot):
    from netdesk.ui.models.contact_table_model import ContactTableModel as M

    make_contact("Ana", "Bennett", organisation="Maple Tech Support", offers=["IT support"])
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    for list_width, shown in (
        (900, [M.NAME, M.ORGANISATION, M.OFFERS, M.TRUST, M.ATTENTION, M.LAST]),
        (520, [M.NAME, M.ORGANISATION, M.OFFERS, M.TRUST, M.ATTENTION]),
        (410, [M.NAME, M.ORGANISATION, M.OFFERS, M.TRUST]),
        (330, [M.NAME, M.ORGANISATION, M.OFFERS]),
    ):
        window.resize(max(1400, list_width + 900), 800)
        sizes = window.splitter.sizes()
        window.splitter.setSizes([list_width, sizes[1] + sizes[0] - list_width, sizes[2]])
        qtbot.waitUntil(lambda width=list_width: view.viewport().width() < width)
        assert _shown_columns(view) == shown, list_width
        assert view.horizontalScrollBar().maximum() == 0, list_width
    # Reset Layout: the list at netdesk's default split shows names and trust
    qtbot.keyClick(
        view, Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert {M.NAME, M.ORGANISATION, M.OFFERS, M.TRUST} <= set(_shown_columns(view))
    assert view.horizontalScrollBar().maximum() == 0


def test_a_column_width_set_by_hand_stays_when_the_list_narrows(db, db_path, qtbot):
    from tests.ui.test_main_window import drag_column_edge

    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.resize(1600, 900)
    header = window.contact_list.view.horizontalHeader()
    drag_column_edge(qtbot, header, 0, 200)
    assert header.sectionSize(0) == 200
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0] - 60, sizes[1] + 60, sizes[2]])
    qtbot.wait(50)
    assert header.sectionSize(0) == 200
