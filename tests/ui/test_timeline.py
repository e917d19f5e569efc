"""The timeline pane and the chart: list, markers, tooltips, editing, undo, referrals."""

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt

from netdesk.domain import timeline
from netdesk.storage.models import Interaction, Referral
from netdesk.ui.models.timeline_model import TimelineModel
from netdesk.ui.roles import ROW_ROLE
from netdesk.ui.widgets.score_chart import day_to_ms, ms_to_day
from tests.helpers import log, make_contact
from tests.ui.driving import open_window, press, timeline_rows

Key = Qt.Key
TODAY = dt.date.today()


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


def test_timeline_model_passes_the_model_tester(db, qtmodeltester):
    ana = make_contact("Ana")
    for n in range(12):
        log(ana, "call", n * 3, f"call {n}")
    model = TimelineModel()
    model.set_entries(timeline.load_timeline(ana).entries)
    qtmodeltester.check(model, force_py=True)
    model.set_entries([])
    qtmodeltester.check(model, force_py=True)


def test_interactions_are_listed_newest_first_with_their_event(db, db_path, qtbot):
    from netdesk.storage.models import Event

    ana = make_contact("Ana")
    breakfast = Event.create(name="March breakfast", held_on=days_ago(20))
    log(ana, "met", 30, "LinkedIn")
    Interaction.create(contact=ana, kind="saw_at_event", occurred_on=days_ago(20), event=breakfast)
    log(ana, "one_to_one", 2, "coffee")
    window = open_window(db_path, qtbot)
    rows = timeline_rows(window)
    assert [kind for _, kind, _ in rows] == [
        "One-to-one (coffee, lunch)",
        "Saw at an event",
        "Met (first meeting)",
    ]
    assert rows[1][2] == "at March breakfast"
    assert rows[0][0] == f"{days_ago(2).day} {days_ago(2).strftime('%b %Y')}"
    model = window.detail.timeline.model
    assert model.index(0, model.DATE).data(Qt.ItemDataRole.ToolTipRole) == "2 days ago"
    assert window.detail.timeline.count_label.text() == "3 interactions"


def test_the_chart_has_both_curves_and_a_marker_per_interaction_with_a_tooltip(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "met", 100, "at the chamber mixer")
    log(ana, "one_to_one", 60, "coffee at Vincenzo's")
    log(ana, "promise_broken", 60, "no-show")
    log(ana, "call", 5)
    window = open_window(db_path, qtbot)
    chart = window.detail.chart
    trust_points, attention_points = chart.curve_points()
    assert trust_points > 10 and attention_points == trust_points
    assert chart.marker_count() == 4
    # the last curve point is today's score: what the bars and the list say
    last = chart.attention_series.at(chart.attention_series.count() - 1)
    assert ms_to_day(last.x()) == TODAY
    assert last.y() == pytest.approx(window.detail.attention_bar.score())
    # markers sit on the attention curve at their day
    marker = chart.marker_series.at(0)
    assert ms_to_day(marker.x()) == days_ago(100)
    text = chart.tooltip_at(QPointF(day_to_ms(days_ago(60)), 0))
    assert "One-to-one (coffee, lunch): coffee at Vincenzo's" in text
    assert "Promise broken / no-show: no-show" in text
    assert "Met" not in chart.tooltip_at(QPointF(day_to_ms(days_ago(60)), 0))
    assert "Met (first meeting): at the chamber mixer" in chart.tooltip_at(marker)


def test_a_contact_without_history_shows_an_empty_chart_that_says_so(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    chart = window.detail.chart
    assert chart.marker_count() == 0
    assert chart.curve_points() == (0, 0)
    assert "Ctrl+L" in chart.chart().title()


def test_edit_an_interaction_by_keyboard_and_undo(db, db_path, qtbot):
    ana = make_contact("Ana")
    iid = log(ana, "call", 3, "quick call")
    window = open_window(db_path, qtbot)
    view = window.detail.timeline.view
    window.focus_timeline_action.trigger()
    assert view.hasFocus()
    assert window.detail.timeline.current_entry().id == iid
    press(qtbot, view, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.interaction_dialog is not None)
    dialog = window.contact_actions.interaction_dialog
    assert dialog.kind.currentData() == "call"
    assert dialog.note.text() == "quick call"
    assert dialog.date.date().toPython() == days_ago(3)
    dialog.kind.setCurrentIndex(dialog.kind.findData("one_to_one"))
    dialog.note.setText("lunch after all")
    dialog.accept()
    window.detail.load_pending()
    assert timeline_rows(window)[0][1:] == ("One-to-one (coffee, lunch)", "lunch after all")
    assert Interaction.get_by_id(iid).kind == "one_to_one"
    window.undo_stack.undo()
    window.detail.load_pending()
    assert timeline_rows(window)[0][1:] == ("Call", "quick call")


def test_delete_an_interaction_with_del_and_undo(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "met", 30)
    call = log(ana, "call", 3, "quick call")
    window = open_window(db_path, qtbot)
    window.focus_timeline_action.trigger()
    view = window.detail.timeline.view
    assert window.detail.timeline.current_entry().id == call
    press(qtbot, view, Key.Key_Delete)
    window.detail.load_pending()
    assert [kind for _, kind, _ in timeline_rows(window)] == ["Met (first meeting)"]
    assert window.detail.chart.marker_count() == 1
    # Del in the timeline never deletes the contact
    assert window.contact_list.model.rowCount() == 1
    window.undo_action.trigger()
    window.detail.load_pending()
    assert [kind for _, kind, _ in timeline_rows(window)] == ["Call", "Met (first meeting)"]
    assert Interaction.get_by_id(call).note == "quick call"
    assert window.detail.chart.marker_count() == 2


def test_undo_of_a_log_shows_the_contact_it_belongs_to(db, db_path, qtbot):
    ana = make_contact("Ana")
    ben = make_contact("Ben")
    window = open_window(db_path, qtbot)
    window.contact_actions.log_interaction(ana, "call", TODAY, "hello")
    window.contact_list.select_contact(ben)
    window.detail.load_pending()
    window.undo_stack.undo()
    window.detail.load_pending()
    assert window.contact_list.current_contact_id() == ana
    assert timeline_rows(window) == []


def test_referral_entries_offer_to_move_the_referral_along(db, db_path, qtbot):
    ana = make_contact("Ana")
    ben = make_contact("Ben")
    referral = Referral.create(
        direction="given", provider=ana, recipient=ben, need="a realtor", referred_on=TODAY
    )
    Interaction.create(contact=ana, kind="referral_given", occurred_on=TODAY, referral=referral)
    log(ana, "call", 10)
    window = open_window(db_path, qtbot)
    pane = window.detail.timeline
    requested = []
    window.events.referral_action_requested.connect(requested.append)

    pane.select_row(1)  # the call: no referral
    assert not pane.move_referral_action.isEnabled()
    assert pane.move_referral_action not in pane.context_menu().actions()

    pane.select_row(0)
    entry = pane.model.index(0, 0).data(ROW_ROLE)
    assert entry.referral_id == referral.id
    menu = pane.context_menu()
    assert pane.move_referral_action in menu.actions()
    # the referral feature answers with its status dialog; the person closes it
    from netdesk.ui.referrals.status_dialog import StatusDialog
    from tests.ui.modal import when_modal

    seen = []
    when_modal(StatusDialog, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape), seen)
    pane.move_referral_action.trigger()
    assert requested == [referral.id]
    assert len(seen) == 1
    assert Referral.get_by_id(referral.id).status == "introduced"  # closed: nothing moved


def test_a_very_long_history_loads_in_the_background(db, db_path, qtbot, monkeypatch):
    import netdesk.ui.panes.contact_detail_pane as pane_module

    monkeypatch.setattr(pane_module, "BACKGROUND_FROM", 5)
    ana = make_contact("Ana")
    ben = make_contact("Ben")
    for n in range(6):
        log(ana, "call", n, f"call {n}")
        log(ben, "message", n)
    window = open_window(db_path, qtbot)
    detail = window.detail
    window.contact_list.select_contact(ben)
    detail.load_pending()
    # the header shows at once; the list and chart follow from the worker
    assert detail.name_label.text() == "Ben"
    assert detail.timeline.count_label.text() == "loading 6 interactions…"
    with qtbot.waitSignal(detail.contact_shown, timeout=5000) as shown:
        pass
    assert shown.args == [ben]
    assert len(timeline_rows(window)) == 6
    assert detail.chart.marker_count() == 6
    # a result for a contact no longer asked for is dropped
    window.contact_list.select_contact(ana)
    detail.load_pending()
    window.contact_list.select_contact(ben)
    detail.load_pending()
    window.contact_list.select_contact(ana)
    detail.load_pending()
    with qtbot.waitSignal(detail.contact_shown, timeout=5000) as shown:
        pass
    assert shown.args == [ana]
    qtbot.wait(50)
    assert detail.current_contact_id() == ana
    assert timeline_rows(window)[0][2] == "call 0"


def test_the_date_column_fits_every_date_without_measuring_the_rows(db, db_path, qtbot):
    """As wide as the widest date the locale writes, whoever is shown; a larger font
    widens it. (Fitted to its contents, it measured every row at every contact shown.)"""
    from PySide6.QtGui import QFont

    ana = make_contact("Ana")
    ben = make_contact("Ben")
    for month in range(12):  # a date in every month: the widest month's name is there
        log(ana, "call", 30 * month + 2, f"call {month}")
    log(ben, "call", 1, "one call")
    window = open_window(db_path, qtbot)
    view = window.detail.timeline.view
    header = view.horizontalHeader()
    window.contact_list.select_contact(ana)
    window.detail.load_pending()
    header.setResizeContentsPrecision(-1)  # (what fitting to every row would give)
    needed = view.sizeHintForColumn(TimelineModel.DATE)
    width = header.sectionSize(TimelineModel.DATE)
    assert needed <= width <= needed + 12
    window.contact_list.select_contact(ben)
    window.detail.load_pending()
    assert header.sectionSize(TimelineModel.DATE) == width
    bigger = QFont(view.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    view.setFont(bigger)
    assert header.sectionSize(TimelineModel.DATE) > width
