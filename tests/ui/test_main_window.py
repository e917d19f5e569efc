from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from netdesk import __version__
from netdesk.paths import ui_settings_path
from netdesk.ui.main_window import MainWindow
from tests.helpers import make_contact
from tests.ui.driving import ctrl, list_names, open_window, press, shown_name

Key = Qt.Key


def test_typing_in_search_filters_the_list(db, db_path, qtbot):
    make_contact("José", "Álvarez", offers=["Realtor"])
    make_contact("Ben", "Baker", offers=["printing"])
    window = open_window(db_path, qtbot)
    window.contact_list.view.setFocus()
    ctrl(qtbot, window.contact_list.view, Key.Key_F)
    assert window.contact_list.search.hasFocus()
    qtbot.keyClicks(window.contact_list.search, "jose")
    assert list_names(window) == ["José Álvarez"]
    assert window.status_counts.text() == "1 of 2 contacts"
    assert shown_name(window) == "José Álvarez"
    # a word from their offers finds them too, as a prefix
    window.contact_list.search.clear()
    qtbot.keyClicks(window.contact_list.search, "realt")
    assert list_names(window) == ["José Álvarez"]


def test_filter_by_tag(db, db_path, qtbot):
    make_contact("Ana", tags=["Breakfast club"])
    make_contact("Ben")
    window = open_window(db_path, qtbot)
    combo = window.contact_list.tag_filter
    combo.setCurrentIndex(combo.findText("Breakfast club"))
    assert list_names(window) == ["Ana"]


def test_arrow_keys_move_through_the_list_from_the_list_and_the_search_box(db, db_path, qtbot):
    make_contact("Ana")
    make_contact("Ben")
    make_contact("Cleo")
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    view.setFocus()
    assert shown_name(window) == "Ana"
    press(qtbot, view, Key.Key_Down)
    assert shown_name(window) == "Ben"
    search = window.contact_list.search
    ctrl(qtbot, view, Key.Key_F)
    press(qtbot, search, Key.Key_Down)
    assert shown_name(window) == "Cleo"
    assert search.hasFocus()
    press(qtbot, search, Key.Key_Up)
    assert shown_name(window) == "Ben"
    # Enter in the search box opens the contact under the cursor
    press(qtbot, search, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.editor is not None)
    assert window.contact_actions.editor.given_name.text() == "Ben"
    window.contact_actions.editor.reject()


def test_three_panes_menus_and_status(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    panes = [window.splitter.widget(i) for i in range(window.splitter.count())]
    assert panes == [window.contact_list, window.center, window.side_panel]
    assert window.center.currentWidget() is window.detail
    assert all(pane.isVisible() and pane.width() > 150 for pane in panes)
    assert [m.title() for m in (window.file_menu, window.edit_menu, window.view_menu)] == [
        "&File",
        "&Edit",
        "&View",
    ]
    assert window.help_menu.title() == "&Help"
    for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu):
        for action in menu.actions():
            if action.isSeparator() or action is window.about_action or action.menu():
                continue  # (a submenu, File ▸ Sync, has its own keys for the common actions)
            assert not action.shortcut().isEmpty(), action.text()
    assert window.status_counts.text() == "1 of 1 contacts"
    assert window.status_db.text() == str(db_path)
    # the features fill the side panel; the keyboard help placeholder has gone
    titles = [window.side_panel.tabText(i) for i in range(window.side_panel.count())]
    assert "Events" in titles and "Shortcuts" not in titles


def test_add_side_panel_adds_a_tab_and_f9_toggles_the_panel(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    before = window.side_panel.count()
    panel = QLabel("referrals")
    window.add_side_panel(panel, "Match")
    assert window.side_panel.count() == before + 1
    assert window.side_panel.tabText(before) == "Match"
    window.side_panel_action.trigger()
    assert not window.side_panel.isVisible()
    press(qtbot, window.contact_list.view, Key.Key_F9)
    assert window.side_panel.isVisible()


def test_about_shows_the_version(db, db_path, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window = open_window(db_path, qtbot)
    window.about_action.trigger()
    assert f"netdesk {__version__}" in shown[0]


def drag_column_edge(qtbot, header, column, width):
    """Drag ``column``'s right edge with the mouse until it is ``width`` wide."""
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    target = edge + width - header.sectionSize(column)
    y = header.height() // 2
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(header.viewport(), left, pos=QPoint(edge, y))
    for x in ((edge + target) // 2, target):  # a drag is a few moves
        qtbot.mouseMove(header.viewport(), QPoint(x, y))
    qtbot.mouseRelease(header.viewport(), left, pos=QPoint(target, y))


def test_layout_is_remembered_between_runs(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.resize(1100, 760)
    window.splitter.setSizes([300, 420, 360])
    window.detail.splitter.setSizes([150, 300, 250])
    drag_column_edge(qtbot, window.contact_list.view.horizontalHeader(), 0, 222)
    window.contact_list.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    sizes = window.splitter.sizes()
    detail_sizes = window.detail.splitter.sizes()
    window.close()
    assert ui_settings_path().exists()

    again = MainWindow(db_path)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (1100, 760)
    assert again.splitter.sizes() == sizes
    assert again.detail.splitter.sizes() == detail_sizes
    assert again.contact_list.view.horizontalHeader().sectionSize(0) == 222
    assert again.contact_list.model.query.descending


def test_screenshot_mode_ignores_the_remembered_layout(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    window.splitter.setSizes([300, 300, 600])
    window.close()
    fresh = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(fresh)
    fresh.show()
    assert fresh.splitter.sizes()[2] < fresh.splitter.sizes()[0]


def test_no_hard_coded_backgrounds_follow_a_dark_palette(db, db_path, qtbot):
    from PySide6.QtGui import QColor, QPalette

    make_contact("Ana")
    window = open_window(db_path, qtbot)
    dark = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#181818"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        dark.setColor(role, QColor(color))
    window.setPalette(dark)
    chart = window.detail.chart
    assert chart.axis_y.labelsColor() == QColor("#e8eaed")
    assert chart.chart().legend().labelColor() == QColor("#e8eaed")
    image = window.grab().toImage()
    # the detail pane's background is the palette's, not a light colour of its own
    point = (
        window.detail.mapTo(window, window.detail.rect().bottomRight()) - window.rect().topLeft()
    )
    assert image.pixelColor(point.x() - 2, point.y() - 2).lightness() < 80


def test_a_replaced_database_reloads_the_window(db, db_path, qtbot):
    import datetime as dt

    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.contact_actions.log_interaction(ana, "call", dt.date.today(), "")
    assert window.undo_stack.count() == 1
    make_contact("Ben")  # written behind the window's back, as a restore would
    window.events.database_replaced.emit()
    assert list_names(window) == ["Ana", "Ben"]
    assert window.status_counts.text() == "2 of 2 contacts"


def test_deferred_features_arrive_right_after_the_first_paint(db, db_path, qtbot):
    make_contact("Ana", offers=["printing"])
    window = MainWindow(db_path, remember_layout=False, defer_features=True)
    qtbot.addWidget(window)
    # the list is there before anything else
    assert window.contact_list.model.rowCount() == 1
    assert not hasattr(window, "referral_feature")
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Referrals" in titles and "&Meetup" in titles
    assert window.side_panel.count() >= 6
    assert {"events", "followups"} <= set(window.view_names())
    # File keeps Quit last, after what the features added
    file_actions = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert file_actions[-1] == "&Quit"
    assert "&Import" in file_actions and "&Back Up Now" in file_actions
    # installing again (as --view does when it needs a feature's view) changes nothing
    window.install_features()
    assert window.side_panel.count() >= 6


def test_the_status_line_shows_the_count_of_a_broad_search(db, db_path, qtbot):
    for n in range(130):
        make_contact(f"Member {n:03d}", organisation="Breakfast Club")
    make_contact("Ben", "Baker")
    window = open_window(db_path, qtbot)
    qtbot.keyClicks(window.contact_list.search, "breakf")
    assert list_names(window)[:2] == ["Member 000", "Member 001"]
    qtbot.waitUntil(lambda: window.status_counts.text() == "130 of 131 contacts")
    window.contact_list.view.setFocus()
    ctrl(qtbot, window.contact_list.view, Key.Key_End)
    assert shown_name(window) == "Member 129"


def test_the_toolbar_says_what_each_button_does(db, db_path, qtbot):
    from PySide6.QtWidgets import QToolButton

    window = open_window(db_path, qtbot)
    window.install_features()
    texts = [
        button.text()
        for button in window.toolbar.findChildren(QToolButton)
        if button.isVisible() and button.defaultAction() is not None
    ]
    assert "Import Contacts" in texts and "Export Contacts" in texts
    assert all("(" not in text for text in texts), texts
