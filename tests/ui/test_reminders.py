"""Reminders in the window and the tray: shown once a day per person, Open and Snooze."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from netdesk.domain import followups, reminders, settings
from netdesk.ui.reminders import feature as reminder_feature
from tests.helpers import log, make_contact
from tests.ui.driving import open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TRAY_ON_A_HEADLESS_SCREEN = "No such signal QPlatformNativeInterface::systemTrayWindowChanged"


@pytest.fixture
def due(db):
    """Ana is overdue (a weekly cadence, last seen ten days ago); Ben is not."""
    ana = make_contact("Ana", "Bennett", cadence_days=7)
    log(ana, "call", 10)
    ben = make_contact("Ben", "Reid", cadence_days=30)
    log(ben, "call", 2)
    return ana


@pytest.fixture
def started(due, db_path, qtbot, monkeypatch):
    monkeypatch.setattr(reminder_feature, "FIRST_CHECK_MS", 0)
    window = open_window(db_path, qtbot)
    assert not window.reminders.bar.isVisible()  # nothing before the app starts them
    window.reminders.start()
    return window


def test_the_window_reminds_once_a_day_and_opens_needs_attention(started, due, qtbot):
    window = started
    bar = window.reminders.bar
    qtbot.waitUntil(bar.isVisible)
    assert bar.message.text() == (
        "Time to get in touch with Ana Bennett. Keep in touch every 7 days; "
        "last contact 10 days ago"
    )
    assert settings.get("reminders.notified") == {str(due): dt.date.today().isoformat()}
    # the next look the same day reminds of nobody
    qtbot.mouseClick(bar.hide_button, Qt.MouseButton.LeftButton)
    assert window.reminders.check().people == ()
    assert not bar.isVisible()
    # tomorrow she is due still: reminded again
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert [p.contact_id for p in window.reminders.check(tomorrow).people] == [due]
    assert bar.isVisible()

    qtbot.mouseClick(bar.open_button, Qt.MouseButton.LeftButton)
    attention = window.referral_feature.attention
    assert window.side_panel.currentWidget() is attention
    assert window.contact_list.current_contact_id() == due
    assert not bar.isVisible()


def test_snooze_takes_them_off_the_list_until_tomorrow_and_undo_brings_them_back(
    started, due, qtbot
):
    window = started
    bar = window.reminders.bar
    qtbot.waitUntil(bar.isVisible)
    qtbot.mouseClick(bar.snooze_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert followups.needs_attention() == []
    assert "Snoozed until tomorrow: Ana Bennett" in window.statusBar().currentMessage()
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_A, CTRL | SHIFT)  # Needs Attention
    assert window.referral_feature.attention.model.rowCount() == 0
    window.contact_list.view.setFocus()
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_Z, CTRL)
    assert [i.contact_id for i in followups.needs_attention()] == [due]
    assert window.referral_feature.attention.model.rowCount() == 1


def test_logging_the_call_takes_the_reminder_away(started, due, qtbot):
    window = started
    qtbot.waitUntil(window.reminders.bar.isVisible)
    log(due, "call", 0)
    window.events.interactions_changed.emit(due)
    qtbot.waitUntil(lambda: not window.reminders.bar.isVisible())


def test_with_both_reminders_off_nothing_is_shown_or_written(due, db_path, qtbot):
    settings.put("reminders.in_app", False)
    window = open_window(db_path, qtbot)
    window.reminders.start()
    assert window.reminders.check() is None
    assert not window.reminders.bar.isVisible()
    assert settings.get("reminders.notified") is None


def test_in_the_window_off_in_preferences_hides_the_bar(started, qtbot):
    window = started
    qtbot.waitUntil(window.reminders.bar.isVisible)
    window.preferences.save({"reminders.in_app": False})
    qtbot.waitUntil(lambda: not window.reminders.bar.isVisible())
    window.undo_stack.undo()
    assert settings.get("reminders.in_app") is True


def test_a_tray_asked_for_on_a_desktop_without_one_reminds_in_the_window(started, qtbot):
    settings.put("reminders.in_app", False)
    settings.put("reminders.tray", True)
    window = started
    qtbot.waitUntil(window.reminders.bar.isVisible)
    assert window.reminders.tray is None


@pytest.mark.qt_log_ignore(TRAY_ON_A_HEADLESS_SCREEN)
def test_the_tray_shows_the_count_and_notifies(due, db_path, qtbot, monkeypatch):
    settings.put("reminders.tray", True)
    settings.put("reminders.in_app", False)
    monkeypatch.setattr(reminder_feature, "tray_available", lambda: True)
    window = open_window(db_path, qtbot)
    feature = window.reminders
    feature.start()
    tray = feature.tray
    assert tray is not None and tray.icon.isVisible()
    messages = []
    tray.icon.showMessage = lambda *args: messages.append(args[:2])
    reminder = feature.check()
    assert [p.contact_id for p in reminder.people] == [due]
    if QSystemTrayIcon.supportsMessages():
        assert messages == [
            (
                "Time to get in touch with Ana Bennett",
                "Ana Bennett: Keep in touch every 7 days; last contact 10 days ago",
            )
        ]
    assert not feature.bar.isVisible()
    assert tray.icon.toolTip() == "netdesk — 1 person to get in touch with"
    assert tray.count == 1
    # the count painted on the icon: red in its top right corner
    corner = tray.icon.icon().pixmap(64, 64).toImage().pixelColor(48, 16)
    assert corner.red() > 150 and corner.green() < 100

    # minimised, the window goes to the tray; a click on the notification brings it back
    window.showMinimized()
    qtbot.waitUntil(lambda: not window.isVisible())
    tray.icon.messageClicked.emit()
    qtbot.waitUntil(window.isVisible)
    assert window.side_panel.currentWidget() is window.referral_feature.attention

    # Snooze from the tray's menu: nobody due, the count follows
    assert tray.snooze_action.isEnabled()
    tray.snooze_action.trigger()
    assert tray.count == 0
    assert tray.icon.toolTip() == "netdesk — Nobody needs attention today"
    assert reminders.due_people(dt.date.today()) == []

    # the tray off in Preferences: the icon goes
    window.preferences.save({"reminders.tray": False})
    qtbot.waitUntil(lambda: feature.tray is None)


def test_nothing_is_written_before_the_integrity_check_has_passed(due, db_path, qtbot):
    class Pending:
        problem = None  # (as netdesk.ui.integrity.IntegrityCheck before it is done)

    window = open_window(db_path, qtbot)
    check = Pending()
    window.integrity = check
    window.reminders.start()
    assert window.reminders.check() is None
    assert settings.get("reminders.notified") is None
    check.problem = ""  # healthy
    qtbot.waitUntil(window.reminders.bar.isVisible, timeout=3000)
    assert settings.get("reminders.notified") == {str(due): dt.date.today().isoformat()}


@pytest.mark.qt_log_ignore(TRAY_ON_A_HEADLESS_SCREEN)
def test_quit_from_the_tray_asks_about_a_form_with_typing_in_it(due, db_path, qtbot, monkeypatch):
    from tests.ui.driving import answer, discard_question, open_editor

    settings.put("reminders.tray", True)
    monkeypatch.setattr(reminder_feature, "tray_available", lambda: True)
    quits = []
    monkeypatch.setattr(reminder_feature.QApplication, "quit", lambda: quits.append(1))
    window = open_window(db_path, qtbot)
    window.reminders.start()
    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.given_name, "Lena")
    window.reminders.tray.quit_action.trigger()  # the tray's Quit
    question = discard_question(qtbot, editor)
    assert question is not None
    assert window.isVisible() and editor.isVisible() and quits == []
    answer(qtbot, question, "Discard")
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)
    window.reminders.tray.quit_action.trigger()  # nothing left to ask about: it quits
    assert quits == [1] and not window.isVisible()
