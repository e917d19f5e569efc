"""Sharing contacts: a contact dragged out or copied is a vCard netdesk reads back as the
same person; a vCard or calendar dropped on the window opens the import preview."""

import datetime as dt
import stat

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from netdesk.domain import contacts, importers, interactions
from netdesk.domain.contacts import ContactDraft, Labelled
from netdesk.paths import cache_dir
from netdesk.ui.format import medium_date
from netdesk.ui.main_window import MainWindow
from netdesk.ui.roles import CONTACT_ID_ROLE

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def ana(db):
    other = contacts.create_contact(ContactDraft(given_name="Ben", family_name="Reid"))
    return (
        contacts.create_contact(
            ContactDraft(
                given_name="Ana",
                family_name="Bennett-Núñez",
                organisation="Maple Tech; Support",
                title="Owner",
                city="Waterloo",
                nickname="Annie",
                department="Networks",
                notes="Met at the March breakfast.\nBirthday: 1980-05-17",
                how_we_met="WBB, March",
                introduced_by_id=None,
                networking_style="referral_partner",
                cadence_days=30,
                emails=[
                    Labelled("ana@example.com", "work"),
                    Labelled("annie@home.example", "home"),
                ],
                phones=[Labelled("+1 519 555 0100", "mobile")],
                urls=[Labelled("https://maple.example", "work")],
                tags=["WBB", "IT"],
                offers=["IT support", "networks, cabling"],
                needs=["a realtor"],
                photo=None,
            )
        )
        or other
    )


@pytest.fixture
def window(ana, db_path, qtbot):
    window = MainWindow(db_path, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def row_of(window, contact_id):
    model = window.contact_list.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(CONTACT_ID_ROLE) == contact_id:
            return model.index(row, 0)
    raise AssertionError("not in the list")


def read_back(path) -> ContactDraft:
    parsed = importers.read_import_file(path)
    (record,) = parsed.records
    return record.draft


def test_a_dragged_contact_is_a_vcard_file_netdesk_reads_back_identically(window, ana):
    view = window.contact_list.view
    assert view.dragEnabled()
    index = row_of(window, ana)
    assert window.contact_list.model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    # what Qt's own drag asks the model for
    data = view.model().mimeData([index, index.siblingAtColumn(1)])
    assert data.hasFormat("text/vcard") and data.hasFormat("text/x-vcard")
    (url,) = data.urls()
    path = url.toLocalFile()
    assert path.endswith("/shared/Ana Bennett-Núñez.vcf")
    assert path.startswith(str(cache_dir()))
    mode = stat.S_IMODE(__import__("os").stat(path).st_mode)
    assert mode == 0o600
    text = bytes(data.data("text/vcard")).decode("utf-8")
    assert data.text() == text and text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    with open(path, encoding="utf-8", newline="") as handle:
        assert handle.read() == text
    assert read_back(path) == contacts.load_contact(ana)


def test_copy_as_vcard_puts_the_same_card_on_the_clipboard(window, ana, qtbot):
    window.contact_list.select_contact(ana)
    assert window.sharing.copy_action.isEnabled()
    assert "Copy as &vCard" in [a.text() for a in window.edit_menu.actions()]
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_C, CTRL_ALT)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasFormat("text/vcard")
    (url,) = data.urls()
    assert read_back(url.toLocalFile()) == contacts.load_contact(ana)
    assert "Copied as a vCard" in window.statusBar().currentMessage()
    # once the window closes, the card stays on the clipboard as text
    text = data.text()
    window.close()
    after = QGuiApplication.clipboard().mimeData()
    assert after.text() == text and not after.hasFormat("text/vcard")


def drop_on(window, data: QMimeData) -> bool:
    point = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(
        QPoint(int(point.x()), int(point.y())),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def test_a_vcard_dropped_on_the_window_opens_the_import_preview(window, tmp_path, qtbot):
    card = tmp_path / "new person.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Scully\r\nN:Scully;Dana;;;\r\n"
        "EMAIL:dana@fbi.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(card))])
    assert drop_on(window, data)
    (dialog,) = window.sharing.opened
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.summary.text() == "1 to create, 0 to update, 0 to merge, 0 skipped"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Dana Scully" in [contacts.contact_name(c) for c in (1, 2, 3)]


def test_a_calendar_dropped_on_the_window_opens_the_calendar_preview(window, ana, tmp_path, qtbot):
    day = dt.date.today() - dt.timedelta(days=2)
    ics = tmp_path / "invite.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nPRODID:-//Apple Inc.//macOS 14.5//EN\r\nVERSION:2.0\r\n"
        f"BEGIN:VEVENT\r\nUID:x1\r\nDTSTART;VALUE=DATE:{day:%Y%m%d}\r\nSUMMARY:Coffee\r\n"
        "ATTENDEE;CN=Ana:mailto:ANA@EXAMPLE.COM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(ics)), QUrl.fromLocalFile(str(tmp_path / "x.png"))])
    assert drop_on(window, data)
    (dialog,) = window.sharing.opened
    assert dialog.objectName() == "calendarImportDialog"
    rows = [
        [dialog.proxy.index(r, c).data() for c in range(4)] for r in range(dialog.proxy.rowCount())
    ]
    shown_day = medium_date(day)  # the window names days the locale's way
    assert rows == [["Log", f"{shown_day} Coffee", "invite.ics:4", "one-to-one: Ana Bennett-Núñez"]]
    changed = []
    window.events.interactions_changed.connect(changed.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert changed == [ana]
    assert [(i.occurred_on, i.kind) for i in interactions.list_interactions(ana)] == [
        (day, "one_to_one")
    ]


def test_what_netdesk_cannot_import_is_not_taken(window, tmp_path):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.png"))])
    assert not drop_on(window, data)
    plain = QMimeData()
    plain.setText("hello")
    assert not drop_on(window, plain)


def test_vcard_text_dropped_without_a_file_is_imported_the_same_way(window, qtbot):
    data = QMimeData()
    data.setData(
        "text/vcard",
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Fox Mulder\r\nN:Mulder;Fox;;;\r\nEND:VCARD\r\n",
    )
    assert drop_on(window, data)
    (dialog,) = window.sharing.opened
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert "Fox Mulder" in row
    assert dialog.summary.text() == "1 to create, 0 to update, 0 to merge, 0 skipped"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Fox Mulder" in [contacts.contact_name(c) for c in (1, 2, 3)]
