from PySide6.QtCore import Qt

from netdesk.ui.main_window import MainWindow
from tests.helpers import make_contact


def show_active(window, qtbot):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_typing_in_search_filters_the_list(db, db_path, qtbot):
    make_contact("José", "Álvarez", offers=["Realtor"])
    make_contact("Ben", "Baker", offers=["printing"])
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    show_active(window, qtbot)
    window.contact_list.view.setFocus()
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_list.search.hasFocus()
    qtbot.keyClicks(window.contact_list.search, "jose")
    model = window.contact_list.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "José Álvarez"
    assert window.status_counts.text() == "1 of 2 contacts"
    assert "José Álvarez" in window.detail.label.text()


def test_arrow_keys_move_through_the_list(db, db_path, qtbot):
    make_contact("Ana")
    make_contact("Ben")
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    view = window.contact_list.view
    view.setFocus()
    assert "Ana" in window.detail.label.text()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert "Ben" in window.detail.label.text()
