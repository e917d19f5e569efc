"""The main window and every dialog on a 1024 × 700, a 1440 × 900 and a 1920 × 1080 screen,
and on one scaled by 1.5: no pane below its least width, no text cut off without "…",
no window larger than its screen or off it (the screens: tests/offscreen-screen.json)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView

from netdesk.ui.main_window import MainWindow
from tests.ui.dialog_catalogue import DIALOGS, sample_network
from tests.ui.layout_checks import clipped_texts, off_screen, placeholder_fits

SCREENS = ["w1024x700", "w1440x900", "virtual", "x1.5"]


def screen_named(name: str):
    return next(s for s in QGuiApplication.screens() if s.name() == name)


@pytest.fixture
def network(db, db_path):
    return sample_network(db_path)


def window_on(screen, db_path, qtbot) -> MainWindow:
    """The main window as it opens on ``screen`` (the size netdesk gives it there)."""
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.setScreen(screen)
    window.move(screen.availableGeometry().topLeft())
    window.show()
    qtbot.waitExposed(window)
    window.reset_layout()  # the default size and panes for this screen
    window.detail.load_pending()
    QGuiApplication.processEvents()
    return window


def check_main_window(window: MainWindow, where: str) -> None:
    assert off_screen(window) == "", where
    for index, least in enumerate(window.pane_minimums()):
        pane = window.splitter.widget(index)
        assert pane.width() >= least, f"{where}: {pane.objectName()} {pane.width()} < {least}"
    assert clipped_texts(window) == [], where
    search = window.contact_list.search
    assert placeholder_fits(search), f"{where}: the search box cuts {search.placeholderText()!r}"
    strip = window.side_panel.strip
    for button in window.side_panel.buttons():
        assert strip.rect().contains(button.geometry()), f"{where}: {button.text()} cut off"


@pytest.mark.parametrize("screen_name", SCREENS)
def test_the_main_window_fits_every_screen_whatever_it_shows(screen_name, db_path, network, qtbot):
    screen = screen_named(screen_name)
    window = window_on(screen, db_path, qtbot)
    assert window.screen() is screen
    check_main_window(window, f"{screen_name}, at first")
    # each view of the side panel brought forward the way a person does (its menu key)
    for index in range(window.side_panel.count()):
        page = window.side_panel.widget(index)
        views = {
            window.referral_feature.match: window.referral_feature.show_match,
            window.meetup.events_pane: window.meetup.show_events,
            window.meetup.followups_pane: window.meetup.show_followups,
        }
        show = views.get(page) or (lambda page=page: window.referral_feature.show_tab(page))
        show()
        QGuiApplication.processEvents()
        check_main_window(window, f"{screen_name}, {window.side_panel.tabText(index)}")
    # the match results show every column without scrolling sideways, empty or not
    match = window.referral_feature.match
    window.referral_feature.show_match()
    for need in ("", "a realtor"):
        match.set_need(need)
        QGuiApplication.processEvents()
        assert match.view.horizontalScrollBar().maximum() == 0
        assert not match.view.horizontalScrollBar().isVisible()
    window.close()


@pytest.mark.parametrize("screen_name", SCREENS)
def test_every_dialog_fits_every_screen(screen_name, db_path, network, qtbot):
    screen = screen_named(screen_name)
    window = window_on(screen, db_path, qtbot)
    for name, make in sorted(DIALOGS.items()):
        dialog = make(window, network)
        dialog.show()
        qtbot.waitExposed(dialog)
        QGuiApplication.processEvents()
        where = f"{screen_name}, {name}"
        assert dialog.screen() is screen, where
        assert off_screen(dialog) == "", where
        assert clipped_texts(dialog) == [], where
        for view in dialog.findChildren(QAbstractItemView):
            if view.isVisible() and view.horizontalScrollBarPolicy() == (
                Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            ):
                assert view.horizontalScrollBar().maximum() == 0, where
        dialog.close()
    if window.meetup._capture is not None:
        window.meetup._capture.close()
    window.close()
