"""Edit ▸ Preferences: made from the settings table alone, checked, saved in one undoable step."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from netdesk.domain import preferences, settings
from netdesk.domain.settings import SETTINGS, SettingSpec
from netdesk.ui.preferences.dialog import PreferencesDialog
from netdesk.ui.theme import apply_theme, is_dark
from tests.helpers import log, make_contact
from tests.ui.driving import open_window
from tests.ui.modal import when_modal

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def system_colours():
    yield
    apply_theme("system")


def open_preferences(window, qtbot, answer):
    """Ctrl+, and ``answer(dialog)`` once it is up and active (a failure closes it, so the
    test fails instead of waiting for ever)."""
    seen: list = []
    failed: list = []

    def answering(dialog):
        try:
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow)
            answer(dialog)
        except BaseException as error:
            failed.append(error)
            dialog.reject()

    when_modal(PreferencesDialog, answering, seen)
    qtbot.keyClick(window.contact_list.view, Key.Key_Comma, CTRL)  # Ctrl+,
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: not seen[0].isVisible())
    if failed:
        raise failed[0]
    return seen[0]


def type_into(qtbot, editor, text):
    editor.setFocus()
    line = editor if isinstance(editor, QLineEdit) else editor.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)


def test_every_declared_setting_is_there_and_one_declared_later_too(
    db, db_path, qtbot, monkeypatch
):
    monkeypatch.setitem(
        SETTINGS, "phone.import_region", SettingSpec("GB", "country of numbers in imported files")
    )
    dialog = PreferencesDialog(preferences.current())
    qtbot.addWidget(dialog)
    shown = {key for key, spec in SETTINGS.items() if spec.shown}
    assert set(dialog.editors) == shown
    assert "scores.epoch" not in dialog.editors and "match.synonyms" not in dialog.editors
    assert dialog.editors["phone.import_region"].text() == "GB"
    assert dialog.editors["phone.import_region"].toolTip() == "country of numbers in imported files"


def test_a_change_is_saved_checked_and_undone(db, db_path, qtbot):
    window = open_window(db_path, qtbot)

    def keep_three(dialog):
        type_into(qtbot, dialog.editors["backup.keep"], "3")
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)  # Save

    open_preferences(window, qtbot, keep_three)
    qtbot.waitUntil(lambda: settings.get("backup.keep") == 3)
    assert "Preferences saved" in window.statusBar().currentMessage()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.contact_list.view, Key.Key_Z, CTRL)
    assert settings.get("backup.keep") == 10
    qtbot.keyClick(window.contact_list.view, Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert settings.get("backup.keep") == 3

    problems = []

    def wrong_region(dialog):
        type_into(qtbot, dialog.editors["phone.default_region"], "Canada")
        qtbot.keyClick(dialog.editors["phone.default_region"], Key.Key_Return)
        problems.append(dialog.errors["phone.default_region"].message())
        assert dialog.isVisible()  # Save refused: the problem is shown where it is
        qtbot.mouseClick(dialog.defaults_button, Qt.MouseButton.LeftButton)
        assert dialog.editors["backup.keep"].value() == 10
        assert dialog.editors["phone.default_region"].text() == ""
        dialog.reject()

    open_preferences(window, qtbot, wrong_region)
    qtbot.waitUntil(lambda: bool(problems))
    assert "not a country code" in problems[0]
    assert settings.get("phone.default_region") == "" and settings.get("backup.keep") == 3


def test_the_theme_follows_at_once(db, db_path, qtbot, system_colours):
    window = open_window(db_path, qtbot)
    assert not is_dark()

    def dark(dialog):
        combo = dialog.editors["ui.theme"]
        combo.setCurrentIndex(combo.findData("dark"))
        dialog.buttons.accept_button.click()

    open_preferences(window, qtbot, dark)
    qtbot.waitUntil(is_dark)
    qtbot.waitUntil(lambda: is_dark(window.palette()))
    # the toolbar's icons are drawn again in the light text colour
    icon = window.toolbar.actions()[0].icon().pixmap(20, 20).toImage()
    lit = [icon.pixelColor(x, y) for x in range(20) for y in range(20)]
    assert max(c.lightness() for c in lit if c.alpha() > 200) > 160
    window.undo_stack.undo()
    assert not is_dark()


def test_new_score_parameters_recompute_the_scores(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "one_to_one", days_ago=30)
    window = open_window(db_path, qtbot)
    before = window.contact_list.model.index(0, window.contact_list.model.ATTENTION).data()
    window.preferences.save({"score.attention_half_life_days": 7.0})
    after = window.contact_list.model.index(0, window.contact_list.model.ATTENTION).data()
    assert float(after) < float(before)
    window.undo_stack.undo()
    assert window.contact_list.model.index(0, window.contact_list.model.ATTENTION).data() == before


def test_the_fields_line_up_down_the_dialog_whatever_their_group(db, qtbot):
    dialog = PreferencesDialog(preferences.current())
    qtbot.addWidget(dialog)
    dialog.resize(700, 900)
    dialog.show()
    qtbot.waitExposed(dialog)
    lefts = {
        key: editor.mapTo(dialog, editor.rect().topLeft()).x()
        for key, editor in dialog.editors.items()
    }
    assert len(set(lefts.values())) == 1, lefts
