"""The main window by keyboard: Tab leaves a list, Ctrl+Z reaches what was done."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import make_contact
from tests.ui.driving import open_window, shown_name

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_tab_leaves_the_contact_list_and_goes_on_in_reading_order(db, db_path, qtbot):
    make_contact("Ana")
    make_contact("Ben")
    make_contact("Cleo")
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    view.setFocus()
    assert shown_name(window) == "Ana"
    visited = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        assert shown_name(window) == "Ana"  # Tab never walks to the next row
        if visited[-1] is view:
            break
    assert visited[0] is not view
    order = [w for w in visited if w is not None]
    timeline = window.detail.timeline.view
    need = window.referral_feature.match.need
    search = window.contact_list.search
    assert timeline in order and need in order and search in order
    # the contact, then the side panel, then round to the search box and the list
    assert order.index(timeline) < order.index(need) < order.index(search)
    assert order[-1] is view


def test_ctrl_z_in_a_field_with_nothing_typed_undoes_what_was_done(db, db_path, qtbot):
    make_contact("Ana")
    make_contact("Ben")
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    view.setFocus()
    qtbot.keyClick(view, Key.Key_Delete)
    assert window.contact_list.model.total == 1
    search = window.contact_list.search
    qtbot.keyClick(view, Key.Key_F, CTRL)
    assert search.hasFocus()
    qtbot.keyClick(search, Key.Key_Z, CTRL)  # nothing typed here: the delete is undone
    assert window.contact_list.model.total == 2
    assert window.statusBar().currentMessage().startswith("Undone: Delete")
    qtbot.keyClick(search, Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.contact_list.model.total == 1
    assert window.statusBar().currentMessage().startswith("Redone: Delete")
    qtbot.keyClick(search, Key.Key_Z, CTRL)
    assert window.contact_list.model.total == 2
    # with typing of its own, Ctrl+Z undoes the typing first
    qtbot.keyClicks(search, "be")
    qtbot.keyClick(search, Key.Key_Z, CTRL)
    assert search.text() == ""
    assert window.contact_list.model.total == 2
