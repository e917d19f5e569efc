"""Sync in the window, driven as a person would, against the real Radicale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesk.domain import contacts
from netdesk.domain.sync import accounts, conflicts
from netdesk.ui.sync.account_dialog import AddAccountDialog
from netdesk.ui.sync.conflicts_model import ConflictsModel
from tests.helpers import make_contact
from tests.sync.fixtures import Device, list_cards, make_book
from tests.sync.helpers import by_name, draft_of, edit
from tests.sync.servers import PASSWORD, USER, free_port
from tests.ui.driving import open_window, type_text
from tests.ui.modal import when_modal

pytestmark = pytest.mark.loopback


def wait_for_sync(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.sync.run is None, timeout=60_000)


def test_without_an_account_there_is_no_sync_status_and_nothing_to_sync(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    feature = window.sync
    assert not feature.status_widget.isVisible()
    assert not feature.sync_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert feature.run is None
    assert feature.menu.title() == "S&ync" and feature.add_action.text() == "&Add Account…"


def test_add_account_finds_the_books_and_the_first_sync_runs(radicale, db, db_path, qtbot):
    book = make_book(radicale, "family")
    make_contact("Ana", "Lopez", emails=["ana@casa.ca"])
    window = open_window(db_path, qtbot)
    seen: list = []

    def fill(dialog: AddAccountDialog) -> None:
        type_text(qtbot, dialog.server, radicale.root)
        qtbot.keyClick(dialog.server, Qt.Key.Key_Tab)
        type_text(qtbot, dialog.user, USER)
        qtbot.keyClick(dialog.user, Qt.Key.Key_Tab)
        type_text(qtbot, dialog.password, PASSWORD)
        assert not dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.books.count() > 0, timeout=30_000)
        names = [dialog.books.item(i).text() for i in range(dialog.books.count())]
        assert names[-1] == "A new address book “netdesk”"
        dialog.books.setCurrentRow(names.index("Test book") if "Test book" in names else 0)
        row = next(i for i in range(dialog.books.count()) if dialog.books.item(i).toolTip() == book)
        dialog.books.setCurrentRow(row)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(AddAccountDialog, fill, seen)
    window.sync.add_action.trigger()
    assert seen
    wait_for_sync(qtbot, window)
    (account,) = accounts.list_accounts()
    assert account.contacts.url == book
    assert len(list_cards(book)) == 1
    status = window.sync.status_widget
    assert status.isVisible() and status.label.text().startswith("Synced ")
    assert status.contact_state.text() == "Ana Lopez: on server"
    make_contact("Omar", "Haddad")
    window.events.contacts_changed.emit([])
    assert "1 waiting" in status.label.text()
    window.contact_list.select_contact(by_name("Omar Haddad"))
    assert status.contact_state.text() == "Omar Haddad: local only"
    window.activateWindow()  # (the offscreen platform leaves it inactive after the dialog)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    wait_for_sync(qtbot, window)
    assert len(list_cards(book)) == 2 and "waiting" not in status.label.text()


def test_an_unreachable_server_at_start_is_a_quiet_status_never_a_dialog(
    tmp_path, db, db_path, qtbot
):
    make_contact("Ana")
    url = f"http://127.0.0.1:{free_port()}/ana/book/"
    from netdesk.domain.sync import credentials

    credentials.store_password(USER, url, PASSWORD)
    accounts.add_account(
        "home", url, USER, principal_url="", collection_url=url, collection_name="Book"
    )
    window = open_window(db_path, qtbot)
    qtbot.waitUntil(lambda: window.sync.run is not None, timeout=10_000)  # the start's sync
    wait_for_sync(qtbot, window)
    assert QApplication.activeModalWidget() is None
    assert window.sync.status_widget.label.text() == (
        "Offline: syncs when the server is back · 1 waiting"
    )
    assert window.sync.timer.isActive() and window.sync.timer.interval() == 15 * 60_000


def test_conflicts_view_resolves_and_undo_takes_it_back(radicale, tmp_path, db_path, qtbot):
    book = make_book(radicale)
    laptop, desktop = Device(tmp_path / "laptop.sqlite3", book), Device(db_path, book)
    with laptop.use():
        make_contact("Ana", "Lopez", title="Broker")
    laptop.sync()
    desktop.sync()
    with laptop.use():
        edit("Ana Lopez", title="Managing Broker")
    with desktop.use():
        edit("Ana Lopez", title="Owner")
    laptop.sync()
    assert desktop.sync().conflicts == 1
    from netdesk.domain.workspace import open_workspace

    open_workspace(db_path)
    window = open_window(db_path, qtbot)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.sync.conflicts_dialog
    qtbot.waitUntil(dialog.isVisible)
    model = dialog.model
    assert [model.index(0, c).data() for c in range(model.columnCount())][:4] == [
        "Ana Lopez",
        "title",
        "Owner",
        "Managing Broker",
    ]
    assert "1 conflict" in window.sync.status_widget.label.text()
    qtbot.mouseClick(dialog.use_mine, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0 and dialog.empty.isVisible()
    assert draft_of("Ana Lopez").title == "Owner"
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == 1
    assert draft_of("Ana Lopez").title == "Managing Broker"
    qtbot.mouseClick(dialog.keep_server, Qt.MouseButton.LeftButton)
    assert conflicts.open_conflicts() == []
    dialog.close()


def test_a_sync_now_that_would_archive_most_contacts_asks_first(radicale, tmp_path, db_path, qtbot):
    import httpx

    book = make_book(radicale)
    desktop = Device(db_path, book)
    with desktop.use():
        for n in range(4):
            make_contact(f"Person{n}", "Test")
    desktop.sync()
    root = "/".join(book.split("/", 3)[:3])
    for href in list_cards(book):
        httpx.delete(root + href, auth=(USER, PASSWORD), timeout=30)
    from netdesk.domain.workspace import open_workspace

    open_workspace(db_path)
    window = open_window(db_path, qtbot)
    seen: list = []
    asked: list[str] = []

    def answer(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(QMessageBox, answer, seen)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    qtbot.waitUntil(lambda: window.contact_list.model.total == 0, timeout=30_000)
    wait_for_sync(qtbot, window)
    assert "4 of 4 synced contacts were deleted on the server" in asked[0]
    assert window.contact_list.model.total == 0
    assert window.undo_stack.undoText() == "Archive 4 Contacts Deleted on the Server"
    window.undo_action.trigger()
    assert window.contact_list.model.total == 4
    assert contacts.contact_name(by_name("Person0 Test")) == "Person0 Test"


def test_the_conflicts_model_keeps_qt_s_contract(qtmodeltester, db):
    import datetime as dt

    from netdesk.domain.sync.conflicts import ConflictRow

    model = ConflictsModel()
    model.set_rows(
        [
            ConflictRow(1, 1, 7, "Ana Lopez", "title", "Owner", "CEO", dt.datetime(2026, 1, 2)),
            ConflictRow(
                2, 1, 8, "Omar", "emails", [["a@b.ca", "work"]], [], dt.datetime(2026, 1, 3)
            ),
            ConflictRow(
                3, 1, None, "(no longer here)", "photo", "QUJD", "", dt.datetime(2026, 1, 4)
            ),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "a@b.ca (work)" and model.index(1, 3).data() == "(empty)"
    assert model.index(2, 2).data() == "a photo (3 bytes)"


def test_cancel_stops_a_sync_and_the_next_one_finishes_it(radicale, tmp_path, db_path, qtbot):
    from netdesk.domain import seed

    book = make_book(radicale)
    Device(db_path, book)
    from netdesk.domain.workspace import open_workspace

    open_workspace(db_path)
    seed.seed_database(60, 0, seed=5)
    window = open_window(db_path, qtbot)
    status = window.sync.status_widget
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Sending changes" in status.label.text(), timeout=30_000)
    assert status.cancel_button.isVisible()
    qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    wait_for_sync(qtbot, window)
    assert status.label.text().startswith("Sync cancelled") or "waiting" in status.label.text()
    assert 0 < len(list_cards(book)) < 60
    qtbot.keyClick(window, Qt.Key.Key_F5)
    wait_for_sync(qtbot, window)
    assert len(list_cards(book)) == 60 and "waiting" not in status.label.text()


def test_add_account_can_make_a_new_netdesk_address_book(xandikos, db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    make_contact("Ana", "Lopez")
    seen: list = []

    def fill(dialog: AddAccountDialog) -> None:
        type_text(qtbot, dialog.server, xandikos.root + xandikos.home)
        qtbot.keyClick(dialog.server, Qt.Key.Key_Tab)
        type_text(qtbot, dialog.user, USER)
        qtbot.keyClick(dialog.find_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.books.count() > 0, timeout=30_000)
        dialog.books.setCurrentRow(dialog.books.count() - 1)  # "A new address book “netdesk”"
        qtbot.keyClick(dialog.books, Qt.Key.Key_Return)

    when_modal(AddAccountDialog, fill, seen)
    window.sync.add_action.trigger()
    wait_for_sync(qtbot, window)
    (account,) = accounts.list_accounts()
    assert account.contacts.display_name == "netdesk"
    assert account.contacts.url.endswith(f"/{USER}/contacts/netdesk/")
    assert len(list_cards(account.contacts.url)) == 1


def test_a_history_conflict_is_resolved_in_the_same_view(radicale, tmp_path, db_path, qtbot):
    import datetime as dt

    from netdesk.domain import interactions
    from netdesk.storage.models import Interaction
    from netdesk.ui.format import medium_date
    from tests.helpers import log
    from tests.sync.fixtures import calendar_for, make_calendar

    book = make_book(radicale)
    laptop, desktop = Device(tmp_path / "laptop.sqlite3", book), Device(db_path, book)
    with laptop.use():
        log(make_contact("Ana", "Lopez"), "one_to_one", 3, "coffee")
    laptop.sync()
    desktop.sync()
    day = dt.date.today() - dt.timedelta(days=3)
    for device, note in ((laptop, "latte"), (desktop, "espresso")):
        with device.use():
            interactions.update_interaction(Interaction.get().id, "one_to_one", day, note)
    laptop.sync()
    assert desktop.sync().history.conflicts == 1
    from netdesk.domain.workspace import open_workspace

    open_workspace(db_path)
    window = open_window(db_path, qtbot)
    label = window.sync.status_widget.label
    assert "1 conflict" in label.text() and "history: " in label.toolTip()
    qtbot.keyClick(
        window,
        Qt.Key.Key_Y,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.sync.conflicts_dialog
    qtbot.waitUntil(dialog.isVisible)
    model = dialog.model
    assert [model.index(0, c).data() for c in range(4)] == [
        f"Ana Lopez: One-to-one (coffee, lunch) on {medium_date(day)}",
        "Note",
        "espresso",
        "latte",
    ]
    qtbot.mouseClick(dialog.use_mine, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0
    assert Interaction.get().note == "espresso"
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == 1 and Interaction.get().note == "latte"
    dialog.close()
    # a calendar that holds events only: the bar says part of the history stays here
    events_only = make_calendar(calendar_for(book).rstrip("/") + "-ev/", ("VEVENT",))
    from netdesk.domain.sync import accounts as sync_accounts

    account = sync_accounts.find_account()
    sync_accounts.set_calendar(account.id, events_only, "Events", {"VEVENT"})
    window.sync.refresh_status()
    assert "part of the history local only" in label.text()
    assert "Interactions (the timeline) stay on this computer" in label.toolTip()
