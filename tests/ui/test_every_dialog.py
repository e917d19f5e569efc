"""Every dialog and window of netdesk, checked alike: Tab visits every field in reading
order before the buttons, lists move like lists, no two Alt+letters are the same, and
the buttons are made one way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from netdesk.ui.main_window import MainWindow
from netdesk.ui.unsaved import FormDialog
from tests.ui.dialog_catalogue import DIALOGS, sample_network
from tests.ui.mnemonics import clashes, menu_clashes

Key = Qt.Key
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


@pytest.fixture
def network(db, db_path):
    return sample_network(db_path)


@pytest.fixture
def window(db_path, network, qtbot):
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    if window.meetup._capture is not None:
        window.meetup._capture.close()


def shown(dialog: QWidget, qtbot) -> QWidget:
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def takes_tab(widget: QWidget, window: QWidget) -> bool:
    if widget.window() is not window or not widget.isVisible() or not widget.isEnabled():
        return False
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    owner = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(owner, QComboBox | QAbstractSpinBox):
        return False  # the combo box or spin box it belongs to takes the focus
    return isinstance(widget, (*INPUTS, QAbstractButton))


def tab_cycle(window: QWidget, qtbot) -> list[QWidget]:
    """Press Tab until the focus comes back where it started: what it went through."""
    start = QApplication.focusWidget()
    assert start is not None and start.window() is window
    seen = [start]
    for _ in range(120):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not seen[-1], f"Tab stayed on {now}"
        if now is start:
            return seen
        seen.append(now)
    raise AssertionError("Tab never came back to where it started")


def dialog_buttons(window: QWidget) -> list[QAbstractButton]:
    return [
        button
        for box in window.findChildren(QDialogButtonBox)
        if box.isVisible()
        for button in box.buttons()
        if button.isVisible() and button.isEnabled()
    ]


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_tab_visits_every_field_in_reading_order_then_the_buttons(name, window, network, qtbot):
    dialog = shown(DIALOGS[name](window, network), qtbot)
    cycle = tab_cycle(dialog, qtbot)
    wanted = [w for w in dialog.findChildren(QWidget) if takes_tab(w, dialog)]
    missed = [w for w in wanted if w not in cycle]
    assert missed == [], f"{name}: Tab never reaches {missed}"
    buttons = [b for b in dialog_buttons(dialog) if b in cycle]
    if buttons:
        # the dialog's buttons come together, after every field: turn the cycle to start
        # right after them, and they are its end
        last = max(cycle.index(b) for b in buttons)
        cycle = cycle[last + 1 :] + cycle[: last + 1]
        assert set(cycle[-len(buttons) :]) == set(buttons), f"{name}: a field after the buttons"
    # in each form, the fields are visited row after row
    for form in dialog.findChildren(QFormLayout):
        fields = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is None:
                continue
            inside = [w for w in cycle if w is widget or widget.isAncestorOf(w)]
            if inside:
                fields.append(cycle.index(inside[0]))
        assert fields == sorted(fields), f"{name}: a form's rows are visited out of order"
    dialog.close()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_lists_move_like_lists_and_alt_letters_are_unique(name, window, network, qtbot):
    dialog = shown(DIALOGS[name](window, network), qtbot)
    for view in dialog.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), f"{name}: Tab is trapped in {view.objectName()}"
    assert clashes(dialog) == {}, name
    dialog.close()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_buttons_say_what_they_do_and_carry_no_icon(name, window, network, qtbot):
    dialog = shown(DIALOGS[name](window, network), qtbot)
    for box in dialog.findChildren(QDialogButtonBox):
        # no standard button: a desktop theme draws icons on those, and on no other
        if not isinstance(dialog, QMessageBox):
            assert box.standardButtons() == QDialogButtonBox.StandardButton.NoButton, name
        for button in box.buttons():
            assert button.icon().isNull(), f"{name}: {button.text()} has an icon"
            assert button.text().replace("&", "") not in ("OK", "Ok", "Yes", "No"), name
    dialog.close()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_a_form_left_untouched_closes_on_escape_without_asking(name, window, network, qtbot):
    """A form asks before discarding changes only: opened and closed untouched, it
    closes at once (nothing it fills in itself after opening counts as typing)."""
    dialog = shown(DIALOGS[name](window, network), qtbot)
    if not isinstance(dialog, FormDialog):
        dialog.close()
        return
    QApplication.processEvents()
    assert not dialog.has_changes(), name
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not dialog.discard_question().isVisible(), name


def test_the_main_window_offers_each_alt_letter_once_whatever_it_shows(window, qtbot):
    for index in range(window.side_panel.count()):
        window.side_panel.setCurrentIndex(index)
        assert clashes(window) == {}, window.side_panel.tabText(index)
    for menu in window.findChildren(QMenu):
        assert menu_clashes(menu) == {}, menu.title()
    for view in window.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), view.objectName()


def test_the_welcome_pane_offers_each_alt_letter_once(db, db_path, qtbot):
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    assert window.center.currentWidget() is window.welcome
    assert clashes(window) == {}
