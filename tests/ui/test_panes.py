"""The three panes of the main window: none ever folded away, room shared by least widths."""

from PySide6.QtCore import Qt

from netdesk.paths import ui_settings_path
from netdesk.ui.main_window import MainWindow
from netdesk.ui.window_state import least_sizes, ui_settings
from tests.helpers import make_contact
from tests.ui.driving import open_window, shown_name

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def assert_no_pane_squeezed(window):
    for index, least in enumerate(window.pane_minimums()):
        pane = window.splitter.widget(index)
        assert pane.isVisible(), pane
        assert pane.width() >= least > 0, (pane, pane.width(), least)


def test_events_then_match_leave_the_contact_its_room(db, db_path, qtbot):
    make_contact("Ana", "Bennett", organisation="Maple Tech")
    make_contact("Ben", "Reid")
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    view.setFocus()
    qtbot.keyClick(view, Key.Key_V, CTRL | SHIFT)  # Events
    assert window.side_panel.currentWidget() is window.meetup.events_pane
    assert_no_pane_squeezed(window)
    qtbot.keyClick(window.meetup.events_pane.list, Key.Key_F, CTRL | SHIFT)  # Match a Need
    assert window.side_panel.currentWidget() is window.referral_feature.match
    assert_no_pane_squeezed(window)
    # F9 twice and Ctrl+T: the contact is still there to read
    for _ in range(2):
        qtbot.keyClick(window.referral_feature.match.need, Key.Key_F9)
    qtbot.keyClick(window.referral_feature.match.need, Key.Key_T, CTRL)
    assert_no_pane_squeezed(window)
    assert window.detail.width() >= window.pane_minimums()[1]
    view.setFocus()
    qtbot.keyClick(view, Key.Key_Down)
    assert shown_name(window) == "Ben Reid"
    assert window.detail.name_label.isVisible() and window.detail.name_label.width() > 50


def test_the_splitter_never_folds_a_pane_away(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    assert not window.splitter.childrenCollapsible()
    # even when asked for nothing, each pane keeps its least width
    window.splitter.setSizes([2000, 0, 0])
    assert_no_pane_squeezed(window)


def test_reset_layout_brings_back_what_netdesk_starts_with(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    start = window.splitter.sizes()
    window.splitter.setSizes([1200, 0, 0])
    window.contact_list.view.horizontalHeader().resizeSection(0, 30)
    window.side_panel_action.setChecked(False)
    view = window.contact_list.view
    view.setFocus()
    qtbot.keyClick(view, Key.Key_R, CTRL | ALT)  # View ▸ Reset Layout
    assert window.side_panel.isVisible()
    assert window.splitter.sizes() == start
    assert window.contact_list.view.horizontalHeader().sectionSize(0) == 145
    assert "Reset Layout" in [a.text().replace("&", "") for a in window.view_menu.actions()]


def test_a_squeezed_layout_is_not_brought_back(db, db_path, qtbot):
    """A layout saved squeezed (or on a larger screen) opens fitted to this one."""
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.close()
    settings = ui_settings()
    settings.setValue("splitters/main", "900 0 1400")
    settings.setValue("splitters/detail", "5 5 2000")
    settings.sync()
    assert ui_settings_path().exists()
    again = MainWindow(db_path)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert_no_pane_squeezed(again)
    parts = [again.detail.splitter.widget(i) for i in range(again.detail.splitter.count())]
    for part, least in zip(parts, least_sizes(again.detail.splitter), strict=True):
        assert part.height() >= least >= 60


def test_the_window_opens_on_its_screen_whatever_was_saved(db, db_path, qtbot):
    from PySide6.QtCore import QRect

    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.setGeometry(QRect(1700, 900, 1900, 1000))  # mostly off a 1920 × 1080 screen
    window.close()
    again = MainWindow(db_path)
    qtbot.addWidget(again)
    again.show()
    area = again.screen().availableGeometry()
    assert area.contains(again.frameGeometry())


def test_the_side_panel_can_have_a_window_of_its_own(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_F9, SHIFT)
    panel = window.side_panel
    assert panel.isWindow() and panel.isVisible()
    assert window.splitter.count() == 2
    assert_no_pane_squeezed(window)
    assert panel.screen().availableGeometry().contains(panel.frameGeometry())
    # Ctrl+Shift+L brings its view forward there
    qtbot.keyClick(window.contact_list.view, Key.Key_L, CTRL | SHIFT)
    assert panel.currentWidget() is window.referral_feature.ledger
    # Shift+F9 there, or closing that window, puts the panel back in the main one
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(window.referral_feature.ledger.people, Key.Key_F9, SHIFT)
    assert not panel.isWindow() and window.splitter.count() == 3
    assert_no_pane_squeezed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.contact_list.view, Key.Key_F9, SHIFT)
    assert panel.isWindow()
    panel.close()
    assert not panel.isWindow() and window.splitter.count() == 3
