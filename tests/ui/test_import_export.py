"""Import with a preview, Cancel midway, and merging duplicates with undo, driven as a
person would drive them."""

import threading
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QProgressDialog, QPushButton

from netdesk.domain import contacts, dedupe, interactions, json_backup
from netdesk.domain.importers import CREATE, MERGE, SKIP, PlanEntry, read_import_file
from netdesk.storage.models import Contact
from netdesk.ui.import_export import import_dialog
from netdesk.ui.import_export.column_mapping import ColumnMappingModel
from netdesk.ui.import_export.merge_dialog import MergeDialog
from netdesk.ui.import_export.models import CandidateModel, ImportPreviewModel
from netdesk.ui.main_window import MainWindow
from netdesk.ui.roles import ROW_ROLE
from tests.helpers import log, make_contact

SAMPLES = Path(__file__).parents[1] / "domain" / "importers" / "samples"


def tables() -> dict:
    return json_backup.backup_document()["tables"]


def comparable(tables: dict) -> dict:
    """Tables less what rewriting a contact renumbers (list rows) or re-stamps (updated_at)."""
    for name in ("contact_email", "contact_phone", "contact_url", "offer", "need"):
        rows = [{k: v for k, v in row.items() if k != "id"} for row in tables[name]]
        tables[name] = sorted(rows, key=lambda r: sorted(r.items()))
    for row in tables["contact"]:
        row.pop("updated_at")
    return tables


def click_radio(qtbot, button) -> None:
    """Click a radio button on its circle, where a person clicks."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def open_window(db_path, qtbot) -> MainWindow:
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    return window


def shown_rows(view) -> list[list[str]]:
    model = view.model()
    return [
        [model.index(row, col).data() for col in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_models_pass_the_model_tester(qtmodeltester, db):
    preview = ImportPreviewModel(
        [
            PlanEntry(CREATE, "a.vcf", 1, "Ana", "new contact"),
            PlanEntry(SKIP, "a.vcf", 9, "", "no name", warnings=["line 9: odd"]),
        ]
    )
    qtmodeltester.check(preview, force_py=True)
    assert preview.index(1, ImportPreviewModel.DETAILS).data() == "no name — line 9: odd"
    assert preview.index(0, 0).data(ROW_ROLE).name == "Ana"
    candidates = CandidateModel([dedupe.Candidate(1, 2, "Ana", "Anna", "Acme", ["same email"])])
    qtmodeltester.check(candidates, force_py=True)


def test_the_column_mapping_model_passes_the_model_tester_and_maps_by_hand(qtmodeltester, db):
    parsed = read_import_file(SAMPLES / "thunderbird_semicolon.csv")
    model = ColumnMappingModel()
    model.set_columns(parsed.columns, parsed.sample_rows)
    qtmodeltester.check(model, force_py=True)
    changed = []
    model.mapping_changed.connect(changed.append)
    nickname = model.index(5, ColumnMappingModel.FIELD)
    assert model.index(5, ColumnMappingModel.COLUMN).data() == "Nickname"
    assert nickname.data() == "Nickname"
    assert model.index(6, ColumnMappingModel.EXAMPLE).data() == "+1 408 533 7700"
    assert nickname.flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(nickname, ("not a field", ""))
    assert model.setData(nickname, ("ignore", ""))
    assert nickname.data() == "(not imported)"
    assert model.index(5, ColumnMappingModel.HOW).data() == "chosen by you"
    assert changed[0].roles[5].field == "ignore"
    qtmodeltester.check(model, force_py=True)


def test_the_file_menu_offers_import_export_and_duplicates_with_shortcuts(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    shown = {a.text(): a.shortcut().toString() for a in window.file_menu.actions() if a.text()}
    assert "&Import" in shown  # a submenu: contacts, or meetings from a calendar
    imports = {
        a.text(): a.shortcut().toString() for a in window.import_export.import_menu.actions()
    }
    assert imports == {"&Contacts (vCard, CSV)…": "Ctrl+O", "Ca&lendar (.ics)…": ""}
    assert shown["&Export Contacts…"] == "Ctrl+Shift+X"
    assert shown["Find &Duplicates…"] == "Ctrl+Shift+D"


def test_import_shows_a_preview_and_writes_only_when_confirmed(db, db_path, qtbot):
    make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    window = open_window(db_path, qtbot)
    seen = []
    window.events.contacts_changed.connect(seen.append)
    before = tables()
    dialog = window.import_export.import_files(
        [SAMPLES / "google_contacts.vcf", SAMPLES / "Connections.csv"]
    )
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 8)
    assert tables() == before
    assert dialog.summary.text() == "5 to create, 1 to update, 1 to merge, 1 skipped"
    rows = shown_rows(dialog.view)
    assert rows[0][:3] == ["Update", "Priya Natarajan", "google_contacts.vcf:1"]
    assert rows[6][:3] == ["Skip", "", "Connections.csv:9"]
    assert rows[6][3].startswith("no name (LinkedIn leaves out members")
    assert "line 10: “31 Feb 2024” is not a date" in rows[7][3]

    dialog.show_filter.setFocus()
    qtbot.keyClicks(dialog.show_filter, "Skip")
    assert shown_rows(dialog.view) == [rows[6]]
    qtbot.keyClick(dialog.show_filter, Qt.Key.Key_Home)
    assert len(shown_rows(dialog.view)) == 8

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result_plan.counts()[MERGE] == 1
    assert Contact.select().count() == 6
    assert seen == [[]]
    names = [
        window.contact_list.model.index(r, 0).data()
        for r in range(window.contact_list.model.rowCount())
    ]
    assert "Sarah Thompson, CPA" in names and "李 伟" in names
    assert window.statusBar().currentMessage().startswith("Imported: 5 contacts created, 1 updated")


def test_cancel_midway_leaves_the_database_unchanged(db, db_path, qtbot, tmp_path, monkeypatch):
    big = tmp_path / "phone.vcf"
    big.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person{n};Test;;;\r\nFN:Test Person{n}\r\n"
            f"TEL;TYPE=CELL:+1 519 555 {n:04d}\r\nEND:VCARD\r\n"
            for n in range(1500)
        ),
        encoding="utf-8",
    )
    make_contact("Ana", "Silva")
    window = open_window(db_path, qtbot)
    before = tables()
    midway = threading.Event()
    real_apply = import_dialog.apply_import

    def apply_slowly(files, *, db_path, progress):
        def report(done, total, text=""):
            if text.startswith("Importing:") and done >= 300:
                midway.set()
                time.sleep(0.05)  # a person's reaction time
            progress(done, total, text)

        return real_apply(files, db_path=db_path, progress=report)

    monkeypatch.setattr(import_dialog, "apply_import", apply_slowly)
    dialog = window.import_export.import_files([big])
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1500)

    def press_cancel(progress_dialog: QProgressDialog, progress) -> None:
        def click() -> None:
            if not midway.is_set():
                QTimer.singleShot(10, click)
                return
            qtbot.mouseClick(progress_dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

        QTimer.singleShot(10, click)

    dialog.on_progress_dialog = press_cancel
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Import cancelled; nothing was changed."
    assert dialog.import_button.isEnabled()
    assert tables() == before
    assert Contact.select().count() == 1
    dialog.reject()


def test_an_unreadable_file_is_named_in_the_dialog(db, db_path, qtbot, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    window = open_window(db_path, qtbot)
    dialog = window.import_export.import_files([notes])
    assert dialog.message.text().startswith(f"{notes}: no person found in it: netdesk looked")
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_one_unreadable_file_leaves_the_others_in_the_preview(db, db_path, qtbot, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    window = open_window(db_path, qtbot)
    dialog = window.import_export.import_files([notes, SAMPLES / "outlook_ru_cp1251.csv"])
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)
    assert "notes.txt</b>: <span style='color:#c0392b'>not imported: no person found" in (
        dialog.files_label.text()
    )
    assert "outlook_ru_cp1251.csv</b>: Outlook CSV, Windows-1251, 3 contacts read" in (
        dialog.files_label.text()
    )
    assert dialog.message.text().endswith("notes.txt is not imported (the reason is above).")
    assert [row[1] for row in shown_rows(dialog.view)] == [
        "Анна Сергеевна Петрова",
        "Дмитрий Соколов",
        "info",
    ]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Contact.select().count() == 3


def test_a_column_netdesk_guessed_wrong_is_mapped_by_hand(db, db_path, qtbot, tmp_path):
    source = tmp_path / "bakeries.csv"
    source.write_text(
        "Ana Lima,ana@lima.example.com,Lima Bakery\n"
        "Rui Costa,rui@costa.example.com,Costa Pastries\n",
        encoding="utf-8",
    )
    window = open_window(db_path, qtbot)
    dialog = window.import_export.import_files([source])
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert dialog.columns_view.isVisible()
    assert dialog.columns_hint.text().startswith("netdesk guessed some of these columns")
    assert shown_rows(dialog.columns_view) == [
        ["column 1", "Ana Lima", "Given name", "guessed from its values"],
        ["column 2", "ana@lima.example.com", "Email", "guessed from its values"],
        ["column 3", "Lima Bakery", "Family name", "guessed from its values"],
    ]
    assert shown_rows(dialog.view)[0][1] == "Ana Lima Lima Bakery"

    # to the third column's "Imported as" with the keys, F2, pick Organisation, Enter
    view = dialog.columns_view
    view.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(view, key)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right):
        qtbot.keyClick(view, key)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 2)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.findChild(QComboBox, "columnFieldChoice")
    assert editor is not None and editor.currentText() == "Family name"
    qtbot.keyClicks(editor, "Organisation")
    assert editor.currentText() == "Organisation"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown_rows(dialog.view)[0][1] == "Ana Lima")
    assert shown_rows(dialog.columns_view)[2][2:] == ["Organisation", "chosen by you"]

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    ana = contacts.load_contact(Contact.get(Contact.display_name == "Ana Lima").id)
    assert (ana.given_name, ana.family_name, ana.organisation) == ("Ana Lima", "", "Lima Bakery")


def test_merge_a_duplicate_pair_and_undo_it(db, db_path, qtbot):
    keep = make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"], title="Owner")
    other = make_contact(
        "Priya", "Natarajan", emails=["PRIYA@brightledger.ca"], title="Bookkeeper", tags=["BNI"]
    )
    log(keep, "one_to_one", 3)
    log(other, "met", 200)
    before = tables()
    window = open_window(db_path, qtbot)
    assert window.contact_list.model.rowCount() == 2

    duplicates = window.import_export.on_duplicates()
    assert shown_rows(duplicates.view) == [
        ["Priya Natarajan", "Priya Natarajan", "", "same email priya@brightledger.ca"]
    ]

    def choose_in_merge_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(10, choose_in_merge_dialog)
            return
        click_radio(qtbot, dialog.choices["title"]["other"])
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(10, choose_in_merge_dialog)
    qtbot.mouseClick(duplicates.merge_button, Qt.MouseButton.LeftButton)

    assert window.contact_list.model.rowCount() == 1
    merged = contacts.load_contact(keep)
    assert merged.title == "Bookkeeper" and merged.tags == ["BNI"]
    assert [i.kind for i in interactions.list_interactions(keep)] == ["met", "one_to_one"]
    assert window.undo_action.text() == "&Undo Merge “Priya Natarajan” into “Priya Natarajan”"
    qtbot.waitUntil(lambda: duplicates.model.rowCount() == 0)

    duplicates.activateWindow()
    qtbot.waitUntil(duplicates.isActiveWindow)
    qtbot.keyClick(duplicates.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_list.model.rowCount() == 2
    assert contacts.load_contact(keep).title == "Owner"
    assert [i.kind for i in interactions.list_interactions(other)] == ["met"]
    assert comparable(tables()) == comparable(before)
    qtbot.waitUntil(lambda: duplicates.model.rowCount() == 1)
    duplicates.close()


def test_export_dialog_writes_the_chosen_format(db, db_path, qtbot, tmp_path):
    make_contact("Ana", "Silva", emails=["ana@example.com"])
    window = open_window(db_path, qtbot)
    dialog = window.import_export.on_export()
    qtbot.waitExposed(dialog)
    click_radio(qtbot, dialog.format_buttons["csv"])
    assert dialog.path_edit.text().endswith("netdesk-contacts.csv")
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "people.csv"))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    text = (tmp_path / "people.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("Ana Silva,Ana,Silva,")
    assert window.statusBar().currentMessage() == f"Exported 1 contact to {tmp_path / 'people.csv'}"


def test_the_backup_copied_during_the_preview_goes_with_a_preview_closed_unused(db, db_path, qtbot):
    from netdesk.storage import backups

    make_contact("Priya", "Natarajan", emails=["priya@brightledger.ca"])
    window = open_window(db_path, qtbot)
    dialog = window.import_export.import_files([SAMPLES / "google_contacts.vcf"])
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    folder = backups.backups_dir(db_path)

    def no_copy_left() -> bool:
        return not folder.is_dir() or not [p for p in folder.iterdir() if p.name[0] == "."]

    qtbot.waitUntil(no_copy_left, timeout=10_000)
    assert "import" not in [b.reason for b in backups.list_backups(db_path)]

    dialog = window.import_export.import_files([SAMPLES / "google_contacts.vcf"])
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    taken = [b for b in backups.list_backups(db_path) if b.reason == "import"]
    assert len(taken) == 1
    assert backups.describe_backup(taken[0].path).contacts == 1  # as it was before
    assert no_copy_left()
