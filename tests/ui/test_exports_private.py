"""What leaves netdesk by File ▸ Export is the user's own file: readable by them alone."""

import os
import stat

import pytest
from PySide6.QtCore import Qt

from netdesk.ui.import_export.export_dialog import ExportDialog
from tests.helpers import make_contact
from tests.ui.driving import open_window
from tests.ui.modal import when_modal

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize("fmt", ["vcard", "csv", "json"])
def test_an_export_from_the_window_is_owner_only(db, db_path, tmp_path, qtbot, fmt):
    make_contact("Ana", emails=["ana@example.com"])
    window = open_window(db_path, qtbot)
    out = tmp_path / f"contacts-{fmt}"
    previous = os.umask(0o022)  # a umask that would make files readable by all
    try:
        seen: list = []

        def export(dialog):
            dialog.format_buttons[fmt].click()
            dialog.path_edit.setFocus()
            dialog.path_edit.selectAll()
            qtbot.keyClicks(dialog.path_edit, str(out))
            qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)

        when_modal(ExportDialog, export, seen)
        qtbot.keyClick(window.contact_list.view, Qt.Key.Key_X, CTRL_SHIFT)
        qtbot.waitUntil(lambda: out.exists(), timeout=10000)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"Exported 1 contact to {out}" == window.statusBar().currentMessage()
